import { isDeepStrictEqual } from 'node:util';
import { assertNever, Errors, LocalDate, type Actor, type Command, type CommandMetadata, type Decider } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import { deathDateOf, HOUSEHOLD, HOUSEHOLD_FACTS, MEMBER_FACTS, type EvidenceItem, type Fact, type FactKind, type FactRecord } from '../households/facts';
import { requireHouseholdDivision } from '../households/divisions';
import { mayActInDivision, requireDivision, requireNotAfter, requireRole, today } from '../shared/case-rules';
import { TefuErrors } from './errors';
import { resumePayment, suspendPayment, type PaymentResumed, type PaymentSuspended, type ResumePayment, type SuspendPayment, type TefuSuspension } from './payment-suspension';
import { decideDuplicates, DUPLICATE_OVERRIDE_ROLES, type DuplicateOverride, type DuplicateOverridden, type OpenCasesOfPerson } from '../shared/duplicate-cases';

/**
 * 计划生育家庭特别扶助 (计生特扶, `tefu`) case: the household and its child's event are registered
 * at the window, the application is submitted (申请), eligibility's determination is recorded, an
 * officer confirms eligibility on the evidence (资格确认), and a county approver decides (审核确认:
 * approve citing the determination, or reject with reasons). Approval activates the case: from then
 * on it is managed for years — effective-dated fact changes (养老服务补贴, 失能/失智, a member's
 * death), 年审 (annual confirmation) due dates, and termination.
 *
 *   draft ──SubmitApplication──▶ submitted ──ApproveCase──▶ active ──TerminateCase / last death──▶ terminated
 *     ▲ RecordFact               │ ▲ RecordDetermination     │ ▲ RecordFact, RecordDetermination,
 *                                │ │ ConfirmEligibility      │ │ ConfirmAnnualReview, MarkAnnualReviewOverdue
 *                                └─┴─RejectCase──▶ rejected  └─┘
 *
 * Personal data never appears here in clear: a member is a `personRef` with their name and 身份证号
 * sealed by the identity vault. Dates of birth stay in clear because the rules work on ages.
 */

// ---------------------------------------------------------------------------------------------
// Facts

/** 女方 / 男方: the two spouses a 特扶 household can have (one of them for a single parent). */
export type SpouseRole = 'wife' | 'husband';
export const SPOUSE_ROLES = ['wife', 'husband'] as const;

/** 独生子女死亡家庭 / 独生子女伤残家庭. */
export type FamilyType = 'childDeceased' | 'childDisabled';
export const FAMILY_TYPES = ['childDeceased', 'childDisabled'] as const;

export interface HouseholdMember {
  personRef: string;
  role: SpouseRole;
  /** ISO date; ages (49, 60) are breakpoints computed from it. */
  birthDate: string;
  /** Name and 身份证号 sealed under the person's vault key. */
  personalData: SealedPersonalData;
}

export interface TefuFamily {
  familyType: FamilyType;
  /** The date of the only child's death, or of the disability assessment. */
  childEventDate: string;
  /** References to the evidence documents (death certificate, disability certificate, …). */
  evidenceRefs: string[];
}

/** The standard clause an amount comes from (architecture §3). */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  /** sha256 of the item text after NFC and whitespace normalisation. */
  contentHash: string;
}

/** One beneficiary's monthly amount, as eligibility determined it for the month of `effectiveFrom`. */
export interface BeneficiaryAmount {
  beneficiaryRef: string;
  amountFen: number;
}

/** Why a 特扶 case ends: the last member's death, a new birth, an adoption, or the child's recovery. */
export type TerminationReason = 'death' | 'newBirth' | 'adoption' | 'childRecovered';
/** The reasons an officer records directly; death follows from the members' death records. */
export const TERMINATION_REASONS = ['newBirth', 'adoption', 'childRecovered'] as const;

/**
 * Settings of the workflow that are a jurisdiction's choice, not code: the 年审 interval and whether
 * the approval needs a 资格确认 on file. The service passes them with every command.
 */
export interface TefuPolicy {
  /** Months from activation (and from each due date) to the next 年审. */
  annualReviewIntervalMonths: number;
  /** Whether ApproveCase needs an EligibilityConfirmed on the current facts revision. */
  requireEligibilityConfirmation: boolean;
}

export const DEFAULT_TEFU_POLICY: TefuPolicy = { annualReviewIntervalMonths: 12, requireEligibilityConfirmation: false };

// ---------------------------------------------------------------------------------------------
// Commands

