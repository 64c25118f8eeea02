import type { EventEnvelope } from '@benefits/kernel';
import { START, type EventStore, type LogPositionOrStart } from '@benefits/event-store';
import type { CollectionSchema, DocumentSession, DocumentStore } from '../document-store';

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
  /** How often an idle runner looks for new events (default 200 ms); `catchUp()` looks at once. */
  pollIntervalMs?: number;
  /** Wait after a failed read or apply before trying again (default 500 ms). */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

interface Waiter {
  resolve: (caughtUp: boolean) => void;
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
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: number;
  private storedExtras: Record<string, unknown> = {};

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 100;
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
    for (const schema of [PROJECTION_CHECKPOINTS, ...projection.collections]) await documents.ensure(schema);
    const stored = await ProjectionRunner.checkpoint(documents, projection.name);
    this.current = stored?.position ?? START;
    // Fields others keep in the checkpoint (a read model's version) survive every checkpoint write.
    const { position: _p, updatedAt: _u, lastEventRecordedAt: _l, ...extras } = stored ?? ({} as Partial<ProjectionCheckpoint>);
    this.storedExtras = extras;
    this.stopping = false;
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
   * Resolves true once everything readable in the log when it was called has been applied; false
   * when `timeoutMs` passes first or the runner stops.
   */
  catchUp(timeoutMs = 5000): Promise<boolean> {
    if (!this.running) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve: (caughtUp) => {
          clearTimeout(timer);
          resolve(caughtUp);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
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
    for (const schema of [PROJECTION_CHECKPOINTS, ...projection.collections]) await documents.ensure(schema);
    const now = new Date().toISOString();
    await documents.transaction(async (session) => {
      await session.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).upsert(projection.name, { position: START, updatedAt: now, rebuiltAt: now });
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

  private settleWaiters(caughtUp: boolean, waiters: Waiter[] = this.waiters): void {
    if (waiters === this.waiters) this.waiters = [];
    for (const waiter of waiters) waiter.resolve(caughtUp);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const seen = this.generation;
      // Waiters registered before this read are satisfied if it finds nothing new.
      const waiting = this.waiters;
      this.waiters = [];
      let events: EventEnvelope[];
      try {
        events = (await this.options.store.readAll({ after: this.current, maxCount: this.batchSize })).events;
      } catch (error) {
        this.waiters.unshift(...waiting);
        this.options.onError?.(error);
        await this.sleep(this.retryDelayMs, this.generation);
        continue;
      }
      if (events.length === 0) {
        this.settleWaiters(true, waiting);
        await this.sleep(this.pollIntervalMs, seen);
        continue;
      }
      this.waiters.unshift(...waiting);
      try {
        await this.applyPage(events);
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(this.retryDelayMs, this.generation);
      }
    }
  }

  private async applyPage(events: EventEnvelope[]): Promise<void> {
    const { documents, projection } = this.options;
    const wanted = (event: EventEnvelope) => projection.handles?.(event) ?? true;
    const checkpointAt = (event: EventEnvelope): ProjectionCheckpoint => ({
      ...this.storedExtras,
      position: event.position,
      updatedAt: new Date().toISOString(),
      lastEventRecordedAt: event.recordedAt,
    });
    if (documents.atomic) {
      const lastEvent = events[events.length - 1];
      const last = lastEvent.position;
      const moved = await documents.transaction(async (session) => {
        const checkpoints = session.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS);
        const stored = await checkpoints.get(projection.name);
        // Someone else moved it (a rebuild, or a second runner): continue from there instead.
        if ((stored?.position ?? START) !== this.current) return stored?.position ?? START;
        for (const event of events) if (wanted(event)) await projection.apply(event, session);
        await checkpoints.upsert(projection.name, { ...stored, ...checkpointAt(lastEvent) });
        return last;
      });
      this.current = moved;
      return;
    }
    for (const event of events) {
      if (this.stopping) return;
      if (wanted(event)) await documents.transaction((session) => projection.apply(event, session));
      await documents.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).upsert(projection.name, checkpointAt(event));
      this.current = event.position;
    }
  }
}
