import type { EventEnvelope } from '@benefits/kernel';
import { START, type LogPositionOrStart } from '@benefits/event-store';
import type { CollectionSchema, Document, DocumentCollection, DocumentSession, DocumentStore, FindOptions } from '../document-store';
import { ReadStoreErrors } from '../errors';
import { PROJECTION_CHECKPOINTS, PROJECTION_LOCKS, ProjectionRunner, type Projection, type ProjectionCheckpoint, type ProjectionRunnerOptions, type ProjectionSource } from './projection-runner';

/**
 * The read models of one service: its projections over one document store, each kept by a
 * `ProjectionRunner`, behind one object the service's request paths ask for a *fresh* view.
 *
 * Versions and rebuilds. A projection's collections are stored under a version (`<name>` for
 * version 0, `<name>-v<n>` after), recorded in its checkpoint document. A rebuild writes version
 * n+1 beside the live one with a second runner (checkpoint `<projection>.rebuild`) from the start of
 * the log while requests keep reading version n. Once the new version has caught up, the live runner
 * stops, the new one catches up past everything the old one applied (requests wait for this
 * moment rather than read a version being retired), and one write swaps checkpoint, version and
 * position; version n is cleared once the reads already under way on it have finished. A rebuild
 * that dies half-way leaves version n serving and resumes from its own checkpoint when asked again,
 * or by itself when the read models are next started.
 *
 * Read-your-writes. `fresh(name)` waits (bounded) until the projection has applied the event at the
 * head of the log when it was called — which includes every append the caller made before — and
 * otherwise refuses with READ_MODEL_BEHIND (503, Retry-After) rather than answer from a stale model.
 *
 * One process should host a service's read models over one read store at a time (the page lock
 * keeps a second one from applying an event twice, but versions are swapped by the process that
 * rebuilt them only).
 */
export interface ReadModelsOptions {
  store: ProjectionSource;
  openReadStore: () => Promise<DocumentStore>;
  projections: readonly Projection[];
  /** Idle poll interval of each runner (default 200 ms). */
  pollIntervalMs?: number;
  /** Wait after a failed read or apply before a runner tries again (default 500 ms). */
  retryDelayMs?: number;
  /** Events per read and transaction near the head of the log (default 500). */
  batchSize?: number;
  /**
   * Events per read and transaction while a runner is far behind (catch-up, rebuild): default 1,000
   * when `batchSize` is not given, else `batchSize` (see ProjectionRunnerOptions).
   */
  catchUpBatchSize?: number;
  /** Default bound of `fresh` (default 5000 ms); also bounds how long requests wait at a swap. */
  catchUpMs?: number;
  onError?: (projection: string, error: unknown) => void;
}

/** A projection's collections, in the version currently served. */
export interface ReadModelView {
  /**
   * One of the projection's collections. Every call goes to the version served at that moment, so a
   * view taken just before a swap never reads a retired version; continuing a page (`cursor`) across
   * a swap is refused with READ_MODEL_BEHIND (retry from the first page).
   */
  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T>;
  /** The last event the view reflected when it was taken. */
  position: LogPositionOrStart;
  caughtUp: boolean;
  /** The version served when the view was taken. */
  version: number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  running: boolean;
  /** The last event applied; `'start'` before the first. */
  position: LogPositionOrStart;
  /** The last event committed to the log (null where the source cannot tell). */
  headPosition: LogPositionOrStart | null;
  caughtUp: boolean;
  /** Recorded time of the last event applied. */
  lastEventRecordedAt: string | null;
  /**
   * How long the oldest event not yet applied has been in the log, in seconds: 0 when caught up (or
   * when the runner has not yet read what arrived since its last poll), null when the projection is
   * not running and behind.
   */
  lagSeconds: number | null;
  updatedAt: string | null;
  rebuiltAt: string | null;
  /** A rebuild in progress (`active`) or interrupted: the version it writes and how far it got. */
  rebuilding: { version: number; position: LogPositionOrStart; active: boolean } | null;
}

interface Entry {
  projection: Projection;
  /** The version served. */
  version: number;
  runner: ProjectionRunner | null;
  rebuilding: Promise<ProjectionStatus> | null;
  shadow: ProjectionRunner | null;
  /** Reads under way per version: a retired version is cleared only once its count is back to zero. */
  reading: Map<number, number>;
}

interface VersionedCheckpoint extends ProjectionCheckpoint {
  version?: number;
}

