import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@benefits/kernel';
import { createTestDatabase } from '@benefits/testing';
import request from 'supertest';
import { createEventStore } from '@benefits/event-store';
import { createDevTokenVerifier } from '@benefits/identity';
import { createServiceApp, readStoreFromEnvironment, sharedSqlReadStore } from '@benefits/http';
import { vaultFromEnvironment } from '../personal-data/vault-connection';
import { createApplicationsService } from '../service';
import { CASE_INDEX } from './case-index';
import { openPgliteDatabase } from '@benefits/sql';

// Where the case index lives: the read-store openers of libs/http, as the applications process uses them.

jest.setTimeout(60_000);

describe('case index: where the read store lives (environment)', () => {
  it('is PGlite in <dataDir>/read-models by default, PostgreSQL when the event store is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'case-index-env-'));
    try {
      const embedded = await readStoreFromEnvironment({ BENEFITS_DATA_DIR: dataDir })();
      expect(embedded.kind).toBe('pglite');
      expect(existsSync(join(dataDir, 'read-models'))).toBe(true);
      await embedded.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const url = await createTestDatabase('case_index_env');
    const server = await readStoreFromEnvironment({ BENEFITS_EVENT_STORE: 'postgres', BENEFITS_PG_URL: url, BENEFITS_READ_STORE_PG_URL: '' })();
    expect(server.kind).toBe('postgres');
    await server.close();
  });

  it('refuses an incomplete configuration with CONFIGURATION_INVALID', async () => {
    for (const env of [{ BENEFITS_READ_STORE: 'mongo' }, { BENEFITS_READ_STORE: 'postgres' }, { BENEFITS_READ_STORE: 'kurrent' }, { BENEFITS_READ_STORE: 'mongo', BENEFITS_MONGO_URL: 'http://x' }]) {
      const error = await readStoreFromEnvironment(env)().catch((e: unknown) => e);
      expect({ env, code: isDomainError(error) ? error.code : String(error) }).toEqual({ env, code: 'CONFIGURATION_INVALID' });
    }
  });
});

describe('case index: a process that gives no read store (the standalone applications process)', () => {
  it('opens the one the environment names: PGlite in <BENEFITS_DATA_DIR>/read-models', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'case-index-standalone-'));
    const saved = process.env.BENEFITS_DATA_DIR;
    process.env.BENEFITS_DATA_DIR = dataDir;
    const store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const verifier = await createDevTokenVerifier({ dataDir });
    const app = await createServiceApp(createApplicationsService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }) }), { store, verifier }, { logger: false });
    try {
      const token = await verifier.issueDevToken({ sub: 'officer-li', role: 'case_officer', division: '330402' });
      const res = await request(app.getHttpServer()).get('/cases').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ items: [], caughtUp: true });
      expect(existsSync(join(dataDir, 'read-models'))).toBe(true);
    } finally {
      await app.close();
      await store.close();
      if (saved === undefined) delete process.env.BENEFITS_DATA_DIR;
      else process.env.BENEFITS_DATA_DIR = saved;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('case index: sharing the local database of the process (npm start: one database for the four services)', () => {
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
