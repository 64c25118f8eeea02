import { isDomainError } from '@benefits/kernel';
import type { CollectionSchema, Document, DocumentStore, FindOptions } from './document-store';

/**
 * One suite for every adapter of the DocumentStore port (PostgreSQL, PGlite, MongoDB): each spec
 * calls this with a way to open a fresh, empty store.
 */
export interface DocumentStoreFixture {
  open(): Promise<DocumentStore>;
  dispose?(): Promise<void>;
}

const ITEMS: CollectionSchema = {
  name: 'contract-items',
  fields: { division: 'string', status: 'string', score: 'number', urgent: 'boolean', nextDueOn: 'string?', dueKeys: 'string[]', updatedAt: 'string' },
};
const OTHER: CollectionSchema = { name: 'contract-other', fields: { status: 'string' } };

interface Item extends Document {
  division: string;
  status: string;
  score: number;
  urgent: boolean;
  nextDueOn?: string | null;
  dueKeys: string[];
  updatedAt: string;
  note?: { text: string };
}

const item = (n: number, over: Partial<Item> = {}): Item => ({
  division: n % 2 === 0 ? '330402' : '330411',
  status: n % 3 === 0 ? 'approved' : 'submitted',
  score: n,
  urgent: n % 4 === 0,
  dueKeys: [],
  updatedAt: `2024-08-${String(10 + (n % 5)).padStart(2, '0')}T00:00:00Z`,
  ...over,
});

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'no error';
};

