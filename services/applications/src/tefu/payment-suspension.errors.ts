import { defineError } from '@benefits/kernel';

/** 特扶 停发 / 恢复 (payment suspended / resumed). Codes are stable. */
export const PaymentSuspensionErrors = {
  PAYMENT_ALREADY_SUSPENDED: defineError('PAYMENT_ALREADY_SUSPENDED', 409, '该案件已停发，不能再次停发', 'payment of this case is already suspended'),
  PAYMENT_NOT_SUSPENDED: defineError('PAYMENT_NOT_SUSPENDED', 409, '该案件未停发，无需恢复', 'payment of this case is not suspended'),
  SUSPENSION_REASON_REQUIRED: defineError('SUSPENSION_REASON_REQUIRED', 400, '停发或恢复必须填写原因', 'a suspension or resumption needs a reason'),
  EFFECTIVE_DATE_BEFORE_APPROVAL: defineError('EFFECTIVE_DATE_BEFORE_APPROVAL', 400, '生效日期不能早于审核确认日期', 'the effective date cannot be before the approval date'),
  RESUMPTION_BEFORE_SUSPENSION: defineError('RESUMPTION_BEFORE_SUSPENSION', 400, '恢复日期不能早于停发日期', 'the resumption cannot take effect before the suspension'),
} as const;
