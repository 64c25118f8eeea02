import type { INestApplication } from '@nestjs/common';
import { createDocumentStore, type SqlDatabase } from '@benefits/read-store';
import { CaseIndexConnection, type OpenReadStore } from './case-index.connection';

export { CaseIndexController } from './case-index.controller';
export { CaseIndexConnection, CASE_INDEX_OPTIONS, caseIndexReadStoreFromEnvironment, type CaseIndexOptions, type OpenReadStore } from './case-index.connection';
export { describeCaseIndexRoutes } from './case-index.routes';
export { CASE_INDEX, CASE_INDEX_PROJECTION, caseIndexProjection, indexEntry, isOverdue, type CaseIndexEntry } from './case-index';

/**
 * Opens the case index and starts its projection now rather than on the first list request (the
 * process entry points call it). A read store that cannot be reached is reported, not fatal: intake
 * works without the list, and the next list request tries again.
 */
export async function startCaseIndex(app: INestApplication): Promise<void> {
  await app
    .get(CaseIndexConnection)
    .start()
    .catch((error: unknown) => console.error(`case index not started: ${error instanceof Error ? error.message : String(error)}`));
}

/**
 * Read models in a database the process already has (or is about to have) open — embedded mode: the
 * local PGlite database of the messaging tables, schema `read_store` — so no further database is
 * created. Closing the read store leaves the database open: its owner closes it, after the
 * applications app.
 */
export function sharedSqlReadStore(database: SqlDatabase | PromiseLike<SqlDatabase>, dialect: 'pglite' | 'postgres'): OpenReadStore {
  return async () => {
    const owned = await database;
    const borrowed: SqlDatabase = {
      query: (sql, params) => owned.query(sql, params),
      transaction: (work) => owned.transaction(work),
      close: async () => undefined,
    };
    return createDocumentStore({ kind: 'sql', database: borrowed, dialect });
  };
}