/** Every 特扶 command is made by someone: the verified actor, never a field of the request body. */
export interface TefuCommandMetadata extends CommandMetadata {
  actor: Actor;
  /** The service's settings; DEFAULT_TEFU_POLICY when absent. */
  policy?: TefuPolicy;
}

export type CreateCase = Command<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    members: HouseholdMember[];
    family: TefuFamily;
    /**
     * Other open 特扶 cases holding a member (重复享受), found by the command handler in the per-person
     * index; absent (the rule not applied) only when the decider is asked before the lookup.
     */
    openCasesOfMembers?: OpenCasesOfPerson[];
    /** An approver's recorded decision to allow a second open case (must cite the legal basis). */
    duplicateOverride?: DuplicateOverride;
  },
  TefuCommandMetadata
>;
export type SubmitApplication = Command<'SubmitApplication', { caseId: string }, TefuCommandMetadata>;
export type RecordDetermination = Command<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    /** The case revision eligibility decided on; it must still be the case's facts revision. */
    basedOnCaseRevision: number;
    /** The amount every beneficiary gets, or null when they differ (then `amounts` says). */
    amountPerPersonPerMonthFen: number | null;
    /** Per beneficiary (additive field: absent on determinations recorded with one amount). */
    amounts?: BeneficiaryAmount[];
    standardRef: StandardRef;
    /** The first day the amount applies. */
    effectiveFrom: string;
  },
  TefuCommandMetadata
>;
export type ApproveCase = Command<'ApproveCase', { caseId: string; determinationId: string }, TefuCommandMetadata>;
export type RejectCase = Command<'RejectCase', { caseId: string; reasons: string[] }, TefuCommandMetadata>;
/** 资格确认: an officer confirms the conditions on the evidence, before the approval. */
export type ConfirmEligibility = Command<'ConfirmEligibility', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
export type AttachEvidence = Command<'AttachEvidence', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
/** An effective-dated household or person fact, or a correction of one (`supersedes`). */
export type RecordFact = Command<'RecordFact', { caseId: string } & FactRecord, TefuCommandMetadata>;
export type TerminateCase = Command<
  'TerminateCase',
  { caseId: string; reason: (typeof TERMINATION_REASONS)[number]; eventDate: string; evidence: EvidenceItem[] },
  TefuCommandMetadata
>;
/** 年审: the annual confirmation of the conditions is done. */
export type ConfirmAnnualReview = Command<'ConfirmAnnualReview', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
/** The tick: records that the 年审 due date has passed (once per due date). */
export type MarkAnnualReviewOverdue = Command<'MarkAnnualReviewOverdue', { caseId: string; today: string }, TefuCommandMetadata>;

export type TefuCommand =
  | CreateCase
  | SubmitApplication
  | RecordDetermination
  | ApproveCase
  | RejectCase
  | ConfirmEligibility
  | AttachEvidence
  | RecordFact
  | TerminateCase
  | ConfirmAnnualReview
  | MarkAnnualReviewOverdue
  | SuspendPayment
  | ResumePayment;

// ---------------------------------------------------------------------------------------------
// Events

/**
 * A 特扶 event as the decider sees it: type, data and who recorded it. The actor is stored in the
 * event's metadata (not in `data`); the decider needs it for maker-checker.
 */
export interface TefuEventOf<Type extends string, Data> {
  type: Type;
  data: Data;
  actor: Actor | null;
}

export type CaseCreated = TefuEventOf<
  'tefu.CaseCreated.v1',
  { caseId: string; benefit: 'tefu'; divisionCode: string; members: HouseholdMember[]; family: TefuFamily; effectiveFrom: string }
>;
export type ApplicationSubmitted = TefuEventOf<'tefu.ApplicationSubmitted.v1', { caseId: string; effectiveFrom: string }>;
export type DeterminationRecorded = TefuEventOf<'tefu.DeterminationRecorded.v1', RecordDetermination['data']>;
export type CaseApproved = TefuEventOf<
  'tefu.CaseApproved.v1',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    amountPerPersonPerMonthFen: number | null;
    amounts?: BeneficiaryAmount[];
    effectiveFrom: string;
    /** The approval activates the case; its first 年审 is due on this date (additive field). */
    annualReviewDueOn?: string;
  }
>;
export type CaseRejected = TefuEventOf<'tefu.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;
export type EligibilityConfirmed = TefuEventOf<
  'tefu.EligibilityConfirmed.v1',
  { caseId: string; evidence: EvidenceItem[]; factsRevision: number; effectiveFrom: string }
