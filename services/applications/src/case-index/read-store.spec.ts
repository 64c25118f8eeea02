import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@benefits/kernel';
import { createTestDatabase } from '@benefits/testing';
import { openPgliteDatabase } from '@benefits/messaging';
import { caseIndexReadStoreFromEnvironment } from './case-index.connection';
import { CASE_INDEX, sharedSqlReadStore } from './index';

jest.setTimeout(60_000);

describe('case index: where the read store lives (environment)', () => {
  it('is PGlite in <dataDir>/read-models by default, PostgreSQL when the event store is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'case-index-env-'));
    try {
      const embedded = await caseIndexReadStoreFromEnvironment({ BENEFITS_DATA_DIR: dataDir })();
      expect(embedded.kind).toBe('pglite');
      expect(existsSync(join(dataDir, 'read-models'))).toBe(true);
      await embedded.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const url = await createTestDatabase('case_index_env');
    const server = await caseIndexReadStoreFromEnvironment({ BENEFITS_EVENT_STORE: 'postgres', BENEFITS_PG_URL: url, BENEFITS_READ_STORE_PG_URL: '' })();
    expect(server.kind).toBe('postgres');
    await server.close();
  });

  it('refuses an incomplete configuration with CONFIGURATION_INVALID', async () => {
    for (const env of [{ BENEFITS_READ_STORE: 'mongo' }, { BENEFITS_READ_STORE: 'postgres' }, { BENEFITS_READ_STORE: 'kurrent' }, { BENEFITS_READ_STORE: 'mongo', BENEFITS_MONGO_URL: 'http://x' }]) {
      const error = await caseIndexReadStoreFromEnvironment(env)().catch((e: unknown) => e);
      expect({ env, code: isDomainError(error) ? error.code : String(error) }).toEqual({ env, code: 'CONFIGURATION_INVALID' });
    }
  });
});

describe('case index: sharing the local database of the process (npm start)', () => {
  it('keeps read models in the messaging PGlite database and leaves it open when the read store closes', async () => {
    const db = await openPgliteDatabase();
    try {
      const documents = await sharedSqlReadStore(db, 'pglite')();
      const entry = { caseId: 'c-1', benefit: 'tefu', divisionCode: '330402', status: 'draft', revision: 0, openedOn: '2024-08-05', updatedAt: '2024-08-05T02:00:00Z', due: [], nextDueOn: null, dueKeys: [] };
      await documents.transaction((session) => session.collection(CASE_INDEX).upsert('c-1', entry));
      expect((await documents.collection(CASE_INDEX).find({ filter: { divisionCode: { startsWith: '3304' } } })).items).toEqual([entry]);
      await documents.close();
      expect(await db.query<{ n: string }>('SELECT count(*)::text AS n FROM read_store.documents', [])).toEqual([{ n: '1' }]);
    } finally {
      await db.close();
    }
  });
});
