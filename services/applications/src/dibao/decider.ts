import { isDeepStrictEqual } from 'node:util';
import { assertNever, Errors, LocalDate, YearMonth, type Command, type Decider } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import {
  addActor,
  CASE_OFFICER_ROLES,
  DETERMINATION_ROLES,
  OFFICER_ROLES,
  requireDecisionMaker,
  requireDivision,
  requireNotAfter,
  requireNotBefore,
  requireReasons,
  requireRole,
  today,
  type CaseCommandMetadata,
  type CaseEventOf,
} from '../shared/case-rules';
import { CaseErrors } from '../shared/case-errors';
import { DibaoErrors } from './errors';
import type { DibaoPolicy, HouseholdCategory } from './policy';

/**
 * 最低生活保障 (低保, `dibao`) case: the household applies (申请), the 乡镇(街道) accepts it (受理),
 * the household's finances are checked across departments (家庭经济状况核对), two or more staff visit
 * (入户调查), the community deliberates (民主评议), the result is posted for 7 days (公示) and an
 * approver decides (审核确认). An approved case is active: paid from the following month, reviewed
 * (复核) at intervals by household category, and changed (增发/减发), suspended (停发) or ended
 * (退出) with effective dates. Re-applying after an exit is a new case.
 *
 *   applied ─Accept─▶ accepted ─FinancialCheck─▶ checked ─HomeVisit─▶ visited ─CommunityReview─▶ reviewed
 *     ─PostPublicNotice─▶ publicNotice ─Approve─▶ active ⇄ suspended ─Exit─▶ exited
 *   (any state before the decision) ─Reject─▶ rejected ; an upheld objection sends publicNotice back to checked
 *
 * Working-day limits are computed when a step is recorded, with the published working-day calendar,
 * and stored in the event: due dates are durable facts of the case, not recomputed later.
 */

// ---------------------------------------------------------------------------------------------
// Facts

export type MemberRelation = 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
export const MEMBER_RELATIONS = ['applicant', 'spouse', 'child', 'parent', 'other'] as const;
export type ExtraNeed = 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness';
export const EXTRA_NEEDS = ['elderly', 'minor', 'severeDisability', 'seriousIllness'] as const;

export interface DibaoMember {
  personRef: string;
  relation: MemberRelation;
  birthDate: string;
  extraNeed?: ExtraNeed;
  /** Name and 身份证号 sealed under the person's vault key. */
  personalData: SealedPersonalData;
}

/** Departments whose data the 核对机构 matched (公安, 人社, 住建/不动产, 市场监管, 税务, 公积金, 银行/证券/保险). */
export type CheckSource = 'publicSecurity' | 'humanResources' | 'housing' | 'marketRegulation' | 'tax' | 'housingFund' | 'financial' | 'other';
export const CHECK_SOURCES = ['publicSecurity', 'humanResources', 'housing', 'marketRegulation', 'tax', 'housingFund', 'financial', 'other'] as const;

export type IncomeSource = 'wages' | 'business' | 'property' | 'transfer' | 'other';
export const INCOME_SOURCES = ['wages', 'business', 'property', 'transfer', 'other'] as const;

/** One member's income from one source in one month of the 核对 period, in fen. */
export interface IncomeRecord {
  personRef: string;
  source: IncomeSource;
  /** yyyy-mm */
  month: string;
  amountFen: number;
}

/** The months the check covers (inclusive), yyyy-mm. */
export interface CheckPeriod {
  from: string;
  to: string;
}

/** The engine's assets rule (libs/benefits dibao AssetsRule), passed through as recorded. */
export type AssetsRule =
  | { kind: 'assessed'; ruleId: string; source: { docNo: string; title: string | null }; meets: boolean }
  | {
      kind: 'perCapitaLimit';
      ruleId: string;
      source: { docNo: string; title: string | null };
      sampleData?: boolean;
      limitPerCapita: { fen: number };
      totalAssets: { fen: number };
    };

/** 单人户: a severely disabled adult counted as a one-person household (the engine's SinglePersonApplication). */
export interface SinglePersonApplication {
  personRef: string;
  adult: boolean;
  severeDisability: boolean;
  dependsOnFamily?: boolean;
  noEmployment?: boolean;
  supportedBySiblingsOrElders60?: boolean;
}

/** The standard clause an amount comes from. */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
}

export type ExitReason = 'incomeAboveStandard' | 'death' | 'migration' | 'voluntary' | 'other';
export const EXIT_REASONS = ['incomeAboveStandard', 'death', 'migration', 'voluntary', 'other'] as const;

// ---------------------------------------------------------------------------------------------
// Commands

type Cmd<Type extends string, Data> = Command<Type, Data, CaseCommandMetadata>;

export type CreateCase = Cmd<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    members: DibaoMember[];
    householdCategory: HouseholdCategory;
    singlePerson?: SinglePersonApplication;
    /** The earlier case of the household this re-application follows (after an exit or a rejection). */
    reApplicationOf?: string;
  }
>;
export type AcceptApplication = Cmd<'AcceptApplication', { caseId: string }>;
export type RecordFinancialCheck = Cmd<
  'RecordFinancialCheck',
  {
    caseId: string;
    checkedOn: string;
    result: 'passed' | 'failed';
    /** Which departments' data were matched, each with the reference of its report. */
    sources: { source: CheckSource; reportRef: string }[];
    period: CheckPeriod;
    incomes: IncomeRecord[];
    assets?: AssetsRule;
  }
