import type { EventEnvelope } from '@benefits/kernel';
import { START, type LogPositionOrStart } from '@benefits/event-store';
import type { CollectionSchema, Document, DocumentCollection, DocumentSession, DocumentStore } from '../document-store';
import { ReadStoreErrors } from '../errors';
import { PROJECTION_CHECKPOINTS, ProjectionRunner, type Projection, type ProjectionCheckpoint, type ProjectionSource } from './projection-runner';

/**
 * The read models of one service: its projections over one document store, each kept by a
 * `ProjectionRunner`, behind one object the service's request paths ask for a *fresh* view.
 *
 * Versions and rebuilds. A projection's collections are stored under a version (`<name>` for
 * version 0, `<name>-v<n>` after), recorded in its checkpoint document. A rebuild writes version
 * n+1 beside the live one with a second runner (`<projection>.rebuild`) from the start of the log
 * while requests keep reading version n, and swaps — checkpoint, version and position in one write —
 * only once the new version has caught up with the log; then version n is cleared. A rebuild that
 * dies half-way leaves version n serving and resumes from its own checkpoint when asked again.
 *
 * Read-your-writes. `fresh(name)` waits (bounded) until the projection has applied everything the
 * log held when it was called — which includes every append the caller made before — and otherwise
 * refuses with READ_MODEL_BEHIND (503, Retry-After) rather than answer from a stale model.
 */
export interface ReadModelsOptions {
  store: ProjectionSource;
  openReadStore: () => Promise<DocumentStore>;
  projections: readonly Projection[];
  /** Idle poll interval of each runner (default 200 ms). */
  pollIntervalMs?: number;
  /** Events per read and transaction (default 500). */
  batchSize?: number;
  /** Default bound of `fresh` (default 5000 ms). */
  catchUpMs?: number;
  onError?: (projection: string, error: unknown) => void;
}

/** A projection's collections, in the version currently served. */
export interface ReadModelView {
  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T>;
  /** The last event the view reflects. */
  position: LogPositionOrStart;
  caughtUp: boolean;
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
  /** Recorded time of the last event applied, and how far behind the head's time (0 when caught up). */
  lastEventRecordedAt: string | null;
  lagSeconds: number;
  updatedAt: string | null;
  rebuiltAt: string | null;
  /** A rebuild in progress (or interrupted): the version it writes and how far it got. */
  rebuilding: { version: number; position: LogPositionOrStart } | null;
}

interface Entry {
  projection: Projection;
  version: number;
  runner: ProjectionRunner | null;
  rebuilding: Promise<ProjectionStatus> | null;
  shadow: ProjectionRunner | null;
}

interface VersionedCheckpoint extends ProjectionCheckpoint {
  version?: number;
  lastEventRecordedAt?: string;
}

export const REBUILD_SUFFIX = '.rebuild';

/** The stored name of a collection in a version: version 0 keeps the plain name (read models built before versions existed). */
export function versionedName(name: string, version: number): string {
  return version === 0 ? name : `${name}-v${version}`;
}

/** The projection writing into `version`, checkpointed under `checkpointName`. */
export function versionedProjection(projection: Projection, version: number, checkpointName: string = projection.name): Projection {
  const rename = new Map(projection.collections.map((c) => [c.name, { ...c, name: versionedName(c.name, version) }]));
  const wrap = (session: DocumentSession): DocumentSession => ({
    collection: <T extends Document = Document>(schema: CollectionSchema) => session.collection<T>(rename.get(schema.name) ?? schema),
  });
  return {
    name: checkpointName,
    collections: [...rename.values()],
    handles: projection.handles ? (event: EventEnvelope) => projection.handles!(event) : undefined,
    apply: (event, session) => projection.apply(event, wrap(session)),
  };
}

export class ReadModels {
  private readonly entries = new Map<string, Entry>();
  private opening: Promise<DocumentStore> | null = null;
  private closed = false;

