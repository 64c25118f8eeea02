import { isDeepStrictEqual } from 'node:util';
import { assertNever, Errors, LocalDate, type Command, type Decider } from '@benefits/kernel';
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
import { DibaoErrors } from '../dibao/errors';
import { LinshiErrors } from './errors';
import { decideDuplicates, DUPLICATE_OVERRIDE_ROLES, type DuplicateOverride, type DuplicateOverridden, type OpenCasesOfPerson } from '../shared/duplicate-cases';
import type { LinshiPolicy } from './policy';

/**
 * 临时救助 (`linshi`) case. Two types:
 * - 急难型 (`jinan`, emergency): an authorised officer may grant aid first (先行救助), up to the cap
 *   of eligibility's determination, and the paperwork (登记救助对象、事由、金额, 签字盖章) is completed
 *   afterwards against a durable deadline; or the case goes through the normal review.
 * - 支出型 (`zhichu`, expenditure): normal review (审核审批) with the expenditure evidence.
 * An approval may stage the aid (一次审批、分阶段救助): instalments, each released as its own event,
 * never more than approved. In-kind aid (实物救助) and referrals (转介) are recorded on the case.
 * 一事一救: an application for the same cause by a member of a household helped for it within the
 * configured period is refused unless an override with a reason is recorded (the lookup across
 * cases is the command handler's: cause-index.ts).
 *
 *   submitted ─GrantAdvanceAid─▶ advanceAided ─CompletePaperwork─▶ approved
 *       ├─ApproveCase─▶ approved ─ReleaseInstalment…
 *       └─RejectCase──▶ rejected
 */

// ---------------------------------------------------------------------------------------------
// Facts

export type LinshiType = 'jinan' | 'zhichu';
export const LINSHI_TYPES = ['jinan', 'zhichu'] as const;

/** Causes (事由), coded so that 一事一救 compares like with like. */
export type LinshiCause = 'fire' | 'traffic' | 'drowning' | 'injury' | 'suddenIllness' | 'naturalDisaster' | 'medical' | 'education' | 'basicLiving' | 'other';
export const LINSHI_CAUSES = ['fire', 'traffic', 'drowning', 'injury', 'suddenIllness', 'naturalDisaster', 'medical', 'education', 'basicLiving', 'other'] as const;

export interface LinshiMember {
  personRef: string;
  /** The first member is the applicant, to whom cash aid is paid. */
  relation: 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
  birthDate: string;
  personalData: SealedPersonalData;
}

export interface ExpenditureEvidence {
  kind: 'medicalBill' | 'tuition' | 'invoice' | 'other';
  ref: string;
  amountFen: number;
}

/** An earlier application of a member for the same cause within the period (found by the command handler). */
export interface EarlierSameCause {
  caseId: string;
  personRef: string;
  appliedOn: string;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
  /**
   * yyyy-mm-dd: an instalment's planned date (`plannedOn`), on the approval's `once:<caseId>:<n>`
   * lines, so that disbursement pays each instalment in its own month (integration
   * BeneficiaryAmount.due_date). Absent on single grants and on approvals recorded before it existed.
   */
  dueDate?: string;
}

export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

// ---------------------------------------------------------------------------------------------
// Commands

type Cmd<Type extends string, Data> = Command<Type, Data, CaseCommandMetadata>;

export type CreateCase = Cmd<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    type: LinshiType;
    members: LinshiMember[];
    cause: LinshiCause;
    causeDescription: string;
    occurredOn: string;
    group?: 'g1' | 'g2';
    necessaryExpenditureFen?: number;
    expenditureEvidence: ExpenditureEvidence[];
    severeDisabilityUplift?: boolean;
    bandTableId?: string;
    /** Earlier applications for the same cause within the period (from the cause index). */
    earlierSameCause: EarlierSameCause[];
    /** Why the same cause is helped again (一事一救 override). */
    sameCauseOverrideReason?: string;
    /**
     * Other undecided 临时救助 cases holding a member (重复享受), found by the command handler in the
     * per-person index; absent (the rule not applied) only when the decider is asked before the lookup.
     */
    openCasesOfMembers?: OpenCasesOfPerson[];
    /** An approver's recorded decision to allow a second undecided case (must cite the legal basis). */
    duplicateOverride?: DuplicateOverride;
  }
