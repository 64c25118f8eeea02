import { Errors } from '@benefits/kernel';
import type { IncomingMessage as Request } from 'node:http';

/** Large enough for any standards document converted to text (the shipped ones are under 100 kB). */
export const MAX_TEXT_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The raw UTF-8 text of a `text/plain` request. The shared app parses JSON only, so a text body is
 * still unread on the request stream here.
 */
export async function readTextBody(request: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_TEXT_BODY_BYTES) throw Errors.PAYLOAD_TOO_LARGE({ limitBytes: MAX_TEXT_BODY_BYTES });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function correlationIdOf(request: Request): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : crypto.randomUUID();
}
