import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START as KURRENT_START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type EventEnvelope, type EventMetadata, type HashableEvent, type NewEvent } from '@benefits/kernel';
import { InvalidPositionError, WrongExpectedRevisionError } from '../errors';
import {
  START,
  type ActualRevision,
  type AppendOptions,
  type AppendResult,
  type CreateOutcome,
  type EventStore,
  type StreamAppend,
  type StreamCreate,
  type ExpectedRevision,
  type LogPositionOrStart,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store';
import { chain } from '../sql/append';
import { CatchUpSubscription } from '../sql/catch-up-subscription';

/**
 * The EventStore port on KurrentDB (production mode). The same envelope, hash chain and expected-
 * revision rules as the SQL adapters: the chain is computed here from the stream's last event and
 * the append is conditional on that exact revision, so a concurrent writer makes the append fail
 * (and `'any'` / `'stream_exists'` retry) instead of forking the chain. Positions are KurrentDB's
 * `$all` commit/prepare positions, encoded as `<commit>/<prepare>`. Subscription checkpoints are
 * events on `benefits-checkpoint-<id>` streams, which readAll and subscriptions never show;
 * KurrentDB's own `$`-events are skipped as well.
 *
 * Batched appends are NOT atomic across streams here (`atomicMultiStream` is false). The client
 * (1.3.1) does offer an atomic `multiStreamAppend` (and `appendRecords`), but it is not used:
 * - it needs KurrentDB 25.1 or later and the v2 append protocol;
 * - it takes only string-valued metadata, while ours carries the actor as an object, numbers and
 *   nulls — all covered by the hash chain, so they would have to travel re-encoded and be decoded
 *   on every read, and a chain that verifies only after decoding is one more thing to get wrong;
 * - it answers with one log position for the whole append, not the position of each stream's last
 *   event that `AppendResult` promises.
 * None of this can be checked without a server, and the contract suite for this adapter only runs
 * where one exists. So `appendMany` validates the whole batch and checks every expected revision
 * first, then appends stream by stream: a conflict arising between the check and a later stream's
 * append leaves the earlier streams written. `createIfAbsent` creates each stream with `no_stream`,
 * which still creates each stream exactly once under concurrent callers — the guarantee a payment
 * run relies on. See docs/adr/0010-batched-appends-and-paged-runs.md.
 */

const CHECKPOINT_PREFIX = 'benefits-checkpoint-';
const CHECKPOINT_TYPE = 'SubscriptionCheckpoint';
const MAX_APPEND_ATTEMPTS = 5;

export function encodeKurrentPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

export function decodeKurrentPosition(position: string): Position {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(position);
  if (!match) throw new InvalidPositionError(position);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Events of the product's own log: not KurrentDB system events, not our checkpoint streams. */
export function isProductEvent(streamId: string, type: string): boolean {
  return !type.startsWith('$') && !streamId.startsWith('$') && !streamId.startsWith(CHECKPOINT_PREFIX);
}

function normaliseExpected(expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected === 'string') {
    if (expected === 'no_stream' || expected === 'any' || expected === 'stream_exists') return expected;
    throw new RangeError(`unknown expected revision ${JSON.stringify(expected)}`);
  }
  const revision = typeof expected === 'bigint' ? Number(expected) : expected;
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`expected revision must be a non-negative integer, got ${String(expected)}`);
  return revision;
}

function accepts(wanted: ExpectedRevision, actual: ActualRevision): boolean {
  return (
    wanted === 'any' ||
    (wanted === 'no_stream' && actual === 'no_stream') ||
    (wanted === 'stream_exists' && actual !== 'no_stream') ||
    (typeof wanted === 'number' && actual === wanted)
  );
}

/** Everything wrong with a batch that needs no server is refused before the first stream is written. */
function validateBatch(appends: readonly StreamAppend[]): void {
  if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new RangeError('a batched append names the same stream more than once');
  for (const a of appends) {
    if (a.events.length === 0) throw new RangeError(`nothing to append to stream ${a.streamId}`);
    normaliseExpected(a.expectedRevision);
  }
}

type Recorded = NonNullable<ResolvedEvent['event']>;

function toEnvelope(event: Recorded, position: Position | undefined): EventEnvelope {
  const metadata = (event.metadata ?? {}) as EventMetadata;
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    position: position ? encodeKurrentPosition(position) : '',
    recordedAt: event.created.toISOString(),
    data: event.data,
    metadata,
  };
}

