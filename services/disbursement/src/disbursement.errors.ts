import { defineError } from '@benefits/kernel';

/** Errors of the disbursement service a caller can cause. Codes are stable; messages may be refined. */
export const DisbursementErrors = {
  DUPLICATE_SCHEDULE_LINE: defineError(
    'DUPLICATE_SCHEDULE_LINE',
    400,
    '同一受益人在同一待遇期间出现了多条发放记录',
    'the schedule lists the same beneficiary and benefit period more than once',
  ),
  SCHEDULE_CONFLICT: defineError(
    'SCHEDULE_CONFLICT',
    409,
    '该认定结果已登记过待遇发放计划，且内容不同；请以新的认定结果重新下达',
    'a schedule for this determination was already recorded with different content; issue a new determination instead',
  ),
  BENEFIT_MISMATCH: defineError(
    'BENEFIT_MISMATCH',
    409,
    '该案件已登记的待遇类别与本次不一致',
    'the case already has schedules for a different benefit',
  ),
  INVALID_PAYMENT_ID: defineError(
    'INVALID_PAYMENT_ID',
    400,
    '发放记录编号格式不正确（应为 payment-案件编号-受益人编号-待遇期间）',
    'not a payment stream id (expected payment-<caseId>-<personRef>-<periodKey>)',
  ),
  PAYMENT_NOT_FOUND: defineError('PAYMENT_NOT_FOUND', 404, '未找到该发放记录', 'no such payment'),
  DIVISION_OUT_OF_SCOPE: defineError(
    'DIVISION_OUT_OF_SCOPE',
    403,
    '您只能办理本行政区划及下辖区划的发放业务',
    'you may only act for your own division or a division under it',
  ),
  INVALID_RUN_ID: defineError(
    'INVALID_RUN_ID',
    400,
    '发放批次编号格式不正确（应为 待遇类别-区划代码-期间-序号，如 tefu-330402-2025-01-1）',
    'not a payment run id (expected <benefit>-<divisionCode>-<period>-<seq>, e.g. tefu-330402-2025-01-1)',
  ),
  RUN_NOT_FOUND: defineError('RUN_NOT_FOUND', 404, '未找到该发放批次', 'no such payment run'),
  RUN_IN_PROGRESS: defineError(
    'RUN_IN_PROGRESS',
    409,
    '该发放批次正在由他人办理，请稍后查看结果或重新发起以继续',
    'this payment run is being worked on by another request; look at its progress or ask again to continue it',
  ),
} as const;
