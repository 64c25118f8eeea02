import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { isDomainError, type Actor } from '@benefits/kernel';
import { createReconciliation } from '../reconciliation/reconciliation';
import { ledgerDoc } from '../reconciliation/reconciliation.fixtures';
import { FundingHandler } from './funding.handler';

jest.setTimeout(60_000);

const admin: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330000' };
const context = () => ({ actor: admin, correlationId: 'test', now: new Date('2025-01-10T02:00:00Z') });
const source = { document: '示例文件（样例数据，非正式文件）', clause: '第三条' };

describe('FundingHandler', () => {
  let store: EventStore;
  let handler: FundingHandler;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-funding-handler-'));

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    handler = new FundingHandler(store);
    await handler.publish({ benefit: 'dibao', divisionCode: '330000', fromPeriod: '2024-01', shares: { central: 8000, provincial: 2000, city: 0, county: 0 }, source, sample: true }, context());
    await handler.publish({ benefit: 'dibao', divisionCode: '330402', fromPeriod: '2025-03', shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 }, source, sample: true }, context());
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses through the decider and writes nothing', async () => {
    const before = await store.headPosition();
    await expect(handler.publish({ benefit: 'dibao', divisionCode: '330402', fromPeriod: '2025-03', shares: { central: 1, provincial: 0, city: 0, county: 0 }, source, sample: true }, context())).rejects.toMatchObject({ code: 'INVALID_FUNDING_SHARES' });
    expect(await store.headPosition()).toBe(before);
  });

  it('resolves up the chain and says where from', async () => {
    expect(await handler.resolve('dibao', '330402', '2025-04')).toMatchObject({ level: 'county', publication: { shares: { central: 5000 } } });
    expect(await handler.resolve('dibao', '330402', '2025-02')).toMatchObject({ level: 'province', divisionCode: '330000' });
    expect(await handler.resolve('dibao', '330411', '2025')).toMatchObject({ level: 'province' });
    const missing = await handler.resolve('tefu', '330402', '2025-04').catch((e: unknown) => e);
    expect(isDomainError(missing, 'FUNDING_SHARES_MISSING')).toBe(true);
  });

  it('gives reconciliation a synchronous sharesFor per scope; a scope without shares stays unallocated', async () => {
    const sharesFor = await handler.sharesForScopes([
      { benefit: 'dibao', divisionCode: '330402', runPeriod: '2025-03' },
      { benefit: 'dibao', divisionCode: '330402', runPeriod: '2025-02' },
      { benefit: 'tefu', divisionCode: '330402', runPeriod: '2025' },
    ]);
    const acc = createReconciliation({ sharesFor });
    acc.add(ledgerDoc('p1', { fen: 10_001 }));
    acc.add(ledgerDoc('p2', { fen: 1_000, runPeriod: '2025-02' }));
    acc.add(ledgerDoc('p3', { fen: 77, benefit: 'tefu', runPeriod: '2025' }));
    acc.add(ledgerDoc('p4', { fen: 5, runPeriod: '2025-09' }));
    const report = acc.report();
    expect(report.byFundingSource).toEqual({ central: 5001 + 800, provincial: 2000 + 200, city: 1500, county: 1500, unallocated: 82 });
    expect(report.unallocated.map((u) => `${u.benefit}|${u.runPeriod}|${u.fen}`)).toEqual(['dibao|2025-09|5', 'tefu|2025|77']);
    expect(report.balanced).toBe(true);
  });
});