export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly trimmed = new Set<string>();
  private closed = false;

  constructor(private readonly client: KurrentDBClient) {}

  static connect(connectionString: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  private async lastEvent(streamId: string): Promise<{ revision: number; hash: string } | null> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (!resolved.event) continue;
        return { revision: Number(resolved.event.revision), hash: String((resolved.event.metadata as { hash?: unknown })?.hash ?? '') };
      }
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  readonly atomicMultiStream = false;

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    validateBatch(appends);
    for (const a of appends) {
      const head = await this.lastEvent(a.streamId);
      const actual: ActualRevision = head ? head.revision : 'no_stream';
      if (!accepts(normaliseExpected(a.expectedRevision), actual)) throw new WrongExpectedRevisionError(a.streamId, a.expectedRevision, actual);
    }
    const results: AppendResult[] = [];
    for (const a of appends) results.push(await this.appendToStream(a.streamId, a.events, { expectedRevision: a.expectedRevision }));
    return results;
  }

  async createIfAbsent(creates: readonly StreamCreate[]): Promise<CreateOutcome[]> {
    validateBatch(creates.map((c) => ({ ...c, expectedRevision: 'no_stream' as const })));
    const outcomes: CreateOutcome[] = [];
    for (const c of creates) {
      try {
        const result = await this.appendToStream(c.streamId, c.events, { expectedRevision: 'no_stream' });
        outcomes.push({ streamId: c.streamId, outcome: 'created', result });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        outcomes.push({ streamId: c.streamId, outcome: 'existed', result: null });
      }
    }
    return outcomes;
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError(`nothing to append to stream ${streamId}`);
    const wanted = normaliseExpected(options.expectedRevision);
    for (let attempt = 1; ; attempt++) {
      const head = await this.lastEvent(streamId);
      const actual: ActualRevision = head ? head.revision : 'no_stream';
      if (!accepts(wanted, actual)) throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      let revision = head ? head.revision : -1;
      let prevHash = head ? head.hash : GENESIS_HASH;
      const data = events.map((event) => {
        revision += 1;
        const chained = chain(event, streamId, revision, prevHash);
        prevHash = chained.hash;
        const hashed = JSON.parse(chained.hashedText) as HashableEvent;
        return jsonEvent({ id: chained.eventId, type: chained.type, data: hashed.data as never, metadata: { ...hashed.metadata, hash: chained.hash } });
      });
      try {
        const result = await this.client.appendToStream(streamId, data, { streamState: head ? BigInt(head.revision) : NO_STREAM });
        return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position ? encodeKurrentPosition(result.position) : '' };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Someone appended between our read and our write: an exact expectation is now stale;
        // 'any' and 'stream_exists' recompute the chain on the new head and try again.
        if (typeof wanted === 'number' || wanted === 'no_stream' || attempt >= MAX_APPEND_ATTEMPTS) {
          const now = await this.lastEvent(streamId);
          throw new WrongExpectedRevisionError(streamId, options.expectedRevision, now ? now.revision : 'no_stream');
        }
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const limit = options.toPosition === undefined ? null : decodeKurrentPosition(options.toPosition);
    const out: EventEnvelope[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(options.fromRevision ?? 0),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        if (!resolved.event) continue;
        const position = resolved.event.position;
        if (limit && position && comparePositions(position, limit) > 0) break;
        out.push(toEnvelope(resolved.event, position));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    const after = options.after === undefined || options.after === START ? null : decodeKurrentPosition(options.after);
    const events: EventEnvelope[] = [];
    let continueAfter: LogPositionOrStart = options.after ?? START;
    // Reading from a position includes the event at it; skipped events (system, checkpoints) do
    // not count towards maxCount, but move continueAfter so they are not read again.
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: after ?? KURRENT_START, maxCount: Number.MAX_SAFE_INTEGER })) {
      const event = (resolved as AllStreamResolvedEvent).event;
      if (!event) continue;
      if (after && comparePositions(event.position, after) <= 0) continue;
      if (isProductEvent(event.streamId, event.type)) {
        events.push(toEnvelope(event as Recorded, event.position));
        continueAfter = encodeKurrentPosition(event.position);
        if (events.length >= options.maxCount) break;
      } else {
        continueAfter = encodeKurrentPosition(event.position);
      }
    }
    return { events, continueAfter: events.length === 0 ? (options.after ?? START) : continueAfter };
  }

  async headPosition(): Promise<LogPositionOrStart> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: Number.MAX_SAFE_INTEGER })) {
      const event = (resolved as AllStreamResolvedEvent).event;
      if (event && isProductEvent(event.streamId, event.type)) return encodeKurrentPosition(event.position);
    }
    return START;
  }

  async streamExists(streamId: string): Promise<boolean> {
    return (await this.lastEvent(streamId)) !== null;
  }

  async streamRevision(streamId: string): Promise<ActualRevision> {
    const head = await this.lastEvent(streamId);
    return head ? head.revision : 'no_stream';
  }

  async subscribeToAll(options: SubscribeToAllOptions): Promise<Subscription> {
    const stored = await this.loadCheckpoint(options.subscriptionId);
    const subscription = new CatchUpSubscription(
      {
        readAll: (after, maxCount) => this.readAll({ after, maxCount }),
        saveCheckpoint: (id, position) => this.saveCheckpoint(id, position),
        // $all is totally ordered at commit: nothing committed is ever hidden behind an open transaction.
        hasHiddenAfter: async () => false,
      },
      options,
      stored ?? options.from ?? START,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    // Live notifications only shorten the wait; the catch-up reads remain the source of truth.
    this.watchAppends(subscription);
    return subscription;
  }

  private watchAppends(subscription: CatchUpSubscription): void {
    const live = this.client.subscribeToAll({ fromPosition: END });
    live.on('data', () => subscription.wake());
    live.on('error', () => undefined);
    const stop = subscription.stop.bind(subscription);
    subscription.stop = async () => {
      await live.unsubscribe().catch(() => undefined);
      await stop();
    };
  }

  private async loadCheckpoint(subscriptionId: string): Promise<LogPositionOrStart | null> {
    try {
      for await (const resolved of this.client.readStream(`${CHECKPOINT_PREFIX}${subscriptionId}`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const position = (resolved.event?.data as { position?: unknown } | undefined)?.position;
        if (typeof position === 'string') return position;
      }
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  private async saveCheckpoint(subscriptionId: string, position: LogPositionOrStart): Promise<void> {
    const streamId = `${CHECKPOINT_PREFIX}${subscriptionId}`;
    // Only the latest checkpoint matters: the stream keeps one event.
    await this.client.appendToStream(streamId, jsonEvent({ type: CHECKPOINT_TYPE, data: { position } }));
    if (!this.trimmed.has(streamId)) {
      await this.client.setStreamMetadata(streamId, { maxCount: 1 });
      this.trimmed.add(streamId);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }
}
