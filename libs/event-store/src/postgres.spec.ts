import { Client } from 'pg';
import { createTestDatabase } from '@benefits/testing';
import { createEventStore } from './create-event-store';
import { eventStoreContract } from './event-store.contract';

jest.setTimeout(30_000);

eventStoreContract('PostgreSQL server', async () => {
  const url = await createTestDatabase('event_store');
  return {
    open: () => createEventStore({ kind: 'postgres', url }),
    async rawSql(sql) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    dispose: async () => undefined,
  };
});
