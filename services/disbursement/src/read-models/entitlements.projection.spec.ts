import { newId } from '@benefits/kernel';
import type { PaymentCreatedData, ScheduleReceivedData } from '../entitlements/entitlement';
import { hasPendingAdjustment, runKeyOf, withPayment, withSchedule } from './entitlements.projection';

const standardRef = { standardId: 'bps-330400', versionId: 'v1', itemNo: '52', contentHash: 'ab'.repeat(32) };
const caseId = newId();
const person = newId();

function schedule(version: number, amounts: Record<string, number>): ScheduleReceivedData {
  return {
    caseId,
    determinationId: `det-${version}`,
    benefit: 'tefu',
    divisionCode: '330402',
    effectiveFrom: '2024-08-01',
    standardRef,
    lines: Object.entries(amounts).map(([month, fen]) => ({ personRef: person, period: { kind: 'month' as const, month }, amount: { fen } })),
    scheduleVersion: version,
    supersedesDeterminationId: version > 1 ? `det-${version - 1}` : null,
  };
}

function payment(month: string, fen: number, version: number, kind: PaymentCreatedData['kind'] = 'regular', suffix = ''): PaymentCreatedData {
  return {
    paymentStreamId: `payment-${caseId}-${person}-${month}${suffix}`,
    kind,
    caseId,
    personRef: person,
    benefit: 'tefu',
    divisionCode: '330402',
    period: { kind: 'month', month },
    periodKey: month,
    amount: { fen },
    runPeriod: month,
    determinationId: `det-${version}`,
    standardRef,
    schedule: { streamId: `entitlement-${caseId}`, version },
  };
}

describe('entitlements read model (pure)', () => {
  it('indexes a schedule by the runs its lines fall in', () => {
    const doc = withSchedule(null, schedule(1, { '2024-08': 100_000, '2024-09': 100_000 }), 'e1');
    expect(doc).toMatchObject({ caseId, benefit: 'tefu', divisionCode: '330402', scheduleVersion: 1, lastScheduleEventId: 'e1', runKeys: ['2024-08', '2024-09'], pending: false, scope: 'tefu|330402' });
    expect(doc.pendingScope).toBeUndefined();
    expect(runKeyOf({ kind: 'oneOff', date: '2024-10-15' })).toBe('2024-10');
    expect(runKeyOf({ kind: 'year', year: 2025 })).toBe('2025');
  });

  it('ignores an older or repeated schedule and a repeated payment (redelivery changes nothing)', () => {
    const v2 = withSchedule(withSchedule(null, schedule(1, { '2024-08': 1 }), 'e1'), schedule(2, { '2024-08': 2 }), 'e2');
    expect(withSchedule(v2, schedule(1, { '2024-08': 1 }), 'e1')).toBe(v2);
    expect(withSchedule(v2, schedule(2, { '2024-08': 2 }), 'e2')).toBe(v2);
    const paid = withPayment(v2, payment('2024-08', 2, 2));
    expect(withPayment(paid, payment('2024-08', 2, 2))).toBe(paid);
  });

  it('marks a case pending when a superseding schedule changes a paid period, and clears it once the difference is paid', () => {
    let doc = withSchedule(null, schedule(1, { '2024-08': 100_000 }), 'e1');
    doc = withPayment(doc, payment('2024-08', 100_000, 1));
    expect(doc.pending).toBe(false);
    doc = withSchedule(doc, schedule(2, { '2024-08': 120_000 }), 'e2');
    expect(doc).toMatchObject({ pending: true, pendingScope: 'tefu|330402' });
    doc = withPayment(doc, payment('2024-08', 20_000, 2, 'arrears', '-adj2'));
    expect(doc.pending).toBe(false);
    expect(doc.pendingScope).toBeUndefined();
    expect(doc.paid[`${person}|2024-08`]).toMatchObject({ net: 120_000, regular: true, lastVersion: 2 });
    // A period leaving the schedule (termination) is a recovery of everything paid for it.
    doc = withSchedule(doc, schedule(3, {}), 'e3');
    expect(hasPendingAdjustment(doc)).toBe(true);
    doc = withPayment(doc, payment('2024-08', 120_000, 3, 'recovery', '-adj3'));
    expect(doc.pending).toBe(false);
  });

  it('does not mark a case pending when the new schedule leaves paid periods as they were', () => {
    let doc = withSchedule(null, schedule(1, { '2024-08': 100_000 }), 'e1');
    doc = withPayment(doc, payment('2024-08', 100_000, 1));
    doc = withSchedule(doc, schedule(2, { '2024-08': 100_000, '2024-09': 120_000 }), 'e2');
    expect(doc.pending).toBe(false);
  });
});
