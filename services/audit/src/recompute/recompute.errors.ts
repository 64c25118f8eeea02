import { defineError } from '@benefits/kernel';

/** Errors of recomputation (ADR 0012 §3) a caller can cause. Codes are stable; messages may be refined. */
export const RecomputeErrors = {
  RECOMPUTATION_NOT_FOUND: defineError('RECOMPUTATION_NOT_FOUND', 404, '未找到该重算报告', 'no recomputation with this id'),
  RECOMPUTATION_SCOPE_CONFLICT: defineError(
    'RECOMPUTATION_SCOPE_CONFLICT',
    409,
    '该重算编号已用于另一范围的重算',
    'this recomputation id was already used for another scope',
  ),
  RECOMPUTATION_CURSOR_INVALID: defineError('RECOMPUTATION_CURSOR_INVALID', 400, '分页游标无效', 'the cursor is not one this report gave'),
} as const;
