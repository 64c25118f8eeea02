import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, hashInput, sha256Hex, type HashableEvent, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError } from '../errors';
import type { ActualRevision, AppendResult, ExpectedRevision } from '../event-store';
import { EXPECT_CODE, SQL } from './schema';
import type { SqlDatabase, SqlSession } from '@benefits/sql';
import { encodePosition, parseRevision } from './sql-position';

/**
 * Appending on the SQL stores. Every append — one stream or many — goes through `append_batch`
 * (schema.ts): rows are chained here on an assumed head, and the database locks, checks and inserts
 * in one statement. How many round trips an append costs therefore depends only on whether the
 * head is known beforehand:
 * - `no_stream` (a new case, a payment): no head, one round trip;
 * - a head the store remembers (it wrote or read the stream's last event): one round trip;
 * - otherwise one unlocked read of the heads first: two.
 * An assumption proven wrong under the lock writes nothing; the append is retried once inside a
 * transaction that already holds the locks, so the retry cannot be overtaken.
 */

export interface StreamHead {
  revision: number;
  hash: string;
}

/**
 * Heads the store has seen. Sound to keep without invalidation: an event is never changed, so
 * "revision r of stream s has hash h" stays true for ever; whether r is still the head is checked
 * under the lock by `append_batch`, and a stale entry costs one retry, never a wrong chain.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  /** Keeps the highest revision seen; the least recently stored stream leaves first when full. */
  remember(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value as string);
  }
}