>;
export type RecordDetermination = Cmd<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    eligible: boolean;
    amounts: BeneficiaryAmount[];
    /** 急难型: the cap within which the officer chooses (0 when not applicable). */
    capFen: number;
    standardRef: StandardRef | null;
    effectiveFrom: string;
  }
>;
export type GrantAdvanceAid = Cmd<'GrantAdvanceAid', { caseId: string; determinationId: string; amountFen: number }>;
export type CompletePaperwork = Cmd<'CompletePaperwork', { caseId: string; completedOn: string; documentRefs: string[]; note: string }>;
export type ApproveCase = Cmd<
  'ApproveCase',
  {
    caseId: string;
    determinationId: string;
    /** Default: the determination's total. */
    amountFen?: number;
    /** 一次审批、分阶段救助: two or more instalments adding up to the amount. */
    instalments?: { amountFen: number; plannedOn: string }[];
    overrideReasonCode?: string;
    overrideReason?: string;
  }
>;
export type RejectCase = Cmd<'RejectCase', { caseId: string; reasons: string[] }>;
export type ReleaseInstalment = Cmd<'ReleaseInstalment', { caseId: string; instalmentNo: number; releasedOn: string }>;
export type RecordInKindAid = Cmd<
  'RecordInKindAid',
  { caseId: string; providedOn: string; items: { description: string; quantity: number; unit: string }[]; valueFen?: number }
>;
export type RecordReferral = Cmd<'RecordReferral', { caseId: string; referredOn: string; to: string; reason: string }>;

export type LinshiCommand =
  | CreateCase
  | RecordDetermination
  | GrantAdvanceAid
  | CompletePaperwork
  | ApproveCase
  | RejectCase
  | ReleaseInstalment
  | RecordInKindAid
  | RecordReferral;

// ---------------------------------------------------------------------------------------------
// Events

export type ApplicationSubmitted = CaseEventOf<
  'linshi.ApplicationSubmitted.v1',
  Omit<CreateCase['data'], 'earlierSameCause' | 'sameCauseOverrideReason' | 'openCasesOfMembers' | 'duplicateOverride'> & {
    benefit: 'linshi';
    effectiveFrom: string;
    /** Present when the same cause was helped within the period and an officer overrode 一事一救. */
    sameCauseOverride?: { reason: string; earlier: EarlierSameCause[] };
  }
>;
export type DeterminationRecorded = CaseEventOf<'linshi.DeterminationRecorded.v1', RecordDetermination['data']>;
export type AdvanceAidGranted = CaseEventOf<
  'linshi.AdvanceAidGranted.v1',
  { caseId: string; determinationId: string; amountFen: number; capFen: number; effectiveFrom: string; paperworkDueOn: string }
>;
export type CaseApproved = CaseEventOf<
  'linshi.CaseApproved.v1',
  {
    caseId: string;
    benefit: 'linshi';
    divisionCode: string;
    determinationId: string;
    /** The approval date (for 先行救助, the grant date). */
    effectiveFrom: string;
    /** What is paid: one line, or one per instalment (`once:<caseId>:<n>`). */
    approvedAmounts: BeneficiaryAmount[];
    approvedTotalFen: number;
    /** Empty when the amounts are the determination's (or, 急难型, chosen within its cap). */
    overrideReasonCode: string;
    overrideReason?: string;
    advanceAid: boolean;
    instalments: { instalmentNo: number; amountFen: number; plannedOn: string }[];
  }
>;
export type PaperworkCompleted = CaseEventOf<
  'linshi.AdvanceAidPaperworkCompleted.v1',
  { caseId: string; effectiveFrom: string; documentRefs: string[]; note: string; late: boolean }
