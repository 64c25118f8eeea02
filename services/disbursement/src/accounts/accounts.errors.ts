import { defineError } from '@benefits/kernel';

/**
 * Errors of the beneficiaries' accounts (一卡通). Codes are stable; messages may be refined. No
 * error carries the account number or the holder's name in its details.
 */
export const AccountErrors = {
  INVALID_PERSON_REF: defineError('INVALID_PERSON_REF', 400, '人员编号格式不正确（应为 UUID）', 'not a personRef (expected a UUID)'),
  ACCOUNT_NUMBER_INVALID: defineError(
    'ACCOUNT_NUMBER_INVALID',
    400,
    '银行账号（卡号）应为 8 至 30 位数字（可含空格或连字符分隔）',
    'the account number must be 8 to 30 digits (spaces and hyphens between them are allowed)',
  ),
  ACCOUNT_HOLDER_NAME_INVALID: defineError('ACCOUNT_HOLDER_NAME_INVALID', 400, '户名不能为空，且不超过 50 个字', 'the holder name must be 1 to 50 characters'),
  ACCOUNT_BANK_CODE_INVALID: defineError(
    'ACCOUNT_BANK_CODE_INVALID',
    400,
    '银行代码应为 3 至 12 位数字或大写字母（如行别代码 102 或 12 位联行号）',
    'the bank code must be 3 to 12 digits or capital letters (e.g. a 3-digit bank code or a 12-digit CNAPS code)',
  ),
  ACCOUNT_BANK_NAME_INVALID: defineError('ACCOUNT_BANK_NAME_INVALID', 400, '开户银行名称不能为空，且不超过 60 个字', 'the bank name must be 1 to 60 characters'),
  ACCOUNT_CARD_TYPE_INVALID: defineError('ACCOUNT_CARD_TYPE_INVALID', 400, '卡类型应为“社保卡”或“银行卡”', "the card type must be '社保卡' or '银行卡'"),
  ACCOUNT_EVIDENCE_REQUIRED: defineError(
    'ACCOUNT_EVIDENCE_REQUIRED',
    400,
    '登记、变更或注销账户须提供依据材料（材料类别和编号）',
    'recording, changing or closing an account needs evidence (its kind and a reference)',
  ),
  ACCOUNT_REASON_REQUIRED: defineError('ACCOUNT_REASON_REQUIRED', 400, '变更或注销账户须说明理由', 'a reason is required to change or close an account'),
  ACCOUNT_NOT_FOUND: defineError('ACCOUNT_NOT_FOUND', 404, '该人员尚未登记发放账户', 'no account has been recorded for this person'),
  ACCOUNT_CLOSED: defineError('ACCOUNT_CLOSED', 409, '该发放账户已注销，请重新登记新账户', 'the account is closed; record a new one instead'),
  ACCOUNT_ALREADY_RECORDED: defineError(
    'ACCOUNT_ALREADY_RECORDED',
    409,
    '该人员已登记发放账户，如需更换请办理账户变更',
    'an account is already recorded for this person; change it instead',
  ),
  ACCOUNT_SEALED_INVALID: defineError(
    'ACCOUNT_SEALED_INVALID',
    500,
    '账户信息加密结果与人员不符，请联系系统管理员',
    'the sealed account does not belong to this person (internal error)',
  ),
} as const;
