import { defineError } from '@benefits/kernel';

/** Refusals of the HTTP edge: each a stable code with a Chinese and an English message. */
export const EdgeErrors = {
  UNSUPPORTED_CHARSET: defineError(
    'UNSUPPORTED_CHARSET',
    415,
    '请求内容的字符集不受支持，请使用 UTF-8 编码提交',
    'the request body charset is not supported; send UTF-8',
  ),
  UNSUPPORTED_CONTENT_ENCODING: defineError(
    'UNSUPPORTED_CONTENT_ENCODING',
    415,
    '请求内容的压缩方式不受支持（仅支持 gzip、deflate 或不压缩）',
    'the request Content-Encoding is not supported (gzip, deflate or none)',
  ),
  MALFORMED_CONTENT_ENCODING: defineError(
    'MALFORMED_CONTENT_ENCODING',
    400,
    '请求内容无法按所声明的压缩方式解压',
    'the request body could not be decompressed with its declared Content-Encoding',
  ),
  INVALID_TEXT: defineError(
    'INVALID_TEXT',
    400,
    '提交的文字中含有不允许的控制字符或无效字符，请删除后重新提交',
    'a text in the request contains a control character or an unpaired surrogate',
  ),
  RATE_LIMITED: defineError('RATE_LIMITED', 429, '请求过于频繁，请稍后再试', 'too many requests; retry later'),
  HEADERS_TOO_LARGE: defineError(
    'HEADERS_TOO_LARGE',
    431,
    '请求头过大，请减少请求头内容后重试',
    'the request headers are too large',
  ),
  MALFORMED_REQUEST: defineError('MALFORMED_REQUEST', 400, '请求格式不正确', 'the HTTP request is malformed'),
} as const;
