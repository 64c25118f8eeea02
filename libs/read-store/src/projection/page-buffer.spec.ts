import type { EventEnvelope } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentStore } from '../create-document-store';
import type { CollectionSchema, Document, DocumentCollection, DocumentSession, DocumentStore } from '../document-store';
import { PageBuffer } from './page-buffer';
import { ProjectionRunner, type Projection } from './projection-runner';

jest.setTimeout(60_000);

const ITEMS: CollectionSchema = { name: 'buffer-items', fields: { status: 'string', amountFen: 'number?' } };
interface Item extends Document {
  status: string;
  amountFen?: number;
  tags?: string[];
}

/** Counts what reaches the store through a session. */
function counting(session: DocumentSession) {
  const calls = { upsert: 0, upsertMany: 0, rows: 0, get: 0 };
  const wrapped: DocumentSession = {
    collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T> {
      const inner = session.collection<T>(schema);
      return {
        schema,
        upsert: (id, doc) => ((calls.upsert += 1), inner.upsert(id, doc)),
        upsertMany: (entries) => ((calls.upsertMany += 1), (calls.rows += entries.length), inner.upsertMany!(entries)),
        get: (id) => ((calls.get += 1), inner.get(id)),
        delete: (id) => inner.delete(id),
        find: (options) => inner.find(options),
        count: (filter) => inner.count(filter),
        clear: () => inner.clear(),
      };
    },
  };
  return { calls, session: wrapped };
}

describe('PageBuffer (write-behind page of a projection) on PGlite', () => {
  let documents: DocumentStore;
  beforeAll(async () => {
    documents = await createDocumentStore({ kind: 'pglite' });
    await documents.ensure(ITEMS);
  });
  afterAll(() => documents.close());
  beforeEach(() => documents.collection(ITEMS).clear());
  const stored = () => documents.collection<Item>(ITEMS);

  it('reads its own writes before they are written, and copies documents both ways', async () => {
    await documents.transaction(async (session) => {
      const { calls, session: spied } = counting(session);
      const buffer = new PageBuffer(spied);
      const items = buffer.collection<Item>(ITEMS);
      const doc: Item = { status: 'open', tags: ['a'] };
      await items.upsert('x', doc);
      doc.status = 'mutated after upsert';
      doc.tags!.push('b');
      const read = await items.get('x');
      expect(read).toEqual({ status: 'open', tags: ['a'] });
      read!.status = 'mutated after get';
      expect(await items.get('x')).toEqual({ status: 'open', tags: ['a'] });
      expect(calls.get).toBe(0);
      expect(buffer.pending).toBe(1);
      // A second collection object of the same name shares the page's buffer.
      expect(await buffer.collection<Item>({ ...ITEMS }).get('x')).toEqual({ status: 'open', tags: ['a'] });
      // Reads of absent documents are remembered too.
      expect(await items.get('y')).toBeNull();
      expect(await items.get('y')).toBeNull();
      expect(calls.get).toBe(1);
    });
    // Never flushed: nothing was written by the buffer.
    expect(await stored().get('x')).toBeNull();
  });

  it('coalesces upserts of one document and writes a page with one multi-row upsert per collection', async () => {
    await stored().upsert('old', { status: 'open', amountFen: 1 });
    await documents.transaction(async (session) => {
      const { calls, session: spied } = counting(session);
      const buffer = new PageBuffer(spied);
      const items = buffer.collection<Item>(ITEMS);
      for (let i = 1; i <= 3; i += 1) await items.upsert('a', { status: `v${i}`, amountFen: i });
      await items.upsert('b', { status: 'open' });
      const old = (await items.get('old'))!;
      await items.upsert('old', { ...old, amountFen: old.amountFen! + 1 });
      await buffer.flush();
      expect(calls).toEqual({ upsert: 0, upsertMany: 1, rows: 3, get: 1 });
      expect(buffer.pending).toBe(0);
      // After the flush the page still reads its writes without asking the store.
      expect(await items.get('a')).toEqual({ status: 'v3', amountFen: 3 });
      expect(calls.get).toBe(1);
    });
    expect(await stored().get('a')).toEqual({ status: 'v3', amountFen: 3 });
    expect(await stored().get('b')).toEqual({ status: 'open' });
    expect(await stored().get('old')).toEqual({ status: 'open', amountFen: 2 });
  });

  it('validates declared fields at upsert, as the store does', async () => {
    await documents.transaction(async (session) => {
      const items = new PageBuffer(session).collection<Item>(ITEMS);
      await expect(items.upsert('bad', { amountFen: 1 } as unknown as Item)).rejects.toMatchObject({ code: 'READ_MODEL_DOCUMENT_INVALID' });
      await expect(items.upsert('bad', { status: 'open', amountFen: 'ten' } as unknown as Item)).rejects.toMatchObject({ code: 'READ_MODEL_DOCUMENT_INVALID' });
    });
  });

  it('lets find, count and delete see the page’s earlier writes', async () => {
    await stored().upsert('gone', { status: 'open' });
    await documents.transaction(async (session) => {
      const buffer = new PageBuffer(session);
      const items = buffer.collection<Item>(ITEMS);
      await items.upsert('p', { status: 'open', amountFen: 5 });
      await items.upsert('q', { status: 'closed' });
      expect((await items.find({ filter: { status: 'open' } })).items.map((i) => i.amountFen ?? null)).toEqual([null, 5]);
      expect(await items.count({ status: 'closed' })).toBe(1);
      await items.upsert('r', { status: 'closed' });
      expect(await items.delete('r')).toBe(true);
      expect(await items.get('r')).toBeNull();
      expect(await items.delete('gone')).toBe(true);
      expect(await items.get('gone')).toBeNull();
      await items.upsert('s', { status: 'open' });
      await items.clear();
      expect(await items.get('s')).toBeNull();
      expect(await items.get('p')).toBeNull();
      await items.upsert('t', { status: 'open' });
      await buffer.flush();
    });
    expect((await stored().find()).items).toEqual([{ status: 'open' }]);
  });

  it('upsertMany on the SQL store keeps the last document of an id and validates every one first', async () => {
    await stored().upsertMany!([
      { id: 'm', document: { status: 'first' } },
      { id: 'n', document: { status: 'open' } },
      { id: 'm', document: { status: 'last' } },
    ]);
    expect(await stored().get('m')).toEqual({ status: 'last' });
    await expect(stored().upsertMany!([{ id: 'o', document: { status: 'open' } }, { id: 'p', document: {} as Item }])).rejects.toMatchObject({ code: 'READ_MODEL_DOCUMENT_INVALID' });
    expect(await stored().get('o')).toBeNull();
    await stored().upsertMany!([]);
  });
});

