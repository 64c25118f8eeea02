import type { EventEnvelope } from '@benefits/kernel';
import { START, type EventStore, type LogPosition, type LogPositionOrStart } from '@benefits/event-store';
import type { CollectionSchema, DocumentSession, DocumentStore } from '../document-store';
import { PageBuffer } from './page-buffer';

/**
 * A read model: which collections it owns and how one event changes them. `apply` writes only
 * through the session it is given (same unit of work as the checkpoint) and must be idempotent
 * where the read store is not atomic (MongoDB without a replica set): whole-document upserts of
 * state recomputed from the event store are.
 */
export interface Projection {
  /** Names the checkpoint: `[a-z][a-z0-9._-]*`. */
  name: string;
  /** Cleared on rebuild. */
  collections: readonly CollectionSchema[];
  /** Cheap pre-filter; an event it refuses only moves the checkpoint. Default: every event. */
  handles?(event: EventEnvelope): boolean;
  apply(event: EventEnvelope, session: DocumentSession): Promise<void>;
}

/** One document per projection in the read store itself, next to the documents it covers. */
export const PROJECTION_CHECKPOINTS: CollectionSchema = { name: 'projection-checkpoints', fields: {} };

/**
 * One document per projection, written first in every page's transaction. On PostgreSQL the write
 * locks the row until the page commits, so two runners of one projection (a process that has not
 * died yet and its replacement) take turns, and the second sees the first's checkpoint and skips
 * the page instead of applying it again.
 */
export const PROJECTION_LOCKS: CollectionSchema = { name: 'projection-locks', fields: {} };

export interface ProjectionCheckpoint {
  [key: string]: unknown;
  /** The last event applied (opaque, from the event store), `'start'` before the first. */
  position: LogPositionOrStart;
  updatedAt: string;
  /** When the projection was last rebuilt from scratch, if ever. */
  rebuiltAt?: string;
  /** Recorded time of the last event applied (how far behind the log the model is). */
  lastEventRecordedAt?: string;
}

/** What a projection follows: a global log in order (the event store, or audit's replica of it). */
export type ProjectionSource = Pick<EventStore, 'readAll'> & Partial<Pick<EventStore, 'headPosition'>>;

export interface ProjectionRunnerOptions {
  store: ProjectionSource;
  documents: DocumentStore;
  projection: Projection;
  /** Events per read and, on an atomic store, per transaction (default 100). */
  batchSize?: number;
  /**
   * Events per read and transaction while the runner is far behind — its previous read found a full
   * page (a catch-up or a rebuild); back to `batchSize` once a read reaches the end of the log.
   * Default: 1,000 when `batchSize` is not given, else `batchSize` (pages of exactly that size, as
   * before). Never below `batchSize`. Fewer, larger pages cost fewer reads and
   * transactions; near the head, small pages keep each commit (and what a failing event rolls back)
   * small.
   */
  catchUpBatchSize?: number;
  /** How often an idle runner looks for new events (default 200 ms); `catchUp()` looks at once. */
  pollIntervalMs?: number;
  /** Wait after a failed read or apply before trying again (default 500 ms). */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
  /**
   * Whether the stored checkpoint is still this runner's to move, asked in every page's transaction
   * on an atomic store (e.g. it still names the version the runner writes). When it is not, the
   * runner stops without applying the page and calls `onDisowned`.
   */
  owns?: (checkpoint: ProjectionCheckpoint | null) => boolean;
  onDisowned?: () => void;
  /**
   * On an atomic store, buffer a page's writes and write them with one multi-row upsert per
   * collection before the checkpoint (default true; false applies each write as its own statement,
   * kept for measurements).
   */
  writeBehind?: boolean;
}

/**
 * A `catchUp` call. With a source that knows its head, the waiter wants the runner to apply the event
 * at the head it saw when called (`target`); the head is asked for after the waiter is registered,
 * and events applied meanwhile are kept in `seen`, so the runner cannot pass the head unnoticed.
 * Without one (`target` null) it wants a read that started after the call to reach the end of the log.
 */
interface Waiter {
  resolve: (caughtUp: boolean) => void;
  target: LogPosition | null | undefined;
  seen: Set<LogPosition>;
  /** Where the runner stood at the call (it may already stand at the head it is about to be told). */
  from: LogPositionOrStart;
  /** Reads started before the call. */
  readsBefore: number;
}

