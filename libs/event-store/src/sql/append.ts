import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, hashInput, sha256Hex, type HashableEvent, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError } from '../errors';
import type { ActualRevision, AppendResult, CreateOutcome, ExpectedRevision, StreamAppend, StreamCreate } from '../event-store';
import { SQL } from './schema';
import type { SqlSession } from './sql-database';
import { encodePosition, parseRevision } from './sql-position';

interface StreamHead {
  revision: number;
  hash: string;
}

/**
 * Appends to one stream inside the caller's transaction. Exported for tests that must hold an
 * append's transaction open; everything else goes through `EventStore.appendToStream`.
 */
export async function appendInTransaction(
  session: SqlSession,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) throw new RangeError(`nothing to append to stream ${streamId}`);
  const wanted = normaliseExpected(expected);
  // First statement, before anything is written: see "Per-stream order" in schema.ts.
  await session.query(SQL.lockStream, [streamId]);
  const head = await readStreamHead(session, streamId);
  checkExpected(streamId, expected, wanted, head);
  const chained = chainAll(streamId, events, head);
  const [result] = await insertChained(session, chained, [streamId]);
  await session.query(SQL.notifyAppended);
  return result;
}

/**
 * Appends to many streams inside the caller's transaction: locks (sorted), one head query, one
 * insert for every event. Any expected revision not met throws before anything is written.
 */
export async function appendManyInTransaction(session: SqlSession, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  if (appends.length === 0) return [];
  const ids = appends.map((a) => a.streamId);
  checkDistinct(ids);
  const wanted = appends.map((a) => {
    if (a.events.length === 0) throw new RangeError(`nothing to append to stream ${a.streamId}`);
    return normaliseExpected(a.expectedRevision);
  });
  await lockStreams(session, ids);
  const heads = await readStreamHeads(session, ids);
  appends.forEach((a, i) => checkExpected(a.streamId, a.expectedRevision, wanted[i], heads.get(a.streamId) ?? null));
  const chained = appends.flatMap((a) => chainAll(a.streamId, a.events, heads.get(a.streamId) ?? null));
  const results = await insertChained(session, chained, ids);
  await session.query(SQL.notifyAppended);
  return results;
}

/** Creates the streams that do not exist yet, inside the caller's transaction; see `EventStore.createIfAbsent`. */
export async function createIfAbsentInTransaction(session: SqlSession, creates: readonly StreamCreate[]): Promise<CreateOutcome[]> {
  if (creates.length === 0) return [];
  const ids = creates.map((c) => c.streamId);
  checkDistinct(ids);
  for (const c of creates) if (c.events.length === 0) throw new RangeError(`nothing to append to stream ${c.streamId}`);
  await lockStreams(session, ids);
  const heads = await readStreamHeads(session, ids);
  const absent = creates.filter((c) => !heads.has(c.streamId));
  const results = new Map<string, AppendResult>();
  if (absent.length > 0) {
    const chained = absent.flatMap((c) => chainAll(c.streamId, c.events, null));
    const appended = await insertChained(session, chained, absent.map((c) => c.streamId));
    absent.forEach((c, i) => results.set(c.streamId, appended[i]));
    await session.query(SQL.notifyAppended);
  }
  return creates.map((c) => {
    const result = results.get(c.streamId) ?? null;
    return { streamId: c.streamId, outcome: result ? 'created' : 'existed', result };
  });
}

function checkDistinct(ids: readonly string[]): void {
  if (new Set(ids).size !== ids.length) throw new RangeError('a batched append names the same stream more than once');
}

/** First statement of the transaction, before anything is written: see "Per-stream order" in schema.ts. */
async function lockStreams(session: SqlSession, ids: readonly string[]): Promise<void> {
  await session.query(SQL.lockStreams, [[...ids].sort()]);
}

async function readStreamHeads(session: SqlSession, ids: readonly string[]): Promise<Map<string, StreamHead>> {
  const rows = await session.query<{ stream_id: string; revision: string; hash: string }>(SQL.streamHeads, [ids]);
  return new Map(rows.map((r) => [r.stream_id, { revision: parseRevision(r.revision), hash: r.hash }]));
}

