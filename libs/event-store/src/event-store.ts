import type { EventEnvelope, NewEvent } from '@benefits/kernel';

/**
 * The event-store port. Adapters: PostgreSQL server, PGlite (embedded); KurrentDB later.
 *
 * Positions are opaque strings: each adapter encodes its own global order in them, and callers only
 * hand them back to the store that produced them. A write spans streams only through `appendMany` /
 * `createIfAbsent`, and is all-or-nothing across them only where the store says `atomicMultiStream`
 * (the SQL stores); callers that must work on KurrentDB too rely on per-stream guarantees alone.
 */

/** A place in the global log; `'start'` is before the first event. */
export type LogPosition = string;
export const START = 'start' as const;
export type LogPositionOrStart = LogPosition | typeof START;

/**
 * What the writer believed about the stream when it decided:
 * - `'no_stream'`: the stream must not exist yet (e.g. a payment stream: one payment per period);
 * - `'stream_exists'`: the stream must already have at least one event;
 * - `'any'`: no check;
 * - a revision: the stream's last event must have exactly this revision (optimistic concurrency).
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint | number;

/** The revision a stream has, or `'no_stream'`. */
export type ActualRevision = number | 'no_stream';

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event appended: pass it as `expectedRevision` on the next append. */
  nextExpectedRevision: number;
  /** The log position of the last event appended. */
  position: LogPosition;
}

export interface ReadStreamOptions {
  /** First revision to return (default 0). */
  fromRevision?: number;
  maxCount?: number;
  /** "As known at that log position": only the part of the stream written at or before it. */
  toPosition?: LogPosition;
}

export interface ReadAllOptions {
  after?: LogPositionOrStart;
  maxCount: number;
}

export interface ReadAllPage {
  events: EventEnvelope[];
  /** Pass as `after` to read the next page; equals the `after` given when the page is empty. */
  continueAfter: LogPositionOrStart;
}

/**
 * An event as the store keeps it, for verifying the log (audit's `verify --all`): the stream columns,
 * the exact text the hash was computed over (kernel `hashInput`) and the stored hash — nothing parsed
 * or rebuilt. `orderKey`: the position's parts as decimal strings, most significant first; positions
 * in log order compare as increasing on them.
 */
export interface RawLogEvent {
  position: LogPosition;
  orderKey: readonly string[];
  streamId: string;
  streamRevision: number;
  type: string;
  hashedText: string;
  hash: string;
}

export interface RawLogPage {
  events: RawLogEvent[];
  continueAfter: LogPositionOrStart;
}

/** Optional on a store (the SQL stores have it): readAll's pages, raw, for verification only. */
export interface RawLogReader {
  readRawLog(options: ReadAllOptions): Promise<RawLogPage>;
}

export function isRawLogReader(store: unknown): store is RawLogReader {
  return typeof (store as Partial<RawLogReader> | null)?.readRawLog === 'function';
}

export type EventHandler = (event: EventEnvelope) => Promise<void> | void;

export interface SubscribeToAllOptions {
  /** Names the durable checkpoint; a subscription with the same id resumes where it stopped. */
  subscriptionId: string;
  /** Awaited event by event; the checkpoint moves past an event only after its handler resolved. */
  handler: EventHandler;
  /** Where to begin when no checkpoint is stored yet (default `'start'`); ignored once one is. */
  from?: LogPositionOrStart;
  /** A handler that throws stops the subscription without moving past the event; reported here. */
  onError?: (error: unknown) => void;
  /** Fallback poll interval for when no notification arrives (default 1000 ms). */
  pollIntervalMs?: number;
  /** Events read per page (default 100). */
  batchSize?: number;
}

export interface Subscription {
  readonly subscriptionId: string;
  /** The position of the last event handled (and checkpointed). */
  readonly position: LogPositionOrStart;
  /** Stops after the event in hand, if any, has been handled and checkpointed. */
  stop(): Promise<void>;
}

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** A stream for `createIfAbsent`: created with these events only if it does not exist yet. */
export interface StreamCreate {
  streamId: string;
  events: readonly NewEvent[];
}

export interface CreateOutcome {
  streamId: string;
  outcome: 'created' | 'existed';
  /** Where the new stream's events landed; null when it existed (nothing appended to it). */
  result: AppendResult | null;
}

export interface EventStore {
  /**
   * Whether `appendMany` / `createIfAbsent` are all-or-nothing across streams (one transaction).
   * True for the SQL stores. Where false (KurrentDB), a batch is still validated and every
   * expectation checked before anything is written, but a conflict that arises while the streams
   * are written one by one leaves the earlier ones written; each stream on its own keeps every
   * guarantee of `appendToStream`.
   */
  readonly atomicMultiStream: boolean;
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * All-or-nothing: every stream's expected revision is checked; one failure → WrongExpectedRevisionError
   * naming that stream, and nothing written (see `atomicMultiStream`).
   * Results in input order; the events take log positions in input order. A stream named twice or
   * given no events is a RangeError; an empty list is `[]` without touching the database.
   * Meant for jobs that write many streams: one transaction and a few statements for the whole
   * batch instead of one transaction per stream.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Creates each stream that does not exist yet (as expectedRevision `'no_stream'`), skips each that
   * does; one transaction; reports per stream, in input order. Concurrent callers create each stream
   * exactly once: for every stream exactly one caller sees `created`, the others `existed` — so a
   * payment run that is repeated, or races another, never pays twice. Same RangeErrors as
   * `appendMany`.
   */
  createIfAbsent(creates: readonly StreamCreate[]): Promise<CreateOutcome[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  /** The position of the last committed event, `'start'` for an empty log. */
  headPosition(): Promise<LogPositionOrStart>;
  subscribeToAll(options: SubscribeToAllOptions): Promise<Subscription>;
  streamExists(streamId: string): Promise<boolean>;
  /** The revision of the stream's last event, `'no_stream'` if it has none. */
  streamRevision(streamId: string): Promise<ActualRevision>;
  /** Stops every subscription (draining the event in hand) and releases the database. */
  close(): Promise<void>;
}

/**
 * Wrappers of a store (timing for metrics, trace context) answer this property with the store they
 * wrap, so what is kept per store (a process's shared read models) is found whichever view is used.
 */
export const WRAPPED_STORE = Symbol.for('benefits.event-store.wrapped');

/** The store under every wrapper: the identity of the store a view stands for. */
export function innermostStore(store: EventStore): EventStore {
  let current = store;
  for (;;) {
    const inner = (current as unknown as Record<symbol, EventStore | undefined>)[WRAPPED_STORE];
    if (!inner || inner === current) return current;
    current = inner;
  }
}