>;
export type CaseRejected = CaseEventOf<'linshi.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;
export type InstalmentReleased = CaseEventOf<'linshi.InstalmentReleased.v1', { caseId: string; instalmentNo: number; amountFen: number; effectiveFrom: string }>;
export type InKindAidRecorded = CaseEventOf<
  'linshi.InKindAidRecorded.v1',
  { caseId: string; effectiveFrom: string; items: { description: string; quantity: number; unit: string }[]; valueFen?: number }
>;
export type ReferralRecorded = CaseEventOf<'linshi.ReferralRecorded.v1', { caseId: string; effectiveFrom: string; to: string; reason: string }>;
/** An approver allowed this case although the person is in another undecided 临时救助 case (one event per person). */
export type DuplicateCaseOverridden = CaseEventOf<'linshi.DuplicateCaseOverridden.v1', { caseId: string; effectiveFrom: string } & DuplicateOverridden>;

export type LinshiEvent =
  | ApplicationSubmitted
  | DeterminationRecorded
  | AdvanceAidGranted
  | CaseApproved
  | PaperworkCompleted
  | CaseRejected
  | InstalmentReleased
  | InKindAidRecorded
  | ReferralRecorded
  | DuplicateCaseOverridden;
export type LinshiEventType = LinshiEvent['type'];

export const LINSHI_EVENT_TYPES: readonly LinshiEventType[] = [
  'linshi.ApplicationSubmitted.v1',
  'linshi.DeterminationRecorded.v1',
  'linshi.AdvanceAidGranted.v1',
  'linshi.CaseApproved.v1',
  'linshi.AdvanceAidPaperworkCompleted.v1',
  'linshi.CaseRejected.v1',
  'linshi.InstalmentReleased.v1',
  'linshi.InKindAidRecorded.v1',
  'linshi.ReferralRecorded.v1',
  'linshi.DuplicateCaseOverridden.v1',
];

export function isLinshiEventType(type: string): type is LinshiEventType {
  return (LINSHI_EVENT_TYPES as readonly string[]).includes(type);
}

export const LINSHI_FACT_EVENTS: ReadonlySet<string> = new Set(['linshi.ApplicationSubmitted.v1']);

// ---------------------------------------------------------------------------------------------
// State

export type LinshiStatus = 'submitted' | 'advanceAided' | 'approved' | 'rejected';
export const LINSHI_STATUSES = ['submitted', 'advanceAided', 'approved', 'rejected'] as const;

export type Determination = RecordDetermination['data'];

export interface OpenLinshiCase {
  status: LinshiStatus;
  caseId: string;
  divisionCode: string;
  application: ApplicationSubmitted['data'];
  revision: number;
  factsRevision: number;
  determinations: Determination[];
  madeBy: string[];
  advanceAid: AdvanceAidGranted['data'] | null;
  paperwork: PaperworkCompleted['data'] | null;
  approval: CaseApproved['data'] | null;
  rejection: CaseRejected['data'] | null;
  released: InstalmentReleased['data'][];
  inKindAid: InKindAidRecorded['data'][];
  referrals: ReferralRecorded['data'][];
}

export type LinshiCase = { status: 'none' } | OpenLinshiCase;