>;
export type RecordHomeVisit = Cmd<'RecordHomeVisit', { caseId: string; visitedOn: string; investigators: string[]; findings: string; recordRef?: string }>;
export type RecordCommunityReview = Cmd<
  'RecordCommunityReview',
  { caseId: string; heldOn: string; attendance: number; votesFor: number; minutesRef: string }
>;
export type PostPublicNotice = Cmd<'PostPublicNotice', { caseId: string; startedOn: string; location: string }>;
export type RaiseObjection = Cmd<'RaiseObjection', { caseId: string; raisedOn: string; summary: string }>;
export type ResolveObjection = Cmd<
  'ResolveObjection',
  { caseId: string; objectionId: string; outcome: 'dismissed' | 'upheld'; resolution: string }
>;
export type RecordDetermination = Cmd<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    eligible: boolean;
    /** Per beneficiary, per month, in fen (empty when not eligible). */
    amounts: BeneficiaryAmount[];
    /** The household's monthly 低保金 (B × n − Σ incomes), in fen. */
    householdAmountFen: number;
    standardRef: StandardRef | null;
    effectiveFrom: string;
  }
>;
export type ApproveCase = Cmd<'ApproveCase', { caseId: string; determinationId: string }>;
export type RejectCase = Cmd<'RejectCase', { caseId: string; reasons: string[] }>;
export type DeliverRejectionNotice = Cmd<'DeliverRejectionNotice', { caseId: string; deliveredOn: string; method: 'inPerson' | 'post' | 'electronic'; receiptRef: string }>;
export type RecordReview = Cmd<'RecordReview', { caseId: string; reviewedOn: string; householdCategory: HouseholdCategory; findings: string }>;
export type ChangeCircumstances = Cmd<
  'ChangeCircumstances',
  {
    caseId: string;
    /** The date the change holds from (增发/减发 are effective-dated). */
    effectiveFrom: string;
    reason: string;
    period: CheckPeriod;
    incomes: IncomeRecord[];
    /** Members who left the household (death, marriage, moving out). */
    removedMembers: string[];
    /** Members who joined (birth, marriage, moving in); each is reserved like an applicant's member. */
    addedMembers: DibaoMember[];
  }
>;
export type ConfirmAmountChange = Cmd<'ConfirmAmountChange', { caseId: string; determinationId: string }>;
export type SuspendPayment = Cmd<'SuspendPayment', { caseId: string; effectiveFrom: string; reason: string }>;
export type ResumePayment = Cmd<'ResumePayment', { caseId: string; effectiveFrom: string; reason: string }>;
export type ExitCase = Cmd<'ExitCase', { caseId: string; effectiveFrom: string; reason: ExitReason; note: string }>;

export type DibaoCommand =
  | CreateCase
  | AcceptApplication
  | RecordFinancialCheck
  | RecordHomeVisit
  | RecordCommunityReview
  | PostPublicNotice
  | RaiseObjection
  | ResolveObjection
  | RecordDetermination
  | ApproveCase
  | RejectCase
  | DeliverRejectionNotice
  | RecordReview
  | ChangeCircumstances
  | ConfirmAmountChange
  | SuspendPayment
  | ResumePayment
  | ExitCase;

// ---------------------------------------------------------------------------------------------
// Events

export type ApplicationSubmitted = CaseEventOf<
  'dibao.ApplicationSubmitted.v1',
  {
    caseId: string;
    benefit: 'dibao';
    divisionCode: string;
    members: DibaoMember[];
    householdCategory: HouseholdCategory;
    singlePerson?: SinglePersonApplication;
    reApplicationOf?: string;
    effectiveFrom: string;
  }
>;
export type ApplicationAccepted = CaseEventOf<
  'dibao.ApplicationAccepted.v1',
  { caseId: string; effectiveFrom: string; homeVisitDueOn: string; processDueOn: string }
>;
export type FinancialCheckRecorded = CaseEventOf<
  'dibao.FinancialCheckRecorded.v1',
  Omit<RecordFinancialCheck['data'], 'checkedOn'> & { effectiveFrom: string }
>;
export type HomeVisitConducted = CaseEventOf<
  'dibao.HomeVisitConducted.v1',
  { caseId: string; effectiveFrom: string; investigators: string[]; findings: string; recordRef?: string; communityReviewDueOn: string }
>;
export type CommunityReviewHeld = CaseEventOf<
  'dibao.CommunityReviewHeld.v1',
  { caseId: string; effectiveFrom: string; attendance: number; votesFor: number; minutesRef: string; publicNoticeDueOn: string }
>;
export type PublicNoticePosted = CaseEventOf<
  'dibao.PublicNoticePosted.v1',
  { caseId: string; noticeNo: number; location: string; effectiveFrom: string; startedOn: string; endsOn: string; decisionDueOn: string }
>;
export type PublicNoticeObjectionRaised = CaseEventOf<
  'dibao.PublicNoticeObjectionRaised.v1',
  { caseId: string; objectionId: string; noticeNo: number; effectiveFrom: string; summary: string }
>;
export type PublicNoticeObjectionResolved = CaseEventOf<
  'dibao.PublicNoticeObjectionResolved.v1',
  { caseId: string; objectionId: string; outcome: 'dismissed' | 'upheld'; resolution: string; effectiveFrom: string }
