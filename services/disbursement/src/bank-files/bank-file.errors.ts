import { defineError } from '@benefits/kernel';

/**
 * Errors of the bank-file layer (layouts, bank files, return files). Codes are stable; messages may be
 * refined. A return file's problems are collected into one `RETURN_FILE_INVALID` whose
 * `details.issues` lists each problem with its file line number and one of `RETURN_ISSUE_CODES`.
 */
export const BankFileErrors = {
  BANK_LAYOUT_INVALID: defineError(
    'BANK_LAYOUT_INVALID',
    500,
    '银行文件版式配置有误，请联系系统管理员',
    'a bank-file layout file is not valid',
  ),
  BANK_LAYOUT_NOT_FOUND: defineError('BANK_LAYOUT_NOT_FOUND', 404, '未找到该银行文件版式', 'no such bank-file layout'),
  BANK_FILE_LINE_INVALID: defineError(
    'BANK_FILE_LINE_INVALID',
    422,
    '发放明细中有无法写入银行文件的内容（如字段含分隔符、换行、引号，或含该编码不能表示的字符），未生成文件；请核对后重新导出',
    'some payment lines cannot be written in this bank-file layout (a field contains the separator, a newline or a quote, a character the encoding cannot represent, or a value is missing or out of range); no file was produced',
  ),
  RETURN_FILE_INVALID: defineError(
    'RETURN_FILE_INVALID',
    422,
    '银行回盘文件有误，未作任何处理；请按所列行号核对后重新导入',
    'the bank return file has problems (listed with their line numbers); nothing was applied',
  ),
} as const;

/** Problems a return file can have; each is reported with the 1-based line number of the file. */
export const RETURN_ISSUE_CODES = {
  RETURN_EMPTY: { zh: '回盘文件为空', en: 'the return file is empty' },
  RETURN_ENCODING_MISMATCH: {
    zh: '该行字节不符合所声明的字符编码（例如 GBK 文件被声明为 UTF-8）',
    en: 'the bytes of this line are not valid in the declared encoding (e.g. a GBK file declared as UTF-8)',
  },
  RETURN_HEADER_MISSING: { zh: '缺少文件头记录', en: 'the header record is missing' },
  RETURN_TRAILER_MISSING: { zh: '缺少文件尾记录', en: 'the trailer record is missing' },
  RETURN_LINE_MALFORMED: { zh: '该行字段数或字段内容不正确', en: 'the line has the wrong number of fields or a malformed field' },
  RETURN_AMOUNT_MALFORMED: { zh: '金额格式不正确', en: 'the amount is malformed' },
  RETURN_STATUS_UNKNOWN: { zh: '银行处理状态代码不认识', en: 'unknown bank status code' },
  RETURN_DUPLICATE_LINE: {
    zh: '同一笔发放在本文件中以相同状态重复出现',
    en: 'the same payment appears twice in this file with the same status',
  },
  RETURN_PAYMENT_UNKNOWN: { zh: '回盘中的发放记录编号不属于该批次', en: 'the payment id is not one of the envelope' },
  RETURN_ENVELOPE_MISMATCH: { zh: '回盘文件头的批次编号与所导入的批次不一致', en: 'the header names another envelope' },
  RETURN_TOTALS_MISMATCH: {
    zh: '文件头或文件尾的笔数、金额合计与明细不符',
    en: 'the header or trailer count or total does not add up to the detail lines',
  },
} as const;

export type ReturnIssueCode = keyof typeof RETURN_ISSUE_CODES;

/** Codes that concern the file as a whole: they make the file fail in `partial` mode too. */
export const FILE_LEVEL_ISSUES: ReadonlySet<ReturnIssueCode> = new Set<ReturnIssueCode>([
  'RETURN_EMPTY',
  'RETURN_ENCODING_MISMATCH',
  'RETURN_HEADER_MISSING',
  'RETURN_TRAILER_MISSING',
  'RETURN_ENVELOPE_MISMATCH',
  'RETURN_TOTALS_MISMATCH',
]);
