import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { isDomainError, monthPeriod, newId, type Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { DisbursementHandlers } from '../disbursement.handlers';
import { entitlementsProjection } from '../read-models/entitlements.projection';
import { ledgerProjection } from '../ledger/ledger.projection';
import { PaymentRunHandler } from './payment-run.handler';

jest.setTimeout(120_000);

const clerk: Actor = { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' };
const standardRef = { standardId: 'bps-330400', versionId: 'v1', itemNo: '52', contentHash: 'ab'.repeat(32) };
const august = { benefit: 'tefu' as const, divisionCode: '330402', period: monthPeriod('2024-08') };
const CASES = 230;

describe('payment runs in pages', () => {
  let store: EventStore;
  let readModels: ReadModels;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-runs-'));
  const context = () => ({ actor: clerk, correlationId: newId(), now: new Date('2024-08-20T02:00:00Z') });

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [entitlementsProjection(), ledgerProjection()], pollIntervalMs: 20, catchUpMs: 60_000 });
    await readModels.start();
    const handlers = new DisbursementHandlers(store);
    for (let i = 0; i < CASES; i += 1) {
      const caseId = newId();
      // Two beneficiaries per case; one case in another division that the run must leave out.
      await handlers.recordSchedule(
        {
          caseId,
          determinationId: `det-${caseId}`,
          benefit: 'tefu',
          divisionCode: i === 0 ? '330411' : '330402',
          effectiveFrom: '2024-08-01',
          standardRef,
          lines: [newId(), newId()].flatMap((personRef) => ['2024-08', '2024-09'].map((month) => ({ personRef, period: { kind: 'month' as const, month }, amount: { fen: 100_000 } }))),
        },
        { actor: null, correlationId: 'seed', now: new Date() },
      );
    }
  });

  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes a run killed half-way from its last recorded page: every payment once, totals as if it never stopped', async () => {
    const dying = new PaymentRunHandler(store, readModels, {
      pageSize: 50,
      afterPage: ({ page }) => {
        if (page === 4) throw new Error('process killed');
      },
    });
    await expect(dying.run(august, context())).rejects.toThrow('process killed');
    const stopped = await dying.read('tefu-330402-2024-08-1');
    // Pages: carry (nothing held yet), adjustments (none), then the regular payments in pages of 50 cases.
    expect(stopped).toMatchObject({ status: 'running', pages: 3, progress: { phase: 'regular', cursor: expect.any(String) } });

    const handler = new PaymentRunHandler(store, readModels, { pageSize: 50 });
    const done = await handler.run(august, context());
    const expected = (CASES - 1) * 2;
    expect(done).toMatchObject({ runId: 'tefu-330402-2024-08-1', resumed: true, status: 'completed', counts: { created: expected, alreadyExisted: 0, createdFen: expected * 100_000 } });

    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { paymentStreamId: string }[]; nextCursor: string | null } = await handler.payments(done.runId, { limit: 97, cursor });
      listed.push(...page.items.map((p) => p.paymentStreamId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toHaveLength(expected);
    expect(new Set(listed).size).toBe(expected);
    for (const id of listed.slice(0, 20)) expect((await store.readStream(id)).map((e) => e.type)).toEqual(['disbursement.PaymentCreated.v1']);

    // The run prepared its envelope: control totals equal to the sum of its payments, run starters as preparers.
    const [prepared] = await store.readStream('envelope-tefu-330402-2024-08-1');
    expect(prepared.type).toBe('disbursement.EnvelopePrepared.v1');
    expect(prepared.data).toMatchObject({
      envelopeId: 'tefu-330402-2024-08-1',
      totals: { count: expected, fen: expected * 100_000, byKind: { regular: { count: expected, fen: expected * 100_000 } } },
      held: { count: 0, fen: 0 },
      preparers: ['clerk-1'],
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('runs again as run 2 creating nothing, and two concurrent runs never pay twice', async () => {
    const handler = new PaymentRunHandler(store, readModels, { pageSize: 50 });
    const again = await handler.run(august, context());
    expect(again).toMatchObject({ runId: 'tefu-330402-2024-08-2', resumed: false, counts: { created: 0, alreadyExisted: (CASES - 1) * 2 } });

    const september = { ...august, period: monthPeriod('2024-09') };
    const results = await Promise.allSettled([handler.run(september, context()), new PaymentRunHandler(store, readModels, { pageSize: 50 }).run(september, context())]);
    for (const r of results) if (r.status === 'rejected') expect(isDomainError(r.reason, 'RUN_IN_PROGRESS')).toBe(true);
    // Whatever the interleaving, asking once more finishes the run and every payment exists once.
    const finished = await handler.run(september, context());
    const recorded = await handler.read(finished.runId);
    expect(recorded?.status).toBe('completed');
    let total = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await handler.payments('tefu-330402-2024-09-1', { limit: 1000, cursor });
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(total).toBe((CASES - 1) * 2);
  });
});
