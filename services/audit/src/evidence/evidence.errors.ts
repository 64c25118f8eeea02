import { defineError } from '@benefits/kernel';

/** Errors of evidence packages and the personal-data access log a caller can cause. Codes are stable. */
export const EvidenceErrors = {
  FINDING_NOT_FOUND: defineError('FINDING_NOT_FOUND', 404, '未找到该疑点', 'no such finding'),
  EVIDENCE_STREAM_MISSING: defineError(
    'EVIDENCE_STREAM_MISSING',
    409,
    '疑点引用的证据流不存在或尚未达到引用的版本',
    'a stream the finding cites as evidence does not exist or has not reached the cited revision',
  ),
  EVIDENCE_PACKAGE_TOO_LARGE: defineError(
    'EVIDENCE_PACKAGE_TOO_LARGE',
    413,
    '证据包过大，请缩小范围',
    'the evidence package would be too large; narrow its scope',
  ),
} as const;