>;
export type DeterminationRecorded = CaseEventOf<'dibao.DeterminationRecorded.v1', Omit<RecordDetermination['data'], never>>;
export type CaseApproved = CaseEventOf<
  'dibao.CaseApproved.v1',
  {
    caseId: string;
    benefit: 'dibao';
    divisionCode: string;
    determinationId: string;
    basedOnCaseRevision: number;
    householdAmountFen: number;
    /** The approval date (审核确认), or for a confirmed change the date the new amount holds from. */
    effectiveFrom: string;
    /** The first day of the first month paid: the month after approval, or the change's month. */
    paymentFrom: string;
    /** Absent on the first approval; `increase` / `decrease` / `unchanged` on a confirmed change. */
    change?: 'increase' | 'decrease' | 'unchanged';
    nextReviewDueOn: string;
  }
>;
export type CaseRejected = CaseEventOf<'dibao.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string; noticeDueOn: string }>;
export type RejectionNoticeDelivered = CaseEventOf<
  'dibao.RejectionNoticeDelivered.v1',
  { caseId: string; effectiveFrom: string; method: 'inPerson' | 'post' | 'electronic'; receiptRef: string }
>;
export type ReviewCompleted = CaseEventOf<
  'dibao.ReviewCompleted.v1',
  { caseId: string; effectiveFrom: string; householdCategory: HouseholdCategory; findings: string; nextReviewDueOn: string }
>;
export type CircumstancesChanged = CaseEventOf<'dibao.CircumstancesChanged.v1', ChangeCircumstances['data']>;
/**
 * 停发 / 恢复. Published as integration events PaymentSuspended / PaymentResumed (by name);
 * `divisionCode` is there for the consumers (additive: absent on events recorded before).
 */
export type PaymentSuspended = CaseEventOf<'dibao.PaymentSuspended.v1', { caseId: string; effectiveFrom: string; reason: string; divisionCode?: string }>;
export type PaymentResumed = CaseEventOf<'dibao.PaymentResumed.v1', { caseId: string; effectiveFrom: string; reason: string; divisionCode?: string }>;
export type CaseExited = CaseEventOf<'dibao.CaseExited.v1', { caseId: string; effectiveFrom: string; reason: ExitReason; note: string }>;

export type DibaoEvent =
  | ApplicationSubmitted
  | ApplicationAccepted
  | FinancialCheckRecorded
  | HomeVisitConducted
  | CommunityReviewHeld
  | PublicNoticePosted
  | PublicNoticeObjectionRaised
  | PublicNoticeObjectionResolved
  | DeterminationRecorded
  | CaseApproved
  | CaseRejected
  | RejectionNoticeDelivered
  | ReviewCompleted
  | CircumstancesChanged
  | PaymentSuspended
  | PaymentResumed
  | CaseExited;
export type DibaoEventType = DibaoEvent['type'];

export const DIBAO_EVENT_TYPES: readonly DibaoEventType[] = [
  'dibao.ApplicationSubmitted.v1',
  'dibao.ApplicationAccepted.v1',
  'dibao.FinancialCheckRecorded.v1',
  'dibao.HomeVisitConducted.v1',
  'dibao.CommunityReviewHeld.v1',
  'dibao.PublicNoticePosted.v1',
  'dibao.PublicNoticeObjectionRaised.v1',
  'dibao.PublicNoticeObjectionResolved.v1',
  'dibao.DeterminationRecorded.v1',
  'dibao.CaseApproved.v1',
  'dibao.CaseRejected.v1',
  'dibao.RejectionNoticeDelivered.v1',
  'dibao.ReviewCompleted.v1',
  'dibao.CircumstancesChanged.v1',
  'dibao.PaymentSuspended.v1',
  'dibao.PaymentResumed.v1',
  'dibao.CaseExited.v1',
];

export function isDibaoEventType(type: string): type is DibaoEventType {
  return (DIBAO_EVENT_TYPES as readonly string[]).includes(type);
}

/** Case events after which eligibility gets a new facts snapshot. */
export const DIBAO_FACT_EVENTS: ReadonlySet<string> = new Set(['dibao.FinancialCheckRecorded.v1', 'dibao.CircumstancesChanged.v1', 'dibao.CaseExited.v1']);

// ---------------------------------------------------------------------------------------------
// State

export type DibaoStatus = 'applied' | 'accepted' | 'checked' | 'visited' | 'reviewed' | 'publicNotice' | 'active' | 'suspended' | 'rejected' | 'exited';
export const DIBAO_STATUSES = ['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended', 'rejected', 'exited'] as const;
/** Statuses in which the person's 低保 reservation is held (the case is open or active). */
export const OPEN_STATUSES: ReadonlySet<DibaoStatus> = new Set(['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended']);
const PENDING: ReadonlySet<DibaoStatus> = new Set(['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice']);

export type Determination = DeterminationRecorded['data'];

export interface Objection {
  objectionId: string;
  noticeNo: number;
  raisedOn: string;
  summary: string;
  outcome: 'dismissed' | 'upheld' | null;
}

