/**
 * Deciding the application of a 低保 case, from 申请 to the decision: create, accept, 核对,
 * 入户调查, 民主评议, 公示 with its objections, the determination, approval or rejection and the
 * delivery of the rejection notice.
 */
import { isDeepStrictEqual } from 'node:util';
import { Errors, LocalDate } from '@benefits/kernel';
import { OFFICER_ROLES, requireDivision, requireNotAfter, requireNotBefore, requireReasons, requireRole, today } from '../shared/case-rules';
import { CaseErrors } from '../shared/case-errors';
import { DibaoErrors } from './errors';
import type { DibaoPolicy } from './policy';
import type {
  AcceptApplication,
  ApproveCase,
  CreateCase,
  DeliverRejectionNotice,
  PostPublicNotice,
  RaiseObjection,
  RecordCommunityReview,
  RecordDetermination,
  RecordFinancialCheck,
  RecordHomeVisit,
  RejectCase,
  ResolveObjection,
} from './commands';
import type { DibaoEvent } from './events';
import { openObjections, type Determination, type DibaoCase, type OpenDibaoCase } from './state';
import { requireStatusIn } from '../shared/workflow/engine';
import { approvalEvent, checkIncomes, citeCurrentDetermination, nextReview, PENDING } from './decide-guards';

export function createCase(command: CreateCase, state: DibaoCase): DibaoEvent[] {
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

export function acceptApplication(command: AcceptApplication, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
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

export function recordFinancialCheck(command: RecordFinancialCheck, state: OpenDibaoCase): DibaoEvent[] {
  const { checkedOn, ...rest } = command.data;
  requireNotAfter(checkedOn, today(command.metadata), 'checkedOn');
  requireNotBefore(checkedOn, state.acceptedOn!, 'checkedOn');
  if (rest.sources.length === 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'sources', message: 'at least one source' }] });
  checkIncomes(rest.period, rest.incomes, state.members.map((m) => m.personRef));
  return [{ type: 'dibao.FinancialCheckRecorded.v1', data: { ...rest, caseId: state.caseId, effectiveFrom: checkedOn }, actor: command.metadata.actor }];
}

export function recordHomeVisit(command: RecordHomeVisit, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
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

export function recordCommunityReview(command: RecordCommunityReview, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
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

export function postPublicNotice(command: PostPublicNotice, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
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

export function raiseObjection(command: RaiseObjection, state: OpenDibaoCase): DibaoEvent[] {
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

export function resolveObjection(command: ResolveObjection, state: OpenDibaoCase): DibaoEvent[] {
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

export function recordDetermination(command: RecordDetermination, state: OpenDibaoCase): DibaoEvent[] {
  const data: Determination = { ...command.data, caseId: state.caseId };
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    if (isDeepStrictEqual(earlier, data)) return [];
    throw CaseErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireStatusIn(state, ['checked', 'visited', 'reviewed', 'publicNotice', 'active', 'suspended'], command.type, PENDING);
  const amounts = [data.householdAmountFen, ...data.amounts.map((a) => a.amountFen)];
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0)) throw Errors.INVALID_AMOUNT({ householdAmountFen: data.householdAmountFen });
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'dibao.DeterminationRecorded.v1', data, actor: command.metadata.actor }];
}

const firstOfNextMonth = (date: string) => LocalDate.parse(date).yearMonth().plusMonths(1).firstDay().toString();

export function approveCase(command: ApproveCase, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
  const on = today(command.metadata);
  const notice = state.publicNotice!;
  if (!on.isAfter(LocalDate.parse(notice.endsOn))) {
    throw DibaoErrors.PUBLIC_NOTICE_NOT_OVER({ startedOn: notice.startedOn, endsOn: notice.endsOn });
  }
  const open = openObjections(state);
  if (open.length > 0) throw DibaoErrors.OBJECTION_OPEN({ objectionIds: open.map((o) => o.objectionId) });
  const cited = citeCurrentDetermination(state, command.data.determinationId);
  const approvedOn = on.toString();
  return [approvalEvent(state, cited, actor, { effectiveFrom: approvedOn, paymentFrom: firstOfNextMonth(approvedOn), nextReviewDueOn: nextReview(policy, approvedOn, state.householdCategory) })];
}

export function rejectCase(command: RejectCase, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
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

export function deliverRejectionNotice(command: DeliverRejectionNotice, state: OpenDibaoCase): DibaoEvent[] {
  if (state.rejectionNoticeDeliveredOn !== null) throw DibaoErrors.NOTICE_ALREADY_DELIVERED({ deliveredOn: state.rejectionNoticeDeliveredOn });
  const { deliveredOn, method, receiptRef } = command.data;
  requireNotAfter(deliveredOn, today(command.metadata), 'deliveredOn');
  requireNotBefore(deliveredOn, state.rejection!.effectiveFrom, 'deliveredOn');
  return [{ type: 'dibao.RejectionNoticeDelivered.v1', data: { caseId: state.caseId, effectiveFrom: deliveredOn, method, receiptRef }, actor: command.metadata.actor }];
}
