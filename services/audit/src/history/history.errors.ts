import { defineError } from '@benefits/kernel';

/** Errors of the case replay a caller can cause (besides AuditErrors). Codes are stable. */
export const HistoryErrors = {
  INVALID_INSTANT: defineError(
    'INVALID_INSTANT',
    400,
    'asKnownAt 不是带时区偏移的 ISO-8601 时刻（例如 2026-03-01T00:00:00+08:00）',
    'asKnownAt is not an ISO-8601 instant with an offset (e.g. 2026-03-01T00:00:00+08:00)',
  ),
} as const;
