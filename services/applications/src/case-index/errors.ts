import { defineError } from '@benefits/kernel';

export const CaseIndexErrors = {
  DIVISION_NOT_ALLOWED: defineError(
    'DIVISION_NOT_ALLOWED',
    403,
    '您只能查询本行政区划及其下级区划的案件',
    'you can only list cases of your division and the divisions under it',
  ),
} as const;