>;
export type EvidenceAttached = TefuEventOf<'tefu.EvidenceAttached.v1', { caseId: string; evidence: EvidenceItem[]; effectiveFrom: string }>;
export type FactRecorded = TefuEventOf<'tefu.FactRecorded.v1', { caseId: string } & FactRecord>;
export type CaseTerminated = TefuEventOf<
  'tefu.CaseTerminated.v1',
  { caseId: string; reason: TerminationReason; terminatedOn: string; evidence: EvidenceItem[]; effectiveFrom: string }
>;
export type AnnualReviewConfirmed = TefuEventOf<
  'tefu.AnnualReviewConfirmed.v1',
  { caseId: string; dueOn: string; confirmedOn: string; evidence: EvidenceItem[]; effectiveFrom: string }
>;
export type AnnualReviewScheduled = TefuEventOf<'tefu.AnnualReviewScheduled.v1', { caseId: string; dueOn: string; effectiveFrom: string }>;
export type AnnualReviewOverdue = TefuEventOf<'tefu.AnnualReviewOverdue.v1', { caseId: string; dueOn: string; recordedOn: string; effectiveFrom: string }>;
/** An approver allowed this case although the person is in another open 特扶 case (one event per person). */
export type DuplicateCaseOverridden = TefuEventOf<'tefu.DuplicateCaseOverridden.v1', { caseId: string; effectiveFrom: string } & DuplicateOverridden>;

export type TefuEvent =
  | CaseCreated
  | ApplicationSubmitted
  | DeterminationRecorded
  | CaseApproved
  | CaseRejected
  | EligibilityConfirmed
  | EvidenceAttached
  | FactRecorded
  | CaseTerminated
  | AnnualReviewConfirmed
  | AnnualReviewScheduled
  | AnnualReviewOverdue
  | DuplicateCaseOverridden
  | PaymentSuspended
  | PaymentResumed;
export type TefuEventType = TefuEvent['type'];

export const TEFU_EVENT_TYPES: readonly TefuEventType[] = [
  'tefu.CaseCreated.v1',
  'tefu.ApplicationSubmitted.v1',
  'tefu.DeterminationRecorded.v1',
  'tefu.CaseApproved.v1',
  'tefu.CaseRejected.v1',
  'tefu.EligibilityConfirmed.v1',
  'tefu.EvidenceAttached.v1',
  'tefu.FactRecorded.v1',
  'tefu.CaseTerminated.v1',
  'tefu.AnnualReviewConfirmed.v1',
  'tefu.AnnualReviewScheduled.v1',
  'tefu.AnnualReviewOverdue.v1',
  'tefu.DuplicateCaseOverridden.v1',
  'tefu.PaymentSuspended.v1',
  'tefu.PaymentResumed.v1',
];

export function isTefuEventType(type: string): type is TefuEventType {
  return (TEFU_EVENT_TYPES as readonly string[]).includes(type);
}

/** Fact kinds the 特扶 rules read (they change the facts revision and publish a snapshot). */
export const ENGINE_FACT_KINDS: ReadonlySet<FactKind> = new Set(['elderlyCareSubsidy', 'disabledOrDemented', 'death', 'childDisability']);

