import { Errors } from '@benefits/kernel';
import type { IncomingMessage as Request } from 'node:http';

/** A document file as published (PDF, .docx): 20 MB leaves room for a PDF with images. */
export const MAX_DOCUMENT_BODY_BYTES = 20 * 1024 * 1024;

/** The raw bytes of a request body the shared app does not parse (text/plain, application/pdf, .docx). */
export async function readBinaryBody(request: Request, limit = MAX_DOCUMENT_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw Errors.PAYLOAD_TOO_LARGE({ limitBytes: limit });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function correlationIdOf(request: Request): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : crypto.randomUUID();
}