function chainAll(streamId: string, events: readonly NewEvent[], head: StreamHead | null): ChainedNewEvent[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : GENESIS_HASH;
  return events.map((event) => {
    revision += 1;
    const chained = chain(event, streamId, revision, prevHash);
    prevHash = chained.hash;
    return chained;
  });
}

/** One INSERT for every row; the result per stream (in `streamOrder`) names its last event. */
async function insertChained(session: SqlSession, rows: readonly ChainedNewEvent[], streamOrder: readonly string[]): Promise<AppendResult[]> {
  const inserted = await session.query<{ stream_id: string; revision: string; transaction_id: string; position: string }>(SQL.insertEvents, [
    rows.map((r) => r.eventId),
    rows.map((r) => r.streamId),
    rows.map((r) => String(r.streamRevision)),
    rows.map((r) => r.type),
    rows.map((r) => r.hashedText),
    rows.map((r) => r.hash),
    rows.map((_, i) => i),
  ]);
  const last = new Map<string, AppendResult>();
  for (const row of inserted) {
    const revision = parseRevision(row.revision);
    const seen = last.get(row.stream_id);
    if (!seen || seen.nextExpectedRevision < revision) {
      last.set(row.stream_id, { nextExpectedRevision: revision, position: encodePosition({ transactionId: row.transaction_id, serial: row.position }) });
    }
  }
  return streamOrder.map((id) => last.get(id)!);
}

export async function readStreamHead(session: SqlSession, streamId: string): Promise<StreamHead | null> {
  const rows = await session.query<{ revision: string; hash: string }>(SQL.streamHead, [streamId]);
  return rows.length === 0 ? null : { revision: parseRevision(rows[0].revision), hash: rows[0].hash };
}

export function actualRevision(head: StreamHead | null): ActualRevision {
  return head ? head.revision : 'no_stream';
}

function normaliseExpected(expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected === 'string') {
    if (expected === 'no_stream' || expected === 'any' || expected === 'stream_exists') return expected;
    throw new RangeError(`unknown expected revision ${JSON.stringify(expected)}`);
  }
  const revision = typeof expected === 'bigint' ? Number(expected) : expected;
  if (!Number.isSafeInteger(revision) || revision < 0) {
    throw new RangeError(`expected revision must be a non-negative integer, got ${String(expected)}`);
  }
  return revision;
}

function checkExpected(streamId: string, given: ExpectedRevision, wanted: ExpectedRevision, head: StreamHead | null): void {
  const ok =
    wanted === 'any' ||
    (wanted === 'no_stream' && head === null) ||
    (wanted === 'stream_exists' && head !== null) ||
    (typeof wanted === 'number' && head !== null && head.revision === wanted);
  if (!ok) throw new WrongExpectedRevisionError(streamId, given, actualRevision(head));
}

export interface ChainedNewEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  hashedText: string;
  hash: string;
}

/**
 * Fills the metadata defaults and links the event to its predecessor (architecture §3). Shared by
 * every adapter, so a stream hashes the same whichever store recorded it.
 */
export function chain(event: NewEvent, streamId: string, streamRevision: number, prevHash: string): ChainedNewEvent {
  const { hash: _callerHash, ...given } = event.metadata as Record<string, unknown>;
  const hashable: HashableEvent = {
    streamId,
    streamRevision,
    type: event.type,
    data: event.data,
    metadata: {
      ...given,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId ?? null,
      actor: event.metadata.actor ?? null,
      schemaVersion: event.metadata.schemaVersion ?? 1,
      prevHash,
    },
  };
  const hashedText = hashInput(hashable);
  return {
    eventId: (event.eventId ?? randomUUID()).toLowerCase(),
    type: event.type,
    streamId,
    streamRevision,
    hashedText,
    hash: sha256Hex(hashedText),
  };
}