export interface OpenDibaoCase {
  status: DibaoStatus;
  caseId: string;
  divisionCode: string;
  appliedOn: string;
  members: DibaoMember[];
  householdCategory: HouseholdCategory;
  singlePerson?: SinglePersonApplication;
  reApplicationOf?: string;
  revision: number;
  /** Revision of the last fact event (核对, change): a determination must be based on it. */
  factsRevision: number;
  /** Date the current facts hold from. */
  factsEffectiveFrom: string | null;
  acceptedOn: string | null;
  processDueOn: string | null;
  /** The open step's working-day limit (null once decided). */
  stepDueOn: string | null;
  financialCheck: (FinancialCheckRecorded['data'] & { checkedOn: string }) | null;
  period: CheckPeriod | null;
  incomes: IncomeRecord[];
  homeVisit: HomeVisitConducted['data'] | null;
  communityReview: CommunityReviewHeld['data'] | null;
  publicNotice: PublicNoticePosted['data'] | null;
  objections: Objection[];
  determinations: Determination[];
  /** Ids of everyone who recorded a step (not a decision) of this case, for maker-checker. */
  madeBy: string[];
  approval: CaseApproved['data'] | null;
  /** The approval (and the 公示 and visit it rested on) as they were when the case first became active. */
  approvedOn: string | null;
  rejection: CaseRejected['data'] | null;
  rejectionNoticeDeliveredOn: string | null;
  nextReviewDueOn: string | null;
  /** A recorded change waiting for the approver to confirm its new amount. */
  pendingChange: CircumstancesChanged['data'] | null;
  exit: CaseExited['data'] | null;
}

export type DibaoCase = { status: 'none' } | OpenDibaoCase;

export function currentDetermination(state: OpenDibaoCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

export function openObjections(state: OpenDibaoCase): Objection[] {
  return state.objections.filter((o) => o.outcome === null);
}

/**
 * Each member's counted monthly income: the sum of the member's recorded incomes (all sources) in
 * the months of the 核对 period, divided by the number of months in the period — a month with
 * nothing recorded counts as zero income — rounded half up to the fen.
 */
export function monthlyIncomeFen(period: CheckPeriod, incomes: readonly IncomeRecord[], personRef: string): number {
  const months = YearMonth.monthsBetween(YearMonth.parse(period.from), YearMonth.parse(period.to)) + 1;
  const total = incomes.filter((i) => i.personRef === personRef).reduce((sum, i) => sum + i.amountFen, 0);
  return Math.floor((2 * total + months) / (2 * months));
}

// ---------------------------------------------------------------------------------------------
// decide

function requireOpen(state: DibaoCase, caseId: string): OpenDibaoCase {
  if (state.status === 'none') throw CaseErrors.CASE_NOT_FOUND({ caseId });
  return state;
}

function requireStatus(state: OpenDibaoCase, allowed: readonly DibaoStatus[], step: DibaoCommand['type']): void {
  if (allowed.includes(state.status)) return;
  // A step of the application on a case already decided (approved, rejected, exited).
  if (!PENDING.has(state.status) && allowed.every((s) => PENDING.has(s))) {
    throw CaseErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  }
  throw CaseErrors.STEP_NOT_ALLOWED({ caseId: state.caseId, status: state.status, step, allowedIn: [...allowed] });
}

function requireCaseOfficer(command: DibaoCommand, state: OpenDibaoCase, roles: readonly string[] = CASE_OFFICER_ROLES): void {
  requireRole(command.metadata.actor, roles, command.type);
  requireDivision(command.metadata.actor, state.divisionCode);
}

function checkIncomes(period: CheckPeriod, incomes: readonly IncomeRecord[], memberRefs: readonly string[]): void {
  const from = YearMonth.parse(period.from);
  const to = YearMonth.parse(period.to);
  if (to.compare(from) < 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'period', message: 'the period ends before it starts' }] });
  incomes.forEach((income, i) => {
    const month = YearMonth.parse(income.month);
    if (month.compare(from) < 0 || month.compare(to) > 0 || !memberRefs.includes(income.personRef)) {
      throw DibaoErrors.INCOME_OUTSIDE_CHECK_PERIOD({ path: `incomes.${i}` });
    }
    if (!Number.isSafeInteger(income.amountFen) || income.amountFen < 0) throw Errors.INVALID_AMOUNT({ path: `incomes.${i}.amountFen` });
  });
}

function createCase(command: CreateCase, state: DibaoCase): DibaoEvent[] {
  const { actor } = command.metadata;
  const { caseId, divisionCode, members, householdCategory, singlePerson, reApplicationOf } = command.data;
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, divisionCode);
  if (state.status !== 'none') throw CaseErrors.CASE_ALREADY_EXISTS({ caseId });
  if (members.length < 1 || members.length > 20) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'members', message: '1 to 20 members' }] });
  if (members.filter((m) => m.relation === 'applicant').length !== 1) throw DibaoErrors.APPLICANT_REQUIRED();
  const refs = members.map((m) => m.personRef);
  if (new Set(refs).size !== refs.length) throw CaseErrors.DUPLICATE_MEMBER();
  const on = today(command.metadata);
  members.forEach((m, i) => requireNotAfter(m.birthDate, on, `members.${i}.birthDate`));
  if (singlePerson && !refs.includes(singlePerson.personRef)) throw DibaoErrors.MEMBER_NOT_IN_HOUSEHOLD({ path: 'singlePerson.personRef' });
  return [
    {
      type: 'dibao.ApplicationSubmitted.v1',
      data: {
        caseId,
        benefit: 'dibao',
        divisionCode,
        members,
        householdCategory,
        ...(singlePerson ? { singlePerson } : {}),
        ...(reApplicationOf ? { reApplicationOf } : {}),
        effectiveFrom: on.toString(),
      },
      actor,
    },
  ];
}