export const REBUILD_SUFFIX = '.rebuild';
/** Marks a version swapped out but not yet cleared (cleared at the next start if the process died first). */
const RETIRED_SUFFIX = '.retired';
/** Seconds a client is told to wait before asking again when a read model is behind. */
const RETRY_AFTER_SECONDS = 2;
/** Room for `-v<n>` within the 48 characters of a collection name. */
const MAX_BASE_NAME = 42;

/** The stored name of a collection in a version: version 0 keeps the plain name (read models built before versions existed). */
export function versionedName(name: string, version: number): string {
  return version === 0 ? name : `${name}-v${version}`;
}

/**
 * The projection writing into `version`, checkpointed under `checkpointName`. A collection the
 * projection does not declare is refused: a rebuild would neither version nor clear it.
 */
export function versionedProjection(projection: Projection, version: number, checkpointName: string = projection.name): Projection {
  const rename = new Map(projection.collections.map((c) => [c.name, { ...c, name: versionedName(c.name, version) }]));
  const wrap = (session: DocumentSession): DocumentSession => ({
    collection: <T extends Document = Document>(schema: CollectionSchema) => {
      const stored = rename.get(schema.name);
      if (!stored) throw new RangeError(`projection ${projection.name} writes collection ${schema.name}, which it does not declare`);
      return session.collection<T>({ ...schema, name: stored.name });
    },
  });
  return {
    name: checkpointName,
    collections: [...rename.values()],
    handles: projection.handles ? (event: EventEnvelope) => projection.handles!(event) : undefined,
    apply: (event, session) => projection.apply(event, wrap(session)),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves like `promise`, or rejects with `onTimeout()` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, onTimeout: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms))));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class ReadModels {
  private readonly entries = new Map<string, Entry>();
  private readonly starting = new Map<string, Promise<ProjectionRunner>>();
  private opening: Promise<DocumentStore> | null = null;
  private closed = false;

  constructor(private readonly options: ReadModelsOptions) {
    for (const projection of options.projections) {
      if (this.entries.has(projection.name)) throw new RangeError(`projection ${projection.name} registered twice`);
      for (const c of projection.collections) {
        if (c.name.length > MAX_BASE_NAME) throw new RangeError(`collection ${c.name} of ${projection.name}: at most ${MAX_BASE_NAME} characters, to leave room for its version`);
      }
      this.entries.set(projection.name, { projection, version: 0, runner: null, rebuilding: null, shadow: null, reading: new Map() });
    }
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Opens the read store, starts every projection (once) and resumes rebuilds a previous process left half-done. */
  async start(): Promise<void> {
    await Promise.all(this.names.map((name) => this.running(name)));
    const checkpoints = (await this.documents()).collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
    for (const [name, entry] of this.entries) {
      const shadow = await checkpoints.get(name + REBUILD_SUFFIX);
      if (!shadow || shadow.version !== entry.version + 1 || entry.rebuilding) continue;
      this.rebuild(name).catch((error: unknown) => {
        if (!this.closed) this.options.onError?.(name, error);
      });
    }
  }

  /**
   * The projection's view once it has applied everything committed before this call; READ_MODEL_BEHIND
   * (503, `details.retryAfterSeconds`) when that takes longer than `timeoutMs`.
   */
  async fresh(name: string, timeoutMs = this.options.catchUpMs ?? 5000): Promise<ReadModelView> {
    const entry = this.entry(name);
    const behind = (runner: ProjectionRunner | null) =>
      ReadStoreErrors.READ_MODEL_BEHIND({ projection: name, position: runner?.position ?? null, retryAfterSeconds: RETRY_AFTER_SECONDS });
    // Opening the read store on first use is not the projection being behind: the bound starts after.
    let runner = await this.running(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left > 0 && (await runner.catchUp(left))) return this.viewOf(entry, runner, true);
      // Replaced while we waited (a rebuild swapped its version in): the new runner has applied at
      // least what the old one had, so ask it.
      if (runner === entry.runner || this.closed || Date.now() >= deadline) throw behind(runner);
      runner = await within(this.running(name), deadline - Date.now(), () => behind(entry.runner));
    }
  }

  /** The projection's view as it is; with `waitMs`, after waiting that long at most for it to catch up (lists that show their own freshness). */
  async view(name: string, waitMs = 0): Promise<ReadModelView> {
    const entry = this.entry(name);
    const runner = await this.running(name);
    const caughtUp = waitMs > 0 ? await runner.catchUp(waitMs) : false;
    return this.viewOf(entry, runner, caughtUp);
  }

  /** The runner of a projection (tests: stop, position). */
  async runner(name: string): Promise<ProjectionRunner> {
    return this.running(name);
  }

  async status(): Promise<ProjectionStatus[]> {
    const documents = await this.documents();
    // A log that cannot tell its head right now makes the head unknown, not the status unavailable.
    const head = this.options.store.headPosition ? await this.options.store.headPosition().catch(() => null) : null;
    const checkpoints = documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
    const out: ProjectionStatus[] = [];
    for (const [name, entry] of this.entries) {
      const stored = await checkpoints.get(name);
      const shadow = await checkpoints.get(name + REBUILD_SUFFIX);
      const runner = entry.runner;
      const running = runner?.isRunning ?? false;
      const version = runner ? entry.version : (stored?.version ?? entry.version);
      const position = runner?.position ?? stored?.position ?? START;
      const caughtUp = head !== null ? position === head : running ? await runner!.catchUp(100) : false;
      const pending = runner?.oldestUnappliedRecordedAt ?? null;
      out.push({
        name,
        version,
        running,
        position,
        headPosition: head,
        caughtUp,
        lastEventRecordedAt: stored?.lastEventRecordedAt ?? null,
        lagSeconds: caughtUp ? 0 : !running ? null : pending === null ? 0 : Math.max(0, Math.round((Date.now() - Date.parse(pending)) / 1000)),
        updatedAt: stored?.updatedAt ?? null,
        rebuiltAt: stored?.rebuiltAt ?? null,
        rebuilding:
          shadow && (shadow.version ?? 0) > version
            ? { version: shadow.version ?? version + 1, position: entry.shadow?.position ?? shadow.position, active: entry.shadow !== null }
            : null,
      });
    }
    return out;
  }

  /**
   * Rebuilds a projection into a new version while the current one keeps serving, and swaps when the
   * new one has caught up (see the class comment). A second call while one runs joins it.
   */
  async rebuild(name: string, options: { catchUpMs?: number } = {}): Promise<ProjectionStatus> {
    const entry = this.entry(name);
    entry.rebuilding ??= this.rebuildNow(entry, options.catchUpMs ?? 30_000).finally(() => (entry.rebuilding = null));
    return entry.rebuilding;
  }

  /** Stops every runner after its page in hand (a rebuild stops where it is, to resume later), then closes the read store. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    for (const entry of entries) await entry.shadow?.stop();
    await Promise.allSettled(entries.map((entry) => entry.rebuilding));
    await Promise.allSettled([...this.starting.values()]);
    for (const entry of entries) await entry.runner?.stop();
    const opening = this.opening;
    this.opening = null;
    const documents = await opening?.catch(() => null);
    await documents?.close();
  }

  private async viewOf(entry: Entry, runner: ProjectionRunner, caughtUp: boolean): Promise<ReadModelView> {
    const documents = await this.documents();
    return {
      position: runner.position,
      caughtUp,
      version: entry.version,
      collection: <T extends Document = Document>(schema: CollectionSchema) => this.servedCollection<T>(entry, documents, schema),
    };
  }

  /** A collection of the projection that always reads the version served at the time of the call. */
  private servedCollection<T extends Document>(entry: Entry, documents: DocumentStore, schema: CollectionSchema): DocumentCollection<T> {
    const name = entry.projection.name;
    if (!entry.projection.collections.some((c) => c.name === schema.name)) throw new RangeError(`collection ${schema.name} is not one of projection ${name}'s`);
    let pagedVersion: number | null = null;
    const on = async <R>(work: (collection: DocumentCollection<T>, version: number) => Promise<R>): Promise<R> => {
      const version = entry.version;
      entry.reading.set(version, (entry.reading.get(version) ?? 0) + 1);
      try {
        return await work(documents.collection<T>({ ...schema, name: versionedName(schema.name, version) }), version);
      } finally {
        const left = (entry.reading.get(version) ?? 1) - 1;
        if (left === 0) entry.reading.delete(version);
        else entry.reading.set(version, left);
      }
    };
    return {
      schema,
      upsert: (id, document) => on((c) => c.upsert(id, document)),
      get: (id) => on((c) => c.get(id)),
      delete: (id) => on((c) => c.delete(id)),
      count: (filter) => on((c) => c.count(filter)),
      clear: () => on((c) => c.clear()),
      find: (options: FindOptions = {}) =>
        on((c, version) => {
          // A cursor names its version's collection; a page after a swap must start again.
          if (options.cursor && pagedVersion !== null && pagedVersion !== version) {
            throw ReadStoreErrors.READ_MODEL_BEHIND({ projection: name, reason: 'rebuilt while paging', retryAfterSeconds: 1 });
          }
          pagedVersion = version;
          return c.find(options);
        }),
    };
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw ReadStoreErrors.PROJECTION_NOT_FOUND({ projection: name, known: this.names });
    return entry;
  }

  private documents(): Promise<DocumentStore> {
    if (this.closed) return Promise.reject(ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: 'closed', retryAfterSeconds: RETRY_AFTER_SECONDS }));
    if (!this.opening) {
      const opening = this.options.openReadStore();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening.catch((error: unknown) => {
      this.options.onError?.('*', error);
      throw ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: error instanceof Error ? error.message : String(error), retryAfterSeconds: RETRY_AFTER_SECONDS });
    });
  }

  private running(name: string): Promise<ProjectionRunner> {
    const entry = this.entry(name);
    if (entry.runner) return Promise.resolve(entry.runner);
    let starting = this.starting.get(name);
    if (!starting) {
      const started = this.startRunner(entry).finally(() => {
        if (this.starting.get(name) === started) this.starting.delete(name);
      });
      this.starting.set(name, started);
      starting = started;
    }
    return starting;
  }

  private async startRunner(entry: Entry): Promise<ProjectionRunner> {
    const name = entry.projection.name;
    const documents = await this.documents();
    await documents.ensure(PROJECTION_CHECKPOINTS);
    const checkpoints = documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
    const stored = await checkpoints.get(name);
    entry.version = stored?.version ?? 0;
    // Left over by a process that died after a swap: the retired version, and the finished rebuild's checkpoint.
    const retired = await checkpoints.get(name + RETIRED_SUFFIX);
    if (retired && retired.version !== undefined && retired.version !== entry.version) await this.retire(entry, documents, retired.version, 0);
    const shadow = await checkpoints.get(name + REBUILD_SUFFIX);
    if (shadow && (shadow.version ?? 0) <= entry.version) await checkpoints.delete(name + REBUILD_SUFFIX);
    const runner = this.liveRunner(entry, documents, entry.version);
    await runner.start();
    entry.runner = runner;
    return runner;
  }

  /**
   * The runner of the version served. Should another process swap a rebuilt version in, its next
   * page finds the checkpoint naming another version: it stops instead of writing to a retired
   * one, and the next request starts a runner on the version now served.
   */
  private liveRunner(entry: Entry, documents: DocumentStore, version: number): ProjectionRunner {
    const runner: ProjectionRunner = this.newRunner(documents, versionedProjection(entry.projection, version), {
      owns: (checkpoint) => ((checkpoint as VersionedCheckpoint | null)?.version ?? 0) === version,
      onDisowned: () => {
        if (entry.runner === runner) entry.runner = null;
        this.options.onError?.(entry.projection.name, new Error(`version ${version} was swapped out by another process; following the version now served`));
      },
    });
    return runner;
  }

  private newRunner(documents: DocumentStore, projection: Projection, ownership: Pick<ProjectionRunnerOptions, 'owns' | 'onDisowned'> = {}): ProjectionRunner {
    return new ProjectionRunner({
      store: this.options.store,
      documents,
      projection,
      batchSize: this.options.batchSize ?? 500,
      catchUpBatchSize: this.options.catchUpBatchSize ?? (this.options.batchSize === undefined ? 1000 : undefined),
      pollIntervalMs: this.options.pollIntervalMs,
      retryDelayMs: this.options.retryDelayMs,
      onError: (error) => this.options.onError?.(projection.name, error),
      ...ownership,
    });
  }

  private interrupted(): Error {
    return ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: 'rebuild interrupted', retryAfterSeconds: RETRY_AFTER_SECONDS });
  }

  private async rebuildNow(entry: Entry, catchUpMs: number): Promise<ProjectionStatus> {
    const name = entry.projection.name;
    const shadowName = name + REBUILD_SUFFIX;
    await this.running(name);
    const documents = await this.documents();
    const target = entry.version + 1;
    const shadowProjection = versionedProjection(entry.projection, target, shadowName);
    const leftover = await documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS).get(shadowName);
    if (!leftover || leftover.version !== target) {
      // A fresh start: nothing of an earlier, different rebuild may leak into the new version.
      for (const schema of shadowProjection.collections) await documents.ensure(schema);
      await documents.transaction(async (session) => {
        for (const schema of shadowProjection.collections) await session.collection(schema).clear();
        await session.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS).upsert(shadowName, { position: START, updatedAt: new Date().toISOString(), version: target });
      });
    }
    // Once its checkpoint is gone (swapped in by another process) or names another version, it stops.
    const shadow = this.newRunner(documents, shadowProjection, { owns: (checkpoint) => (checkpoint as VersionedCheckpoint | null)?.version === target });
    entry.shadow = shadow;
    try {
      if (this.closed) throw this.interrupted();
      await shadow.start();
      for (;;) {
        while (!(await shadow.catchUp(catchUpMs))) {
          if (this.closed || !shadow.isRunning) throw this.interrupted();
        }
        if (this.closed || !shadow.isRunning) throw this.interrupted();
        if (await this.swap(entry, shadow, documents, target)) break;
      }
    } finally {
      entry.shadow = null;
      await shadow.stop();
    }
    return (await this.status()).find((s) => s.name === name)!;
  }

  /**
   * Hands the projection over from the live runner to the rebuilt version. Requests arriving
   * meanwhile wait for the new runner (bounded by their own deadline). False, with the old version
   * serving again, when the new one cannot catch up within `catchUpMs` once the old one stopped.
   */
  private async swap(entry: Entry, shadow: ProjectionRunner, documents: DocumentStore, target: number): Promise<boolean> {
    const name = entry.projection.name;
    const shadowName = name + REBUILD_SUFFIX;
    let settle!: (runner: ProjectionRunner | Promise<ProjectionRunner>) => void;
    const handover = new Promise<ProjectionRunner>((resolve) => (settle = resolve));
    handover.catch(() => undefined);
    this.starting.set(name, handover);
    const live = entry.runner;
    entry.runner = null;
    try {
      await live?.stop();
      // Past everything the old version applied, so the swap never takes a reader back in time.
      const caughtUp = await shadow.catchUp(this.options.catchUpMs ?? 5000);
      if (!caughtUp || this.closed) {
        if (!this.closed) await live?.start();
        entry.runner = live;
        if (live) settle(live);
        else settle(this.restart(name));
        if (this.closed) throw this.interrupted();
        return false;
      }
      await shadow.stop();
      const old = entry.version;
      const now = new Date().toISOString();
      await documents.transaction(async (session) => {
        await session.collection(PROJECTION_LOCKS).upsert(name, { lockedAt: now });
        const checkpoints = session.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
        const built = await checkpoints.get(shadowName);
        if (!built) throw new Error(`the checkpoint of ${shadowName} is gone`);
        await checkpoints.upsert(name, { ...built, updatedAt: now, rebuiltAt: now, version: target });
        await checkpoints.upsert(name + RETIRED_SUFFIX, { position: START, updatedAt: now, version: old });
        await checkpoints.delete(shadowName);
      });
      entry.version = target;
      if (this.closed) {
        settle(Promise.reject(this.interrupted()));
        return true;
      }
      const runner = this.liveRunner(entry, documents, target);
      await runner.start();
      entry.runner = runner;
      settle(runner);
      // The swap stands even if clearing fails: the marker has it done at the next start.
      await this.retire(entry, documents, old, this.options.catchUpMs ?? 5000).catch((error: unknown) => this.options.onError?.(name, error));
      return true;
    } catch (error) {
      // Whatever state the store is in, a runner started from its checkpoint serves the right version.
      if (entry.runner === null) settle(this.restart(name));
      throw error;
    } finally {
      if (this.starting.get(name) === handover) this.starting.delete(name);
    }
  }

  private restart(name: string): Promise<ProjectionRunner> {
    this.starting.delete(name);
    return this.running(name);
  }

  /** Clears a version no longer served, once the reads under way on it are done (waiting at most `drainMs`). */
  private async retire(entry: Entry, documents: DocumentStore, version: number, drainMs: number): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (entry.reading.has(version) && Date.now() < deadline) await sleep(10);
    const retired = versionedProjection(entry.projection, version);
    await documents.transaction(async (session) => {
      for (const schema of retired.collections) await session.collection(schema).clear();
      await session.collection(PROJECTION_CHECKPOINTS).delete(entry.projection.name + RETIRED_SUFFIX);
    });
  }
}
