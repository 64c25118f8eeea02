import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createTestDatabase } from '@benefits/testing';
import { createDocumentStore } from '../create-document-store';
import type { CollectionSchema, DocumentSession, DocumentStore } from '../document-store';
import { ProjectionRunner, type Projection } from './projection-runner';

jest.setTimeout(60_000);

/** Deliberately not idempotent: it appends each event id, so a repeated event shows up as a duplicate. */
const SEEN: CollectionSchema = { name: 'seen-events', fields: { count: 'number' } };
interface Seen extends Record<string, unknown> {
  count: number;
  eventIds: string[];
}

function seenProjection(options: { failOnce?: (event: EventEnvelope) => boolean } = {}): Projection & { failures: number } {
  const failed = new Set<string>();
  const projection = {
    name: 'test.seen',
    collections: [SEEN],
    failures: 0,
    handles: (event: EventEnvelope) => event.streamId.startsWith('case-'),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const docs = session.collection<Seen>(SEEN);
      const current = (await docs.get(event.streamId)) ?? { count: 0, eventIds: [] };
      await docs.upsert(event.streamId, { count: current.count + 1, eventIds: [...current.eventIds, event.eventId] });
      if (options.failOnce?.(event) && !failed.has(event.eventId)) {
        failed.add(event.eventId);
        projection.failures += 1;
        throw new Error(`projection failed on ${event.streamId}@${event.streamRevision}`);
      }
    },
  };
  return projection;
}

const event = (n: number) => ({ type: 'test.Happened.v1', data: { n }, metadata: { correlationId: `c-${n}` } });

async function append(store: EventStore, streamId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await store.appendToStream(streamId, [event(i)], { expectedRevision: 'any' });
}

interface Stores {
  events: EventStore;
  documents: DocumentStore;
  dispose(): Promise<void>;
}

function runnerSuite(adapter: string, open: () => Promise<Stores>): void {
  describe(`ProjectionRunner on ${adapter}`, () => {
    let stores: Stores;
    const errors: unknown[] = [];
    const runner = (projection: Projection, batchSize = 3) =>
      new ProjectionRunner({ store: stores.events, documents: stores.documents, projection, batchSize, pollIntervalMs: 50, retryDelayMs: 20, onError: (e) => errors.push(e) });
    const seen = () => stores.documents.collection<Seen>(SEEN);

    beforeAll(async () => {
      stores = await open();
    });
    afterAll(async () => {
      await stores?.dispose();
    });

    it('applies every event once, keeps the checkpoint with the documents, and resumes after a restart without duplicates', async () => {
      await append(stores.events, 'case-a', 4);
      await append(stores.events, 'other-x', 2);
      await append(stores.events, 'case-b', 3);
      const first = runner(seenProjection());
      await first.start();
      expect(await first.catchUp()).toBe(true);
      expect(first.position).toBe(await stores.events.headPosition());
      expect((await ProjectionRunner.checkpoint(stores.documents, 'test.seen'))?.position).toBe(first.position);
      expect((await seen().get('case-a'))?.count).toBe(4);
      expect((await seen().get('case-b'))?.count).toBe(3);
      expect(await seen().get('other-x')).toBeNull();
      await first.stop();

      await append(stores.events, 'case-a', 2);
      await append(stores.events, 'case-c', 1);
      const second = runner(seenProjection());
      await second.start();
      expect(await second.catchUp()).toBe(true);
      await second.stop();
      const a = await seen().get('case-a');
      expect(a?.count).toBe(6);
      expect(new Set(a?.eventIds).size).toBe(6);
      expect((await seen().get('case-c'))?.count).toBe(1);
      expect(errors).toEqual([]);
    });

    it('rolls a failed page back with its checkpoint and applies it once when retried', async () => {
      await append(stores.events, 'case-d', 5);
      const projection = seenProjection({ failOnce: (e) => e.streamId === 'case-d' && e.streamRevision === 3 });
      const r = runner(projection);
      await r.start();
      expect(await r.catchUp()).toBe(true);
      await r.stop();
      expect(projection.failures).toBe(1);
      expect(errors).toHaveLength(1);
      errors.length = 0;
      const d = await seen().get('case-d');
      // Revisions 0–2 (one page) committed; the page holding revision 3 rolled back and was applied again whole.
      expect(d?.count).toBe(5);
      expect(new Set(d?.eventIds).size).toBe(5);
    });

    it('rebuilds from scratch: collections cleared, checkpoint reset, every event applied again once', async () => {
      const r = runner(seenProjection());
      await r.start();
      await r.catchUp();
      const before = (await seen().find({ limit: 100 })).items;
      await seen().upsert('case-stale', { count: 99, eventIds: [] });
      await r.rebuild();
      expect(r.isRunning).toBe(true);
      expect(await r.catchUp()).toBe(true);
      await r.stop();
      expect(await seen().get('case-stale')).toBeNull();
      expect((await seen().find({ limit: 100 })).items).toEqual(before);
      const checkpoint = await ProjectionRunner.checkpoint(stores.documents, 'test.seen');
      expect(checkpoint?.rebuiltAt).toEqual(expect.any(String));
      expect(checkpoint?.position).toBe(await stores.events.headPosition());
    });

    it('without transactions (a standalone MongoDB) is at-least-once: the event in hand when it failed is applied again', async () => {
      const documents = stores.documents;
      const nonAtomic: DocumentStore = {
        kind: documents.kind,
        atomic: false,
        collection: (schema) => documents.collection(schema),
        transaction: (work) => work(documents),
        ensure: (schema) => documents.ensure(schema),
        close: () => documents.close(),
      };
      await append(stores.events, 'case-e', 3);
      const projection = seenProjection({ failOnce: (e) => e.streamId === 'case-e' && e.streamRevision === 1 });
      const r = new ProjectionRunner({ store: stores.events, documents: nonAtomic, projection, batchSize: 3, pollIntervalMs: 50, retryDelayMs: 20, onError: (e) => errors.push(e) });
      await r.start();
      expect(await r.catchUp()).toBe(true);
      await r.stop();
      errors.length = 0;
      const e = await seen().get('case-e');
      // The failing event's write was not rolled back, and it was applied again: idempotent projections only.
      expect(e?.count).toBe(4);
      expect(new Set(e?.eventIds).size).toBe(3);
    });

    it('answers catchUp with false when the runner is not running', async () => {
      const r = runner(seenProjection());
      expect(await r.catchUp(10)).toBe(false);
    });
  });
}

runnerSuite('PostgreSQL', async () => {
  const events = await createEventStore({ kind: 'postgres', url: await createTestDatabase('runner_events') });
  const documents = await createDocumentStore({ kind: 'postgres', url: await createTestDatabase('runner_docs') });
  return { events, documents, dispose: async () => void (await Promise.all([events.close(), documents.close()])) };
});

runnerSuite('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
  const events = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
  const documents = await createDocumentStore({ kind: 'pglite', dataDir: join(dataDir, 'read-models') });
  return {
    events,
    documents,
    dispose: async () => {
      await events.close();
      await documents.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