function acceptApplication(command: AcceptApplication, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state, OFFICER_ROLES);
  requireStatus(state, ['applied'], command.type);
  const on = today(command.metadata).toString();
  return [
    {
      type: 'dibao.ApplicationAccepted.v1',
      data: {
        caseId: state.caseId,
        effectiveFrom: on,
        homeVisitDueOn: policy.calendar.addWorkingDays(on, policy.stepLimits.homeVisit),
        processDueOn: policy.calendar.addWorkingDays(on, policy.processLimit),
      },
      actor: command.metadata.actor,
    },
  ];
}

function recordFinancialCheck(command: RecordFinancialCheck, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['accepted', 'checked'], command.type);
  const { checkedOn, ...rest } = command.data;
  requireNotAfter(checkedOn, today(command.metadata), 'checkedOn');
  requireNotBefore(checkedOn, state.acceptedOn!, 'checkedOn');
  if (rest.sources.length === 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'sources', message: 'at least one source' }] });
  checkIncomes(rest.period, rest.incomes, state.members.map((m) => m.personRef));
  return [{ type: 'dibao.FinancialCheckRecorded.v1', data: { ...rest, caseId: state.caseId, effectiveFrom: checkedOn }, actor: command.metadata.actor }];
}

function recordHomeVisit(command: RecordHomeVisit, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['checked'], command.type);
  if (state.financialCheck?.result !== 'passed') throw DibaoErrors.FINANCIAL_CHECK_FAILED({ caseId: state.caseId });
  const investigators = command.data.investigators.map((i) => i.trim()).filter((i) => i !== '');
  if (new Set(investigators).size < 2) throw DibaoErrors.TOO_FEW_INVESTIGATORS({ investigators: [...new Set(investigators)].length });
  const { visitedOn } = command.data;
  requireNotAfter(visitedOn, today(command.metadata), 'visitedOn');
  requireNotBefore(visitedOn, state.acceptedOn!, 'visitedOn');
  return [
    {
      type: 'dibao.HomeVisitConducted.v1',
      data: {
        caseId: state.caseId,
        effectiveFrom: visitedOn,
        investigators: [...new Set(investigators)],
        findings: command.data.findings,
        ...(command.data.recordRef ? { recordRef: command.data.recordRef } : {}),
        communityReviewDueOn: policy.calendar.addWorkingDays(visitedOn, policy.stepLimits.communityReview),
      },
      actor: command.metadata.actor,
    },
  ];
}

function recordCommunityReview(command: RecordCommunityReview, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['visited'], command.type);
  const { heldOn, attendance, votesFor, minutesRef } = command.data;
  if (votesFor > attendance) throw DibaoErrors.INVALID_VOTES({ attendance, votesFor });
  requireNotAfter(heldOn, today(command.metadata), 'heldOn');
  requireNotBefore(heldOn, state.homeVisit!.effectiveFrom, 'heldOn');
  return [
    {
      type: 'dibao.CommunityReviewHeld.v1',
      data: {
        caseId: state.caseId,
        effectiveFrom: heldOn,
        attendance,
        votesFor,
        minutesRef,
        publicNoticeDueOn: policy.calendar.addWorkingDays(heldOn, policy.stepLimits.publicNoticePosting),
      },
      actor: command.metadata.actor,
    },
  ];
}

function postPublicNotice(command: PostPublicNotice, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['reviewed'], command.type);
  const { startedOn, location } = command.data;
  requireNotAfter(startedOn, today(command.metadata), 'startedOn');
  requireNotBefore(startedOn, state.communityReview!.effectiveFrom, 'startedOn');
  // The notice is up on startedOn and the following days: 7 days end on startedOn + 6.
  const endsOn = LocalDate.parse(startedOn).plusDays(policy.publicNoticeDays - 1).toString();
  return [
    {
      type: 'dibao.PublicNoticePosted.v1',
      data: {
        caseId: state.caseId,
        noticeNo: (state.publicNotice?.noticeNo ?? 0) + 1,
        location,
        effectiveFrom: startedOn,
        startedOn,
        endsOn,
        decisionDueOn: policy.calendar.addWorkingDays(endsOn, policy.stepLimits.decision),
      },
      actor: command.metadata.actor,
    },
  ];
}

function raiseObjection(command: RaiseObjection, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state, OFFICER_ROLES);
  requireStatus(state, ['publicNotice'], command.type);
  const { raisedOn, summary } = command.data;
  requireNotAfter(raisedOn, today(command.metadata), 'raisedOn');
  requireNotBefore(raisedOn, state.publicNotice!.startedOn, 'raisedOn');
  return [
    {
      type: 'dibao.PublicNoticeObjectionRaised.v1',
      data: { caseId: state.caseId, objectionId: `objection-${state.objections.length + 1}`, noticeNo: state.publicNotice!.noticeNo, effectiveFrom: raisedOn, summary },
      actor: command.metadata.actor,
    },
  ];
}

function resolveObjection(command: ResolveObjection, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['publicNotice'], command.type);
  const objection = state.objections.find((o) => o.objectionId === command.data.objectionId);
  if (!objection) throw DibaoErrors.OBJECTION_NOT_FOUND({ objectionId: command.data.objectionId });
  if (objection.outcome !== null) throw DibaoErrors.OBJECTION_ALREADY_RESOLVED({ objectionId: objection.objectionId });
  return [
    {
      type: 'dibao.PublicNoticeObjectionResolved.v1',
      data: {
        caseId: state.caseId,
        objectionId: objection.objectionId,
        outcome: command.data.outcome,
        resolution: command.data.resolution,
        effectiveFrom: today(command.metadata).toString(),
      },
      actor: command.metadata.actor,
    },
  ];
}

