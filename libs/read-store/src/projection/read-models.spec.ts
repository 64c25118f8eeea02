import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@benefits/kernel';
import { createEventStore, START, type EventStore, type LogPositionOrStart } from '@benefits/event-store';
import { createTestDatabase } from '@benefits/testing';
import { createDocumentStore } from '../create-document-store';
import type { CollectionSchema, DocumentCollection, DocumentSession, DocumentStore } from '../document-store';
import { PROJECTION_CHECKPOINTS, PROJECTION_LOCKS, type Projection, type ProjectionCheckpoint, type ProjectionSource } from './projection-runner';
import { ReadModels, REBUILD_SUFFIX, versionedProjection, type ProjectionStatus, type ReadModelsOptions } from './read-models';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------------------------------------
// Projections under test

const LEDGER: CollectionSchema = { name: 'ledger', fields: { count: 'number' } };
interface Ledger extends Record<string, unknown> {
  count: number;
  eventIds: string[];
}
const LEDGER_PROJECTION = 'test.ledger';

/**
 * The stores are opened once per adapter (a PGlite database takes seconds to create); each test
 * writes its own streams, `case-<ns>-…`, and its projections follow only those.
 */
let ns = 't0';
let tests = 0;
const cs = (name: string) => `case-${ns}-${name}`;
const ours = (event: EventEnvelope, prefix = `case-${ns}-`) => event.streamId.startsWith(prefix);

interface Hooks {
  /** Before anything of the event is written (e.g. to slow the projection down). */
  before?: (event: EventEnvelope) => Promise<void> | void;
  /** After the event's document is written, inside the page's unit of work. */
  after?: (event: EventEnvelope) => Promise<void> | void;
}

/**
 * Deliberately not idempotent: every application appends the event id, so an event applied twice —
 * or a page whose documents survived without its checkpoint — shows up as a duplicate.
 */
function ledgerProjection(hooks: Hooks = {}): Projection & { attempts: number } {
  const prefix = cs('');
  const projection = {
    name: LEDGER_PROJECTION,
    collections: [LEDGER],
    attempts: 0,
    handles: (event: EventEnvelope) => ours(event, prefix),
    async apply(event: EventEnvelope, session: DocumentSession) {
      projection.attempts += 1;
      await hooks.before?.(event);
      const docs = session.collection<Ledger>(LEDGER);
      const current = (await docs.get(event.streamId)) ?? { count: 0, eventIds: [] };
      await docs.upsert(event.streamId, { count: current.count + 1, eventIds: [...current.eventIds, event.eventId] });
      await hooks.after?.(event);
    },
  };
  return projection;
}

const TOTALS: CollectionSchema = { name: 'totals', fields: { revision: 'number' } };
interface Total extends Record<string, unknown> {
  revision: number;
  sum: number;
}

