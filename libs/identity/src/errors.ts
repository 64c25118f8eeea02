import { DomainError } from '@benefits/kernel';
/**
 * Typed errors of the identity library. They have the shape of the kernel's domain errors
 * (`code`, `status`, `messageZh`, `messageEn`, `details`) so the HTTP layer maps them the same way:
 * `{ code, message: { zh, en }, details? }`. `code` is stable; messages may be refined.
 */
export class IdentityError extends DomainError {
  constructor(code: string, status: number, messageZh: string, messageEn: string, details?: Record<string, unknown>) {
    super(code, status, messageZh, messageEn, details);
    this.name = 'IdentityError';
  }
}

export function isIdentityError(error: unknown, code?: string): error is IdentityError {
  return error instanceof IdentityError && (code === undefined || error.code === code);
}

/** Why a bearer token was refused. The code is always UNAUTHENTICATED; this goes into `details.reason`. */
export type UnauthenticatedReason =
  | 'missing'
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'invalid_claims';

const unauthenticatedMessages: Record<UnauthenticatedReason, [zh: string, en: string]> = {
  missing: ['缺少身份令牌：请在 Authorization 头中提供 Bearer 令牌', 'missing bearer token: send "Authorization: Bearer <token>"'],
  malformed: ['身份令牌格式不正确，请重新获取令牌', 'the bearer token is malformed; obtain a new token'],
  bad_signature: ['身份令牌签名无效（可能被伪造或来自其他系统）', 'the bearer token signature is not valid (forged, or issued by another system)'],
  expired: ['身份令牌已过期，请重新登录获取令牌', 'the bearer token has expired; obtain a new token'],
  not_yet_valid: ['身份令牌尚未生效，请检查系统时间', 'the bearer token is not valid yet; check the clocks'],
  wrong_issuer: ['身份令牌的签发方不受本系统信任', 'the bearer token was issued by an issuer this system does not trust'],
  wrong_audience: ['身份令牌不是签发给本系统的', 'the bearer token was issued for another audience'],
  invalid_claims: ['身份令牌中的用户、角色或行政区划代码无效', 'the bearer token has an invalid subject, role or division code'],
};

export const IdentityErrors = {
  UNAUTHENTICATED(reason: UnauthenticatedReason, extra: Record<string, unknown> = {}): IdentityError {
    const [zh, en] = unauthenticatedMessages[reason];
    return new IdentityError('UNAUTHENTICATED', 401, zh, en, { reason, ...extra });
  },
  /** The identity provider's key set could not be fetched: not the caller's fault, try again later. */
  IDENTITY_PROVIDER_UNAVAILABLE(details?: Record<string, unknown>): IdentityError {
    return new IdentityError(
      'IDENTITY_PROVIDER_UNAVAILABLE',
      503,
      '暂时无法连接身份认证服务，请稍后重试',
      'the identity provider cannot be reached; try again later',
      details,
    );
  },
  INVALID_RESIDENT_ID(details: Record<string, unknown>): IdentityError {
    return new IdentityError('INVALID_RESIDENT_ID', 400, '身份证号码无效', 'invalid resident id number (身份证号)', details);
  },
  INVALID_ARGUMENT(zh: string, en: string, details?: Record<string, unknown>): IdentityError {
    return new IdentityError('INVALID_ARGUMENT', 400, zh, en, details);
  },
  PERSON_NOT_FOUND(personRef: string): IdentityError {
    return new IdentityError('PERSON_NOT_FOUND', 404, '个人信息保管库中没有该人员', 'no such person in the personal-data vault', { personRef });
  },
  PERSON_ALREADY_REGISTERED(personRef: string): IdentityError {
    return new IdentityError(
      'PERSON_ALREADY_REGISTERED',
      409,
      '该身份证号已登记，请使用已有的人员记录',
      'a person with this resident id is already registered; use the existing record',
      { personRef },
    );
  },
  /** The person's data key was destroyed (crypto-shredding); nothing new can be sealed for them. */
  PERSON_ERASED(personRef: string): IdentityError {
    return new IdentityError('PERSON_ERASED', 409, '该人员的个人信息已依法删除，不能再写入', "this person's personal data has been erased; nothing can be added", { personRef });
  },
  SEALED_DATA_INVALID(details?: Record<string, unknown>): IdentityError {
    return new IdentityError('SEALED_DATA_INVALID', 400, '加密个人信息格式无效', 'the sealed personal data is not well-formed', details);
  },
  /** Configuration: the vault master key is missing or not 32 bytes of base64. */
  VAULT_MASTER_KEY_INVALID(details?: Record<string, unknown>): IdentityError {
    return new IdentityError(
      'VAULT_MASTER_KEY_INVALID',
      500,
      '个人信息保管库主密钥配置无效（需要 32 字节 base64）',
      'the vault master key is missing or invalid (32 bytes, base64 expected)',
      details,
    );
  },
  /** The configured master key is not the one that wrapped the stored data keys. */
  VAULT_MASTER_KEY_MISMATCH(details?: Record<string, unknown>): IdentityError {
    return new IdentityError(
      'VAULT_MASTER_KEY_MISMATCH',
      500,
      '个人信息保管库主密钥与已保存的数据密钥不匹配',
      'the configured vault master key is not the key that wrapped the stored data keys',
      details,
    );
  },
  /** Authentication of stored key material or of a ciphertext failed: it was altered or damaged. */
  VAULT_INTEGRITY_FAILURE(details?: Record<string, unknown>): IdentityError {
    return new IdentityError(
      'VAULT_INTEGRITY_FAILURE',
      500,
      '加密数据完整性校验失败（数据被篡改或损坏）',
      'integrity check of encrypted data failed (altered or damaged)',
      details,
    );
  },
} as const;
