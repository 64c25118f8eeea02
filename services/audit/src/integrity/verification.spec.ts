import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { maySee, Verifications } from './verification';

describe('division scope of a verification’s findings', () => {
  const actor = (role: string, divisionCode: string) => ({ id: 'x', role, divisionCode });

  it('admin sees every stream; an auditor the streams of cases in their division or under it', () => {
    expect(maySee(actor('admin', '330402'), { divisionCode: '110101' })).toBe(true);
    expect(maySee(actor('auditor', '330400'), { divisionCode: '330402' })).toBe(true);
    expect(maySee(actor('auditor', '330402'), { divisionCode: '330402' })).toBe(true);
    expect(maySee(actor('auditor', '330481'), { divisionCode: '330402' })).toBe(false);
  });

  it('streams of no known case: admin and province-level auditors only', () => {
    expect(maySee(actor('admin', '330402'), { divisionCode: null })).toBe(true);
    expect(maySee(actor('auditor', '330000'), { divisionCode: null })).toBe(true);
    expect(maySee(actor('auditor', '330400'), { divisionCode: null })).toBe(false);
  });
});

describe('Verifications.start on a log small enough to be verified while the answer is read', () => {
  let dataDir: string;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-verification-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    await store.appendToStream('x-1', [{ type: 'x.Sample.v1', data: { note: '示例数据' }, metadata: { correlationId: 'c' } }], { expectedRevision: 'no_stream' });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers running (or completed), never interrupted, when the pass ends while its stream is read', async () => {
    const id = 'race-1';
    let reads = 0;
    let verifications!: Verifications;
    // The third read of the verification's stream (start's answer) is taken before the pass ends and
    // handed back only after it ended: the order a loaded machine can give.
    const slow: EventStore = Object.create(store, {
      readStream: {
        value: async (streamId: string, ...rest: unknown[]) => {
          const events = await (store.readStream as (...a: unknown[]) => ReturnType<EventStore['readStream']>)(streamId, ...rest);
          if (streamId === `verification-${id}` && ++reads === 3) await verifications.settled(id);
          return events;
        },
      },
    });
    const settings = { dir: join(dataDir, 'anchors'), dataDir, keyFile: join(dataDir, 'key.pem'), publicKeyFile: null, mayGenerate: true };
    verifications = new Verifications(slow, store, { settings: () => settings });
    const { job, created } = await verifications.start({ id: 'admin-1', role: 'admin', divisionCode: '330000' }, { verificationId: id, checkAnchors: 'none' });
    expect(created).toBe(true);
    expect(reads).toBe(3);
    expect(job.status).toBe('running');
    const read = await verifications.read(id, { id: 'admin-1', role: 'admin', divisionCode: '330000' });
    expect(read).toMatchObject({ status: 'completed', intact: true });
  });
});