/** Whether an event changes what eligibility decides on (everything but its own output and process steps). */
export function changesFacts(event: Pick<TefuEvent, 'type' | 'data'>): boolean {
  switch (event.type) {
    case 'tefu.CaseCreated.v1':
    case 'tefu.ApplicationSubmitted.v1':
    case 'tefu.CaseApproved.v1':
    case 'tefu.CaseRejected.v1':
    case 'tefu.CaseTerminated.v1':
      return true;
    case 'tefu.FactRecorded.v1':
      return ENGINE_FACT_KINDS.has((event.data as FactRecorded['data']).fact.kind);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// State

/** `active` from the approval (审核确认) on; `terminated` from a termination on. */
export type TefuCaseStatus = 'draft' | 'submitted' | 'active' | 'rejected' | 'terminated';
export const TEFU_CASE_STATUSES = ['draft', 'submitted', 'active', 'rejected', 'terminated'] as const;

export type Determination = DeterminationRecorded['data'];

export interface OpenTefuCase {
  status: TefuCaseStatus;
  caseId: string;
  divisionCode: string;
  members: HouseholdMember[];
  family: TefuFamily;
  /** The date the application was submitted (申请日期), once it was. */
  submittedOn: string | null;
  /** Stream revision of the last event folded (0 for the creation). */
  revision: number;
  /**
   * Revision of the last event eligibility decides on (see `changesFacts`). A determination is
   * current only if based on this revision.
   */
  factsRevision: number;
  /** In the order recorded; the last one is the current one. */
  determinations: Determination[];
  /** Ids of everyone who recorded an event of this case (for maker-checker). */
  recordedBy: string[];
  decision: CaseApproved['data'] | CaseRejected['data'] | null;
  /** Household and person facts in the order recorded (corrections included). */
  facts: FactRecord[];
  /** Evidence named by the case's steps, in the order recorded. */
  evidence: EvidenceItem[];
  /** The latest 资格确认. */
  eligibilityConfirmation: EligibilityConfirmed['data'] | null;
  /** The open 年审 of an active case: its due date, and the date it was found overdue. */
  annualReview: { dueOn: string; overdueRecordedOn: string | null } | null;
  /** Confirmed 年审, in order. */
  annualReviews: AnnualReviewConfirmed['data'][];
  termination: CaseTerminated['data'] | null;
  /** 停发 in force (payment suspended from its date; see payment-suspension.ts); absent or null when none. */
  suspension?: TefuSuspension | null;
}

export type TefuCase = { status: 'none' } | OpenTefuCase;

export function currentDetermination(state: OpenTefuCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

/** The amount of each beneficiary a determination gives: its `amounts`, or the one amount for every member. */
export function amountsOf(determination: Pick<Determination, 'amountPerPersonPerMonthFen' | 'amounts'>, members: readonly HouseholdMember[]): BeneficiaryAmount[] {
  if (determination.amounts) return determination.amounts;
  const amount = determination.amountPerPersonPerMonthFen;
  return amount === null ? [] : members.map((m) => ({ beneficiaryRef: m.personRef, amountFen: amount }));
}

/**
 * The entitlement the case holds on `date`: the approved determination or a later one recorded on
 * the active case (the last recorded whose effectiveFrom is on or before the date). None before the
 * approval, and none from the termination date on.
 */
export function entitlementOn(state: TefuCase, date: string): Determination | null {
  if (state.status !== 'active' && state.status !== 'terminated') return null;
  if (state.termination && date >= state.termination.terminatedOn) return null;
  const approved = state.decision && 'determinationId' in state.decision ? state.decision.determinationId : null;
  const from = state.determinations.findIndex((d) => d.determinationId === approved);
  if (from < 0) return null;
  const inForce = state.determinations.slice(from).filter((d) => d.effectiveFrom <= date);
  return inForce.at(-1) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Who may do what

const OFFICER_ROLES = ['intake_officer', 'case_officer'] as const;
/** Until eligibility publishes determinations over Kafka, a case officer (or an admin) records them. */
const DETERMINATION_ROLES = ['case_officer', 'admin'] as const;
/** The 年审 tick: an administrator (or the scheduler acting as one). */
const TICK_ROLES = ['admin'] as const;

/** Reading and working a case both need the case's division or a parent (../shared/case-rules.ts). */
export { mayActInDivision, requireDivision };

function requireOpen(state: TefuCase, caseId: string): OpenTefuCase {
  if (state.status === 'none') throw TefuErrors.CASE_NOT_FOUND({ caseId });
  return state;
}

function requireNotTerminated(state: OpenTefuCase): void {
  if (state.status === 'terminated') {
    throw TefuErrors.CASE_TERMINATED({ caseId: state.caseId, terminatedOn: state.termination?.terminatedOn, reason: state.termination?.reason });
  }
}

function requireUndecided(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status === 'active' || state.status === 'rejected') {
    throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  }
}

function requireSubmitted(state: OpenTefuCase): void {
  requireUndecided(state);
  if (state.status !== 'submitted') throw TefuErrors.CASE_NOT_SUBMITTED({ caseId: state.caseId, status: state.status });
}

/** Submitted or active: a case whose facts eligibility decides on. */
function requireSubmittedOrActive(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  if (state.status === 'draft') throw TefuErrors.CASE_NOT_SUBMITTED({ caseId: state.caseId, status: state.status });
}

function requireActive(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status !== 'active') throw TefuErrors.CASE_NOT_ACTIVE({ caseId: state.caseId, status: state.status });
}

/** 审核确认: the approver role, the case's division or a parent, and no step of the case recorded by them. */
function requireDecisionMaker(actor: Actor, state: OpenTefuCase): void {
  if (actor.role !== 'approver') throw TefuErrors.APPROVER_ROLE_REQUIRED({ role: actor.role });
  requireDivision(actor, state.divisionCode);
  requireSubmitted(state);
  if (state.recordedBy.includes(actor.id)) throw TefuErrors.MAKER_CHECKER_VIOLATION({ caseId: state.caseId, actorId: actor.id });
}

function policyOf(metadata: TefuCommandMetadata): TefuPolicy {
  return metadata.policy ?? DEFAULT_TEFU_POLICY;
}

/**
 * A plausibility reading, not a rule of the policy (docs/operations/http-edge.md): nobody has a
 * child before this age, so the child's death or disability cannot be dated earlier than the
 * elder spouse's birth date plus these years. It refuses typing errors (a year off by decades),
 * never a real family.
 */
export const MINIMUM_PARENT_AGE_YEARS = 14;

function requireChildAfterParenthood(members: readonly { birthDate: string }[], childEventDate: string): void {
  const births = members.map((m) => LocalDate.parse(m.birthDate));
  if (births.length === 0) return;
  const earliest = births.reduce((a, b) => (b.isBefore(a) ? b : a));
  const earliestPossible = earliest.plusYears(MINIMUM_PARENT_AGE_YEARS);
  if (LocalDate.parse(childEventDate).isBefore(earliestPossible)) {
    throw TefuErrors.CHILD_EVENT_BEFORE_PARENTHOOD({
      path: 'family.childEventDate',
      childEventDate,
      earliestPossible: earliestPossible.toString(),
      minimumParentAgeYears: MINIMUM_PARENT_AGE_YEARS,
    });
  }
}

function requireEvidence(evidence: readonly EvidenceItem[]): void {
  if (evidence.length === 0) throw TefuErrors.EVIDENCE_REQUIRED();
}

// ---------------------------------------------------------------------------------------------
// decide

function createCase(command: CreateCase, state: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { caseId, divisionCode, members, family, openCasesOfMembers, duplicateOverride } = command.data;
  // A second open case for a person is an approver's decision; everything else is intake's.
  requireRole(actor, duplicateOverride === undefined ? OFFICER_ROLES : DUPLICATE_OVERRIDE_ROLES, command.type);
  requireDivision(actor, divisionCode);
  if (state.status !== 'none') throw TefuErrors.CASE_ALREADY_EXISTS({ caseId });
  requireHouseholdDivision(divisionCode, 'divisionCode');
  if (members.length < 1 || members.length > 2) {
    throw Errors.VALIDATION_FAILED({ issues: [{ path: 'members', message: 'one or two spouses' }] });
  }
  const roles = members.map((m) => m.role);
  if (new Set(roles).size !== roles.length) throw TefuErrors.DUPLICATE_MEMBER_ROLE({ roles });
  const refs = members.map((m) => m.personRef);
  if (new Set(refs).size !== refs.length) throw TefuErrors.DUPLICATE_MEMBER();
  const on = today(command.metadata);
  members.forEach((m, i) => requireNotAfter(m.birthDate, on, `members.${i}.birthDate`));
  requireNotAfter(family.childEventDate, on, 'family.childEventDate');
  requireChildAfterParenthood(members, family.childEventDate);
  const overridden = openCasesOfMembers === undefined ? [] : decideDuplicates('tefu', members, openCasesOfMembers, duplicateOverride);
  return [
    {
      type: 'tefu.CaseCreated.v1',
      data: { caseId, benefit: 'tefu', divisionCode, members, family, effectiveFrom: on.toString() },
      actor,
    },
    ...overridden.map((o): DuplicateCaseOverridden => ({ type: 'tefu.DuplicateCaseOverridden.v1', data: { caseId, effectiveFrom: on.toString(), ...o }, actor })),
  ];
}

function submitApplication(command: SubmitApplication, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireUndecided(state);
  if (state.status !== 'draft') throw TefuErrors.CASE_ALREADY_SUBMITTED({ caseId: state.caseId });
  return [{ type: 'tefu.ApplicationSubmitted.v1', data: { caseId: state.caseId, effectiveFrom: today(command.metadata).toString() }, actor }];
}

function validAmount(fen: unknown): boolean {
  return typeof fen === 'number' && Number.isSafeInteger(fen) && fen >= 0;
}

function recordDetermination(command: RecordDetermination, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, DETERMINATION_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  const data: Determination = { ...command.data, caseId: state.caseId };
  if (data.amounts === undefined) delete data.amounts;
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    // The same determination delivered again: already recorded, nothing to do.
    if (isDeepStrictEqual(earlier, data)) return [];
    throw TefuErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireSubmittedOrActive(state);
  const { amountPerPersonPerMonthFen: perPerson, amounts } = data;
  if (perPerson !== null && !validAmount(perPerson)) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: perPerson });
  if (perPerson === null && !amounts) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: null, amounts: null });
  if (amounts) {
    const members = new Set(state.members.map((m) => m.personRef));
    const refs = amounts.map((a) => a.beneficiaryRef);
    if (amounts.some((a) => !validAmount(a.amountFen)) || new Set(refs).size !== refs.length || refs.some((r) => !members.has(r))) {
      throw Errors.INVALID_AMOUNT({ amounts });
    }
    if (perPerson !== null && amounts.some((a) => a.amountFen !== perPerson)) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: perPerson, amounts });
  }
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'tefu.DeterminationRecorded.v1', data, actor }];
}

