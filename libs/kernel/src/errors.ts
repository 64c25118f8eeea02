/**
 * Errors a user can cause. Each has a stable UPPER_SNAKE `code` that clients and tests match on,
 * an HTTP status in the 4xx range (5xx only for our own faults), and a message in Chinese for the
 * officer and in English for logs and integrators. Messages may be refined; codes never change.
 */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details?: ErrorDetails,
  ) {
    super(messageEn);
    this.name = 'DomainError';
  }
}

/** A factory that also tells which code it produces, so callers can match without string literals. */
export interface ErrorFactory {
  (details?: ErrorDetails): DomainError;
  readonly code: string;
  readonly status: number;
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export function defineError(code: string, status: number, messageZh: string, messageEn: string): ErrorFactory {
  if (!CODE.test(code)) throw new TypeError(`error code must be UPPER_SNAKE: ${code}`);
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new TypeError(`error status must be 4xx or 5xx: ${status}`);
  const factory = (details?: ErrorDetails) => new DomainError(code, status, messageZh, messageEn, details);
  return Object.assign(factory, { code, status });
}

export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

/** The body every HTTP endpoint returns on error. */
export interface Problem {
  code: string;
  message: { zh: string; en: string };
  details?: ErrorDetails;
}

/**
 * Accepts anything shaped like a DomainError (other libraries define their own error classes with
 * the same fields) so that one mapping serves every endpoint.
 */
export function toProblem(error: Pick<DomainError, 'code' | 'messageZh' | 'messageEn' | 'details'>): Problem {
  const problem: Problem = { code: error.code, message: { zh: error.messageZh, en: error.messageEn } };
  if (error.details !== undefined) problem.details = error.details;
  return problem;
}

export const Errors = {
  VALIDATION_FAILED: defineError('VALIDATION_FAILED', 400, '请求参数不合法，请检查后重新提交', 'the request is not valid'),
  UNKNOWN_FIELD: defineError(
    'UNKNOWN_FIELD',
    400,
    '请求中含有系统不认识的字段，请删除后重新提交',
    'the request contains fields this endpoint does not accept',
  ),
  MALFORMED_JSON: defineError('MALFORMED_JSON', 400, '请求内容不是有效的 JSON', 'the request body is not valid JSON'),
  INVALID_AMOUNT: defineError('INVALID_AMOUNT', 400, '金额格式不正确（以元为单位，最多两位小数）', 'the amount is not valid (yuan with at most two decimals)'),
  INVALID_RATE: defineError('INVALID_RATE', 400, '比例或费率不正确', 'the rate is not valid'),
  INVALID_DATE: defineError('INVALID_DATE', 400, '日期不正确（格式应为 YYYY-MM-DD）', 'the date is not valid (expected YYYY-MM-DD)'),
  INVALID_PERIOD: defineError('INVALID_PERIOD', 400, '待遇期间不正确', 'the benefit period is not valid'),
  INVALID_ID: defineError('INVALID_ID', 400, '编号格式不正确', 'the identifier is not valid'),
  UNAUTHENTICATED: defineError('UNAUTHENTICATED', 401, '未登录或登录已失效，请重新登录', 'authentication is required'),
  FORBIDDEN: defineError('FORBIDDEN', 403, '您没有办理此项业务的权限', 'you are not allowed to do this'),
  NOT_FOUND: defineError('NOT_FOUND', 404, '未找到相应的记录', 'not found'),
  METHOD_NOT_ALLOWED: defineError('METHOD_NOT_ALLOWED', 405, '该地址不支持此请求方式', 'this method is not allowed here'),
  CONFLICT: defineError('CONFLICT', 409, '该操作与案件当前状态冲突', 'the request conflicts with the current state'),
  STALE_REVISION: defineError(
    'STALE_REVISION',
    412,
    '记录已被他人修改，请刷新后重新办理',
    'the record was changed by someone else (If-Match does not match); reload and try again',
  ),
  PAYLOAD_TOO_LARGE: defineError('PAYLOAD_TOO_LARGE', 413, '提交的内容过大', 'the request body is too large'),
  PRECONDITION_REQUIRED: defineError(
    'PRECONDITION_REQUIRED',
    428,
    '修改记录时必须提供版本号（If-Match 请求头）',
    'an If-Match header with the current revision is required for updates',
  ),
  INTERNAL_ERROR: defineError('INTERNAL_ERROR', 500, '系统内部错误，请联系系统管理员', 'internal error'),
  CONFIGURATION_INVALID: defineError('CONFIGURATION_INVALID', 500, '系统配置有误，请联系系统管理员', 'the runtime configuration is not valid'),
} as const;
