import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors, type DomainError } from '@benefits/kernel';
import { EdgeErrors } from './errors';
import { findInvalidText } from './text';

/** body-parser (a dependency of the express platform) has no type declarations here: the part we use. */
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
interface BodyParser {
  json(options: { limit: string; type: string }): Middleware;
  raw(options: { limit: string; type: string }): Middleware;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bodyParser = require('body-parser') as BodyParser;

/** Encodings a JSON command or an uploaded file may arrive in; the decoded size counts against the body limit. */
const DECODED_ENCODINGS = new Set(['gzip', 'deflate']);
const UTF8 = new Set(['utf-8', 'utf8']);

interface MediaType {
  type: string;
  charset?: string;
}

function mediaTypeOf(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [type, ...params] = header.split(';');
  const mediaType: MediaType = { type: type!.trim().toLowerCase() };
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    mediaType.charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return mediaType;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

const isJson = (type: string) => type === 'application/json';
const isFile = (type: string) => type === 'application/octet-stream';
const isText = (type: string) => type.startsWith('text/');

/**
 * The refusal a request's framing deserves before a byte of its body is read: a charset other than
 * UTF-8 on JSON or text, an encoding other than gzip/deflate, or any encoding on a body the service
 * reads as it is (documents, text) — those readers never decompress.
 */
export function refuseFraming(req: IncomingMessage): DomainError | undefined {
  if (!hasBody(req)) return undefined;
  const mediaType = mediaTypeOf(req.headers['content-type']);
  if (mediaType && (isJson(mediaType.type) || isText(mediaType.type)) && mediaType.charset !== undefined && !UTF8.has(mediaType.charset)) {
    return EdgeErrors.UNSUPPORTED_CHARSET({ charset: mediaType.charset.slice(0, 40), supported: ['utf-8'] });
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return undefined;
  const decodable = mediaType !== undefined && (isJson(mediaType.type) || isFile(mediaType.type));
  if (!DECODED_ENCODINGS.has(encoding) || !decodable) {
    return EdgeErrors.UNSUPPORTED_CONTENT_ENCODING({ encoding: encoding.slice(0, 40), supported: decodable ? [...DECODED_ENCODINGS] : [] });
  }
  return undefined;
}

/** The typed refusal of an error raised while reading or parsing a body; undefined: not a body error. */
export function bodyErrorOf(error: unknown, limit: string): DomainError | undefined {
  const e = error as { type?: unknown; code?: unknown; status?: unknown; charset?: unknown; encoding?: unknown };
  switch (e?.type) {
    case 'entity.too.large':
      return Errors.PAYLOAD_TOO_LARGE({ limit });
    case 'entity.parse.failed':
      return Errors.MALFORMED_JSON();
    case 'charset.unsupported':
      return EdgeErrors.UNSUPPORTED_CHARSET({ charset: String(e.charset ?? '').slice(0, 40), supported: ['utf-8'] });
    case 'encoding.unsupported':
      return EdgeErrors.UNSUPPORTED_CONTENT_ENCODING({ encoding: String(e.encoding ?? '').slice(0, 40), supported: [...DECODED_ENCODINGS] });
    case 'request.aborted':
    case 'request.size.invalid':
      return EdgeErrors.MALFORMED_REQUEST({ reason: e.type });
  }
  // zlib's own errors (Z_DATA_ERROR: not gzip; Z_BUF_ERROR: truncated), passed through by the parser.
  if (typeof e?.code === 'string' && e.code.startsWith('Z_')) return EdgeErrors.MALFORMED_CONTENT_ENCODING({ zlib: e.code });
  return undefined;
}

export interface BodyLimits {
  json: string;
  file: string;
}

/**
 * Reads JSON commands and uploaded files ahead of the app's own parsers (which then find the body
 * read and pass), so that every way a body can be wrong is a typed refusal, and so that every
 * string of a JSON command is valid text (`findInvalidText`).
 */
export function bodyReader(limits: BodyLimits, send: (res: ServerResponse, error: DomainError) => void): Middleware {
  const json = bodyParser.json({ limit: limits.json, type: 'application/json' });
  const file = bodyParser.raw({ limit: limits.file, type: 'application/octet-stream' });
  return (req, res, next) => {
    const framing = refuseFraming(req);
    if (framing) {
      // Answer without reading the body; close the connection so the unread bytes are not taken for a request.
      res.setHeader('Connection', 'close');
      return send(res, framing);
    }
    const type = mediaTypeOf(req.headers['content-type'])?.type ?? '';
    const parser = isJson(type) ? json : isFile(type) ? file : undefined;
    if (!parser || !hasBody(req)) return next();
    parser(req, res, (error?: unknown) => {
      if (error) {
        const refusal = bodyErrorOf(error, isJson(type) ? limits.json : limits.file);
        return refusal ? send(res, refusal) : next(error);
      }
      if (isJson(type)) {
        const invalid = findInvalidText((req as { body?: unknown }).body);
        if (invalid) return send(res, EdgeErrors.INVALID_TEXT({ ...invalid }));
      }
      next();
    });
  };
}
