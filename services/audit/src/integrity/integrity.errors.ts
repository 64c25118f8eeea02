import { defineError } from '@benefits/kernel';

/** Errors of tamper evidence (ADR 0012 §4) a caller can meet. Codes are stable; messages may be refined. */
export const IntegrityErrors = {
  VERIFICATION_NOT_FOUND: defineError('VERIFICATION_NOT_FOUND', 404, '未找到该核验任务', 'no such verification'),
  ANCHOR_KEY_MISSING: defineError(
    'ANCHOR_KEY_MISSING',
    503,
    '未配置锚定签名密钥（生产模式须通过 BENEFITS_AUDIT_ANCHOR_KEY_FILE 提供）',
    'no anchor signing key is configured (in production mode give one with BENEFITS_AUDIT_ANCHOR_KEY_FILE)',
  ),
  ANCHOR_KEY_INVALID: defineError('ANCHOR_KEY_INVALID', 503, '锚定签名密钥不是 Ed25519 密钥', 'the anchor signing key is not an Ed25519 key'),
  ANCHOR_WRITE_FAILED: defineError('ANCHOR_WRITE_FAILED', 503, '无法写入锚定文件', 'the anchor file could not be written'),
} as const;

/** Codes of findings in a verification report (data, not HTTP errors). */
export const FINDING_CODES = {
  CHAIN_BROKEN: '哈希链断裂 / a hash-chain link does not verify',
  ANCHOR_MISMATCH: '与锚定的链头不符 / the stream no longer matches its anchored head',
  ANCHOR_SIGNATURE_INVALID: '锚定文件签名无效 / an anchor file’s signature does not verify',
  LOG_SHORTER_THAN_ANCHORED: '日志比锚定时短 / the log ends before the anchored log head',
} as const;
