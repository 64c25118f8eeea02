import { isDeepStrictEqual } from 'node:util';
import { Errors, LocalDate } from '@benefits/kernel';
import { CASE_OFFICER_ROLES, DETERMINATION_ROLES, OFFICER_ROLES, requireDivision, requireNotAfter, requireNotBefore, requireReasons, requireRole, today } from '../shared/case-rules';
import { requireStatusIn, takeStep, type CaseWorkflow } from '../shared/workflow/engine';
import { CaseErrors } from '../shared/case-errors';
import { DibaoErrors } from '../dibao/errors';
import { LinshiErrors } from './errors';
import { decideDuplicates, DUPLICATE_OVERRIDE_ROLES } from '../shared/duplicate-cases';
import type { LinshiPolicy } from './policy';
import { CreateCase, RecordDetermination, GrantAdvanceAid, CompletePaperwork, ApproveCase, RejectCase, ReleaseInstalment, RecordInKindAid, RecordReferral, LinshiCommand } from './commands';
import { DuplicateCaseOverridden, LinshiEvent } from './events';
import { LinshiStatus, Determination, OpenLinshiCase, LinshiCase, currentDetermination, periodKeyOnce } from './state';

/**
 * Deciding 临时救助 commands: one function per command, returning the events to record, and the step
 * table that says who takes each step in which statuses (the case-workflow engine,
 * ../shared/workflow/engine.ts, applies those guards; the state machine is drawn in decider.ts).
 */

// ---------------------------------------------------------------------------------------------
// decide

/** The status of an application not yet decided. */
export const PENDING: ReadonlySet<LinshiStatus> = new Set(['submitted']);

export function requireFen(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw Errors.INVALID_AMOUNT({ path });
}

export function createCase(command: CreateCase, state: LinshiCase): LinshiEvent[] {
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

export function recordDetermination(command: RecordDetermination, state: OpenLinshiCase): LinshiEvent[] {
  const data: Determination = { ...command.data, caseId: state.caseId };
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    if (isDeepStrictEqual(earlier, data)) return [];
    throw CaseErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireStatusIn(state, ['submitted'], command.type, PENDING);
  requireFen(data.capFen, 'capFen');
  data.amounts.forEach((a, i) => requireFen(a.amountFen, `amounts.${i}.amountFen`));
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'linshi.DeterminationRecorded.v1', data, actor: command.metadata.actor }];
}

export function citeCurrent(state: OpenLinshiCase, determinationId: string): Determination {
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

export const totalOf = (amounts: readonly { amountFen: number }[]) => amounts.reduce((sum, a) => sum + a.amountFen, 0);
export const applicantRef = (state: OpenLinshiCase) => state.application.members[0].personRef;

export function grantAdvanceAid(command: GrantAdvanceAid, state: OpenLinshiCase, policy: LinshiPolicy): LinshiEvent[] {
  const { actor } = command.metadata;
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

export function completePaperwork(command: CompletePaperwork, state: OpenLinshiCase): LinshiEvent[] {
  if (state.paperwork) throw LinshiErrors.PAPERWORK_ALREADY_COMPLETED({ completedOn: state.paperwork.effectiveFrom });
  requireStatusIn(state, ['advanceAided'], command.type, PENDING);
  const { completedOn, documentRefs, note } = command.data;
  requireNotAfter(completedOn, today(command.metadata), 'completedOn');
  requireNotBefore(completedOn, state.advanceAid!.effectiveFrom, 'completedOn');
  if (documentRefs.length === 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'documentRefs', message: 'at least one document' }] });
  const late = LocalDate.parse(completedOn).isAfter(LocalDate.parse(state.advanceAid!.paperworkDueOn));
  return [{ type: 'linshi.AdvanceAidPaperworkCompleted.v1', data: { caseId: state.caseId, effectiveFrom: completedOn, documentRefs, note, late }, actor: command.metadata.actor }];
}

export function approveCase(command: ApproveCase, state: OpenLinshiCase): LinshiEvent[] {
  const { actor } = command.metadata;
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

export function rejectCase(command: RejectCase, state: OpenLinshiCase): LinshiEvent[] {
  const { actor } = command.metadata;
  const reasons = requireReasons(command.data.reasons);
  return [{ type: 'linshi.CaseRejected.v1', data: { caseId: state.caseId, reasons, effectiveFrom: today(command.metadata).toString() }, actor }];
}

export function releaseInstalment(command: ReleaseInstalment, state: OpenLinshiCase): LinshiEvent[] {
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

export function recordInKindAid(command: RecordInKindAid, state: OpenLinshiCase): LinshiEvent[] {
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

export function recordReferral(command: RecordReferral, state: OpenLinshiCase): LinshiEvent[] {
  const { referredOn, to, reason } = command.data;
  requireNotAfter(referredOn, today(command.metadata), 'referredOn');
  return [{ type: 'linshi.ReferralRecorded.v1', data: { caseId: state.caseId, effectiveFrom: referredOn, to, reason }, actor: command.metadata.actor }];
}

// ---------------------------------------------------------------------------------------------
// The step table

type LinshiStep = Exclude<LinshiCommand, { type: 'CreateCase' }>;

/** 先行救助: the roles the policy names (advanceAidRoles), in the case's division or above; no maker-checker rule. */
function mayGrantAdvanceAid(command: GrantAdvanceAid, state: OpenLinshiCase, policy: LinshiPolicy): void {
  const { actor } = command.metadata;
  if (!policy.advanceAidRoles.includes(actor.role)) throw LinshiErrors.ADVANCE_AID_NOT_AUTHORISED({ role: actor.role, allowed: [...policy.advanceAidRoles] });
  requireDivision(actor, state.divisionCode);
}

export const LINSHI_WORKFLOW: CaseWorkflow<LinshiStep, OpenLinshiCase, LinshiEvent, LinshiPolicy> = {
  pending: PENDING,
  makers: (state) => state.madeBy,
  steps: {
    // A repeat of a recorded determination is recognised before the status is checked.
    RecordDetermination: { by: DETERMINATION_ROLES, in: 'own', decide: recordDetermination },
    GrantAdvanceAid: { by: mayGrantAdvanceAid, in: ['submitted'], decide: grantAdvanceAid },
    // Paperwork completed twice is refused as such before the status is checked.
    CompletePaperwork: { by: OFFICER_ROLES, in: 'own', decide: completePaperwork },
    ApproveCase: { by: 'decisionMaker', in: ['submitted'], decide: approveCase },
    RejectCase: { by: 'decisionMaker', in: ['submitted'], decide: rejectCase },
    ReleaseInstalment: { by: CASE_OFFICER_ROLES, in: ['approved'], decide: releaseInstalment },
    RecordInKindAid: { by: OFFICER_ROLES, in: ['submitted', 'advanceAided', 'approved'], decide: recordInKindAid },
    RecordReferral: { by: OFFICER_ROLES, in: 'any', decide: recordReferral },
  },
};

/** Decides a command on a case: the application creates it, every later step goes through the engine. */
export function decideLinshi(command: LinshiCommand, state: LinshiCase, policy: LinshiPolicy): LinshiEvent[] {
  return command.type === 'CreateCase' ? createCase(command, state) : takeStep(LINSHI_WORKFLOW, command, state, policy);
}
