import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createTestDatabase } from '@benefits/testing';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { readSeed, resolveInForce } from '@benefits/standards';

import { ParametersRepository } from './parameters/parameters.repository';
import { StandardsRepository } from './standards/standards.repository';
import { eligibilityProjections } from './read-models';

jest.setTimeout(60_000);

const ADMIN = { id: 'admin-zj', role: 'admin', divisionCode: '330000' };
const SAMPLE = { docNo: '示例数据（非官方）', title: null };

/** The catalog's shells over each event-store adapter: positions are opaque and differ per adapter. */
const adapters: [string, () => Promise<{ store: EventStore; dispose: () => Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'eligibility-repo-'));
      const store = await createEventStore({ kind: 'pglite', dataDir: dir });
      return { store, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const store = await createEventStore({ kind: 'postgres', url: await createTestDatabase('eligibility') });
      return { store, dispose: async () => undefined };
    },
  ],
];

describe.each(adapters)('catalog repositories on %s', (_name, open) => {
  let store: EventStore;
  let readModels: ReadModels;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await open());
    const documents = await createDocumentStore({ kind: 'pglite' });
    readModels = new ReadModels({ store, openReadStore: async () => documents, projections: eligibilityProjections(store), pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await readModels.close();
    await store.close();
    await dispose();
  });

  it('imports a standard once, resolves it, and lists it from the catalog read model', async () => {
    const standards = new StandardsRepository(store, readModels);
    const input = { text: readSeed('001_40e26111df30cc0a.txt'), sourceName: 'jiaxing.txt', divisionCode: '330400', actor: ADMIN, correlationId: 'c1' };
    const first = await standards.importDocument(input);
    const second = await standards.importDocument(input);
    expect(first.kind).toBe('publish');
    const { parsed, ...decision } = second;
    expect(decision).toEqual({ kind: 'unchanged', standardId: 'bps-330400', versionId: first.versionId });
    expect(parsed.items).toHaveLength(105);
    expect(await store.readStream('standard-bps-330400')).toHaveLength(1);

    const [event] = await store.readStream('standard-bps-330400');
    expect(event.metadata).toMatchObject({ correlationId: 'c1', actor: ADMIN });

    const all = await standards.listStandards();
    expect(resolveInForce(all, { divisionCode: '330411', benefit: 'dibao', date: '2024-07-22' })).toMatchObject({ versionId: first.versionId, inherited: true });
  });

  it('answers a parameter as known before and after a retroactive correction, by log position', async () => {
    const parameters = new ParametersRepository(store);
    const base = { name: 'dibao.standard', divisionCode: '330400', source: SAMPLE, sampleData: true, actor: ADMIN, correlationId: 'c2' };
    const original = await parameters.publish({ ...base, effectiveFrom: '2024-01-01', value: { fen: 90000 } });
    if (original.kind !== 'publish') throw new Error('expected a publication');
    const before = await store.headPosition();
    await parameters.publish({ ...base, effectiveFrom: '2024-01-01', value: { fen: 91000 }, supersedes: original.event.data.entryId, correctionReason: '更正' });

    expect((await parameters.lookup('dibao.standard', '330400', { date: '2024-03-01' }))?.entry.value).toEqual({ fen: 91000 });
    expect((await parameters.lookup('dibao.standard', '330400', { date: '2024-03-01', knownAtPosition: before }))?.entry.value).toEqual({ fen: 90000 });
    expect(await parameters.lookup('dibao.standard', '330400', { date: '2023-12-31' })).toBeNull();
  });
});
