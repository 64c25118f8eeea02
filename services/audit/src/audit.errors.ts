import { defineError } from '@benefits/kernel';

/** Errors of the audit service a caller can cause. Codes are stable; messages may be refined. */
export const AuditErrors = {
  CASE_NOT_FOUND: defineError('CASE_NOT_FOUND', 404, '未找到该案件（或在指定的时点尚不存在）', 'no such case (or not yet at the given log position)'),
  INVALID_POSITION: defineError(
    'INVALID_POSITION',
    400,
    'asKnownAt 不是本系统的日志位置',
    'asKnownAt is not a log position of this store',
  ),
  DIVISION_OUT_OF_SCOPE: defineError(
    'DIVISION_OUT_OF_SCOPE',
    403,
    '该案件不属于您所在行政区划（或其下级）',
    'the case is outside your division and the divisions under it',
  ),
} as const;
