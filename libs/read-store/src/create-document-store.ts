import type { DocumentStore } from './document-store';
import { SqlDocumentStore } from './sql/sql-document-store';
import { openPgliteDatabase, openPostgresDatabase, type SqlDatabase } from '@benefits/sql';

export type DocumentStoreConfig =
  | { kind: 'postgres'; url: string }
  /** `dataDir` undefined: in memory. */
  | { kind: 'pglite'; dataDir?: string }
  | { kind: 'mongo'; url: string; serverSelectionTimeoutMS?: number }
  /** An already open SQL database (pg or PGlite), e.g. one shared with other tables. */
  | { kind: 'sql'; database: SqlDatabase; dialect: 'postgres' | 'pglite' };

/** Opens the read store the runtime mode asks for; callers see only the port. */
export async function createDocumentStore(config: DocumentStoreConfig): Promise<DocumentStore> {
  switch (config.kind) {
    case 'postgres':
      return new SqlDocumentStore('postgres', openPostgresDatabase(config.url, { max: 5 }));
    case 'pglite':
      return new SqlDocumentStore('pglite', await openPgliteDatabase(config.dataDir));
    case 'sql':
      return new SqlDocumentStore(config.dialect, config.database);
    case 'mongo': {
      // mongoose is loaded only by processes that use MongoDB.
      const { MongoDocumentStore } = await import('./mongo/mongo-document-store');
      return MongoDocumentStore.open(config.url, { serverSelectionTimeoutMS: config.serverSelectionTimeoutMS });
    }
    default: {
      const unknown: never = config;
      throw new Error(`unknown read store kind: ${JSON.stringify(unknown)}`);
    }
  }
}