export function currentDetermination(state: OpenLinshiCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

export const periodKeyOnce = (caseId: string, instalmentNo?: number) => (instalmentNo === undefined ? `once:${caseId}` : `once:${caseId}:${instalmentNo}`);

// ---------------------------------------------------------------------------------------------
// decide

function requireOpen(state: LinshiCase, caseId: string): OpenLinshiCase {
  if (state.status === 'none') throw CaseErrors.CASE_NOT_FOUND({ caseId });
  return state;
}

function requireStatus(state: OpenLinshiCase, allowed: readonly LinshiStatus[], step: LinshiCommand['type']): void {
  if (allowed.includes(state.status)) return;
  if (allowed.every((s) => s === 'submitted')) throw CaseErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  throw CaseErrors.STEP_NOT_ALLOWED({ caseId: state.caseId, status: state.status, step, allowedIn: [...allowed] });
}

function requireOfficer(command: LinshiCommand, state: OpenLinshiCase, roles: readonly string[] = CASE_OFFICER_ROLES): void {
  requireRole(command.metadata.actor, roles, command.type);
  requireDivision(command.metadata.actor, state.divisionCode);
}

function requireFen(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw Errors.INVALID_AMOUNT({ path });
}

function createCase(command: CreateCase, state: LinshiCase): LinshiEvent[] {
  const { actor } = command.metadata;
  const { earlierSameCause, sameCauseOverrideReason, openCasesOfMembers, duplicateOverride, ...data } = command.data;
  // A second undecided case for a person is an approver's decision; everything else is intake's.
  requireRole(actor, duplicateOverride === undefined ? OFFICER_ROLES : DUPLICATE_OVERRIDE_ROLES, command.type);
  requireDivision(actor, data.divisionCode);
  if (state.status !== 'none') throw CaseErrors.CASE_ALREADY_EXISTS({ caseId: data.caseId });
  if (data.members.length < 1) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'members', message: 'at least the applicant' }] });
  // The applicant comes first: cash aid is paid to them.
  if (data.members[0].relation !== 'applicant' || data.members.filter((m) => m.relation === 'applicant').length !== 1) throw DibaoErrors.APPLICANT_REQUIRED();
  const refs = data.members.map((m) => m.personRef);
  if (new Set(refs).size !== refs.length) throw CaseErrors.DUPLICATE_MEMBER();
  const on = today(command.metadata);
  data.members.forEach((m, i) => requireNotAfter(m.birthDate, on, `members.${i}.birthDate`));
  requireNotAfter(data.occurredOn, on, 'occurredOn');
  data.expenditureEvidence.forEach((e, i) => requireFen(e.amountFen, `expenditureEvidence.${i}.amountFen`));
  if (data.necessaryExpenditureFen !== undefined) requireFen(data.necessaryExpenditureFen, 'necessaryExpenditureFen');
  if (data.type === 'zhichu' && (data.necessaryExpenditureFen === undefined || data.expenditureEvidence.length === 0 || !data.group)) {
    throw LinshiErrors.EXPENDITURE_EVIDENCE_REQUIRED();
  }
  const reason = sameCauseOverrideReason?.trim() ?? '';
  if (earlierSameCause.length > 0 && reason === '') {
    throw LinshiErrors.SAME_CAUSE_WITHIN_PERIOD({ cause: data.cause, earlierCases: [...new Set(earlierSameCause.map((e) => e.caseId))] });
  }
  const overridden = openCasesOfMembers === undefined ? [] : decideDuplicates('linshi', data.members, openCasesOfMembers, duplicateOverride);
  return [
    {
      type: 'linshi.ApplicationSubmitted.v1',
      data: {
        ...data,
        benefit: 'linshi',
        effectiveFrom: on.toString(),
        ...(earlierSameCause.length > 0 ? { sameCauseOverride: { reason, earlier: earlierSameCause } } : {}),
      },
      actor,
    },
    ...overridden.map((o): DuplicateCaseOverridden => ({ type: 'linshi.DuplicateCaseOverridden.v1', data: { caseId: data.caseId, effectiveFrom: on.toString(), ...o }, actor })),
  ];
}

function recordDetermination(command: RecordDetermination, current: LinshiCase): LinshiEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireOfficer(command, state, DETERMINATION_ROLES);
  const data: Determination = { ...command.data, caseId: state.caseId };
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    if (isDeepStrictEqual(earlier, data)) return [];
    throw CaseErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireStatus(state, ['submitted'], command.type);
  requireFen(data.capFen, 'capFen');
  data.amounts.forEach((a, i) => requireFen(a.amountFen, `amounts.${i}.amountFen`));
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'linshi.DeterminationRecorded.v1', data, actor: command.metadata.actor }];
}

function citeCurrent(state: OpenLinshiCase, determinationId: string): Determination {
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw CaseErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) throw CaseErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  if (!cited.eligible) throw CaseErrors.DETERMINATION_NOT_ELIGIBLE({ determinationId });
  return cited;
}