/**
 * Follows the event store's global log after the projection's checkpoint and applies each event.
 *
 * The checkpoint lives in the read store, not in the event store: on PostgreSQL and PGlite one
 * transaction writes a page's documents and the checkpoint after it, so every event takes effect
 * exactly once even across crashes. (The event store's `subscribeToAll` keeps its checkpoint in
 * the event store's database — a different database from the read store in production — so it
 * could not commit with the documents; the runner reads with `readAll` instead, which gives the
 * same global order and the same "nothing appears behind a reader" guarantee.) On a store without
 * transactions each event is applied and then checkpointed: at-least-once, at most the event in
 * hand repeated after a crash, so projections there must be idempotent.
 *
 * A failing event stops the runner at that event (reported to `onError`) and is retried after
 * `retryDelayMs`; nothing after it is applied meanwhile, so the read model never skips an event.
 */
export class ProjectionRunner {
  private current: LogPositionOrStart = START;
  private running: Promise<void> | null = null;
  private starting: Promise<void> | null = null;
  private stopping = false;
  private generation = 0;
  private wakeUp: (() => void) | null = null;
  private waiters: Waiter[] = [];
  private readsStarted = 0;
  private oldestUnapplied: string | null = null;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  /** The last read found a full page: read larger pages until one reaches the end of the log. */
  private behind = false;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: number;
  private storedExtras: Record<string, unknown> = {};

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.catchUpBatchSize = Math.max(this.batchSize, options.catchUpBatchSize ?? (options.batchSize === undefined ? 1000 : this.batchSize));
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** The position of the last event applied (as far as this runner knows). */
  get position(): LogPositionOrStart {
    return this.current;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /**
   * Recorded time of the oldest event the runner has read but not applied yet, as of its last read
   * (null when that read found nothing new): how long the read model has kept someone waiting.
   */
  get oldestUnappliedRecordedAt(): string | null {
    return this.oldestUnapplied;
  }

  /** The stored checkpoint of a projection, null before its first start. */
  static async checkpoint(documents: DocumentStore, name: string): Promise<ProjectionCheckpoint | null> {
    return documents.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).get(name);
  }