describe('ProjectionRunner with the page buffer (PGlite)', () => {
  const TOTALS: CollectionSchema = { name: 'buffer-totals', fields: { count: 'number' } };
  let dataDir: string;
  let events: EventStore;
  let documents: DocumentStore;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'page-buffer-'));
    events = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    documents = await createDocumentStore({ kind: 'pglite' });
  });
  afterEach(async () => {
    await documents.close();
    await (events as unknown as { close?: () => Promise<void> }).close?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Not idempotent on its own: counts every event of a stream, and a total over the collection. */
  const totals = (failOn?: (event: EventEnvelope) => boolean): Projection => ({
    name: 'test.buffer-totals',
    collections: [TOTALS],
    async apply(event, session) {
      const docs = session.collection<{ count: number; ids: string[] }>(TOTALS);
      const current = (await docs.get(event.streamId)) ?? { count: 0, ids: [] };
      current.count += 1;
      current.ids.push(event.eventId);
      await docs.upsert(event.streamId, current);
      // A query in the middle of the page sees the page's writes.
      const all = await docs.count({});
      const sum = (await docs.find({ limit: 1000 })).items.filter((d) => d.ids).reduce((n, d) => n + d.count, 0);
      await docs.upsert('~total', { count: sum, documents: all } as never);
      if (failOn?.(event)) throw new Error('projection failed');
    },
  });

  async function appendAll(n: number): Promise<void> {
    for (let i = 0; i < n; i += 1) await events.appendToStream(`case-${i % 3}`, [{ type: 'test.Happened.v1', data: { i }, metadata: { correlationId: `c-${i}` } }], { expectedRevision: 'any' });
  }

  it('applies pages exactly as one statement per write did; a throwing page leaves nothing, and its retry applies it once', async () => {
    await appendAll(7);
    let failures = 0;
    const errors: unknown[] = [];
    const runner = new ProjectionRunner({
      store: events,
      documents,
      projection: totals((event) => (event.data as { i: number }).i === 5 && failures++ === 0),
      batchSize: 4,
      pollIntervalMs: 20,
      retryDelayMs: 20,
      onError: (error) => errors.push(error),
    });
    await runner.start();
    expect(await runner.catchUp(30_000)).toBe(true);
    await runner.stop();
    expect(failures).toBe(2);
    expect(errors).toHaveLength(1);
    const docs = documents.collection<{ count: number; ids: string[] }>(TOTALS);
    expect((await docs.get('case-0'))!.count).toBe(3);
    expect((await docs.get('case-1'))!.count).toBe(2);
    expect((await docs.get('case-2'))!.count).toBe(2);
    expect(new Set((await docs.get('case-0'))!.ids).size).toBe(3);
    expect((await docs.get('~total'))!.count).toBe(7);

    // The same log applied without the buffer gives the same documents.
    const plain = await createDocumentStore({ kind: 'pglite' });
    try {
      const unbuffered = new ProjectionRunner({ store: events, documents: plain, projection: totals(), batchSize: 4, pollIntervalMs: 20, writeBehind: false });
      await unbuffered.start();
      expect(await unbuffered.catchUp(30_000)).toBe(true);
      await unbuffered.stop();
      const them = (await plain.collection(TOTALS).find({ limit: 100 })).items;
      expect((await docs.find({ limit: 100 })).items).toEqual(them);
    } finally {
      await plain.close();
    }
  });

  it('a page that throws writes nothing, not even what it flushed for a query', async () => {
    await appendAll(2);
    const runner = new ProjectionRunner({ store: events, documents, projection: totals((event) => (event.data as { i: number }).i === 1), batchSize: 10, pollIntervalMs: 20, retryDelayMs: 10_000, onError: () => undefined });
    await runner.start();
    expect(await runner.catchUp(300)).toBe(false);
    await runner.stop();
    expect(await documents.collection(TOTALS).count()).toBe(0);
    expect(await ProjectionRunner.checkpoint(documents, 'test.buffer-totals')).toBeNull();
  });

  it('re-applying a page of whole-document upserts (at-least-once) leaves the same documents', async () => {
    await appendAll(5);
    const { events: page } = await events.readAll({ maxCount: 10 });
    const idempotent: Projection = {
      name: 'test.idempotent',
      collections: [TOTALS],
      async apply(event, session) {
        await session.collection(TOTALS).upsert(event.streamId, { count: event.streamRevision + 1, last: event.eventId });
      },
    };
    const applyPage = () =>
      documents.transaction(async (session) => {
        const buffer = new PageBuffer(session);
        for (const event of page) await idempotent.apply(event, buffer);
        await buffer.flush();
      });
    await applyPage();
    const once = (await documents.collection(TOTALS).find()).items;
    await applyPage();
    expect((await documents.collection(TOTALS).find()).items).toEqual(once);
    expect(once.map((d) => d.count)).toEqual([2, 2, 1]);
  });
});

