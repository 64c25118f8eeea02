import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { monthPeriod, newId, type Actor } from '@benefits/kernel';
import type { IntegrationEvent } from '@benefits/messaging';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { DisbursementHandlers } from '../disbursement.handlers';
import { CASE_ENTITLEMENTS, ENTITLEMENTS_PROJECTION, entitlementsProjection, type CaseEntitlementDoc } from '../read-models/entitlements.projection';
import { ledgerProjection } from '../ledger/ledger.projection';
import { PaymentRunHandler } from '../runs/payment-run.handler';
import { recordPaymentStatusChange, statusChangeFromIntegrationEvent } from './payment-status.consumer';
import { scheduleFromIntegrationEvent } from './schedules.consumer';

jest.setTimeout(120_000);

/**
 * The runs as they are (runs/ untouched) over the read model: a staged grant is paid instalment by
 * instalment in the months of their due dates; a suspended case is left out of its suspended months.
 */
const standardRef = { standardId: 'sample-std', versionId: 'v1', itemNo: '1', contentHash: 'ab'.repeat(32) };
const clerk = (divisionCode: string): Actor => ({ id: 'clerk-1', role: 'finance_clerk', divisionCode });

describe('monthly runs with dated instalments and 停发 / 恢复', () => {
  let store: EventStore;
  let readModels: ReadModels;
  let runs: PaymentRunHandler;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-suspension-runs-'));

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [entitlementsProjection(), ledgerProjection()], pollIntervalMs: 20, catchUpMs: 60_000 });
    await readModels.start();
    runs = new PaymentRunHandler(store, readModels);
  });

  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (benefit: 'linshi' | 'dibao', divisionCode: string, month: string) =>
    runs.run({ benefit, divisionCode, period: monthPeriod(month) }, { actor: clerk(divisionCode), correlationId: newId(), now: new Date(`${month}-20T02:00:00Z`) });

  it('pays a two-stage 临时救助 grant in two different monthly runs, each instalment in the month of its due date', async () => {
    const caseId = newId();
    const person = newId();
    const schedule = scheduleFromIntegrationEvent({
      scheduleId: newId(),
      caseId,
      determinationId: `det-${caseId}`,
      benefit: 'linshi',
      divisionCode: '110105',
      effectiveFrom: '2025-03-12',
      effectiveTo: '2025-03-12',
      standardRef,
      lines: [
        { beneficiaryRef: person, periodKey: `once:${caseId}:1`, amountFen: 300_000, dueDate: '2025-03-20' },
        { beneficiaryRef: person, periodKey: `once:${caseId}:2`, amountFen: 200_000, dueDate: '2025-05-10' },
      ],
      supersedesScheduleId: '',
    } as unknown as IntegrationEvent<'EntitlementScheduleIssued'>);
    await new DisbursementHandlers(store).recordSchedule(schedule, { actor: null, correlationId: 'test', now: new Date() });

    const march = await run('linshi', '110105', '2025-03');
    expect(march.counts).toMatchObject({ created: 1, createdFen: 300_000 });
    expect(await store.streamExists(`payment-${caseId}-${person}-I${caseId}-1of2`)).toBe(true);
    expect(await store.streamExists(`payment-${caseId}-${person}-I${caseId}-2of2`)).toBe(false);
    expect((await run('linshi', '110105', '2025-04')).counts.created).toBe(0);
    const may = await run('linshi', '110105', '2025-05');
    expect(may.counts).toMatchObject({ created: 1, createdFen: 200_000 });
    expect(await store.streamExists(`payment-${caseId}-${person}-I${caseId}-2of2`)).toBe(true);
  });

  it('leaves a suspended 低保 case out of the runs of its suspended months and pays again from the resumption month', async () => {
    const caseId = newId();
    const person = newId();
    const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
    await new DisbursementHandlers(store).recordSchedule(
      {
        caseId,
        determinationId: `det-${caseId}`,
        benefit: 'dibao',
        divisionCode: '330402',
        effectiveFrom: '2025-01-01',
        standardRef,
        lines: months.map((month) => ({ personRef: person, period: monthPeriod(month), amount: { fen: 80_000 } })),
      },
      { actor: null, correlationId: 'test', now: new Date() },
    );
    const context = { actor: null, correlationId: 'test', now: new Date() };
    const integration = (eventId: string, effectiveFrom: string) =>
      ({
        header: { eventId, correlationId: 'c', caseId },
        caseId,
        benefit: 'dibao',
        divisionCode: '330402',
        effectiveFrom,
        reason: 'sample reason',
      }) as unknown as IntegrationEvent<'PaymentSuspended'>;

    expect((await run('dibao', '330402', '2025-02')).counts.created).toBe(1);
    const suspension = statusChangeFromIntegrationEvent(integration('evt-suspend', '2025-03-15'));
    expect(await recordPaymentStatusChange(store, 'suspended', suspension, context)).toMatchObject({ recorded: true });
    // Redelivery of the same integration event records nothing.
    expect(await recordPaymentStatusChange(store, 'suspended', suspension, context)).toMatchObject({ recorded: false });

    expect((await run('dibao', '330402', '2025-03')).counts.created).toBe(0);
    expect((await run('dibao', '330402', '2025-04')).counts.created).toBe(0);
    const view = await readModels.fresh(ENTITLEMENTS_PROJECTION);
    const doc = await view.collection<CaseEntitlementDoc>(CASE_ENTITLEMENTS).get(caseId);
    expect(doc).toMatchObject({ runKeys: ['2025-01', '2025-02'], suspended: [{ from: '2025-03', until: null }] });

    await recordPaymentStatusChange(store, 'resumed', statusChangeFromIntegrationEvent(integration('evt-resume', '2025-05-06')), context);
    expect((await run('dibao', '330402', '2025-05')).counts).toMatchObject({ created: 1, createdFen: 80_000 });
    // The suspended months are not paid back, even when their runs are asked for again.
    expect((await run('dibao', '330402', '2025-03')).counts.created).toBe(0);
    expect(await store.streamExists(`payment-${caseId}-${person}-2025-03`)).toBe(false);
    expect(await store.streamExists(`payment-${caseId}-${person}-2025-04`)).toBe(false);
    const after = await (await readModels.fresh(ENTITLEMENTS_PROJECTION)).collection<CaseEntitlementDoc>(CASE_ENTITLEMENTS).get(caseId);
    expect(after?.runKeys).toEqual(['2025-01', '2025-02', '2025-05', '2025-06']);
  });
});