function recordDetermination(command: RecordDetermination, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state, DETERMINATION_ROLES);
  const data: Determination = { ...command.data, caseId: state.caseId };
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    if (isDeepStrictEqual(earlier, data)) return [];
    throw CaseErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireStatus(state, ['checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended'], command.type);
  const amounts = [data.householdAmountFen, ...data.amounts.map((a) => a.amountFen)];
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) throw Errors.INVALID_AMOUNT({ householdAmountFen: data.householdAmountFen });
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'dibao.DeterminationRecorded.v1', data, actor: command.metadata.actor }];
}

function citeCurrentDetermination(state: OpenDibaoCase, determinationId: string): Determination {
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw CaseErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) {
    throw CaseErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  }
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  if (!cited.eligible) throw CaseErrors.DETERMINATION_NOT_ELIGIBLE({ determinationId });
  return cited;
}

const firstOfNextMonth = (date: string) => LocalDate.parse(date).yearMonth().plusMonths(1).firstDay().toString();

function nextReview(policy: DibaoPolicy, from: string, category: HouseholdCategory): string {
  return LocalDate.parse(from).plusMonths(policy.reviewIntervalMonths[category]).toString();
}

function approveCase(command: ApproveCase, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['publicNotice'], command.type);
  const on = today(command.metadata);
  const notice = state.publicNotice!;
  if (!on.isAfter(LocalDate.parse(notice.endsOn))) {
    throw DibaoErrors.PUBLIC_NOTICE_NOT_OVER({ startedOn: notice.startedOn, endsOn: notice.endsOn });
  }
  const open = openObjections(state);
  if (open.length > 0) throw DibaoErrors.OBJECTION_OPEN({ objectionIds: open.map((o) => o.objectionId) });
  const cited = citeCurrentDetermination(state, command.data.determinationId);
  const approvedOn = on.toString();
  return [
    {
      type: 'dibao.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        benefit: 'dibao',
        divisionCode: state.divisionCode,
        determinationId: cited.determinationId,
        basedOnCaseRevision: cited.basedOnCaseRevision,
        householdAmountFen: cited.householdAmountFen,
        effectiveFrom: approvedOn,
        paymentFrom: firstOfNextMonth(approvedOn),
        nextReviewDueOn: nextReview(policy, approvedOn, state.householdCategory),
      },
      actor,
    },
  ];
}

function rejectCase(command: RejectCase, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, [...PENDING], command.type);
  const reasons = requireReasons(command.data.reasons);
  const on = today(command.metadata).toString();
  return [
    {
      type: 'dibao.CaseRejected.v1',
      data: { caseId: state.caseId, reasons, effectiveFrom: on, noticeDueOn: policy.calendar.addWorkingDays(on, policy.rejectionNoticeDays) },
      actor,
    },
  ];
}

function deliverRejectionNotice(command: DeliverRejectionNotice, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state, OFFICER_ROLES);
  if (state.status !== 'rejected') throw CaseErrors.STEP_NOT_ALLOWED({ caseId: state.caseId, status: state.status, step: command.type, allowedIn: ['rejected'] });
  if (state.rejectionNoticeDeliveredOn !== null) throw DibaoErrors.NOTICE_ALREADY_DELIVERED({ deliveredOn: state.rejectionNoticeDeliveredOn });
  const { deliveredOn, method, receiptRef } = command.data;
  requireNotAfter(deliveredOn, today(command.metadata), 'deliveredOn');
  requireNotBefore(deliveredOn, state.rejection!.effectiveFrom, 'deliveredOn');
  return [{ type: 'dibao.RejectionNoticeDelivered.v1', data: { caseId: state.caseId, effectiveFrom: deliveredOn, method, receiptRef }, actor: command.metadata.actor }];
}

function recordReview(command: RecordReview, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['active', 'suspended'], command.type);
  const { reviewedOn, householdCategory, findings } = command.data;
  requireNotAfter(reviewedOn, today(command.metadata), 'reviewedOn');
  requireNotBefore(reviewedOn, state.approvedOn!, 'reviewedOn');
  return [
    {
      type: 'dibao.ReviewCompleted.v1',
      data: { caseId: state.caseId, effectiveFrom: reviewedOn, householdCategory, findings, nextReviewDueOn: nextReview(policy, reviewedOn, householdCategory) },
      actor: command.metadata.actor,
    },
  ];
}

