import type { EventStore } from './event-store';
import { openPgliteEventStore } from './pglite/open-pglite-event-store';
import { openPostgresEventStore } from './postgres/open-postgres-event-store';

export type EventStoreConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** Opens the store the runtime mode asks for; callers see only the port. */
export function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'postgres':
      return openPostgresEventStore(config.url);
    case 'pglite':
      return openPgliteEventStore(config.dataDir);
    default: {
      const unknown: never = config;
      throw new Error(`unknown event store kind: ${JSON.stringify(unknown)}`);
    }
  }
}
