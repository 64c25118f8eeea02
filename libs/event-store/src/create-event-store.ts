import type { EventStore } from './event-store';
import { openPgliteEventStore } from './pglite/open-pglite-event-store';
import { openPostgresEventStore } from './postgres/open-postgres-event-store';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';

export type EventStoreConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'kurrentdb'; connectionString: string };

/** Opens the store the runtime mode asks for; callers see only the port. */
export function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'postgres':
      return openPostgresEventStore(config.url);
    case 'pglite':
      return openPgliteEventStore(config.dataDir);
    case 'kurrentdb':
      return Promise.resolve(KurrentDbEventStore.connect(config.connectionString));
    default: {
      const unknown: never = config;
      throw new Error(`unknown event store kind: ${JSON.stringify(unknown)}`);
    }
  }
}
