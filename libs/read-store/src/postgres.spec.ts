import { createTestDatabase } from '@benefits/testing';
import { createDocumentStore } from './create-document-store';
import { documentStoreContract } from './document-store.contract';

documentStoreContract('PostgreSQL', async () => {
  const url = await createTestDatabase('read_store');
  return { open: () => createDocumentStore({ kind: 'postgres', url }) };
});
