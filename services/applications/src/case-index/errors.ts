import { defineError } from '@benefits/kernel';

export const CaseIndexErrors = {
  DIVISION_NOT_ALLOWED: defineError(
    'DIVISION_NOT_ALLOWED',
    403,
    '您只能查询本行政区划及其下级区划的案件',
    'you can only list cases of your division and the divisions under it',
  ),
  CASE_INDEX_UNAVAILABLE: defineError(
    'CASE_INDEX_UNAVAILABLE',
    503,
    '案件列表暂时不可用，请稍后再试',
    'the case list is not available at the moment; try again shortly',
  ),
} as const;