function approveCase(command: ApproveCase, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state);
  const { determinationId } = command.data;
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw TefuErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) {
    throw TefuErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  }
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  const policy = policyOf(command.metadata);
  if (policy.requireEligibilityConfirmation && state.eligibilityConfirmation?.factsRevision !== state.factsRevision) {
    throw TefuErrors.ELIGIBILITY_NOT_CONFIRMED({ caseId: state.caseId, factsRevision: state.factsRevision });
  }
  const on = today(command.metadata);
  return [
    {
      type: 'tefu.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        determinationId,
        basedOnCaseRevision: cited.basedOnCaseRevision,
        amountPerPersonPerMonthFen: cited.amountPerPersonPerMonthFen,
        ...(cited.amounts ? { amounts: cited.amounts } : {}),
        effectiveFrom: on.toString(),
        annualReviewDueOn: on.plusMonths(policy.annualReviewIntervalMonths).toString(),
      },
      actor,
    },
  ];
}

function rejectCase(command: RejectCase, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state);
  const reasons = command.data.reasons.map((r) => r.trim()).filter((r) => r !== '');
  if (reasons.length === 0) throw TefuErrors.REJECTION_REASON_REQUIRED();
  return [{ type: 'tefu.CaseRejected.v1', data: { caseId: state.caseId, reasons, effectiveFrom: today(command.metadata).toString() }, actor }];
}

