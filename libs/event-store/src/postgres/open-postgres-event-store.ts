import type { EventStore } from '../event-store';
import { openSqlEventStore } from '../sql/sql-event-store';
import { PostgresDatabase } from '@benefits/sql';

/** The event store on a PostgreSQL server (14 or later). */
export async function openPostgresEventStore(url: string): Promise<EventStore> {
  const database = new PostgresDatabase(url);
  try {
    return await openSqlEventStore(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
