import { defineError } from '@benefits/kernel';
import { CaseErrors } from '../shared/case-errors';

/** 特扶 停发 / 恢复 (payment suspended / resumed). Codes are stable. */
export const PaymentSuspensionErrors = {
  PAYMENT_ALREADY_SUSPENDED: defineError('PAYMENT_ALREADY_SUSPENDED', 409, '该案件已停发，不能再次停发', 'payment of this case is already suspended'),
  PAYMENT_NOT_SUSPENDED: defineError('PAYMENT_NOT_SUSPENDED', 409, '该案件未停发，无需恢复', 'payment of this case is not suspended'),
  SUSPENSION_REASON_REQUIRED: defineError('SUSPENSION_REASON_REQUIRED', 400, '停发或恢复必须填写原因', 'a suspension or resumption needs a reason'),
  /** The same refusal as every benefit's 停发/恢复/退出 (../shared/workflow/lifecycle-steps.ts). */
  EFFECTIVE_DATE_BEFORE_APPROVAL: CaseErrors.EFFECTIVE_DATE_BEFORE_APPROVAL,
  RESUMPTION_BEFORE_SUSPENSION: defineError('RESUMPTION_BEFORE_SUSPENSION', 400, '恢复日期不能早于停发日期', 'the resumption cannot take effect before the suspension'),
} as const;