function confirmEligibility(command: ConfirmEligibility, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireSubmitted(state);
  requireEvidence(command.data.evidence);
  return [
    {
      type: 'tefu.EligibilityConfirmed.v1',
      data: { caseId: state.caseId, evidence: command.data.evidence, factsRevision: state.factsRevision, effectiveFrom: today(command.metadata).toString() },
      actor,
    },
  ];
}

function attachEvidence(command: AttachEvidence, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  requireEvidence(command.data.evidence);
  return [{ type: 'tefu.EvidenceAttached.v1', data: { caseId: state.caseId, evidence: command.data.evidence, effectiveFrom: today(command.metadata).toString() }, actor }];
}

function recordFact(command: RecordFact, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { caseId: _caseId, ...record } = command.data;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  const on = today(command.metadata);
  const { fact, subject } = record;
  const member = state.members.find((m) => m.personRef === subject);
  const allowed = subject === HOUSEHOLD ? HOUSEHOLD_FACTS : member ? MEMBER_FACTS : null;
  if (!allowed) throw TefuErrors.FACT_SUBJECT_UNKNOWN({ subject });
  if (!allowed.has(fact.kind)) throw TefuErrors.FACT_SUBJECT_INVALID({ subject, kind: fact.kind });
  if (state.facts.some((r) => r.factId === record.factId)) throw TefuErrors.FACT_ID_REUSED({ factId: record.factId });
  requireNotAfter(record.effectiveFrom, on, 'effectiveFrom');
  if (member && record.effectiveFrom < member.birthDate) throw TefuErrors.FACT_BEFORE_BIRTH({ effectiveFrom: record.effectiveFrom, birthDate: member.birthDate });
  if (record.supersedes !== null) {
    const corrected = state.facts.find((r) => r.factId === record.supersedes);
    if (!corrected) throw TefuErrors.FACT_NOT_FOUND({ factId: record.supersedes });
    if (corrected.subject !== subject || corrected.fact.kind !== fact.kind) {
      throw TefuErrors.CORRECTION_MISMATCH({ supersedes: record.supersedes, subject: corrected.subject, kind: corrected.fact.kind });
    }
    if (state.facts.some((r) => r.supersedes === record.supersedes)) throw TefuErrors.FACT_ALREADY_SUPERSEDED({ factId: record.supersedes });
  }
  checkFactValue(fact, state, on);
  if (fact.kind === 'death' && record.supersedes === null && deathDateOf(state.facts, subject) !== null) {
    throw TefuErrors.MEMBER_ALREADY_DECEASED({ personRef: subject });
  }
  const events: TefuEvent[] = [{ type: 'tefu.FactRecorded.v1', data: { caseId: state.caseId, ...record }, actor }];
  // The death of the last living member ends a submitted or active case, from the date of death.
  if (fact.kind === 'death' && (state.status === 'submitted' || state.status === 'active')) {
    const facts = [...state.facts, record];
    const deaths = state.members.map((m) => deathDateOf(facts, m.personRef));
    if (deaths.every((d): d is string => d !== null)) {
      const terminatedOn = deaths.reduce((a, b) => (a > b ? a : b));
      events.push({
        type: 'tefu.CaseTerminated.v1',
        data: { caseId: state.caseId, reason: 'death', terminatedOn, evidence: record.evidence, effectiveFrom: terminatedOn },
        actor,
      });
    }
  }
  return events;
}

