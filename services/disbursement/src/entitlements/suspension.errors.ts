import { defineError } from '@benefits/kernel';

/** Errors of recording 停发 / 恢复 (payment suspended / resumed) on a case's entitlement. Codes are stable. */
export const SuspensionErrors = {
  INVALID_EFFECTIVE_DATE: defineError('INVALID_EFFECTIVE_DATE', 400, '生效日期格式不正确（应为 YYYY-MM-DD）', 'not an effective date (expected YYYY-MM-DD)'),
  ALREADY_SUSPENDED: defineError('ALREADY_SUSPENDED', 409, '该案件已停发，不能再次停发', 'payment of this case is already suspended'),
  NOT_SUSPENDED: defineError('NOT_SUSPENDED', 409, '该案件未停发，无需恢复', 'payment of this case is not suspended, so it cannot be resumed'),
} as const;
