import { defineError, Errors } from '@benefits/kernel';
import { WrongExpectedRevisionError } from '@benefits/event-store';
import { ProblemSchema, z } from './openapi';

/**
 * Optimistic concurrency over HTTP (ADR 0004): a resource's `ETag` is its stream revision in quotes
 * (`"3"`); every update sends it back in `If-Match`. Missing → 428 PRECONDITION_REQUIRED; not the
 * current revision → 412 STALE_REVISION, also when another writer appended between our read and our
 * append (the store's WrongExpectedRevisionError).
 */

export const IF_MATCH_INVALID = defineError(
  'IF_MATCH_INVALID',
  400,
  'If-Match 请求头格式不正确，应为带引号的版本号，如 "3"',
  'the If-Match header is not valid; send the ETag you received, e.g. "3"',
);

/** The ETag of a stream revision: a strong entity tag, `"<revision>"`. */
export function formatETag(revision: number): string {
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`not a stream revision: ${revision}`);
  return `"${revision}"`;
}

const ETAG = /^"(0|[1-9]\d{0,15})"$/;
const BARE = /^(0|[1-9]\d{0,15})$/;

/**
 * The revision an update expects, from its `If-Match` header. A bare number is accepted as well as
 * the quoted ETag (clients built by hand often drop the quotes). `*`, weak tags (`W/"3"`: If-Match
 * compares strongly) and lists are refused: an update must name the one revision it was based on.
 */
export function parseIfMatch(header: string | string[] | undefined): number {
  if (header === undefined || (typeof header === 'string' && header.trim() === '')) throw Errors.PRECONDITION_REQUIRED();
  if (Array.isArray(header)) throw IF_MATCH_INVALID({ value: header.join(', ') });
  const value = header.trim();
  if (value === '*') throw Errors.PRECONDITION_REQUIRED({ reason: 'If-Match: * does not name a revision' });
  const match = ETAG.exec(value) ?? BARE.exec(value);
  const revision = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(revision)) throw IF_MATCH_INVALID({ value: value.slice(0, 40) });
  return revision;
}

/**
 * 412 unless the client's revision is the stream's current one (`'no_stream'` never matches).
 * `authorise` (throwing the caller's refusal, e.g. 403 for a case of another division) runs before
 * a stale revision is reported: a 412 carries the current revision, which a caller who may not act
 * on the resource must not learn.
 */
export function assertCurrentRevision(expected: number, actual: number | 'no_stream', authorise?: () => void): void {
  if (actual === expected) return;
  authorise?.();
  throw Errors.STALE_REVISION({ expected, actual });
}

/**
 * Runs an append and maps a lost race (someone appended after we read) to 412 STALE_REVISION.
 * Nothing was written in that case: the store checks the revision in the same transaction.
 */
export async function appendOrStale<T>(append: () => Promise<T>): Promise<T> {
  try {
    return await append();
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) {
      throw Errors.STALE_REVISION({ expected: String(error.expected), actual: error.actual });
    }
    throw error;
  }
}

/** The part of a response object the helpers need (express and Node's ServerResponse both fit). */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

export function setETag(response: HeaderSink, revision: number): void {
  response.setHeader('ETag', formatETag(revision));
}

// --- OpenAPI pieces, so every workflow documents the convention the same way -----------------

export const IfMatchHeaderSchema = z.object({
  'if-match': z.string().openapi({
    description: 'The ETag (stream revision) the update is based on, e.g. "3". Missing → 428; not current → 412.',
    example: '"3"',
  }),
});

export const etagResponseHeader = {
  ETag: { description: 'The stream revision after the request, as a strong ETag ("3"); send it as If-Match on the next update.', schema: { type: 'string' as const } },
};

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });

/** Error responses of every update that requires If-Match. */
export const revisionErrors = {
  412: problem('If-Match is not the current revision (STALE_REVISION); reload and retry. Nothing was written.'),
  428: problem('If-Match is missing (PRECONDITION_REQUIRED)'),
} as const;
