import type { EventEnvelope, NewEvent } from '@benefits/kernel';
import {
  START,
  type ActualRevision,
  type AppendOptions,
  type AppendResult,
  type CreateOutcome,
  type EventStore,
  type StreamAppend,
  type StreamCreate,
  type LogPositionOrStart,
  type ReadAllOptions,
  type ReadAllPage,
  type RawLogPage,
  type RawLogReader,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store';
import { actualRevision, readStreamHead, StreamHeadCache, writeStreams, type StreamOutcome } from './append';
import { CatchUpSubscription } from './catch-up-subscription';
import { toEnvelope } from './envelope-row';
import { APPENDED_CHANNEL, CREATE_SCHEMA, SQL, type EventRow, type RawLogRow } from './schema';
import type { NotifyingSqlDatabase } from '@benefits/sql';
import { decodePosition, encodePosition, parseRevision } from './sql-position';

function appended(outcome: StreamOutcome): AppendResult {
  if (outcome.outcome !== 'appended') throw new Error(`stream ${outcome.streamId} was not appended to`);
  return outcome.result;
}

/** Creates the schema (idempotent) and returns the store over `database`. */
export async function openSqlEventStore(database: NotifyingSqlDatabase, onClosed?: () => Promise<void>): Promise<SqlEventStore> {
  await database.transaction((session) => session.query(CREATE_SCHEMA));
  return new SqlEventStore(database, onClosed);
}

/** The event store over any NotifyingSqlDatabase; the adapters differ only in the database they pass in. */
export class SqlEventStore implements EventStore, RawLogReader {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private stopListening: Promise<() => Promise<void>> | null = null;
  private closed = false;

  constructor(
    private readonly database: NotifyingSqlDatabase,
    private readonly onClosed?: () => Promise<void>,
  ) {}

  /** One transaction per call: see `append_batch` in schema.ts. */
  readonly atomicMultiStream = true;

  /** Heads this store wrote or read, so that the next append to the stream can skip reading it. */
  private readonly heads = new StreamHeadCache();

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const [outcome] = await writeStreams(this.database, [{ streamId, events, expectedRevision: options.expectedRevision }], {
      skipExisting: false,
      cache: this.heads,
    });
    return appended(outcome);
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) return [];
    const outcomes = await writeStreams(this.database, appends, { skipExisting: false, cache: this.heads });
    return outcomes.map(appended);
  }

  async createIfAbsent(creates: readonly StreamCreate[]): Promise<CreateOutcome[]> {
    if (creates.length === 0) return [];
    const outcomes = await writeStreams(
      this.database,
      creates.map((c) => ({ streamId: c.streamId, events: c.events, expectedRevision: 'no_stream' as const })),
      { skipExisting: true, cache: this.heads },
    );
    return outcomes.map((o) =>
      o.outcome === 'appended' ? { streamId: o.streamId, outcome: 'created', result: o.result } : { streamId: o.streamId, outcome: 'existed', result: null },
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const upTo = options.toPosition === undefined ? null : decodePosition(options.toPosition);
    const rows = await this.database.query<EventRow>(SQL.readStream, [
      streamId,
      String(options.fromRevision ?? 0),
      upTo?.transactionId ?? null,
      upTo?.serial ?? null,
      options.maxCount === undefined ? null : String(options.maxCount),
    ]);
    const events = rows.map(toEnvelope);
    // Read, decide, append: the last event read is the likeliest head for the coming append.
    const last = events[events.length - 1];
    if (last) this.heads.remember(streamId, { revision: last.streamRevision, hash: last.metadata.hash });
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    const after = options.after ?? START;
    const from = decodePosition(after);
    const rows = await this.database.query<EventRow>(SQL.readAll, [from.transactionId, from.serial, String(options.maxCount)]);
    const events = rows.map(toEnvelope);
    return { events, continueAfter: events.length === 0 ? after : events[events.length - 1].position };
  }

  /** readAll's pages as stored (see RawLogReader): for verification, which hashes the stored text itself. */
  async readRawLog(options: ReadAllOptions): Promise<RawLogPage> {
    const after = options.after ?? START;
    const from = decodePosition(after);
    const rows = await this.database.query<RawLogRow>(SQL.readRawLog, [from.transactionId, from.serial, String(options.maxCount)]);
    const events = rows.map((row) => ({
      position: encodePosition({ transactionId: row.transaction_id, serial: row.position }),
      orderKey: [row.transaction_id, row.position],
      streamId: row.stream_id,
      streamRevision: parseRevision(row.stream_revision),
      type: row.type,
      hashedText: row.hashed_text,
      hash: row.hash,
    }));
    return { events, continueAfter: events.length === 0 ? after : events[events.length - 1].position };
  }

  async headPosition(): Promise<LogPositionOrStart> {
    const rows = await this.database.query<{ transaction_id: string; position: string }>(SQL.headPosition);
    return rows.length === 0 ? START : encodePosition({ transactionId: rows[0].transaction_id, serial: rows[0].position });
  }

  async streamExists(streamId: string): Promise<boolean> {
    return (await this.streamRevision(streamId)) !== 'no_stream';
  }

  async streamRevision(streamId: string): Promise<ActualRevision> {
    return actualRevision(await readStreamHead(this.database, streamId));
  }

  async subscribeToAll(options: SubscribeToAllOptions): Promise<Subscription> {
    await this.listenForAppends();
    const stored = await this.loadCheckpoint(options.subscriptionId);
    const subscription = new CatchUpSubscription(
      {
        readAll: (after, maxCount) => this.readAll({ after, maxCount }),
        saveCheckpoint: (id, position) => this.saveCheckpoint(id, position),
        hasHiddenAfter: (position) => this.hasHiddenAfter(position),
      },
      options,
      stored ?? options.from ?? START,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    if (this.stopListening) await (await this.stopListening.catch(() => null))?.();
    await this.database.close();
    await this.onClosed?.();
  }

  /** One LISTEN per store, shared by its subscriptions. */
  private listenForAppends(): Promise<unknown> {
    this.stopListening ??= this.database
      .listen(APPENDED_CHANNEL, () => {
        for (const subscription of this.subscriptions) subscription.wake();
      })
      .catch((error: unknown) => {
        this.stopListening = null;
        throw error;
      });
    return this.stopListening;
  }

  private async hasHiddenAfter(position: LogPositionOrStart): Promise<boolean> {
    const after = decodePosition(position);
    const rows = await this.database.query<{ hidden: boolean }>(SQL.hiddenAfter, [after.transactionId, after.serial]);
    return rows[0].hidden;
  }

  private async loadCheckpoint(subscriptionId: string): Promise<LogPositionOrStart | null> {
    const rows = await this.database.query<{ position: string }>(SQL.loadCheckpoint, [subscriptionId]);
    return rows.length === 0 ? null : rows[0].position;
  }

  private async saveCheckpoint(subscriptionId: string, position: LogPositionOrStart): Promise<void> {
    await this.database.query(SQL.saveCheckpoint, [subscriptionId, position]);
  }
}