const totalOf = (amounts: readonly { amountFen: number }[]) => amounts.reduce((sum, a) => sum + a.amountFen, 0);
const applicantRef = (state: OpenLinshiCase) => state.application.members[0].personRef;

function grantAdvanceAid(command: GrantAdvanceAid, current: LinshiCase, policy: LinshiPolicy): LinshiEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  if (!policy.advanceAidRoles.includes(actor.role)) throw LinshiErrors.ADVANCE_AID_NOT_AUTHORISED({ role: actor.role, allowed: [...policy.advanceAidRoles] });
  requireDivision(actor, state.divisionCode);
  requireStatus(state, ['submitted'], command.type);
  if (state.application.type !== 'jinan') throw LinshiErrors.ADVANCE_AID_ONLY_FOR_EMERGENCY({ type: state.application.type });
  const cited = citeCurrent(state, command.data.determinationId);
  const { amountFen } = command.data;
  requireFen(amountFen, 'amountFen');
  if (amountFen === 0) throw Errors.INVALID_AMOUNT({ path: 'amountFen' });
  if (cited.capFen <= 0) throw LinshiErrors.NO_CAP_DETERMINED({ determinationId: cited.determinationId });
  if (amountFen > cited.capFen) throw LinshiErrors.AMOUNT_ABOVE_CAP({ amountFen, capFen: cited.capFen });
  const on = today(command.metadata).toString();
  const determined = totalOf(cited.amounts);
  return [
    {
      type: 'linshi.AdvanceAidGranted.v1',
      data: {
        caseId: state.caseId,
        determinationId: cited.determinationId,
        amountFen,
        capFen: cited.capFen,
        effectiveFrom: on,
        paperworkDueOn: LocalDate.parse(on).plusDays(policy.paperworkDays).toString(),
      },
      actor,
    },
    {
      type: 'linshi.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        benefit: 'linshi',
        divisionCode: state.divisionCode,
        determinationId: cited.determinationId,
        effectiveFrom: on,
        approvedAmounts: [{ beneficiaryRef: applicantRef(state), periodKey: periodKeyOnce(state.caseId), amountFen }],
        approvedTotalFen: amountFen,
        // 急难型: the officer chooses within the cap; only a determined amount that differs is an override.
        overrideReasonCode: determined > 0 && determined !== amountFen ? 'jinan.withinCap' : '',
        advanceAid: true,
        instalments: [],
      },
      actor,
    },
  ];
}

function completePaperwork(command: CompletePaperwork, current: LinshiCase): LinshiEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireOfficer(command, state, OFFICER_ROLES);
  if (state.paperwork) throw LinshiErrors.PAPERWORK_ALREADY_COMPLETED({ completedOn: state.paperwork.effectiveFrom });
  requireStatus(state, ['advanceAided'], command.type);
  const { completedOn, documentRefs, note } = command.data;
  requireNotAfter(completedOn, today(command.metadata), 'completedOn');
  requireNotBefore(completedOn, state.advanceAid!.effectiveFrom, 'completedOn');
  if (documentRefs.length === 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'documentRefs', message: 'at least one document' }] });
  const late = LocalDate.parse(completedOn).isAfter(LocalDate.parse(state.advanceAid!.paperworkDueOn));
  return [{ type: 'linshi.AdvanceAidPaperworkCompleted.v1', data: { caseId: state.caseId, effectiveFrom: completedOn, documentRefs, note, late }, actor: command.metadata.actor }];
}