function changeCircumstances(command: ChangeCircumstances, current: DibaoCase): DibaoEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireCaseOfficer(command, state);
  requireStatus(state, ['active', 'suspended'], command.type);
  const data = { ...command.data, caseId: state.caseId };
  if (LocalDate.parse(data.effectiveFrom).isBefore(LocalDate.parse(state.approvedOn!))) {
    throw DibaoErrors.EFFECTIVE_DATE_BEFORE_APPROVAL({ effectiveFrom: data.effectiveFrom, approvedOn: state.approvedOn });
  }
  const refs = state.members.map((m) => m.personRef);
  data.removedMembers.forEach((ref, i) => {
    if (!refs.includes(ref)) throw DibaoErrors.MEMBER_NOT_IN_HOUSEHOLD({ path: `removedMembers.${i}` });
  });
  const on = today(command.metadata);
  data.addedMembers.forEach((m, i) => {
    if (refs.includes(m.personRef)) throw CaseErrors.DUPLICATE_MEMBER({ path: `addedMembers.${i}` });
    if (m.relation === 'applicant') throw DibaoErrors.APPLICANT_REQUIRED({ path: `addedMembers.${i}.relation` });
    requireNotAfter(m.birthDate, on, `addedMembers.${i}.birthDate`);
  });
  const added = data.addedMembers.map((m) => m.personRef);
  if (new Set(added).size !== added.length) throw CaseErrors.DUPLICATE_MEMBER({ path: 'addedMembers' });
  const remaining = [...refs.filter((r) => !data.removedMembers.includes(r)), ...added];
  if (remaining.length === 0) throw DibaoErrors.HOUSEHOLD_WOULD_BE_EMPTY();
  checkIncomes(data.period, data.incomes, remaining);
  return [{ type: 'dibao.CircumstancesChanged.v1', data, actor: command.metadata.actor }];
}

function confirmAmountChange(command: ConfirmAmountChange, current: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['active', 'suspended'], command.type);
  const change = state.pendingChange;
  if (!change) throw DibaoErrors.NO_PENDING_CHANGE({ caseId: state.caseId });
  const cited = citeCurrentDetermination(state, command.data.determinationId);
  const previous = state.approval!.householdAmountFen;
  const kind = cited.householdAmountFen > previous ? 'increase' : cited.householdAmountFen < previous ? 'decrease' : 'unchanged';
  return [
    {
      type: 'dibao.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        benefit: 'dibao',
        divisionCode: state.divisionCode,
        determinationId: cited.determinationId,
        basedOnCaseRevision: cited.basedOnCaseRevision,
        householdAmountFen: cited.householdAmountFen,
        effectiveFrom: change.effectiveFrom,
        paymentFrom: LocalDate.parse(change.effectiveFrom).yearMonth().firstDay().toString(),
        change: kind,
        nextReviewDueOn: state.nextReviewDueOn ?? nextReview(policy, change.effectiveFrom, state.householdCategory),
      },
      actor,
    },
  ];
}

function suspendPayment(command: SuspendPayment, current: DibaoCase): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['active'], command.type);
  requireEffectiveAfterApproval(state, command.data.effectiveFrom);
  return [{ type: 'dibao.PaymentSuspended.v1', data: { caseId: state.caseId, effectiveFrom: command.data.effectiveFrom, reason: command.data.reason, divisionCode: state.divisionCode }, actor }];
}

function resumePayment(command: ResumePayment, current: DibaoCase): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['suspended'], command.type);
  requireEffectiveAfterApproval(state, command.data.effectiveFrom);
  return [{ type: 'dibao.PaymentResumed.v1', data: { caseId: state.caseId, effectiveFrom: command.data.effectiveFrom, reason: command.data.reason, divisionCode: state.divisionCode }, actor }];
}

function exitCase(command: ExitCase, current: DibaoCase): DibaoEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['active', 'suspended'], command.type);
  requireEffectiveAfterApproval(state, command.data.effectiveFrom);
  const { effectiveFrom, reason, note } = command.data;
  return [{ type: 'dibao.CaseExited.v1', data: { caseId: state.caseId, effectiveFrom, reason, note }, actor }];
}

