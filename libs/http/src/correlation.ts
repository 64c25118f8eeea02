import type { IncomingMessage } from 'node:http';
import { newId } from '@benefits/kernel';

/** What a caller may send as `X-Correlation-Id`: a short token, so it is safe in logs and headers. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The correlation id of a request: the caller's `X-Correlation-Id` when it is a sane token, else a
 * new id. Every event the request causes carries it in its metadata, and so does every event those
 * cause in turn, so one officer's action can be followed across services.
 */
export function correlationIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
}

/**
 * Settles a request's correlation id once, at the edge: a missing or unusable `X-Correlation-Id`
 * is replaced in the request's headers by a new id, so every later `correlationIdOf` — the events'
 * metadata, the log lines, the response header — gives the same id.
 */
export function normaliseCorrelationId(request: Pick<IncomingMessage, 'headers'>): string {
  const id = correlationIdOf(request);
  request.headers['x-correlation-id'] = id;
  return id;
}