  /** Resumes after the stored checkpoint; a second call while running (or starting) does nothing. */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.starting ??= this.startNow().finally(() => (this.starting = null));
    return this.starting;
  }

  private async startNow(): Promise<void> {
    const { documents, projection } = this.options;
    for (const schema of [PROJECTION_CHECKPOINTS, PROJECTION_LOCKS, ...projection.collections]) await documents.ensure(schema);
    const stored = await ProjectionRunner.checkpoint(documents, projection.name);
    this.current = stored?.position ?? START;
    // Fields others keep in the checkpoint (a read model's version) survive every checkpoint write.
    const { position: _p, updatedAt: _u, lastEventRecordedAt: _l, ...extras } = stored ?? ({} as Partial<ProjectionCheckpoint>);
    this.storedExtras = extras;
    this.stopping = false;
    this.behind = false;
    this.oldestUnapplied = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      this.settleWaiters(false);
    });
  }

  /** Stops after the page in hand has been applied (or rolled back). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  /**
   * Resolves true once every event committed to the log before the call has been applied — the
   * event at the head the source reports when called; for a source that cannot tell its head,
   * everything a read started after the call finds. False when `timeoutMs` passes first or the
   * runner stops (a runner that is not running answers at once: true only if it stands at the head).
   *
   * Waiting for a position rather than for an empty read keeps the answer coming under steady
   * traffic, where a read that finds nothing new may never happen.
   */
  async catchUp(timeoutMs = 5000): Promise<boolean> {
    const head = this.options.store.headPosition?.bind(this.options.store);
    if (!this.running) {
      if (!head) return false;
      try {
        return (await head()) === this.current;
      } catch {
        return false;
      }
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve: (caughtUp) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(caughtUp);
        },
        target: head ? undefined : null,
        seen: new Set(),
        from: this.current,
        readsBefore: this.readsStarted,
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.push(waiter);
      if (head) {
        head().then(
          (position) => {
            if (position === START || position === waiter.from || position === this.current || waiter.seen.has(position)) return waiter.resolve(true);
            waiter.target = position;
            waiter.seen.clear();
          },
          // The head is not known: fall back to a read that reaches the end of the log.
          () => {
            waiter.target = null;
            waiter.readsBefore = this.readsStarted;
            this.wake();
          },
        );
      }
      this.wake();
    });
  }

  /**
   * Rebuild from scratch: stop, reset the checkpoint to the start of the log and clear the
   * projection's collections (one transaction where the store has them; checkpoint first where it
   * has not, so a crash in between leaves documents to be overwritten rather than events skipped),
   * then start again if it was running.
   */
  async rebuild(): Promise<void> {
    const wasRunning = this.isRunning;
    await this.stop();
    const { documents, projection } = this.options;
    for (const schema of [PROJECTION_CHECKPOINTS, PROJECTION_LOCKS, ...projection.collections]) await documents.ensure(schema);
    const now = new Date().toISOString();
    await documents.transaction(async (session) => {
      await session.collection(PROJECTION_LOCKS).upsert(projection.name, { lockedAt: now });
      await session.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).upsert(projection.name, { ...this.storedExtras, position: START, updatedAt: now, rebuiltAt: now });
      for (const schema of projection.collections) await session.collection(schema).clear();
    });
    this.current = START;
    if (wasRunning) await this.start();
  }

  private wake(): void {
    this.generation += 1;
    this.wakeUp?.();
  }

  private sleep(ms: number, seenGeneration: number): Promise<void> {
    if (this.stopping || seenGeneration !== this.generation) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private settleWaiters(caughtUp: boolean): void {
    for (const waiter of [...this.waiters]) waiter.resolve(caughtUp);
  }

  /** After a page (possibly empty) read by read number `readId` took effect: who is satisfied now. */
  private applied(positions: readonly LogPosition[], readId: number, reachedEnd: boolean): void {
    for (const waiter of [...this.waiters]) {
      const target = waiter.target;
      if (target === undefined) for (const position of positions) waiter.seen.add(position);
      else if (target === null) {
        if (reachedEnd && readId > waiter.readsBefore) waiter.resolve(true);
      } else if (target === this.current || positions.includes(target)) waiter.resolve(true);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const seen = this.generation;
      const readId = ++this.readsStarted;
      let events: EventEnvelope[];
      const maxCount = this.behind ? this.catchUpBatchSize : this.batchSize;
      try {
        events = (await this.options.store.readAll({ after: this.current, maxCount })).events;
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(this.retryDelayMs, this.generation);
        continue;
      }
      this.oldestUnapplied = events[0]?.recordedAt ?? null;
      if (events.length === 0) {
        this.behind = false;
        this.applied([], readId, true);
        await this.sleep(this.pollIntervalMs, seen);
        continue;
      }
      let positions: LogPosition[] | 'disowned';
      try {
        positions = await this.applyPage(events);
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(this.retryDelayMs, this.generation);
        continue;
      }
      if (positions === 'disowned') {
        this.stopping = true;
        this.options.onDisowned?.();
        break;
      }
      this.behind = events.length >= maxCount;
      this.applied(positions, readId, positions.length === events.length && events.length < maxCount);
    }
  }

  /**
   * Applies a page; returns the positions that took effect (none when another runner had moved the
   * checkpoint), or 'disowned' when the checkpoint is no longer this runner's.
   */
  private async applyPage(events: EventEnvelope[]): Promise<LogPosition[] | 'disowned'> {
    const { documents, projection } = this.options;
    const wanted = (event: EventEnvelope) => projection.handles?.(event) ?? true;
    const checkpointAt = (stored: ProjectionCheckpoint | null, event: EventEnvelope): ProjectionCheckpoint => ({
      ...this.storedExtras,
      ...stored,
      position: event.position,
      updatedAt: new Date().toISOString(),
      lastEventRecordedAt: event.recordedAt,
    });
    if (documents.atomic) {
      const lastEvent = events[events.length - 1];
      const moved = await documents.transaction(async (session) => {
        // First the lock (see PROJECTION_LOCKS), then the checkpoint as it is now.
        await session.collection(PROJECTION_LOCKS).upsert(projection.name, { lockedAt: new Date().toISOString() });
        const checkpoints = session.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS);
        const stored = await checkpoints.get(projection.name);
        if (this.options.owns && !this.options.owns(stored)) return 'disowned' as const;
        // Someone else moved it (a rebuild, or a second runner): continue from there instead.
        if ((stored?.position ?? START) !== this.current) return stored?.position ?? START;
        // The page's documents are written behind: read-your-writes within the page, one multi-row
        // upsert per collection before the checkpoint (see PageBuffer).
        const buffer = this.options.writeBehind === false ? null : new PageBuffer(session);
        for (const event of events) if (wanted(event)) await projection.apply(event, buffer ?? session);
        await buffer?.flush();
        await checkpoints.upsert(projection.name, checkpointAt(stored, lastEvent));
        return null;
      });
      if (moved === 'disowned') return moved;
      if (moved !== null) {
        this.current = moved;
        return [];
      }
      this.current = lastEvent.position;
      return events.map((e) => e.position);
    }
    const positions: LogPosition[] = [];
    for (const event of events) {
      if (this.stopping) break;
      if (wanted(event)) await documents.transaction((session) => projection.apply(event, session));
      await documents.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).upsert(projection.name, checkpointAt(null, event));
      this.current = event.position;
      positions.push(event.position);
    }
    return positions;
  }
}