export function documentStoreContract(adapter: string, fixture: () => Promise<DocumentStoreFixture>): void {
  describe(`DocumentStore contract: ${adapter}`, () => {
    let handle: DocumentStoreFixture;
    let store: DocumentStore;
    const items = () => store.collection<Item>(ITEMS);

    beforeAll(async () => {
      handle = await fixture();
      store = await handle.open();
    });

    afterAll(async () => {
      await store?.close();
      await handle?.dispose?.();
    });

    beforeEach(async () => {
      await items().clear();
      await store.collection(OTHER).clear();
    });

    async function seed(count: number): Promise<void> {
      for (let n = 1; n <= count; n += 1) await items().upsert(`i-${String(n).padStart(2, '0')}`, item(n));
    }

    const ids = async (options: FindOptions) => (await items().find({ limit: 1000, ...options })).items.map((i) => i.score);

    it('upserts, replaces, gets and deletes documents by id', async () => {
      expect(await items().get('i-01')).toBeNull();
      await items().upsert('i-01', item(1, { note: { text: '入户调查 pending' } }));
      expect(await items().get('i-01')).toEqual(item(1, { note: { text: '入户调查 pending' } }));
      await items().upsert('i-01', item(1, { status: 'approved' }));
      expect(await items().get('i-01')).toEqual(item(1, { status: 'approved' }));
      expect(await items().count()).toBe(1);
      expect(await items().delete('i-01')).toBe(true);
      expect(await items().delete('i-01')).toBe(false);
      expect(await items().get('i-01')).toBeNull();
    });

    it('keeps collections apart: the same id in two collections is two documents', async () => {
      await items().upsert('x', item(1));
      await store.collection(OTHER).upsert('x', { status: 'other' });
      expect((await items().get('x'))?.score).toBe(1);
      expect(await store.collection(OTHER).get('x')).toEqual({ status: 'other' });
      await items().clear();
      expect(await store.collection(OTHER).count()).toBe(1);
    });

    it('refuses a document whose declared fields do not fit the schema, and writes nothing', async () => {
      const bad = [
        { ...item(1), status: undefined },
        { ...item(1), score: '7' },
        { ...item(1), score: Number.NaN },
        { ...item(1), urgent: 'yes' },
        { ...item(1), nextDueOn: 20240901 },
        { ...item(1), dueKeys: ['a', 3] },
        { ...item(1), note: { text: 'nul \u0000 inside' } },
      ];
      for (const document of bad) expect(await codeOf(items().upsert('bad', document as unknown as Item))).toBe('READ_MODEL_DOCUMENT_INVALID');
      expect(await codeOf(items().upsert('', item(1)))).toBe('READ_MODEL_DOCUMENT_INVALID');
      expect(await items().count()).toBe(0);
    });

    it('filters by equality, membership, ranges (numbers numerically) and prefixes', async () => {
      await seed(12);
      expect(await ids({ filter: { division: '330402' } })).toEqual([2, 4, 6, 8, 10, 12]);
      expect(await ids({ filter: { division: '330402', status: 'approved' } })).toEqual([6, 12]);
      expect(await ids({ filter: { status: { in: ['approved', 'rejected'] } } })).toEqual([3, 6, 9, 12]);
      expect(await ids({ filter: { score: { gte: 9 } } })).toEqual([9, 10, 11, 12]);
      expect(await ids({ filter: { score: { gt: 2, lt: 5 } } })).toEqual([3, 4]);
      expect(await ids({ filter: { score: { lte: 2 } } })).toEqual([1, 2]);
      expect(await ids({ filter: { urgent: true } })).toEqual([4, 8, 12]);
      expect(await ids({ filter: { division: { startsWith: '3304' } } })).toHaveLength(12);
      expect(await ids({ filter: { division: { startsWith: '33041' } } })).toEqual([1, 3, 5, 7, 9, 11]);
      expect(await ids({ filter: { division: { startsWith: '3304%' } } })).toEqual([]);
      expect(await items().count({ status: 'submitted' })).toBe(8);
    });

    it('matches an optional field only where it is present', async () => {
      await items().upsert('a', item(1, { nextDueOn: '2024-08-01' }));
      await items().upsert('b', item(2, { nextDueOn: null }));
      await items().upsert('c', item(3));
      await items().upsert('d', item(4, { nextDueOn: '2024-09-30' }));
      expect(await ids({ filter: { nextDueOn: { lt: '2024-09-01' } } })).toEqual([1]);
      expect(await ids({ filter: { nextDueOn: { gte: '2024-01-01' } } })).toEqual([1, 4]);
      expect(await ids({ filter: { nextDueOn: '2024-09-30' } })).toEqual([4]);
    });

    it('matches an array field when one element satisfies the whole condition', async () => {
      await items().upsert('a', item(1, { dueKeys: ['tefu.annualReview|2024-08-01', 'dibao.review|2024-12-01'] }));
      await items().upsert('b', item(2, { dueKeys: ['dibao.review|2024-07-01'] }));
      await items().upsert('c', item(3, { dueKeys: [] }));
      await items().upsert('d', item(4));
      expect(await ids({ filter: { dueKeys: { startsWith: 'dibao.review|' } } })).toEqual([1, 2]);
      // One element of kind dibao.review due before 2024-09-01: only b (a's dibao item is later, its early one another kind).
      expect(await ids({ filter: { dueKeys: { gte: 'dibao.review|', lt: 'dibao.review|2024-09-01' } } })).toEqual([2]);
      expect(await ids({ filter: { dueKeys: 'tefu.annualReview|2024-08-01' } })).toEqual([1]);
      expect(await ids({ filter: { dueKeys: { in: ['x', 'dibao.review|2024-07-01'] } } })).toEqual([2]);
    });

    it('sorts by declared fields with the id breaking ties, strings in code-point order', async () => {
      for (const [id, status] of [['k3', 'b'], ['k1', 'B'], ['k2', '中'], ['k4', 'b'], ['k0', 'a']] as const) {
        await items().upsert(id, item(Number(id.slice(1)), { status }));
      }
      const order = async (options: FindOptions) => (await items().find(options)).items.map((i) => `${i.status}${i.score}`);
      expect(await order({ sort: [{ field: 'status', direction: 'asc' }] })).toEqual(['B1', 'a0', 'b3', 'b4', '中2']);
      expect(await order({ sort: [{ field: 'status', direction: 'desc' }] })).toEqual(['中2', 'b3', 'b4', 'a0', 'B1']);
      expect(await order({ sort: [{ field: 'score', direction: 'desc' }] })).toEqual(['b4', 'b3', '中2', 'B1', 'a0']);
      expect(await order({})).toEqual(['a0', 'B1', '中2', 'b3', 'b4']);
    });

    it('pages with cursors through exactly the documents of the query, in order', async () => {
      await seed(23);
      const sort = [
        { field: 'updatedAt', direction: 'desc' },
        { field: 'score', direction: 'asc' },
      ] as const;
      const filter = { status: 'submitted' };
      const all = await ids({ filter, sort: [...sort] });
      expect(all).toHaveLength(16);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await items().find({ filter, sort: [...sort], limit: 4, cursor });
        seen.push(...page.items.map((i) => i.score));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(seen).toEqual(all);
      expect(pages).toBe(4);
      // A page that ends exactly at the last document says there is no next one.
      expect((await items().find({ filter, sort: [...sort], limit: 16 })).nextCursor).toBeNull();
    });

    it('refuses a cursor of another query or one that is not a cursor (INVALID_CURSOR)', async () => {
      await seed(5);
      const first = await items().find({ filter: { division: '330411' }, limit: 1 });
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(await codeOf(items().find({ filter: { division: '330402' }, limit: 1, cursor: first.nextCursor }))).toBe('INVALID_CURSOR');
      expect(await codeOf(items().find({ limit: 1, cursor: 'bm90IGEgY3Vyc29y' }))).toBe('INVALID_CURSOR');
      expect(await codeOf(items().find({ limit: 1, cursor: '{"q":1}' }))).toBe('INVALID_CURSOR');
      // A forged cursor with the right query fingerprint but a value of the wrong type never reaches the database.
      const sorted = await items().find({ sort: [{ field: 'score', direction: 'asc' }], limit: 1 });
      const forged = JSON.parse(Buffer.from(sorted.nextCursor!, 'base64url').toString('utf8'));
      const tampered = (v: unknown) => Buffer.from(JSON.stringify({ ...forged, v: [v] }), 'utf8').toString('base64url');
      expect(await codeOf(items().find({ sort: [{ field: 'score', direction: 'asc' }], limit: 1, cursor: tampered('abc') }))).toBe('INVALID_CURSOR');
      expect((await items().find({ sort: [{ field: 'score', direction: 'asc' }], limit: 1, cursor: tampered(3) })).items.map((i) => i.score)).toEqual([3]);
    });

    it('refuses queries on undeclared fields or with values of the wrong type', async () => {
      expect(await codeOf(items().find({ filter: { note: 'x' } }))).toBe('READ_MODEL_QUERY_INVALID');
      expect(await codeOf(items().find({ filter: { score: '3' } }))).toBe('READ_MODEL_QUERY_INVALID');
      expect(await codeOf(items().find({ sort: [{ field: 'nextDueOn', direction: 'asc' }] }))).toBe('READ_MODEL_QUERY_INVALID');
      expect(await codeOf(items().find({ limit: 0 }))).toBe('READ_MODEL_QUERY_INVALID');
    });

    it('commits a unit of work as a whole, and rolls it back when it throws (atomic stores)', async () => {
      await store.transaction(async (session) => {
        await session.collection<Item>(ITEMS).upsert('t1', item(1));
        await session.collection(OTHER).upsert('t1', { status: 'x' });
        expect((await session.collection<Item>(ITEMS).get('t1'))?.score).toBe(1);
      });
      expect(await items().count()).toBe(1);
      const failing = store.transaction(async (session) => {
        await session.collection<Item>(ITEMS).upsert('t2', item(2));
        await session.collection<Item>(ITEMS).delete('t1');
        throw new Error('handler failed');
      });
      await expect(failing).rejects.toThrow('handler failed');
      if (store.atomic) {
        expect((await items().find()).items.map((i) => i.score)).toEqual([1]);
      } else {
        expect((await items().find()).items.map((i) => i.score)).toEqual([2]);
      }
    });
  });
}