  constructor(private readonly options: ReadModelsOptions) {
    for (const projection of options.projections) {
      if (this.entries.has(projection.name)) throw new RangeError(`projection ${projection.name} registered twice`);
      this.entries.set(projection.name, { projection, version: 0, runner: null, rebuilding: null, shadow: null });
    }
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Opens the read store and starts every projection (once). */
  async start(): Promise<void> {
    await Promise.all(this.names.map((name) => this.running(name)));
  }

  /**
   * The projection's view once it has applied everything committed before this call; READ_MODEL_BEHIND
   * (503, `details.retryAfterSeconds`) when that takes longer than `timeoutMs`.
   */
  async fresh(name: string, timeoutMs = this.options.catchUpMs ?? 5000): Promise<ReadModelView> {
    const runner = await this.running(name);
    const caughtUp = await runner.catchUp(timeoutMs);
    if (!caughtUp) throw ReadStoreErrors.READ_MODEL_BEHIND({ projection: name, position: runner.position, retryAfterSeconds: 2 });
    return this.viewOf(name, runner, true);
  }

  /** The projection's view as it is, without waiting (lists that show their own freshness). */
  async view(name: string, waitMs = 0): Promise<ReadModelView> {
    const runner = await this.running(name);
    const caughtUp = waitMs > 0 ? await runner.catchUp(waitMs) : false;
    return this.viewOf(name, runner, caughtUp);
  }

  /** The runner of a projection (tests: stop, position). */
  async runner(name: string): Promise<ProjectionRunner> {
    return this.running(name);
  }

  async status(): Promise<ProjectionStatus[]> {
    const documents = await this.documents();
    const head = this.options.store.headPosition ? await this.options.store.headPosition() : null;
    const checkpoints = documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
    const out: ProjectionStatus[] = [];
    for (const [name, entry] of this.entries) {
      const stored = await checkpoints.get(name);
      const shadow = await checkpoints.get(name + REBUILD_SUFFIX);
      const position = entry.runner?.position ?? stored?.position ?? START;
      const caughtUp = head === null ? ((await entry.runner?.catchUp(100)) ?? false) : position === head;
      const last = stored?.lastEventRecordedAt ?? null;
      out.push({
        name,
        version: stored?.version ?? entry.version,
        running: entry.runner?.isRunning ?? false,
        position,
        headPosition: head,
        caughtUp,
        lastEventRecordedAt: last,
        lagSeconds: caughtUp || last === null ? 0 : Math.max(0, Math.round((Date.now() - Date.parse(last)) / 1000)),
        updatedAt: stored?.updatedAt ?? null,
        rebuiltAt: stored?.rebuiltAt ?? null,
        rebuilding: shadow ? { version: shadow.version ?? entry.version + 1, position: entry.shadow?.position ?? shadow.position } : null,
      });
    }
    return out;
  }

  /**
   * Rebuilds a projection into a new version while the current one keeps serving, and swaps when the
   * new one has caught up (see the class comment). A second call while one runs joins it.
   */
  rebuild(name: string, options: { catchUpMs?: number } = {}): Promise<ProjectionStatus> {
    const entry = this.entry(name);
    entry.rebuilding ??= this.rebuildNow(entry, options.catchUpMs ?? 30_000).finally(() => (entry.rebuilding = null));
    return entry.rebuilding;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) {
      await entry.shadow?.stop();
      await entry.runner?.stop();
    }
    const opening = this.opening;
    this.opening = null;
    const documents = await opening?.catch(() => null);
    await documents?.close();
  }

  private async viewOf(name: string, runner: ProjectionRunner, caughtUp: boolean): Promise<ReadModelView> {
    const entry = this.entry(name);
    const documents = await this.documents();
    const names = new Map(entry.projection.collections.map((c) => [c.name, versionedName(c.name, entry.version)]));
    return {
      position: runner.position,
      caughtUp,
      collection: <T extends Document = Document>(schema: CollectionSchema) => {
        const stored = names.get(schema.name);
        if (stored === undefined) throw new RangeError(`collection ${schema.name} is not one of projection ${name}'s`);
        return documents.collection<T>({ ...schema, name: stored });
      },
    };
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw ReadStoreErrors.PROJECTION_NOT_FOUND({ projection: name, known: this.names });
    return entry;
  }