function requireEffectiveAfterApproval(state: OpenDibaoCase, effectiveFrom: string): void {
  if (LocalDate.parse(effectiveFrom).isBefore(LocalDate.parse(state.approvedOn!))) {
    throw DibaoErrors.EFFECTIVE_DATE_BEFORE_APPROVAL({ effectiveFrom, approvedOn: state.approvedOn });
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

export function evolveDibao(state: DibaoCase, event: DibaoEvent): DibaoCase {
  if (event.type === 'dibao.ApplicationSubmitted.v1') {
    const d = event.data;
    return {
      status: 'applied',
      caseId: d.caseId,
      divisionCode: d.divisionCode,
      appliedOn: d.effectiveFrom,
      members: d.members,
      householdCategory: d.householdCategory,
      ...(d.singlePerson ? { singlePerson: d.singlePerson } : {}),
      ...(d.reApplicationOf ? { reApplicationOf: d.reApplicationOf } : {}),
      revision: 0,
      factsRevision: 0,
      factsEffectiveFrom: null,
      acceptedOn: null,
      processDueOn: null,
      stepDueOn: null,
      financialCheck: null,
      period: null,
      incomes: [],
      homeVisit: null,
      communityReview: null,
      publicNotice: null,
      objections: [],
      determinations: [],
      madeBy: event.actor ? [event.actor.id] : [],
      approval: null,
      approvedOn: null,
      rejection: null,
      rejectionNoticeDeliveredOn: null,
      nextReviewDueOn: null,
      pendingChange: null,
      exit: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const revision = state.revision + 1;
  const next: OpenDibaoCase = { ...state, revision };
  const step = { ...next, madeBy: addActor(state.madeBy, event.actor) };
  switch (event.type) {
    case 'dibao.ApplicationAccepted.v1':
      return { ...step, status: 'accepted', acceptedOn: event.data.effectiveFrom, processDueOn: event.data.processDueOn, stepDueOn: event.data.homeVisitDueOn };
    case 'dibao.FinancialCheckRecorded.v1':
      return {
        ...step,
        status: 'checked',
        financialCheck: { ...event.data, checkedOn: event.data.effectiveFrom },
        period: event.data.period,
        incomes: event.data.incomes,
        factsRevision: revision,
        factsEffectiveFrom: event.data.effectiveFrom,
      };
    case 'dibao.HomeVisitConducted.v1':
      return { ...step, status: 'visited', homeVisit: event.data, stepDueOn: event.data.communityReviewDueOn };
    case 'dibao.CommunityReviewHeld.v1':
      return { ...step, status: 'reviewed', communityReview: event.data, stepDueOn: event.data.publicNoticeDueOn };
    case 'dibao.PublicNoticePosted.v1':
      return { ...step, status: 'publicNotice', publicNotice: event.data, stepDueOn: event.data.decisionDueOn };
    case 'dibao.PublicNoticeObjectionRaised.v1': {
      const { objectionId, noticeNo, effectiveFrom, summary } = event.data;
      return { ...step, objections: [...state.objections, { objectionId, noticeNo, raisedOn: effectiveFrom, summary, outcome: null }] };
    }
    case 'dibao.PublicNoticeObjectionResolved.v1': {
      const objections = state.objections.map((o) => (o.objectionId === event.data.objectionId ? { ...o, outcome: event.data.outcome } : o));
      // An upheld objection sends the case back to investigation and a new 公示 (the 核对 stands).
      if (event.data.outcome === 'upheld') return { ...step, objections, status: 'checked', homeVisit: null, communityReview: null, stepDueOn: null };
      return { ...step, objections };
    }
    case 'dibao.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'dibao.CaseApproved.v1':
      if (event.data.change) {
        return { ...next, approval: event.data, pendingChange: null, members: membersAfter(state) };
      }
      return {
        ...next,
        status: 'active',
        approval: event.data,
        approvedOn: event.data.effectiveFrom,
        stepDueOn: null,
        processDueOn: null,
        nextReviewDueOn: event.data.nextReviewDueOn,
      };
    case 'dibao.CaseRejected.v1':
      return { ...next, status: 'rejected', rejection: event.data, stepDueOn: null, processDueOn: null };
    case 'dibao.RejectionNoticeDelivered.v1':
      return { ...step, rejectionNoticeDeliveredOn: event.data.effectiveFrom };
    case 'dibao.ReviewCompleted.v1':
      return { ...step, householdCategory: event.data.householdCategory, nextReviewDueOn: event.data.nextReviewDueOn };
    case 'dibao.CircumstancesChanged.v1':
      return {
        ...step,
        pendingChange: event.data,
        period: event.data.period,
        incomes: event.data.incomes,
        factsRevision: revision,
        factsEffectiveFrom: event.data.effectiveFrom,
      };
    case 'dibao.PaymentSuspended.v1':
      return { ...next, status: 'suspended' };
    case 'dibao.PaymentResumed.v1':
      return { ...next, status: 'active' };
    case 'dibao.CaseExited.v1':
      return { ...next, status: 'exited', exit: event.data, nextReviewDueOn: null, pendingChange: null, factsRevision: revision, factsEffectiveFrom: event.data.effectiveFrom };
    default:
      return assertNever(event, 'dibao event');
  }
}

/** The members once a change's removals and additions apply. */
function membersAfter(state: OpenDibaoCase): DibaoMember[] {
  const removed = state.pendingChange?.removedMembers ?? [];
  return [...state.members.filter((m) => !removed.includes(m.personRef)), ...(state.pendingChange?.addedMembers ?? [])];
}

/** The members the current facts are about: a pending change's removals and additions already count. */
export function currentMembers(state: OpenDibaoCase): DibaoMember[] {
  return membersAfter(state);
}

export function createDibaoDecider(policy: DibaoPolicy): Decider<DibaoCommand, DibaoEvent, DibaoCase> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve: evolveDibao,
    decide(command, state) {
      switch (command.type) {
        case 'CreateCase':
          return createCase(command, state);
        case 'AcceptApplication':
          return acceptApplication(command, state, policy);
        case 'RecordFinancialCheck':
          return recordFinancialCheck(command, state);
        case 'RecordHomeVisit':
          return recordHomeVisit(command, state, policy);
        case 'RecordCommunityReview':
          return recordCommunityReview(command, state, policy);
        case 'PostPublicNotice':
          return postPublicNotice(command, state, policy);
        case 'RaiseObjection':
          return raiseObjection(command, state);
        case 'ResolveObjection':
          return resolveObjection(command, state);
        case 'RecordDetermination':
          return recordDetermination(command, state);
        case 'ApproveCase':
          return approveCase(command, state, policy);
        case 'RejectCase':
          return rejectCase(command, state, policy);
        case 'DeliverRejectionNotice':
          return deliverRejectionNotice(command, state);
        case 'RecordReview':
          return recordReview(command, state, policy);
        case 'ChangeCircumstances':
          return changeCircumstances(command, state);
        case 'ConfirmAmountChange':
          return confirmAmountChange(command, state, policy);
        case 'SuspendPayment':
          return suspendPayment(command, state);
        case 'ResumePayment':
          return resumePayment(command, state);
        case 'ExitCase':
          return exitCase(command, state);
        default:
          return assertNever(command, 'dibao command');
      }
    },
  };
}

/** The state of a case stream (reading needs no policy). */
export function foldDibao(events: Iterable<DibaoEvent>): DibaoCase {
  let state: DibaoCase = { status: 'none' };
  for (const event of events) state = evolveDibao(state, event);
  return state;
}
