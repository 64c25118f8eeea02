import { fold, monthPeriod } from '@benefits/kernel';
import {
  PAYMENT_CREATED,
  adjustmentsDue,
  entitlementDecider,
  type EntitlementSchedule,
  type PaymentCreatedData,
  type PaymentRun,
  type ScheduleReceived,
} from './entitlement';
import { parsePaymentStreamId } from '../payments/payment-id';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const mother = '0192f3a0-0000-7000-8000-000000000001';
const now = new Date('2024-12-05T02:00:00Z');
const standardRef = { standardId: 'bps-330400', versionId: 'v1', itemNo: '63', contentHash: 'ab'.repeat(32) };
const monthly = (month: string, fen: number) => ({ personRef: mother, period: monthPeriod(month), amount: { fen } });

function schedule(determinationId: string, lines: EntitlementSchedule['lines']): EntitlementSchedule {
  return { caseId, determinationId, benefit: 'dibao', divisionCode: '330402', effectiveFrom: '2024-09-01', standardRef, lines };
}

/** The state after recording the schedules in order (through the decider, as the handler does). */
function stateOf(...schedules: EntitlementSchedule[]) {
  const events: ScheduleReceived[] = [];
  for (const s of schedules) {
    const state = fold(entitlementDecider, events);
    events.push(...(entitlementDecider.decide({ type: 'RecordSchedule', data: s, metadata: { now } }, state) as ScheduleReceived[]));
  }
  return fold(entitlementDecider, events);
}

const run = (month: string): PaymentRun => ({ benefit: 'dibao', divisionCode: '330402', period: monthPeriod(month) });

/** Regular payments a run would create from a state. */
function paid(state: ReturnType<typeof stateOf>, month: string): PaymentCreatedData[] {
  return entitlementDecider.decide({ type: 'CreatePayments', data: run(month), metadata: { now } }, state).map((e) => e.data as PaymentCreatedData);
}

describe('arrears (补发) and recovery (追缴) after a superseding schedule', () => {
  const v1 = schedule('det-1', [monthly('2024-09', 50_000), monthly('2024-10', 50_000), monthly('2024-11', 50_000), monthly('2024-12', 50_000)]);
  // B rose from 2024-10: the redetermination keeps September and raises October on.
  const v2 = schedule('det-2', [monthly('2024-09', 50_000), monthly('2024-10', 62_000), monthly('2024-11', 62_000), monthly('2024-12', 62_000)]);

  it('given September–November paid under v1 and v2 raising October on, the December run settles October and November as arrears traced to both schedules', () => {
    const before = stateOf(v1);
    const payments = [...paid(before, '2024-09'), ...paid(before, '2024-10'), ...paid(before, '2024-11')];
    expect(payments.every((p) => p.kind === 'regular')).toBe(true);
    const after = stateOf(v1, v2);
    const adjustments = adjustmentsDue(after, payments, run('2024-12'));
    expect(adjustments.map((a) => [a.type, a.data.periodKey, a.data.kind, a.data.amount.fen])).toEqual([
      [PAYMENT_CREATED, '2024-10', 'arrears', 12_000],
      [PAYMENT_CREATED, '2024-11', 'arrears', 12_000],
    ]);
    expect(adjustments[0].data).toMatchObject({
      determinationId: 'det-2',
      schedule: { streamId: `entitlement-${caseId}`, version: 2 },
      adjusts: { paidFen: 50_000, dueFen: 62_000, previousSchedule: { streamId: `entitlement-${caseId}`, version: 1 } },
      paymentStreamId: `payment-${caseId}-${mother}-2024-10-adj2`,
    });
    expect(parsePaymentStreamId(adjustments[0].data.paymentStreamId)).toEqual({ caseId, personRef: mother, period: { kind: 'month', month: '2024-10' }, adjustmentForScheduleVersion: 2 });
    // The December payment itself is regular, at the new amount.
    expect(paid(after, '2024-12')).toEqual([expect.objectContaining({ periodKey: '2024-12', amount: { fen: 62_000 }, kind: 'regular' })]);
  });

  it('given the adjustments already made, the next run settles nothing again (idempotent by the net paid)', () => {
    const before = stateOf(v1);
    const payments = [...paid(before, '2024-09'), ...paid(before, '2024-10')];
    const after = stateOf(v1, v2);
    const first = adjustmentsDue(after, payments, run('2024-11')).map((a) => a.data);
    expect(first).toHaveLength(1);
    expect(adjustmentsDue(after, [...payments, ...first], run('2024-12'))).toEqual([]);
  });

  it('given a lower amount (or a period no longer due), the difference is recovered; a later schedule compares with the net after earlier adjustments', () => {
    const before = stateOf(v1);
    const payments = [...paid(before, '2024-09'), ...paid(before, '2024-10')];
    // Terminated from October: October leaves the schedule, September is paid less.
    const v2lower = schedule('det-2', [monthly('2024-09', 40_000)]);
    const lowered = stateOf(v1, v2lower);
    const recoveries = adjustmentsDue(lowered, payments, run('2024-11')).map((a) => a.data);
    expect(recoveries.map((r) => [r.periodKey, r.kind, r.amount.fen])).toEqual([
      ['2024-09', 'recovery', 10_000],
      ['2024-10', 'recovery', 50_000],
    ]);
    // A correction (v3) restores September at 50,000: net paid is 40,000, so 10,000 arrears.
    const v3 = schedule('det-3', [monthly('2024-09', 50_000)]);
    const corrected = stateOf(v1, v2lower, v3);
    const again = adjustmentsDue(corrected, [...payments, ...recoveries], run('2024-12')).map((a) => a.data);
    expect(again.map((r) => [r.periodKey, r.kind, r.amount.fen, r.adjusts?.previousSchedule.version])).toEqual([['2024-09', 'arrears', 10_000, 2]]);
  });

  it('given a schedule of another division or benefit than the run, nothing is settled', () => {
    const before = stateOf(v1);
    const payments = paid(before, '2024-10');
    const after = stateOf(v1, v2);
    expect(adjustmentsDue(after, payments, { ...run('2024-12'), divisionCode: '330400' })).toEqual([]);
    expect(adjustmentsDue(after, payments, { ...run('2024-12'), benefit: 'tefu' })).toEqual([]);
  });

  it('given a yearly schedule (北京 特扶), a yearly run pays the year and a monthly run pays nothing of it', () => {
    const yearly = schedule('det-y', [{ personRef: mother, period: { kind: 'year', year: 2025 }, amount: { fen: 1_080_000 } }]);
    const state = stateOf(yearly);
    const inYear = entitlementDecider.decide({ type: 'CreatePayments', data: { benefit: 'dibao', divisionCode: '330402', period: { kind: 'year', year: 2025 } }, metadata: { now } }, state);
    expect(inYear.map((e) => [(e.data as PaymentCreatedData).periodKey, (e.data as PaymentCreatedData).runPeriod])).toEqual([['Y2025', '2025']]);
    expect(paid(state, '2025-01')).toEqual([]);
  });

  it('given a horizon extension with the same determination but a new schedule id, it is recorded; the same schedule id again records nothing', () => {
    const first = { ...v1, scheduleId: 's-1' };
    const extended = { ...v1, scheduleId: 's-2', lines: [...v1.lines, monthly('2025-01', 50_000)] };
    const state = stateOf(first, extended);
    expect(state.schedules.map((s) => s.scheduleVersion)).toEqual([1, 2]);
    expect(entitlementDecider.decide({ type: 'RecordSchedule', data: extended, metadata: { now } }, state)).toEqual([]);
  });
});
