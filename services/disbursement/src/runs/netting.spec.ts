import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { monthPeriod, newId, type Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { DisbursementHandlers } from '../disbursement.handlers';
import { entitlementsProjection } from '../read-models/entitlements.projection';
import { LEDGER_PAYMENTS, LEDGER_PROJECTION, ledgerProjection } from '../ledger/ledger.projection';
import type { LedgerPaymentDoc } from '../ledger/ledger.types';
import { planNetting } from '../payments/payment-lifecycle';
import { PaymentRunHandler } from './payment-run.handler';

jest.setTimeout(120_000);

const clerk: Actor = { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' };
const standardRef = { standardId: 'bps', versionId: 'v1', itemNo: '1', contentHash: 'ab'.repeat(32) };

describe('追缴 netted against later payments of the same case (pure plan)', () => {
  it('offsets each recovery in id order, each payment at most down to zero; the rest stays open', () => {
    expect(planNetting([{ paymentStreamId: 'r1', openFen: 600 }], [{ paymentStreamId: 'p2', bankFen: 400 }, { paymentStreamId: 'p1', bankFen: 100 }])).toEqual([
      { recoveryId: 'r1', paymentId: 'p1', fen: 100 },
      { recoveryId: 'r1', paymentId: 'p2', fen: 400 },
    ]);
    expect(planNetting([{ paymentStreamId: 'r1', openFen: 50 }, { paymentStreamId: 'r2', openFen: 70 }], [{ paymentStreamId: 'p', bankFen: 100 }])).toEqual([
      { recoveryId: 'r1', paymentId: 'p', fen: 50 },
      { recoveryId: 'r2', paymentId: 'p', fen: 50 },
    ]);
    expect(planNetting([], [{ paymentStreamId: 'p', bankFen: 100 }])).toEqual([]);
  });
});

describe('追缴 netting in payment runs', () => {
  let store: EventStore;
  let readModels: ReadModels;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-netting-'));
  const context = () => ({ actor: clerk, correlationId: newId(), now: new Date('2025-02-20T02:00:00Z') });
  const caseId = newId();
  const person = newId();
  const schedule = (version: string, months: [string, number][]) => ({
    caseId,
    determinationId: `det-${version}`,
    benefit: 'dibao' as const,
    divisionCode: '330402',
    effectiveFrom: '2025-01-01',
    standardRef,
    lines: months.map(([month, fen]) => ({ personRef: person, period: { kind: 'month' as const, month }, amount: { fen } })),
  });
  const run = (month: string) => new PaymentRunHandler(store, readModels, { pageSize: 10 }).run({ benefit: 'dibao', divisionCode: '330402', period: monthPeriod(month) }, context());
  const ledgerDoc = async (id: string) => (await readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS).get(id);

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [entitlementsProjection(), ledgerProjection()], pollIntervalMs: 20, catchUpMs: 60_000 });
    await readModels.start();
  });
  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an overpaid January is recovered from February and March: bank lines shrink, the rest is a receivable until offset', async () => {
    const handlers = new DisbursementHandlers(store);
    await handlers.recordSchedule(schedule('v1', [['2025-01', 1000], ['2025-02', 1000], ['2025-03', 1000]]), context());
    await run('2025-01');
    // Income found later: 400 a month from January. January was overpaid by 600.
    await handlers.recordSchedule(schedule('v2', [['2025-01', 400], ['2025-02', 400], ['2025-03', 400]]), context());
    const feb = await run('2025-02');
    const recoveryId = `payment-${caseId}-${person}-2025-01-adj2`;
    const febId = `payment-${caseId}-${person}-2025-02`;
    expect(await ledgerDoc(recoveryId)).toMatchObject({ kind: 'recovery', fen: 600, nettedFen: 400, status: 'enveloped' });
    expect(await ledgerDoc(febId)).toMatchObject({ fen: 400, nettedFen: 400, status: 'settled' });
    const [febEnvelope] = await store.readStream(`envelope-${feb.runId}`);
    expect(febEnvelope.data).toMatchObject({ totals: { count: 0, fen: 0, netted: 400, byKind: { recovery: { count: 1, fen: 600 } } } });

    const mar = await run('2025-03');
    const marId = `payment-${caseId}-${person}-2025-03`;
    expect(await ledgerDoc(marId)).toMatchObject({ fen: 400, nettedFen: 200, status: 'enveloped' });
    expect(await ledgerDoc(recoveryId)).toMatchObject({ nettedFen: 600, status: 'netted' });
    const [marEnvelope] = await store.readStream(`envelope-${mar.runId}`);
    expect(marEnvelope.data).toMatchObject({ totals: { count: 1, fen: 200, netted: 200 } });
    // The recovery's history says where each fen went.
    expect((await store.readStream(recoveryId)).slice(1).map((e) => e.data)).toEqual([
      { paymentStreamId: recoveryId, againstPaymentId: febId, fen: 400 },
      { paymentStreamId: recoveryId, againstPaymentId: marId, fen: 200 },
    ]);
    // Running March again nets nothing more.
    await run('2025-03');
    expect(await ledgerDoc(marId)).toMatchObject({ nettedFen: 200 });
  });
});