  private documents(): Promise<DocumentStore> {
    if (this.closed) return Promise.reject(ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: 'closed' }));
    if (!this.opening) {
      const opening = this.options.openReadStore();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening.catch((error: unknown) => {
      this.options.onError?.('*', error);
      throw ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: error instanceof Error ? error.message : String(error) });
    });
  }

  private starting = new Map<string, Promise<ProjectionRunner>>();

  private running(name: string): Promise<ProjectionRunner> {
    const entry = this.entry(name);
    if (entry.runner) return Promise.resolve(entry.runner);
    let starting = this.starting.get(name);
    if (!starting) {
      starting = this.startRunner(entry).finally(() => this.starting.delete(name));
      this.starting.set(name, starting);
    }
    return starting;
  }

  private async startRunner(entry: Entry): Promise<ProjectionRunner> {
    const documents = await this.documents();
    await documents.ensure(PROJECTION_CHECKPOINTS);
    const stored = await documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS).get(entry.projection.name);
    entry.version = stored?.version ?? 0;
    const runner = this.newRunner(documents, versionedProjection(entry.projection, entry.version));
    await runner.start();
    entry.runner = runner;
    return runner;
  }

  private newRunner(documents: DocumentStore, projection: Projection): ProjectionRunner {
    return new ProjectionRunner({
      store: this.options.store,
      documents,
      projection,
      batchSize: this.options.batchSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs,
      onError: (error) => this.options.onError?.(projection.name, error),
    });
  }

  private async rebuildNow(entry: Entry, catchUpMs: number): Promise<ProjectionStatus> {
    const name = entry.projection.name;
    const shadowName = name + REBUILD_SUFFIX;
    await this.running(name);
    const documents = await this.documents();
    const checkpoints = documents.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
    const target = entry.version + 1;
    const leftover = await checkpoints.get(shadowName);
    if (!leftover || (leftover.version ?? -1) !== target) {
      // A fresh start: nothing of an earlier, different rebuild may leak into the new version.
      const shadowProjection = versionedProjection(entry.projection, target, shadowName);
      for (const schema of shadowProjection.collections) await documents.ensure(schema);
      await documents.transaction(async (session) => {
        for (const schema of shadowProjection.collections) await session.collection(schema).clear();
        await session.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS).upsert(shadowName, { position: START, updatedAt: new Date().toISOString(), version: target });
      });
    }
    const shadow = this.newRunner(documents, versionedProjection(entry.projection, target, shadowName));
    entry.shadow = shadow;
    try {
      await shadow.start();
      while (!(await shadow.catchUp(catchUpMs))) {
        if (this.closed || !shadow.isRunning) throw ReadStoreErrors.READ_MODEL_UNAVAILABLE({ reason: 'rebuild interrupted' });
      }
      await shadow.stop();
      const live = entry.runner;
      await live?.stop();
      const now = new Date().toISOString();
      const old = versionedProjection(entry.projection, entry.version);
      await documents.transaction(async (session) => {
        const cps = session.collection<VersionedCheckpoint>(PROJECTION_CHECKPOINTS);
        const built = await cps.get(shadowName);
        await cps.upsert(name, { ...built, position: built?.position ?? shadow.position, updatedAt: now, rebuiltAt: now, version: target });
        await cps.delete(shadowName);
      });
      entry.runner = null;
      entry.version = target;
      await this.running(name);
      for (const schema of old.collections) await documents.collection(schema).clear();
    } finally {
      entry.shadow = null;
      await shadow.stop();
    }
    return (await this.status()).find((s) => s.name === name)!;
  }
}
