/**
 * Deciding an active 低保 case: 复核, a change of circumstances and the confirmation of its new
 * amount (增发/减发), each effective-dated no earlier than the approval. 停发, 恢复 and 退出 are the
 * shared lifecycle steps (../shared/workflow/lifecycle-steps.ts).
 */
import { LocalDate } from '@benefits/kernel';
import { requireNotAfter, requireNotBefore, today } from '../shared/case-rules';
import { requireEffectiveAfterApproval } from '../shared/workflow/lifecycle-steps';
import { CaseErrors } from '../shared/case-errors';
import { DibaoErrors } from './errors';
import type { DibaoPolicy } from './policy';
import type { ChangeCircumstances, ConfirmAmountChange, RecordReview } from './commands';
import type { DibaoEvent } from './events';
import type { OpenDibaoCase } from './state';
import { approvalEvent, checkIncomes, citeCurrentDetermination, nextReview } from './decide-guards';

export function recordReview(command: RecordReview, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
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

export function changeCircumstances(command: ChangeCircumstances, state: OpenDibaoCase): DibaoEvent[] {
  const data = { ...command.data, caseId: state.caseId };
  requireEffectiveAfterApproval(state, data.effectiveFrom);
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

export function confirmAmountChange(command: ConfirmAmountChange, state: OpenDibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  const { actor } = command.metadata;
  const change = state.pendingChange;
  if (!change) throw DibaoErrors.NO_PENDING_CHANGE({ caseId: state.caseId });
  const cited = citeCurrentDetermination(state, command.data.determinationId);
  const previous = state.approval!.householdAmountFen;
  const kind = cited.householdAmountFen > previous ? 'increase' : cited.householdAmountFen < previous ? 'decrease' : 'unchanged';
  return [
    approvalEvent(state, cited, actor, {
      effectiveFrom: change.effectiveFrom,
      paymentFrom: LocalDate.parse(change.effectiveFrom).yearMonth().firstDay().toString(),
      change: kind,
      nextReviewDueOn: state.nextReviewDueOn ?? nextReview(policy, change.effectiveFrom, state.householdCategory),
    }),
  ];
}
