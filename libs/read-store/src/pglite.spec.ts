import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentStore } from './create-document-store';
import { documentStoreContract } from './document-store.contract';

// Creating a PGlite cluster takes seconds.
jest.setTimeout(60_000);

documentStoreContract('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'read-store-contract-'));
  return {
    open: () => createDocumentStore({ kind: 'pglite', dataDir }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describe('PGlite read store: the data directory', () => {
  it('keeps documents across close and reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'read-store-dir-'));
    try {
      const schema = { name: 'persisted', fields: { status: 'string' } } as const;
      const first = await createDocumentStore({ kind: 'pglite', dataDir });
      await first.collection(schema).upsert('a', { status: 'approved', amountFen: 100_000 });
      await first.close();
      const second = await createDocumentStore({ kind: 'pglite', dataDir });
      expect(await second.collection(schema).get('a')).toEqual({ status: 'approved', amountFen: 100_000 });
      expect((await second.collection(schema).find({ filter: { status: 'approved' } })).items).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
