import { fold, givenWhenThen, monthPeriod, yearPeriod } from '@benefits/kernel';
import {
  ENTITLEMENT_RESUMED,
  ENTITLEMENT_SCHEDULE_RECEIVED,
  ENTITLEMENT_SUSPENDED,
  adjustmentsDue,
  entitlementDecider,
  isSuspended,
  suspendedSpans,
  type EntitlementEvent,
  type EntitlementSchedule,
  type PaymentCreated,
  type PaymentCreatedData,
  type PaymentStatusChange,
  type ScheduleReceived,
} from './entitlement';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const person = '0192f3a0-0000-7000-8000-000000000001';
const now = new Date('2025-03-05T02:00:00Z');
const standardRef = { standardId: 'sample-330400', versionId: 'v1', itemNo: '3', contentHash: 'ab'.repeat(32) };

const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

function dibaoSchedule(overrides: Partial<EntitlementSchedule> = {}): EntitlementSchedule {
  return {
    caseId,
    determinationId: 'det-1',
    benefit: 'dibao',
    divisionCode: '330402',
    effectiveFrom: '2025-01-01',
    standardRef,
    lines: months.map((month) => ({ personRef: person, period: monthPeriod(month), amount: { fen: 80_000 } })),
    ...overrides,
  };
}

const received = (data: EntitlementSchedule, scheduleVersion = 1): ScheduleReceived => ({
  type: ENTITLEMENT_SCHEDULE_RECEIVED,
  data: { ...data, scheduleVersion, supersedesDeterminationId: null },
});

const change = (effectiveFrom: string, sourceEventId: string, overrides: Partial<PaymentStatusChange> = {}): PaymentStatusChange => ({
  caseId,
  benefit: 'dibao',
  divisionCode: '330402',
  effectiveFrom,
  reason: 'sample reason',
  sourceEventId,
  ...overrides,
});

const suspended = (effectiveFrom: string, sourceEventId = 'evt-s1'): EntitlementEvent => ({
  type: ENTITLEMENT_SUSPENDED,
  data: { ...change(effectiveFrom, sourceEventId), fromMonth: effectiveFrom.slice(0, 7) },
});
const resumed = (effectiveFrom: string, sourceEventId = 'evt-r1'): EntitlementEvent => ({
  type: ENTITLEMENT_RESUMED,
  data: { ...change(effectiveFrom, sourceEventId), fromMonth: effectiveFrom.slice(0, 7) },
});

const suspend = (effectiveFrom: string, sourceEventId = 'evt-s1') => ({ type: 'RecordSuspension' as const, data: change(effectiveFrom, sourceEventId), metadata: { now } });
const resume = (effectiveFrom: string, sourceEventId = 'evt-r1') => ({ type: 'RecordResumption' as const, data: change(effectiveFrom, sourceEventId), metadata: { now } });

/** The months a run of each month pays for the case, given its history. */
function paidMonths(history: EntitlementEvent[]): string[] {
  const state = fold(entitlementDecider, history);
  return months.filter(
    (month) =>
      entitlementDecider.decide({ type: 'CreatePayments', data: { benefit: 'dibao', divisionCode: '330402', period: monthPeriod(month) }, metadata: { now } }, state).length > 0,
  );
}

const spec = givenWhenThen(entitlementDecider);