function approveCase(command: ApproveCase, current: LinshiCase): LinshiEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['submitted'], command.type);
  const cited = citeCurrent(state, command.data.determinationId);
  const determined = totalOf(cited.amounts);
  const amountFen = command.data.amountFen ?? determined;
  requireFen(amountFen, 'amountFen');
  if (amountFen === 0) throw Errors.INVALID_AMOUNT({ path: 'amountFen' });
  if (cited.capFen > 0 && amountFen > cited.capFen) throw LinshiErrors.AMOUNT_ABOVE_CAP({ amountFen, capFen: cited.capFen });
  const isJinan = state.application.type === 'jinan';
  const code = command.data.overrideReasonCode?.trim() ?? '';
  const reason = command.data.overrideReason?.trim() ?? '';
  // 支出型: the determined amount unless an override with a code and a reason; 急难型: any amount within the cap.
  if (!isJinan && amountFen !== determined && (code === '' || reason === '')) throw LinshiErrors.OVERRIDE_REASON_REQUIRED({ amountFen, determinedFen: determined });
  const plan = command.data.instalments ?? [];
  if (plan.length === 1 || (plan.length > 0 && (plan.some((i) => !Number.isSafeInteger(i.amountFen) || i.amountFen <= 0) || totalOf(plan) !== amountFen))) {
    throw LinshiErrors.INSTALMENTS_DO_NOT_ADD_UP({ approvedFen: amountFen, instalmentsFen: totalOf(plan) });
  }
  const on = today(command.metadata).toString();
  plan.forEach((i, n) => requireNotBefore(i.plannedOn, on, `instalments.${n}.plannedOn`));
  const instalments = plan.map((i, n) => ({ instalmentNo: n + 1, amountFen: i.amountFen, plannedOn: i.plannedOn }));
  const beneficiaryRef = applicantRef(state);
  const approvedAmounts =
    instalments.length > 0
      ? instalments.map((i) => ({ beneficiaryRef, periodKey: periodKeyOnce(state.caseId, i.instalmentNo), amountFen: i.amountFen, dueDate: i.plannedOn }))
      : [{ beneficiaryRef, periodKey: periodKeyOnce(state.caseId), amountFen }];
  const overridden = amountFen !== determined && determined > 0;
  return [
    {
      type: 'linshi.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        benefit: 'linshi',
        divisionCode: state.divisionCode,
        determinationId: cited.determinationId,
        effectiveFrom: on,
        approvedAmounts,
        approvedTotalFen: amountFen,
        overrideReasonCode: overridden ? code || 'jinan.withinCap' : '',
        ...(overridden && reason ? { overrideReason: reason } : {}),
        advanceAid: false,
        instalments,
      },
      actor,
    },
  ];
}

function rejectCase(command: RejectCase, current: LinshiCase): LinshiEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state.caseId, state.divisionCode, state.madeBy);
  requireStatus(state, ['submitted'], command.type);
  const reasons = requireReasons(command.data.reasons);
  return [{ type: 'linshi.CaseRejected.v1', data: { caseId: state.caseId, reasons, effectiveFrom: today(command.metadata).toString() }, actor }];
}

function releaseInstalment(command: ReleaseInstalment, current: LinshiCase): LinshiEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireOfficer(command, state);
  requireStatus(state, ['approved'], command.type);
  const approval = state.approval!;
  const { instalmentNo, releasedOn } = command.data;
  const planned = approval.instalments.find((i) => i.instalmentNo === instalmentNo);
  if (!planned || instalmentNo !== state.released.length + 1) {
    throw LinshiErrors.INSTALMENT_OUT_OF_ORDER({ instalmentNo, next: state.released.length + 1, planned: approval.instalments.length });
  }
  if (totalOf(state.released) + planned.amountFen > approval.approvedTotalFen) {
    throw LinshiErrors.INSTALMENT_ABOVE_APPROVED({ releasedFen: totalOf(state.released), approvedTotalFen: approval.approvedTotalFen });
  }
  requireNotAfter(releasedOn, today(command.metadata), 'releasedOn');
  requireNotBefore(releasedOn, approval.effectiveFrom, 'releasedOn');
  return [{ type: 'linshi.InstalmentReleased.v1', data: { caseId: state.caseId, instalmentNo, amountFen: planned.amountFen, effectiveFrom: releasedOn }, actor: command.metadata.actor }];
}

