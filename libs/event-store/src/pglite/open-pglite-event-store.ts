import { mkdirSync } from 'node:fs';
import type { EventStore } from '../event-store';
import { openSqlEventStore } from '../sql/sql-event-store';
import { DataDirectoryLock } from './data-directory-lock';
import { PgliteDatabase } from '@benefits/sql';

/**
 * The embedded event store (architecture §5): PGlite on files in `dataDir`, which this process
 * holds exclusively until `close()`.
 */
export async function openPgliteEventStore(dataDir: string): Promise<EventStore> {
  mkdirSync(dataDir, { recursive: true });
  const lock = DataDirectoryLock.acquire(dataDir);
  let database: PgliteDatabase | undefined;
  try {
    database = await PgliteDatabase.open(dataDir);
    return await openSqlEventStore(database, async () => lock.release());
  } catch (error) {
    await database?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}
