import { defineError } from '@benefits/kernel';

/** Errors of the funding split (支出责任). Codes are stable; messages may be refined. */
export const FundingErrors = {
  INVALID_FUNDING_SHARES: defineError(
    'INVALID_FUNDING_SHARES',
    400,
    '分担比例不正确：中央、省、市、县四级比例须为 0 至 10000 的整数（万分比），合计恰好 10000',
    'the funding shares are not valid: central, provincial, city and county must be integers 0..10000 (basis points) summing to exactly 10000',
  ),
  FUNDING_SOURCE_MISSING: defineError(
    'FUNDING_SOURCE_MISSING',
    400,
    '发布分担比例须注明依据的文件及条款',
    'a funding-share publication must cite the document and the clause it rests on',
  ),
  INVALID_FROM_PERIOD: defineError(
    'INVALID_FROM_PERIOD',
    400,
    '起始期间不正确（格式应为 YYYY-MM）',
    'the period the shares apply from is not valid (expected YYYY-MM)',
  ),
  FUNDING_SHARES_MISSING: defineError(
    'FUNDING_SHARES_MISSING',
    404,
    '该待遇在本区划（及上级市、省）尚未发布该期间适用的资金分担比例',
    'no funding shares in force for this benefit and period, neither for the division nor for its city or province',
  ),
  FUNDING_STREAM_MISMATCH: defineError(
    'FUNDING_STREAM_MISMATCH',
    400,
    '分担比例的待遇类别或区划与所发布的记录不一致',
    'the publication names a different benefit or division than the funding stream it is published on',
  ),
} as const;