function checkFactValue(fact: Fact, state: OpenTefuCase, on: LocalDate): void {
  switch (fact.kind) {
    case 'hukou':
      requireHouseholdDivision(fact.divisionCode, 'fact.divisionCode');
      return;
    case 'income':
      if (!validAmount(fact.amountFen)) throw Errors.INVALID_AMOUNT({ amountFen: fact.amountFen });
      if (fact.month > on.yearMonth().toString()) throw TefuErrors.DATE_IN_FUTURE({ field: 'fact.month', date: fact.month, today: on.toString() });
      return;
    case 'asset':
      if (!validAmount(fact.valueFen)) throw Errors.INVALID_AMOUNT({ valueFen: fact.valueFen });
      return;
    case 'childDisability':
      if (state.family.familyType !== 'childDisabled') throw TefuErrors.FACT_NOT_APPLICABLE({ kind: fact.kind, familyType: state.family.familyType });
      return;
    default:
      return;
  }
}

function terminateCase(command: TerminateCase, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireSubmittedOrActive(state);
  const { reason, eventDate, evidence } = command.data;
  requireEvidence(evidence);
  requireNotAfter(eventDate, today(command.metadata), 'eventDate');
  if (reason === 'childRecovered' && state.family.familyType !== 'childDisabled') {
    throw TefuErrors.FACT_NOT_APPLICABLE({ kind: reason, familyType: state.family.familyType });
  }
  return [{ type: 'tefu.CaseTerminated.v1', data: { caseId: state.caseId, reason, terminatedOn: eventDate, evidence, effectiveFrom: eventDate }, actor }];
}

/** The next due date after `dueOn`: one interval on, and past `today` if the review was very late. */
function nextDueOn(dueOn: string, today: LocalDate, months: number): string {
  let next = LocalDate.parse(dueOn).plusMonths(months);
  while (!next.isAfter(today)) next = next.plusMonths(months);
  return next.toString();
}

function confirmAnnualReview(command: ConfirmAnnualReview, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireActive(state);
  requireEvidence(command.data.evidence);
  const on = today(command.metadata);
  const { dueOn } = state.annualReview!;
  const effectiveFrom = on.toString();
  return [
    { type: 'tefu.AnnualReviewConfirmed.v1', data: { caseId: state.caseId, dueOn, confirmedOn: effectiveFrom, evidence: command.data.evidence, effectiveFrom }, actor },
    {
      type: 'tefu.AnnualReviewScheduled.v1',
      data: { caseId: state.caseId, dueOn: nextDueOn(dueOn, on, policyOf(command.metadata).annualReviewIntervalMonths), effectiveFrom },
      actor,
    },
  ];
}

function markAnnualReviewOverdue(command: MarkAnnualReviewOverdue, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, TICK_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  const tickDate = command.data.today;
  requireNotAfter(tickDate, today(command.metadata), 'today');
  // Only an active case has a 年审 due; a tick passing other cases writes nothing.
  if (state.status !== 'active' || !state.annualReview) return [];
  const { dueOn, overdueRecordedOn } = state.annualReview;
  if (!(dueOn < tickDate) || overdueRecordedOn !== null) return [];
  return [{ type: 'tefu.AnnualReviewOverdue.v1', data: { caseId: state.caseId, dueOn, recordedOn: tickDate, effectiveFrom: tickDate }, actor }];
}

