import { randomBytes } from 'node:crypto';
import { createDocumentStore } from './create-document-store';
import { documentStoreContract } from './document-store.contract';
import { describeIfMongo } from './testing/mongo-test-server';

jest.setTimeout(120_000);

describeIfMongo('MongoDB read store (mongoose)', (server) => {
  documentStoreContract('MongoDB', async () => {
    const url = server().url(`read_store_${randomBytes(6).toString('hex')}`);
    return { open: () => createDocumentStore({ kind: 'mongo', url, serverSelectionTimeoutMS: 5000 }) };
  });
});

describe('MongoDB read store: an unreachable server', () => {
  it('fails fast (serverSelectionTimeoutMS) instead of hanging start-up', async () => {
    const started = Date.now();
    await expect(createDocumentStore({ kind: 'mongo', url: 'mongodb://127.0.0.1:1/none', serverSelectionTimeoutMS: 500 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