describe('停发 / 恢复 on the entitlement (RecordSuspension / RecordResumption)', () => {
  it('records a suspension from the month of its effective date', () => {
    spec.given([received(dibaoSchedule())]).when(suspend('2025-03-15')).then([suspended('2025-03-15')]);
  });

  it('records nothing when the same integration event arrives again (idempotent by its event id)', () => {
    spec.given([received(dibaoSchedule()), suspended('2025-03-15')]).when(suspend('2025-03-15')).thenNothingHappens();
    spec.given([received(dibaoSchedule()), suspended('2025-03-15'), resumed('2025-05-01')]).when(resume('2025-05-01')).thenNothingHappens();
  });

  it('refuses a second suspension while suspended, and a resumption while not suspended', () => {
    spec.given([received(dibaoSchedule()), suspended('2025-03-15')]).when(suspend('2025-04-01', 'evt-s2')).thenThrows('ALREADY_SUSPENDED');
    spec.given([received(dibaoSchedule())]).when(resume('2025-04-01')).thenThrows('NOT_SUSPENDED');
    spec.given([received(dibaoSchedule()), suspended('2025-03-15'), resumed('2025-05-01')]).when(resume('2025-06-01', 'evt-r2')).thenThrows('NOT_SUSPENDED');
  });

  it('refuses a change for another benefit than the case schedule, and an unreadable date', () => {
    spec.given([received(dibaoSchedule())]).when({ ...suspend('2025-03-15'), data: change('2025-03-15', 'evt-x', { benefit: 'tefu' }) }).thenThrows('BENEFIT_MISMATCH');
    spec.given([received(dibaoSchedule())]).when(suspend('2025-3-15')).thenThrows('INVALID_EFFECTIVE_DATE');
  });

  it('records a suspension that arrives before the first schedule (they travel on different topics)', () => {
    spec.given([]).when(suspend('2025-03-15')).then([suspended('2025-03-15')]);
    expect(paidMonths([suspended('2025-03-15'), received(dibaoSchedule())])).toEqual(['2025-01', '2025-02']);
  });
});

describe('what runs pay around 停发 / 恢复', () => {
  it('pays no regular payment from the suspension month on while suspended', () => {
    expect(paidMonths([received(dibaoSchedule())])).toEqual(months);
    expect(paidMonths([received(dibaoSchedule()), suspended('2025-03-15')])).toEqual(['2025-01', '2025-02']);
  });

  it('restarts payments from the resumption month; the months suspended are not paid back', () => {
    expect(paidMonths([received(dibaoSchedule()), suspended('2025-03-15'), resumed('2025-05-20')])).toEqual(['2025-01', '2025-02', '2025-05', '2025-06']);
  });

  it('a later schedule does not pay suspended months either (the span stays); a second suspension adds a span', () => {
    const v2 = received(dibaoSchedule({ determinationId: 'det-2', lines: months.map((m) => ({ personRef: person, period: monthPeriod(m), amount: { fen: 90_000 } })) }), 2);
    expect(paidMonths([received(dibaoSchedule()), suspended('2025-02-01'), resumed('2025-03-01'), v2, suspended('2025-05-01', 'evt-s2')])).toEqual([
      '2025-01',
      '2025-03',
      '2025-04',
    ]);
  });

  it('a resumption dated in or before the suspension month cancels it', () => {
    expect(suspendedSpans([{ kind: 'suspended', change: { ...change('2025-03-15', 's'), fromMonth: '2025-03' } }, { kind: 'resumed', change: { ...change('2025-03-31', 'r'), fromMonth: '2025-03' } }])).toEqual([]);
    expect(paidMonths([received(dibaoSchedule()), suspended('2025-03-15'), resumed('2025-03-31')])).toEqual(months);
  });

  it('decides a yearly period (北京 特扶) by its January, and a dated grant by its month', () => {
    const spans = [{ from: '2025-03', until: null }];
    expect(isSuspended(yearPeriod(2025), spans)).toBe(false);
    expect(isSuspended(yearPeriod(2026), spans)).toBe(true);
    expect(isSuspended({ kind: 'oneOff', date: '2025-02-28' }, spans)).toBe(false);
    expect(isSuspended({ kind: 'instalment', seriesId: 's', index: 2, count: 2, date: '2025-03-01' }, spans)).toBe(true);
  });

  it('leaves a month paid before the suspension was recorded as paid: no recovery from the suspension itself', () => {
    // March was paid (run of 2025-03 on 2025-03-05); the 停发 effective 2025-03-15 arrives afterwards.
    const history = [received(dibaoSchedule()), suspended('2025-03-15')];
    const state = fold(entitlementDecider, history);
    const marchPaid: PaymentCreatedData = (
      entitlementDecider.decide({ type: 'CreatePayments', data: { benefit: 'dibao', divisionCode: '330402', period: monthPeriod('2025-03') }, metadata: { now } }, fold(entitlementDecider, [received(dibaoSchedule())]))[0] as PaymentCreated
    ).data;
    expect(adjustmentsDue(state, [marchPaid], { benefit: 'dibao', divisionCode: '330402', period: monthPeriod('2025-04') })).toEqual([]);
    // …and the run of March again creates no second payment either: March is suspended now.
    expect(paidMonths(history)).not.toContain('2025-03');
  });
});