/** Idempotent through a revision guard: an event at or below the stored revision changes nothing. */
function totalsProjection(): Projection {
  const prefix = cs('');
  return {
    name: 'test.totals',
    collections: [TOTALS],
    handles: (event) => ours(event, prefix),
    async apply(event, session) {
      const docs = session.collection<Total>(TOTALS);
      const current = await docs.get(event.streamId);
      if (current && current.revision >= event.streamRevision) return;
      await docs.upsert(event.streamId, { revision: event.streamRevision, sum: (current?.sum ?? 0) + Number((event.data as { n: number }).n) });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Stores, and processes that can die

interface Fixture {
  events: EventStore;
  /** Opens the read store as a new process would (a new pool on a server; PGlite reopens its directory when no one has it open). */
  openDocuments(): Promise<DocumentStore>;
  dispose(): Promise<void>;
}

let seq = 0;
async function append(events: EventStore, streamId: string, count = 1): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    seq += 1;
    await events.appendToStream(streamId, [{ type: 'test.Happened.v1', data: { n: seq }, metadata: { correlationId: `c-${seq}` } }], { expectedRevision: 'any' });
  }
}

/**
 * One writer per stream, appending until stopped or `perWriter` events are written, at a pace a
 * runner keeps up with on a busy two-core machine (a runner that cannot keep up is behind, and
 * `fresh` rightly says so); the bound keeps a slow machine from never catching up at all.
 */
function traffic(events: EventStore, streams: string[], pauseMs = 20, perWriter = 60): { stop(): Promise<number> } {
  let stopping = false;
  let written = 0;
  const writers = streams.map(async (streamId) => {
    for (let n = 0; n < perWriter && !stopping; n += 1) {
      await append(events, streamId);
      written += 1;
      await sleep(pauseMs);
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(writers);
      return written;
    },
  };
}

interface Crash {
  dead: boolean;
}

function check(crash: Crash): void {
  if (crash.dead) throw new Error('the process is gone');
}

function killableSource(events: EventStore, crash: Crash): ProjectionSource {
  return {
    readAll: async (options) => {
      check(crash);
      const page = await events.readAll(options);
      check(crash);
      return page;
    },
    headPosition: async () => {
      check(crash);
      return events.headPosition();
    },
  };
}

function killableCollection<T extends Record<string, unknown>>(collection: DocumentCollection<T>, crash: Crash): DocumentCollection<T> {
  const guard =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      check(crash);
      return work(...args);
    };
  return {
    schema: collection.schema,
    upsert: guard((id, document) => collection.upsert(id, document)),
    get: guard((id) => collection.get(id)),
    delete: guard((id) => collection.delete(id)),
    find: guard((options) => collection.find(options)),
    count: guard((filter) => collection.count(filter)),
    clear: guard(() => collection.clear()),
  };
}

/** A document store that stops working the moment its process dies: a unit of work in flight rolls back. */
function killableDocuments(documents: DocumentStore, crash: Crash): DocumentStore {
  return {
    kind: documents.kind,
    atomic: documents.atomic,
    collection: (schema) => killableCollection(documents.collection(schema), crash),
    transaction: (work) => {
      check(crash);
      return documents.transaction((session) => work({ collection: (schema) => killableCollection(session.collection(schema), crash) }));
    },
    ensure: async (schema) => {
      check(crash);
      return documents.ensure(schema);
    },
    close: async () => {
      if (!crash.dead) await documents.close();
    },
  };
}

/** A service process hosting read models; `kill()` is a crash: no stop, no close, connections gone. */
class Process {
  readonly crash: Crash = { dead: false };
  readonly errors: unknown[] = [];
  readonly readModels: ReadModels;
  private documents: DocumentStore | null = null;

  constructor(fixture: Fixture, projections: Projection[], options: Partial<ReadModelsOptions> = {}) {
    this.readModels = new ReadModels({
      store: killableSource(fixture.events, this.crash),
      openReadStore: async () => {
        this.documents = await fixture.openDocuments();
        return killableDocuments(this.documents, this.crash);
      },
      projections,
      pollIntervalMs: 20,
      retryDelayMs: 20,
      batchSize: 10,
      ...options,
      onError: (_projection, error) => this.errors.push(error),
    });
  }

  async kill(): Promise<void> {
    this.crash.dead = true;
    await this.documents?.close();
  }

  /** After a kill: lets go of the timers a real crash would have taken with it. */
  async bury(): Promise<void> {
    await this.readModels.close().catch(() => undefined);
  }
}

/** Every listed stream's events exactly once and in order, in the given ledger collection. */
async function expectEveryEventOnce(events: EventStore, documents: DocumentStore, streams: string[], collection: CollectionSchema = LEDGER): Promise<void> {
  const docs = documents.collection<Ledger>(collection);
  for (const streamId of streams) {
    const recorded = (await events.readStream(streamId)).map((e) => e.eventId);
    const doc = await docs.get(streamId);
    expect({ streamId, eventIds: doc?.eventIds ?? [] }).toEqual({ streamId, eventIds: recorded });
    expect(doc?.count).toBe(recorded.length);
  }
}

const checkpointOf = (documents: DocumentStore, name: string) =>
  documents.collection<ProjectionCheckpoint & { version?: number }>(PROJECTION_CHECKPOINTS).get(name);

// ---------------------------------------------------------------------------------------------

function readModelsSuite(adapter: string, open: () => Promise<Fixture>): void {
  describe(`ReadModels on ${adapter}`, () => {
    let fixture: Fixture;
    /** A look at the read store from outside the processes under test. */
    let inspect: DocumentStore;
    /** The head of the log when the test began. */
    let origin: LogPositionOrStart;
    const processes: Process[] = [];
    const start = (projections: Projection[], options: Partial<ReadModelsOptions> = {}) => {
      const process = new Process(fixture, projections, options);
      processes.push(process);
      return process;
    };

    beforeAll(async () => {
      fixture = await open();
      inspect = await fixture.openDocuments();
    });
    afterAll(async () => {
      await inspect?.close();
      await fixture?.dispose();
    });
    beforeEach(async () => {
      ns = `t${++tests}`;
      origin = await fixture.events.headPosition();
      // Earlier tests' events are none of this one's business (a rebuild still replays them all).
      await inspect.collection<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS).upsert(LEDGER_PROJECTION, { position: origin, updatedAt: new Date().toISOString() });
    });
    afterEach(async () => {
      for (const process of processes.splice(0)) await process.bury();
      for (const name of [PROJECTION_CHECKPOINTS.name, PROJECTION_LOCKS.name, 'ledger', 'ledger-v1', 'ledger-v2', 'totals']) {
        await inspect.collection({ name, fields: {} }).clear();
      }
    });

    describe('redelivery', () => {
      it('the same page applied twice changes nothing for an idempotent projection', async () => {
        await append(fixture.events, cs('a'), 3);
        await append(fixture.events, `other-${ns}-x`, 1);
        await append(fixture.events, cs('b'), 2);
        const page = (await fixture.events.readAll({ after: origin, maxCount: 100 })).events;
        const projection = versionedProjection(totalsProjection(), 0);
        const applyPage = () =>
          inspect.transaction(async (session) => {
            for (const event of page) if (projection.handles?.(event) ?? true) await projection.apply(event, session);
          });
        const all = async () => (await inspect.collection<Total>(TOTALS).find({ limit: 100 })).items;
        await applyPage();
        const once = await all();
        expect(once).toHaveLength(2);
        await applyPage();
        expect(await all()).toEqual(once);

        // Through a runner on a store without transactions, where the page in hand is applied again after a failure.
        const nonAtomic: DocumentStore = {
          kind: inspect.kind,
          atomic: false,
          transaction: (work) => work(inspect),
          collection: (schema) => inspect.collection(schema),
          ensure: (schema) => inspect.ensure(schema),
          close: async () => undefined,
        };
        let failures = 0;
        const flaky: Projection = {
          ...totalsProjection(),
          name: 'test.totals-again',
          apply: async (event, session) => {
            await totalsProjection().apply(event, session);
            if (event.streamId === cs('b') && failures === 0) {
              failures += 1;
              throw new Error('failed after writing');
            }
          },
        };
        await inspect.collection(TOTALS).clear();
        const readModels = new ReadModels({ store: fixture.events, openReadStore: async () => nonAtomic, projections: [flaky], pollIntervalMs: 20, retryDelayMs: 20 });
        await readModels.fresh('test.totals-again');
        await readModels.close();
        expect(failures).toBe(1);
        expect(await all()).toEqual(once);
      });

      it('the runner applies every event once on an atomic store, even with a second process racing on the same read store', async () => {
        const streams = [cs('1'), cs('2'), cs('3'), cs('4')];
        for (const s of streams) await append(fixture.events, s, 15);
        // A pause inside each page widens the window in which two runners could apply the same page.
        const slow: Hooks = { before: () => sleep(1) };
        const first = start([ledgerProjection(slow)], { batchSize: 7 });
        const second = start([ledgerProjection(slow)], { batchSize: 7 });
        const writers = traffic(fixture.events, streams);
        try {
          await Promise.all([first.readModels.start(), second.readModels.start()]);
          await sleep(1000);
        } finally {
          await writers.stop();
        }
        await first.readModels.fresh(LEDGER_PROJECTION, 20_000);
        await second.readModels.fresh(LEDGER_PROJECTION, 20_000);
        await expectEveryEventOnce(fixture.events, inspect, streams);
        expect((await checkpointOf(inspect, LEDGER_PROJECTION))?.position).toBe(await fixture.events.headPosition());
        expect([...first.errors, ...second.errors]).toEqual([]);
      });
    });

    describe('crashes', () => {
      it('a failure between writing documents and the checkpoint leaves nothing of the page; the page is applied once when retried', async () => {
        await append(fixture.events, cs('a'), 4);
        let failing = false;
        const projection = ledgerProjection({
          after: (event) => {
            // Documents of case-b are written, and case-c's first, when the page fails.
            if (failing && event.streamId === cs('c')) throw new Error('failed after writing part of the page');
          },
        });
        const process = start([projection], { batchSize: 100 });
        await process.readModels.fresh(LEDGER_PROJECTION);
        const before = await checkpointOf(inspect, LEDGER_PROJECTION);
        failing = true;
        // Appended while the runner is stopped, so that all six arrive in one page.
        const runner = await process.readModels.runner(LEDGER_PROJECTION);
        await runner.stop();
        await append(fixture.events, cs('b'), 3);
        await append(fixture.events, cs('c'), 3);
        await runner.start();
        await waitFor('the page to fail twice', () => process.errors.length >= 2);
        expect(await inspect.collection(LEDGER).get(cs('b'))).toBeNull();
        expect(await inspect.collection(LEDGER).get(cs('c'))).toBeNull();
        expect(await checkpointOf(inspect, LEDGER_PROJECTION)).toEqual(before);
        await expect(process.readModels.fresh(LEDGER_PROJECTION, 200)).rejects.toMatchObject({ code: 'READ_MODEL_BEHIND', status: 503 });
        failing = false;
        await process.readModels.fresh(LEDGER_PROJECTION);
        await expectEveryEventOnce(fixture.events, inspect, [cs('a'), cs('b'), cs('c')]);
      });

      it('a process that dies mid-page is replaced by one that resumes from the checkpoint, without duplicates', async () => {
        const streams = [cs('a'), cs('b'), cs('c')];
        for (let i = 0; i < 4; i += 1) for (const s of streams) await append(fixture.events, s);
        const twelve = (await fixture.events.readAll({ after: origin, maxCount: 100 })).events;
        let dying: Process | null = null;
        const doomed = ledgerProjection({
          after: (event) => {
            // The 7th event's document is written; the process dies before the page's checkpoint.
            if (event.eventId === twelve[6].eventId) dying!.crash.dead = true;
          },
        });
        dying = start([doomed], { batchSize: 4 });
        void dying.readModels.start().catch(() => undefined);
        await waitFor('the crash', () => dying!.crash.dead);
        await dying.kill();

        // Pages 1 (events 1–4) committed; page 2 died after writing, and none of it stayed.
        expect((await checkpointOf(inspect, LEDGER_PROJECTION))?.position).toBe(twelve[3].position);
        expect((await inspect.collection<Ledger>(LEDGER).get(cs('a')))?.count).toBe(2);

        const resumed = ledgerProjection();
        const successor = start([resumed], { batchSize: 4 });
        const view = await successor.readModels.fresh(LEDGER_PROJECTION);
        expect(view.position).toBe(twelve[11].position);
        await expectEveryEventOnce(fixture.events, inspect, streams);
        // It resumed: only the eight events after the checkpoint were applied.
        expect(resumed.attempts).toBe(8);
        expect(successor.errors).toEqual([]);
      });
    });

    describe('rebuild', () => {
      it('rebuilds into a new version while writers append and readers read the old version, then swaps', async () => {
        const streams = [cs('1'), cs('2'), cs('3'), cs('4'), cs('5')];
        for (const s of streams) await append(fixture.events, s, 40);
        const process = start([ledgerProjection({ before: () => sleep(1) })], { batchSize: 25 });
        const readModels = process.readModels;
        await readModels.start();
        const beforeView = await readModels.fresh(LEDGER_PROJECTION);

        const writers = traffic(fixture.events, [cs('1'), cs('2'), cs('w')]);
        let rebuilt = false;
        const reads: { version: number; during: boolean }[] = [];
        let own = 0;
        const reader = (async () => {
          while (!rebuilt) {
            // Read-your-writes holds throughout: before, during and across the swap.
            await append(fixture.events, cs('reader'));
            own += 1;
            // A generous bound: on a loaded machine the live runner shares it with the rebuild.
            const view = await readModels.fresh(LEDGER_PROJECTION, 30_000);
            const during = (await readModels.status())[0].rebuilding?.active === true;
            reads.push({ version: view.version, during });
            expect((await view.collection<Ledger>(LEDGER).get(cs('reader')))?.count).toBe(own);
          }
        })();
        let result: ProjectionStatus;
        try {
          result = await readModels.rebuild(LEDGER_PROJECTION);
        } finally {
          rebuilt = true;
          await writers.stop();
          await reader;
        }

        expect(result).toMatchObject({ name: LEDGER_PROJECTION, version: 1, caughtUp: expect.any(Boolean), rebuilding: null, rebuiltAt: expect.any(String) });
        // Reads while the rebuild ran answered from version 0; versions never went back.
        const during = reads.filter((r) => r.during);
        expect(during.length).toBeGreaterThan(0);
        expect(during.every((r) => r.version === 0)).toBe(true);
        expect(reads.map((r) => r.version)).toEqual([...reads.map((r) => r.version)].sort());

        const after = await readModels.fresh(LEDGER_PROJECTION);
        expect(after.version).toBe(1);
        await expectEveryEventOnce(fixture.events, inspect, [...streams, cs('w'), cs('reader')], { ...LEDGER, name: 'ledger-v1' });
        expect(await inspect.collection(LEDGER).count()).toBe(0);
        const checkpoint = await checkpointOf(inspect, LEDGER_PROJECTION);
        expect(checkpoint).toMatchObject({ version: 1, rebuiltAt: expect.any(String), position: after.position });
        expect(await checkpointOf(inspect, LEDGER_PROJECTION + REBUILD_SUFFIX)).toBeNull();

        // A view taken before the swap reads the version served now, not the retired one.
        expect((await beforeView.collection<Ledger>(LEDGER).get(cs('w')))?.count).toBeGreaterThan(0);
        expect(process.errors).toEqual([]);
      });

      it('a second process on the same read store stops writing the retired version and follows the rebuilt one', async () => {
        const streams = [cs('1'), cs('2'), cs('3')];
        for (const s of streams) await append(fixture.events, s, 10);
        const rebuilder = start([ledgerProjection()]);
        const follower = start([ledgerProjection()]);
        await rebuilder.readModels.fresh(LEDGER_PROJECTION);
        await follower.readModels.fresh(LEDGER_PROJECTION);
        const writers = traffic(fixture.events, streams);
        try {
          await rebuilder.readModels.rebuild(LEDGER_PROJECTION);
        } finally {
          await writers.stop();
        }
        // The follower learns of the swap at its next page.
        await append(fixture.events, cs('1'));
        const view = await follower.readModels.fresh(LEDGER_PROJECTION);
        expect(view.version).toBe(1);
        await rebuilder.readModels.fresh(LEDGER_PROJECTION);
        await expectEveryEventOnce(fixture.events, inspect, streams, { ...LEDGER, name: 'ledger-v1' });
        expect(await inspect.collection(LEDGER).count()).toBe(0);
        expect((await checkpointOf(inspect, LEDGER_PROJECTION))?.version).toBe(1);
        expect(follower.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('swapped out by another process') })]);
        expect(rebuilder.errors).toEqual([]);
      });

      it('refuses to continue paging across a swap', async () => {
        for (const s of [cs('1'), cs('2'), cs('3')]) await append(fixture.events, s, 2);
        const process = start([ledgerProjection()]);
        const view = await process.readModels.fresh(LEDGER_PROJECTION);
        const ledger = view.collection(LEDGER);
        const page1 = await ledger.find({ limit: 1 });
        await process.readModels.rebuild(LEDGER_PROJECTION);
        await expect(ledger.find({ limit: 1, cursor: page1.nextCursor })).rejects.toMatchObject({ code: 'READ_MODEL_BEHIND', details: { retryAfterSeconds: 1 } });
        // From the first page again, it reads the new version.
        expect((await ledger.find({ limit: 10 })).items).toHaveLength(3);
      });

      it('a rebuild interrupted by closing resumes from its own checkpoint when the read models start again', async () => {
        const streams = [cs('1'), cs('2'), cs('3')];
        for (const s of streams) await append(fixture.events, s, 40);
        const slow = ledgerProjection({ before: () => sleep(2) });
        const first = start([slow], { batchSize: 10 });
        await first.readModels.fresh(LEDGER_PROJECTION);
        const rebuilding = first.readModels.rebuild(LEDGER_PROJECTION);
        rebuilding.catch(() => undefined);
        // Past earlier tests' events (the rebuild replays the whole log) and into this one's.
        await waitFor('the rebuild to get going', async () => (await inspect.collection({ ...LEDGER, name: 'ledger-v1' }).count()) > 0);
        await first.readModels.close();
        await expect(rebuilding).rejects.toMatchObject({ code: 'READ_MODEL_UNAVAILABLE' });
        const interruptedAt = (await checkpointOf(inspect, LEDGER_PROJECTION + REBUILD_SUFFIX))!.position;
        expect(interruptedAt).not.toBe(START);
        expect((await checkpointOf(inspect, LEDGER_PROJECTION))?.version ?? 0).toBe(0);

        // Slow too: with the page buffer a fast projection can finish the rest before status() is asked.
        const resumed = ledgerProjection({ before: () => sleep(2) });
        const second = start([resumed], { batchSize: 10 });
        const [before] = await second.readModels.status();
        expect(before).toMatchObject({ version: 0, rebuilding: { version: 1, position: interruptedAt, active: false } });
        await second.readModels.start();
        const [during] = await second.readModels.status();
        expect(during.rebuilding).toMatchObject({ version: 1 });
        const done = await second.readModels.rebuild(LEDGER_PROJECTION);
        expect(done).toMatchObject({ version: 1, rebuilding: null });
        await expectEveryEventOnce(fixture.events, inspect, streams, { ...LEDGER, name: 'ledger-v1' });
        expect(await inspect.collection(LEDGER).count()).toBe(0);
        // Resumed, not started over: fewer applications than the log has events.
        expect(resumed.attempts).toBeGreaterThan(0);
        expect(resumed.attempts).toBeLessThan(120);
        expect(second.errors).toEqual([]);
      });
    });

    describe('freshness', () => {
      it('fresh() after an append sees it, under steady traffic from others', async () => {
        const process = start([ledgerProjection()]);
        await process.readModels.start();
        const writers = traffic(fixture.events, [cs('x'), cs('y'), cs('z')]);
        try {
          for (let i = 1; i <= 15; i += 1) {
            await append(fixture.events, cs('mine'));
            const view = await process.readModels.fresh(LEDGER_PROJECTION);
            expect(view.caughtUp).toBe(true);
            expect((await view.collection<Ledger>(LEDGER).get(cs('mine')))?.count).toBe(i);
          }
        } finally {
          await writers.stop();
        }
      });

      it('fresh() refuses with READ_MODEL_BEHIND within its bound when the projection is stopped or slow', async () => {
        let slow = false;
        const process = start([ledgerProjection({ before: () => (slow ? sleep(6000) : undefined) })]);
        await append(fixture.events, cs('a'));
        await process.readModels.fresh(LEDGER_PROJECTION);

        const runner = await process.readModels.runner(LEDGER_PROJECTION);
        await runner.stop();
        // A stopped projection at the head is still fresh …
        await expect(process.readModels.fresh(LEDGER_PROJECTION, 300)).resolves.toMatchObject({ caughtUp: true });
        // … but not once something was appended.
        await append(fixture.events, cs('a'));
        let started = Date.now();
        const stopped = await process.readModels.fresh(LEDGER_PROJECTION, 300).catch((error: unknown) => error);
        // Bounds with room for a loaded machine: the point is that it answers near 300 ms, not after the projection.
        expect(Date.now() - started).toBeLessThan(4000);
        expect(stopped).toMatchObject({ code: 'READ_MODEL_BEHIND', status: 503, details: { projection: LEDGER_PROJECTION, retryAfterSeconds: expect.any(Number) } });

        await runner.start();
        await process.readModels.fresh(LEDGER_PROJECTION);
        slow = true;
        await append(fixture.events, cs('a'));
        started = Date.now();
        const behind = await process.readModels.fresh(LEDGER_PROJECTION, 300).catch((error: unknown) => error);
        const took = Date.now() - started;
        expect(behind).toMatchObject({ code: 'READ_MODEL_BEHIND', status: 503, details: { retryAfterSeconds: expect.any(Number) } });
        expect(took).toBeGreaterThanOrEqual(250);
        expect(took).toBeLessThan(4000);
        slow = false;
        expect((await (await process.readModels.fresh(LEDGER_PROJECTION, 30_000)).collection<Ledger>(LEDGER).get(cs('a')))?.count).toBe(3);
      });

      it('status() tells position, head, lag and whether the runner runs', async () => {
        let stuck = false;
        const process = start([
          ledgerProjection({
            before: (event) => {
              if (stuck && event.streamId === cs('stuck')) throw new Error('stuck');
            },
          }),
        ]);
        await append(fixture.events, cs('a'), 2);
        await append(fixture.events, `other-${ns}-x`);
        await process.readModels.fresh(LEDGER_PROJECTION);
        const head = await fixture.events.headPosition();
        const last = (await fixture.events.readStream(`other-${ns}-x`))[0];
        expect(await process.readModels.status()).toEqual([
          {
            name: LEDGER_PROJECTION,
            version: 0,
            running: true,
            position: head,
            headPosition: head,
            caughtUp: true,
            lastEventRecordedAt: last.recordedAt,
            lagSeconds: 0,
            updatedAt: expect.any(String),
            rebuiltAt: null,
            rebuilding: null,
          },
        ]);

        stuck = true;
        await append(fixture.events, cs('stuck'));
        await sleep(1600);
        const [behind] = await process.readModels.status();
        expect(behind).toMatchObject({ running: true, caughtUp: false, position: head, headPosition: await fixture.events.headPosition() });
        expect(behind.lagSeconds).toBeGreaterThanOrEqual(1);

        await (await process.readModels.runner(LEDGER_PROJECTION)).stop();
        const [stopped] = await process.readModels.status();
        expect(stopped).toMatchObject({ running: false, caughtUp: false, lagSeconds: null });
      });
    });
  });
}

