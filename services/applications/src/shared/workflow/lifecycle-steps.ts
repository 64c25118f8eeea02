/**
 * The steps of an approved case that benefits paid month by month take the same way: 停发 (suspend
 * the payment), 恢复 (resume it) and 退出 (end the case). An approver who recorded no step of the
 * case takes them, each effective from a date no earlier than the approval; 停发 leaves the case
 * `suspended`, 恢复 makes it `active` again, 退出 ends it from `active` or `suspended`.
 *
 * A benefit puts `paymentLifecycleSteps('<benefit>')` in its step table and folds the three events
 * (`<benefit>.PaymentSuspended.v1`, `.PaymentResumed.v1`, `.CaseExited.v1`) in its state.
 */
import { LocalDate } from '@benefits/kernel';
import { CaseErrors } from '../case-errors';
import type { CaseEventOf } from '../case-rules';
import type { CaseStep, CaseStepCommand, OpenCaseState } from './engine';

export type SuspendPaymentCommand = CaseStepCommand<'SuspendPayment'> & { data: { caseId: string; effectiveFrom: string; reason: string } };
export type ResumePaymentCommand = CaseStepCommand<'ResumePayment'> & { data: { caseId: string; effectiveFrom: string; reason: string } };
export type ExitCaseCommand<Reason extends string = string> = CaseStepCommand<'ExitCase'> & { data: { caseId: string; effectiveFrom: string; reason: Reason; note: string } };

type PaymentChange = { caseId: string; effectiveFrom: string; reason: string; divisionCode?: string };
export type PaymentSuspendedEvent<Benefit extends string> = CaseEventOf<`${Benefit}.PaymentSuspended.v1`, PaymentChange>;
export type PaymentResumedEvent<Benefit extends string> = CaseEventOf<`${Benefit}.PaymentResumed.v1`, PaymentChange>;
export type CaseExitedEvent<Benefit extends string, Reason extends string = string> = CaseEventOf<
  `${Benefit}.CaseExited.v1`,
  { caseId: string; effectiveFrom: string; reason: Reason; note: string }
>;

/** What the lifecycle steps read of a case: the engine's view plus the approval date. */
export interface ApprovedCaseState extends OpenCaseState<string> {
  approvedOn: string | null;
}

export interface PaymentLifecycleSteps<Benefit extends string, Reason extends string, Open extends ApprovedCaseState> {
  SuspendPayment: CaseStep<SuspendPaymentCommand, Open, PaymentSuspendedEvent<Benefit>, unknown>;
  ResumePayment: CaseStep<ResumePaymentCommand, Open, PaymentResumedEvent<Benefit>, unknown>;
  ExitCase: CaseStep<ExitCaseCommand<Reason>, Open, CaseExitedEvent<Benefit, Reason>, unknown>;
}

export function requireEffectiveAfterApproval(state: ApprovedCaseState, effectiveFrom: string): void {
  if (state.approvedOn !== null && LocalDate.parse(effectiveFrom).isBefore(LocalDate.parse(state.approvedOn))) {
    throw CaseErrors.EFFECTIVE_DATE_BEFORE_APPROVAL({ effectiveFrom, approvedOn: state.approvedOn });
  }
}

/** 停发, 恢复 and 退出 of `benefit`, for its step table. */
export function paymentLifecycleSteps<Benefit extends string, Reason extends string, Open extends ApprovedCaseState>(
  benefit: Benefit,
): PaymentLifecycleSteps<Benefit, Reason, Open> {
  const change = (command: SuspendPaymentCommand | ResumePaymentCommand, state: Open): PaymentChange => {
    requireEffectiveAfterApproval(state, command.data.effectiveFrom);
    return { caseId: state.caseId, effectiveFrom: command.data.effectiveFrom, reason: command.data.reason, divisionCode: state.divisionCode };
  };
  return {
    SuspendPayment: {
      by: 'decisionMaker',
      in: ['active'],
      decide: (command, state) => [{ type: `${benefit}.PaymentSuspended.v1`, data: change(command, state), actor: command.metadata.actor }],
    },
    ResumePayment: {
      by: 'decisionMaker',
      in: ['suspended'],
      decide: (command, state) => [{ type: `${benefit}.PaymentResumed.v1`, data: change(command, state), actor: command.metadata.actor }],
    },
    ExitCase: {
      by: 'decisionMaker',
      in: ['active', 'suspended'],
      decide: (command, state) => {
        requireEffectiveAfterApproval(state, command.data.effectiveFrom);
        const { effectiveFrom, reason, note } = command.data;
        return [{ type: `${benefit}.CaseExited.v1`, data: { caseId: state.caseId, effectiveFrom, reason, note }, actor: command.metadata.actor }];
      },
    },
  };
}