// ---------------------------------------------------------------------------------------------
// evolve

function evolve(state: TefuCase, event: TefuEvent): TefuCase {
  if (event.type === 'tefu.CaseCreated.v1') {
    const { caseId, divisionCode, members, family } = event.data;
    return {
      status: 'draft',
      caseId,
      divisionCode,
      members,
      family,
      submittedOn: null,
      revision: 0,
      factsRevision: 0,
      determinations: [],
      recordedBy: event.actor ? [event.actor.id] : [],
      decision: null,
      facts: [],
      evidence: [...family.evidenceRefs.map((reference) => ({ kind: 'other' as const, reference }))],
      eligibilityConfirmation: null,
      annualReview: null,
      annualReviews: [],
      termination: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const revision = state.revision + 1;
  const recordedBy = event.actor && !state.recordedBy.includes(event.actor.id) ? [...state.recordedBy, event.actor.id] : state.recordedBy;
  const next: OpenTefuCase = { ...state, revision, recordedBy, factsRevision: changesFacts(event) ? revision : state.factsRevision };
  switch (event.type) {
    case 'tefu.ApplicationSubmitted.v1':
      return { ...next, status: 'submitted', submittedOn: event.data.effectiveFrom };
    case 'tefu.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'tefu.CaseApproved.v1': {
      // Approvals recorded before activation existed carry no due date: one year after the approval.
      const dueOn = event.data.annualReviewDueOn ?? LocalDate.parse(event.data.effectiveFrom).plusMonths(DEFAULT_TEFU_POLICY.annualReviewIntervalMonths).toString();
      return { ...next, status: 'active', decision: event.data, annualReview: { dueOn, overdueRecordedOn: null } };
    }
    case 'tefu.CaseRejected.v1':
      return { ...next, status: 'rejected', decision: event.data };
    case 'tefu.EligibilityConfirmed.v1':
      return { ...next, eligibilityConfirmation: event.data, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.EvidenceAttached.v1':
      return { ...next, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.FactRecorded.v1': {
      const { caseId: _caseId, ...record } = event.data;
      return { ...next, facts: [...state.facts, record], evidence: [...state.evidence, ...record.evidence] };
    }
    case 'tefu.CaseTerminated.v1':
      return { ...next, status: 'terminated', termination: event.data, annualReview: null, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.AnnualReviewConfirmed.v1':
      return { ...next, annualReviews: [...state.annualReviews, event.data], evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.AnnualReviewScheduled.v1':
      return { ...next, annualReview: { dueOn: event.data.dueOn, overdueRecordedOn: null } };
    case 'tefu.AnnualReviewOverdue.v1':
      return { ...next, annualReview: state.annualReview ? { ...state.annualReview, overdueRecordedOn: event.data.recordedOn } : null };
    case 'tefu.DuplicateCaseOverridden.v1':
      // On the stream for the record (and the approver who decided it is in recordedBy: another approver approves).
      return next;
    case 'tefu.PaymentSuspended.v1':
      return { ...next, suspension: { effectiveFrom: event.data.effectiveFrom, reason: event.data.reason } };
    case 'tefu.PaymentResumed.v1':
      return { ...next, suspension: null };
    default:
      return assertNever(event, 'tefu event');
  }
}

export const tefuCaseDecider: Decider<TefuCommand, TefuEvent, TefuCase> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'CreateCase':
        return createCase(command, state);
      case 'SubmitApplication':
        return submitApplication(command, state);
      case 'RecordDetermination':
        return recordDetermination(command, state);
      case 'ApproveCase':
        return approveCase(command, state);
      case 'RejectCase':
        return rejectCase(command, state);
      case 'ConfirmEligibility':
        return confirmEligibility(command, state);
      case 'AttachEvidence':
        return attachEvidence(command, state);
      case 'RecordFact':
        return recordFact(command, state);
      case 'TerminateCase':
        return terminateCase(command, state);
      case 'ConfirmAnnualReview':
        return confirmAnnualReview(command, state);
      case 'MarkAnnualReviewOverdue':
        return markAnnualReviewOverdue(command, state);
      case 'SuspendPayment':
        return suspendPayment(command, state);
      case 'ResumePayment':
        return resumePayment(command, state);
      default:
        return assertNever(command, 'tefu command');
    }
  },
};