readModelsSuite('PostgreSQL', async () => {
  const events = await createEventStore({ kind: 'postgres', url: await createTestDatabase('rm_events') });
  const url = await createTestDatabase('rm_docs');
  return {
    events,
    openDocuments: () => createDocumentStore({ kind: 'postgres', url }),
    dispose: () => events.close(),
  };
});

readModelsSuite('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'read-models-'));
  const events = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
  // One PGlite instance per directory: processes share it while it is open, and a process that dies
  // takes it down with it (the next one reopens the directory, as after a real crash).
  let shared: { store: DocumentStore; users: number } | null = null;
  return {
    events,
    async openDocuments() {
      shared ??= { store: await createDocumentStore({ kind: 'pglite', dataDir: join(dataDir, 'read-models') }), users: 0 };
      const handle = shared;
      handle.users += 1;
      let closed = false;
      return {
        kind: handle.store.kind,
        atomic: handle.store.atomic,
        collection: (schema) => handle.store.collection(schema),
        transaction: (work) => handle.store.transaction(work),
        ensure: (schema) => handle.store.ensure(schema),
        async close() {
          if (closed) return;
          closed = true;
          handle.users -= 1;
          if (handle.users === 0) {
            if (shared === handle) shared = null;
            await handle.store.close();
          }
        },
      };
    },
    async dispose() {
      await shared?.store.close();
      await events.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
