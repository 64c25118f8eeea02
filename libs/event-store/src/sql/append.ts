import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, hashInput, sha256Hex, type HashableEvent, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError } from '../errors';
import type { ActualRevision, AppendResult, ExpectedRevision } from '../event-store';
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
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : GENESIS_HASH;
  let position = '';
  for (const event of events) {
    revision += 1;
    const inserted = await insertEvent(session, chain(event, streamId, revision, prevHash));
    prevHash = inserted.hash;
    position = inserted.position;
  }
  await session.query(SQL.notifyAppended);
  return { nextExpectedRevision: revision, position };
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

async function insertEvent(session: SqlSession, event: ChainedNewEvent): Promise<{ hash: string; position: string }> {
  const [row] = await session.query<{ transaction_id: string; position: string }>(SQL.insertEvent, [
    event.eventId,
    event.streamId,
    String(event.streamRevision),
    event.type,
    event.hashedText,
    event.hash,
  ]);
  return { hash: event.hash, position: encodePosition({ transactionId: row.transaction_id, serial: row.position }) };
}
