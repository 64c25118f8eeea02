import { type Command } from '@benefits/kernel';
import { TefuErrors } from './errors';
import { PaymentSuspensionErrors } from './payment-suspension.errors';
import type { OpenTefuCase, TefuCommandMetadata, TefuEventOf } from './decider';

/**
 * 特扶 停发 / 恢复: payment of an active case is suspended from a date (the case stays active: 年审,
 * facts and termination go on) and resumed from a later one. An approver of the case's division (or
 * a parent) decides, with a reason. Published as integration events PaymentSuspended /
 * PaymentResumed; disbursement pays no month from the suspension's month until the resumption's
 * month (services/disbursement/README.md, "From integration events").
 */

export interface PaymentStatusInput {
  caseId: string;
  /** yyyy-mm-dd; payment stops (resumes) from the month containing it. */
  effectiveFrom: string;
  reason: string;
}

export type SuspendPayment = Command<'SuspendPayment', PaymentStatusInput, TefuCommandMetadata>;
export type ResumePayment = Command<'ResumePayment', PaymentStatusInput, TefuCommandMetadata>;

export interface PaymentStatusData {
  caseId: string;
  benefit: 'tefu';
  divisionCode: string;
  effectiveFrom: string;
  reason: string;
}

export type PaymentSuspended = TefuEventOf<'tefu.PaymentSuspended.v1', PaymentStatusData>;
export type PaymentResumed = TefuEventOf<'tefu.PaymentResumed.v1', PaymentStatusData>;

/** The suspension in force on an active case, or absent / null. */
export interface TefuSuspension {
  effectiveFrom: string;
  reason: string;
}

/** 停发 and 恢复 are the approver's (the workflow engine checks the role and the division). */
export const SUSPENSION_ROLES = ['approver'] as const;

/** An active case; a terminated one is refused as such. */
function requireActiveCase(state: OpenTefuCase): OpenTefuCase {
  if (state.status === 'terminated') {
    throw TefuErrors.CASE_TERMINATED({ caseId: state.caseId, terminatedOn: state.termination?.terminatedOn, reason: state.termination?.reason });
  }
  if (state.status !== 'active') throw TefuErrors.CASE_NOT_ACTIVE({ caseId: state.caseId, status: state.status });
  return state;
}

function checkedInput(state: OpenTefuCase, input: PaymentStatusInput): PaymentStatusData {
  const reason = input.reason.trim();
  if (reason === '') throw PaymentSuspensionErrors.SUSPENSION_REASON_REQUIRED();
  const approvedOn = state.decision?.effectiveFrom;
  if (approvedOn && input.effectiveFrom < approvedOn) throw PaymentSuspensionErrors.EFFECTIVE_DATE_BEFORE_APPROVAL({ effectiveFrom: input.effectiveFrom, approvedOn });
  return { caseId: state.caseId, benefit: 'tefu', divisionCode: state.divisionCode, effectiveFrom: input.effectiveFrom, reason };
}

/** 停发: an active case whose payment is not suspended yet. */
export function suspendPayment(command: SuspendPayment, current: OpenTefuCase): PaymentSuspended[] {
  const state = requireActiveCase(current);
  if (state.suspension) throw PaymentSuspensionErrors.PAYMENT_ALREADY_SUSPENDED({ caseId: state.caseId, since: state.suspension.effectiveFrom });
  return [{ type: 'tefu.PaymentSuspended.v1', data: checkedInput(state, command.data), actor: command.metadata.actor }];
}

/** 恢复: a suspended active case, from a date not before the suspension's. */
export function resumePayment(command: ResumePayment, current: OpenTefuCase): PaymentResumed[] {
  const state = requireActiveCase(current);
  if (!state.suspension) throw PaymentSuspensionErrors.PAYMENT_NOT_SUSPENDED({ caseId: state.caseId });
  if (command.data.effectiveFrom < state.suspension.effectiveFrom) {
    throw PaymentSuspensionErrors.RESUMPTION_BEFORE_SUSPENSION({ effectiveFrom: command.data.effectiveFrom, suspendedFrom: state.suspension.effectiveFrom });
  }
  return [{ type: 'tefu.PaymentResumed.v1', data: checkedInput(state, command.data), actor: command.metadata.actor }];
}