describe('ProjectionRunner page size: larger pages while far behind', () => {
  it('reads catch-up pages while reads come back full and returns to small pages at the head', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'page-size-'));
    const events = await createEventStore({ kind: 'pglite', dataDir });
    const documents = await createDocumentStore({ kind: 'pglite' });
    try {
      for (let i = 0; i < 12; i += 1) await events.appendToStream(`case-${i % 2}`, [{ type: 'test.Happened.v1', data: { i }, metadata: { correlationId: `c-${i}` } }], { expectedRevision: 'any' });
      const asked: number[] = [];
      const source = { readAll: (options: Parameters<EventStore['readAll']>[0]) => (asked.push(options.maxCount ?? 0), events.readAll(options)), headPosition: () => events.headPosition() };
      const applied: number[] = [];
      const projection: Projection = { name: 'test.page-size', collections: [], apply: async (event) => void applied.push((event.data as { i: number }).i) };
      const runner = new ProjectionRunner({ store: source, documents, projection, batchSize: 2, catchUpBatchSize: 5, pollIntervalMs: 20 });
      await runner.start();
      expect(await runner.catchUp(30_000)).toBe(true);
      expect(asked.slice(0, 4)).toEqual([2, 5, 5, 5]);
      expect(applied).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const before = asked.length;
      await events.appendToStream('case-0', [{ type: 'test.Happened.v1', data: { i: 12 }, metadata: { correlationId: 'c-12' } }], { expectedRevision: 'any' });
      expect(await runner.catchUp(30_000)).toBe(true);
      await runner.stop();
      expect(asked.slice(before).every((n) => n === 2)).toBe(true);
      expect(applied).toHaveLength(13);
    } finally {
      await documents.close();
      await (events as unknown as { close?: () => Promise<void> }).close?.();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps pages of exactly batchSize when only batchSize is given', () => {
    const runner = new ProjectionRunner({ store: { readAll: async () => ({ events: [] }) } as never, documents: {} as DocumentStore, projection: { name: 'x', collections: [], apply: async () => undefined }, batchSize: 7 });
    expect((runner as unknown as { catchUpBatchSize: number }).catchUpBatchSize).toBe(7);
    const defaults = new ProjectionRunner({ store: { readAll: async () => ({ events: [] }) } as never, documents: {} as DocumentStore, projection: { name: 'x', collections: [], apply: async () => undefined } });
    expect((defaults as unknown as { catchUpBatchSize: number }).catchUpBatchSize).toBe(1000);
  });
});