function recordInKindAid(command: RecordInKindAid, current: LinshiCase): LinshiEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireOfficer(command, state, OFFICER_ROLES);
  requireStatus(state, ['submitted', 'advanceAided', 'approved'], command.type);
  const { providedOn, items, valueFen } = command.data;
  requireNotAfter(providedOn, today(command.metadata), 'providedOn');
  if (items.length === 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'items', message: 'at least one item' }] });
  if (valueFen !== undefined) requireFen(valueFen, 'valueFen');
  return [
    {
      type: 'linshi.InKindAidRecorded.v1',
      data: { caseId: state.caseId, effectiveFrom: providedOn, items, ...(valueFen !== undefined ? { valueFen } : {}) },
      actor: command.metadata.actor,
    },
  ];
}

function recordReferral(command: RecordReferral, current: LinshiCase): LinshiEvent[] {
  const state = requireOpen(current, command.data.caseId);
  requireOfficer(command, state, OFFICER_ROLES);
  const { referredOn, to, reason } = command.data;
  requireNotAfter(referredOn, today(command.metadata), 'referredOn');
  return [{ type: 'linshi.ReferralRecorded.v1', data: { caseId: state.caseId, effectiveFrom: referredOn, to, reason }, actor: command.metadata.actor }];
}

// ---------------------------------------------------------------------------------------------
// evolve

export function evolveLinshi(state: LinshiCase, event: LinshiEvent): LinshiCase {
  if (event.type === 'linshi.ApplicationSubmitted.v1') {
    return {
      status: 'submitted',
      caseId: event.data.caseId,
      divisionCode: event.data.divisionCode,
      application: event.data,
      revision: 0,
      factsRevision: 0,
      determinations: [],
      madeBy: event.actor ? [event.actor.id] : [],
      advanceAid: null,
      paperwork: null,
      approval: null,
      rejection: null,
      released: [],
      inKindAid: [],
      referrals: [],
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const next: OpenLinshiCase = { ...state, revision: state.revision + 1 };
  const step = { ...next, madeBy: addActor(state.madeBy, event.actor) };
  switch (event.type) {
    case 'linshi.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'linshi.AdvanceAidGranted.v1':
      return { ...next, status: 'advanceAided', advanceAid: event.data };
    case 'linshi.CaseApproved.v1':
      return { ...next, status: event.data.advanceAid ? 'advanceAided' : 'approved', approval: event.data };
    case 'linshi.AdvanceAidPaperworkCompleted.v1':
      return { ...step, status: 'approved', paperwork: event.data };
    case 'linshi.CaseRejected.v1':
      return { ...next, status: 'rejected', rejection: event.data };
    case 'linshi.InstalmentReleased.v1':
      return { ...step, released: [...state.released, event.data] };
    case 'linshi.InKindAidRecorded.v1':
      return { ...step, inKindAid: [...state.inKindAid, event.data] };
    case 'linshi.ReferralRecorded.v1':
      return { ...step, referrals: [...state.referrals, event.data] };
    case 'linshi.DuplicateCaseOverridden.v1':
      // On the stream for the record; the approver who decided it may not also approve the case.
      return step;
    default:
      return assertNever(event, 'linshi event');
  }
}

export function foldLinshi(events: Iterable<LinshiEvent>): LinshiCase {
  let state: LinshiCase = { status: 'none' };
  for (const event of events) state = evolveLinshi(state, event);
  return state;
}

export function createLinshiDecider(policy: LinshiPolicy): Decider<LinshiCommand, LinshiEvent, LinshiCase> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve: evolveLinshi,
    decide(command, state) {
      switch (command.type) {
        case 'CreateCase':
          return createCase(command, state);
        case 'RecordDetermination':
          return recordDetermination(command, state);
        case 'GrantAdvanceAid':
          return grantAdvanceAid(command, state, policy);
        case 'CompletePaperwork':
          return completePaperwork(command, state);
        case 'ApproveCase':
          return approveCase(command, state);
        case 'RejectCase':
          return rejectCase(command, state);
        case 'ReleaseInstalment':
          return releaseInstalment(command, state);
        case 'RecordInKindAid':
          return recordInKindAid(command, state);
        case 'RecordReferral':
          return recordReferral(command, state);
        default:
          return assertNever(command, 'linshi command');
      }
    },
  };
}
