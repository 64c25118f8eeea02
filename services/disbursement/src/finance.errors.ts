import { defineError } from '@benefits/kernel';

/** Errors of the money path after a payment is created: envelopes, holds, bank returns, follow-ups (ADR 0011). */
export const FinanceErrors = {
  INVALID_ENVELOPE_ID: defineError('INVALID_ENVELOPE_ID', 400, '发放批次编号格式不正确', 'not an envelope id (expected <benefit>-<division>-<period>-<seq>)'),
  ENVELOPE_NOT_FOUND: defineError('ENVELOPE_NOT_FOUND', 404, '未找到该发放批次（或批次尚未生成完毕）', 'no such envelope (or its run has not completed)'),
  ENVELOPE_SAME_ACTOR: defineError(
    'ENVELOPE_SAME_ACTOR',
    403,
    '审批人不能是该批次的制单人（经办与审核须由不同人员完成）',
    'the approver prepared this envelope: a different person must approve it (maker-checker)',
  ),
  ENVELOPE_NOT_APPROVED: defineError('ENVELOPE_NOT_APPROVED', 409, '批次尚未经财政审核，不能导出银行文件', 'the envelope is not approved: no bank file can be exported'),
  ENVELOPE_ALREADY_APPROVED: defineError('ENVELOPE_ALREADY_APPROVED', 409, '批次已审核，已冻结', 'the envelope is already approved and frozen'),
  ENVELOPE_NOT_EXPORTED: defineError('ENVELOPE_NOT_EXPORTED', 409, '批次尚未导出银行文件，不能导入回盘', 'no bank file was exported for this envelope: no return can be imported'),
  ENVELOPE_CLOSED: defineError('ENVELOPE_CLOSED', 409, '批次已关闭', 'the envelope is closed'),
  ENVELOPE_NOT_SETTLED: defineError(
    'ENVELOPE_NOT_SETTLED',
    409,
    '批次仍有未回盘的发放记录，不能关闭',
    'payments of the envelope still await a bank return: it cannot be closed',
  ),
  ENVELOPE_ACCOUNTS_CHANGED: defineError(
    'ENVELOPE_ACCOUNTS_CHANGED',
    409,
    '导出后有受益人账户发生变更，重新导出会得到不同的文件；已发送银行的文件以首次导出记录为准，失败的发放通过补发处理',
    'accounts changed since the first export, so exporting again would give different bytes; the file sent to the bank is the one recorded, failed payments are reissued as follow-ups',
  ),
  HOLD_NOT_OPEN: defineError('HOLD_NOT_OPEN', 409, '该发放记录不处于暂缓发放状态', 'the payment is not held'),
  HOLD_RELEASE_NOT_ALLOWED: defineError(
    'HOLD_RELEASE_NOT_ALLOWED',
    409,
    '待补录账户的发放记录须补录账户后自动纳入下一批次，不能直接放行',
    'a payment held for a missing account is carried into the next run once the account is recorded; it cannot be released by decision',
  ),
  RETURN_UNKNOWN_PAYMENT: defineError('RETURN_UNKNOWN_PAYMENT', 422, '回盘文件中的发放记录不属于该批次', 'the return file names payments that are not in this envelope'),
  RETURN_NOT_APPLICABLE: defineError(
    'RETURN_NOT_APPLICABLE',
    422,
    '回盘文件中有与发放记录状态不符的行，未作任何处理',
    'the return file has lines that do not fit the payments\' state; nothing was applied',
  ),
  ENVELOPE_ACCOUNT_UNUSABLE: defineError(
    'ENVELOPE_ACCOUNT_UNUSABLE',
    409,
    '批次中有受益人的账户已不可用（已销户或已删除），不能生成银行文件；请先补录账户',
    'beneficiaries of the envelope no longer have a usable account (closed or erased): no bank file; record their accounts first',
  ),
  ENVELOPE_TOTALS_MISMATCH: defineError(
    'ENVELOPE_TOTALS_MISMATCH',
    500,
    '银行文件与批次控制数不一致，未导出',
    'the bank file does not match the envelope\'s control totals; nothing was exported',
  ),
  ENVELOPE_CHANGED: defineError('ENVELOPE_CHANGED', 409, '批次或发放记录已被他人同时修改，请刷新后重试', 'the envelope or a payment changed meanwhile; reload and retry'),
  FOLLOW_UP_NOT_ALLOWED: defineError('FOLLOW_UP_NOT_ALLOWED', 409, '只有发放失败或被退回的记录才能补发', 'only a failed or reversed payment can be reissued'),
};

export type FinanceErrorCode = keyof typeof FinanceErrors;