/** One stream's part of a write. */
export interface StreamWrite {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface WriteOptions {
  /** createIfAbsent: a `no_stream` stream that exists is reported, not a conflict. */
  skipExisting: boolean;
  cache?: StreamHeadCache;
}

export type StreamOutcome = { streamId: string; outcome: 'appended'; result: AppendResult } | { streamId: string; outcome: 'existed' };

/**
 * Rows per statement. The arrays travel as parameters, so no parameter limit applies; the bound
 * keeps one statement's message and the server's memory for it moderate. A larger write is split
 * into several statements of one transaction (all locks are taken by the first).
 */
export const MAX_EVENTS_PER_STATEMENT = 5_000;

/** A head that moves under an assumption is re-read under the lock, so one retry settles it. */
const LOCKED_ATTEMPTS = 2;

/** Writes to one or more streams, all or nothing (see the port). */
export async function writeStreams(database: SqlDatabase, writes: readonly StreamWrite[], options: WriteOptions): Promise<StreamOutcome[]> {
  const plans = plan(writes);
  await assumeHeads(database, plans, options.cache);
  let outcomes: StreamOutcome[] | null = null;
  if (eventCount(plans) <= MAX_EVENTS_PER_STATEMENT) {
    // Outside a transaction: the statement is its own transaction, one round trip in all.
    const verdicts = await callAppendBatch(database, plans, plans.flatMap((p) => p.chained), options.skipExisting);
    if (verdicts.settled) outcomes = toOutcomes(plans, verdicts);
  }
  outcomes ??= await database.transaction((session) => writeLocked(session, plans, options.skipExisting));
  if (options.cache) rememberWritten(options.cache, plans, outcomes);
  return outcomes;
}

/**
 * The same write inside a transaction the caller holds open. Exported for tests that must keep an
 * append's transaction open; everything else goes through the store.
 */
export async function writeStreamsInTransaction(session: SqlSession, writes: readonly StreamWrite[], options: WriteOptions): Promise<StreamOutcome[]> {
  const plans = plan(writes);
  await assumeHeads(session, plans, undefined);
  return writeLocked(session, plans, options.skipExisting);
}

/** Appends to one stream inside the caller's transaction; see `writeStreamsInTransaction`. */
export async function appendInTransaction(session: SqlSession, streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
  const [outcome] = await writeStreamsInTransaction(session, [{ streamId, events, expectedRevision: expected }], { skipExisting: false });
  if (outcome.outcome !== 'appended') throw new Error(`stream ${streamId} was not appended to`);
  return outcome.result;
}

interface Plan {
  streamId: string;
  /** As the caller gave it, for the error. */
  given: ExpectedRevision;
  wanted: ExpectedRevision;
  events: readonly NewEvent[];
  /** The head the rows are chained on (null: the stream is assumed not to exist). */
  assumed: StreamHead | null;
  /** Whether `assumed` is known yet; `no_stream` needs no knowledge. */
  known: boolean;
  chained: ChainedNewEvent[];
}

function plan(writes: readonly StreamWrite[]): Plan[] {
  if (new Set(writes.map((w) => w.streamId)).size !== writes.length) {
    throw new RangeError('a batched append names the same stream more than once');
  }
  return writes.map((w) => {
    if (w.events.length === 0) throw new RangeError(`nothing to append to stream ${w.streamId}`);
    const wanted = normaliseExpected(w.expectedRevision);
    return { streamId: w.streamId, given: w.expectedRevision, wanted, events: w.events, assumed: null, known: wanted === 'no_stream', chained: [] };
  });
}

/**
 * Fills in the head each stream's rows are chained on: from the cache, else from one unlocked read
 * of every unknown head. A read that already contradicts an expectation fails the write here — the
 * stream was in that state during the call, so refusing is a correct answer — and saves the trip.
 */
async function assumeHeads(reader: SqlSession, plans: Plan[], cache: StreamHeadCache | undefined): Promise<void> {
  for (const p of plans) {
    const cached = p.known ? undefined : cache?.get(p.streamId);
    if (cached && (typeof p.wanted !== 'number' || cached.revision === p.wanted)) {
      p.assumed = cached;
      p.known = true;
    }
  }
  const unknown = plans.filter((p) => !p.known);
  if (unknown.length > 0) {
    const heads = await readStreamHeads(reader, unknown.map((p) => p.streamId));
    for (const p of unknown) {
      p.assumed = heads.get(p.streamId) ?? null;
      p.known = true;
      if (p.assumed) cache?.remember(p.streamId, p.assumed);
    }
    for (const p of plans) {
      if (!accepts(p.wanted, p.assumed)) throw new WrongExpectedRevisionError(p.streamId, p.given, actualRevision(p.assumed));
    }
  }
  for (const p of plans) p.chained = chainAll(p.streamId, p.events, p.assumed);
}

/**
 * Inside a transaction: the first statement takes every lock of the write and checks every stream;
 * a moved head is re-chained and the statement repeated (now under the locks). Further chunks of a
 * large write follow in the same transaction, positions continuing in input order.
 */
async function writeLocked(session: SqlSession, plans: Plan[], skipExisting: boolean): Promise<StreamOutcome[]> {
  let chunks = chunkEvents(plans);
  let first: Verdicts | null = null;
  for (let attempt = 1; attempt <= LOCKED_ATTEMPTS && !first; attempt++) {
    const verdicts = await callAppendBatch(session, plans, chunks[0], skipExisting);
    if (verdicts.settled) first = verdicts;
    else chunks = chunkEvents(plans);
  }
  if (!first) throw new Error('stream heads moved while their locks were held');
  const existed = new Set([...first.rows.values()].filter((r) => r.verdict === 'existed').map((r) => r.stream_id));
  const appended = new Map(first.rows);
  for (const chunk of chunks.slice(1)) {
    const rows = chunk.filter((e) => !existed.has(e.streamId));
    if (rows.length === 0) continue;
    const continued = continuationPlans(plans, rows);
    const verdicts = await callAppendBatch(session, continued, rows, false);
    if (!verdicts.settled) throw new Error('stream heads moved while their locks were held');
    for (const [id, row] of verdicts.rows) if (row.verdict === 'appended') appended.set(id, row);
  }
  return toOutcomes(plans, { settled: true, rows: appended });
}

/** Splits the chained rows, in input order, into statements of at most MAX_EVENTS_PER_STATEMENT. */
function chunkEvents(plans: readonly Plan[]): ChainedNewEvent[][] {
  const all = plans.flatMap((p) => p.chained);
  const chunks: ChainedNewEvent[][] = [];
  for (let i = 0; i < all.length; i += MAX_EVENTS_PER_STATEMENT) chunks.push(all.slice(i, i + MAX_EVENTS_PER_STATEMENT));
  return chunks;
}

/** For a later chunk: each stream in it, expected to stand exactly where the earlier chunk left it. */
function continuationPlans(plans: readonly Plan[], rows: readonly ChainedNewEvent[]): Plan[] {
  const byId = new Map(plans.map((p) => [p.streamId, p]));
  const firstRow = new Map<string, ChainedNewEvent>();
  for (const row of rows) if (!firstRow.has(row.streamId)) firstRow.set(row.streamId, row);
  return [...firstRow.values()].map((row) => {
    const p = byId.get(row.streamId)!;
    const index = row.streamRevision - (p.assumed ? p.assumed.revision + 1 : 0);
    const before = index > 0 ? { revision: p.chained[index - 1].streamRevision, hash: p.chained[index - 1].hash } : p.assumed;
    return { ...p, given: 'any', wanted: 'any', assumed: before, known: true, chained: [] };
  });
}

interface VerdictRow {
  stream_id: string;
  verdict: 'appended' | 'existed' | 'conflict' | 'moved';
  revision: string | null;
  hash: string | null;
  transaction_id: string | null;
  position: string | null;
}

type Verdicts = { settled: boolean; rows: Map<string, VerdictRow> };

/**
 * One `append_batch` statement. A conflict throws (for the first conflicting stream in input
 * order); a moved head is taken over into the plan and re-chained, and the caller retries.
 */
async function callAppendBatch(runner: SqlSession, plans: readonly Plan[], rows: readonly ChainedNewEvent[], skipExisting: boolean): Promise<Verdicts> {
  const indexOf = new Map(plans.map((p, i) => [p.streamId, i + 1]));
  const result = await runner.query<VerdictRow>(SQL.appendBatch, [
    plans.map((p) => p.streamId),
    plans.map((p) => expectCode(p.wanted)),
    plans.map((p) => (p.assumed ? p.assumed.revision : -1)),
    plans.map((p) => p.assumed?.hash ?? null),
    skipExisting,
    rows.map((r) => r.eventId),
    rows.map((r) => r.streamId),
    rows.map((r) => indexOf.get(r.streamId)!),
    rows.map((r) => r.streamRevision),
    rows.map((r) => r.type),
    rows.map((r) => r.hashedText),
    rows.map((r) => r.hash),
  ], 'event_store_append_batch');
  const byStream = new Map(result.map((r) => [r.stream_id, r]));
  const conflict = plans.find((p) => byStream.get(p.streamId)?.verdict === 'conflict');
  if (conflict) {
    const row = byStream.get(conflict.streamId)!;
    throw new WrongExpectedRevisionError(conflict.streamId, conflict.given, row.revision === null ? 'no_stream' : parseRevision(row.revision));
  }
  const moved = plans.filter((p) => byStream.get(p.streamId)?.verdict === 'moved');
  for (const p of moved) {
    const row = byStream.get(p.streamId)!;
    p.assumed = row.revision === null ? null : { revision: parseRevision(row.revision), hash: row.hash! };
    p.chained = chainAll(p.streamId, p.events, p.assumed);
  }
  return { settled: moved.length === 0, rows: byStream };
}

function toOutcomes(plans: readonly Plan[], verdicts: Verdicts): StreamOutcome[] {
  return plans.map((p): StreamOutcome => {
    const row = verdicts.rows.get(p.streamId);
    if (row?.verdict === 'existed') return { streamId: p.streamId, outcome: 'existed' };
    if (row?.verdict !== 'appended' || row.transaction_id === null || row.position === null || row.revision === null) {
      throw new Error(`append_batch reported no append for stream ${p.streamId}`);
    }
    const position = encodePosition({ transactionId: row.transaction_id, serial: row.position });
    return { streamId: p.streamId, outcome: 'appended', result: { nextExpectedRevision: parseRevision(row.revision), position } };
  });
}

function rememberWritten(cache: StreamHeadCache, plans: readonly Plan[], outcomes: readonly StreamOutcome[]): void {
  plans.forEach((p, i) => {
    const last = p.chained[p.chained.length - 1];
    if (outcomes[i].outcome === 'appended') cache.remember(p.streamId, { revision: last.streamRevision, hash: last.hash });
  });
}

function eventCount(plans: readonly Plan[]): number {
  return plans.reduce((n, p) => n + p.events.length, 0);
}

function expectCode(wanted: ExpectedRevision): number {
  return typeof wanted === 'string' ? EXPECT_CODE[wanted] : Number(wanted);
}

async function readStreamHeads(reader: SqlSession, ids: readonly string[]): Promise<Map<string, StreamHead>> {
  const rows = await reader.query<{ stream_id: string; revision: string; hash: string }>(SQL.streamHeads, [ids]);
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

function accepts(wanted: ExpectedRevision, head: StreamHead | null): boolean {
  return (
    wanted === 'any' ||
    (wanted === 'no_stream' && head === null) ||
    (wanted === 'stream_exists' && head !== null) ||
    (typeof wanted === 'number' && head !== null && head.revision === wanted)
  );
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
