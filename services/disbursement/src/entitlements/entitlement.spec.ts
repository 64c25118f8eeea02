import { givenWhenThen, monthPeriod, type Period } from '@benefits/kernel';
import {
  ENTITLEMENT_SCHEDULE_RECEIVED,
  PAYMENT_CREATED,
  entitlementDecider,
  type CreatePayments,
  type EntitlementSchedule,
  type PaymentCreated,
  type RecordSchedule,
  type ScheduleReceived,
} from './entitlement';
import { parsePaymentStreamId, paymentStreamId } from '../payments/payment-id';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const mother = '0192f3a0-0000-7000-8000-000000000001';
const father = '0192f3a0-0000-7000-8000-000000000002';
const now = new Date('2024-08-05T02:00:00Z');
const standardRef = { standardId: 'jiaxing-2023', versionId: 'v1', itemNo: '52', contentHash: 'ab'.repeat(32) };
const thousandYuan = { fen: 100_000 };

const monthly = (personRef: string, month: string, fen = 100_000) => ({ personRef, period: monthPeriod(month), amount: { fen } });

function schedule(overrides: Partial<EntitlementSchedule> = {}): EntitlementSchedule {
  return {
    caseId,
    determinationId: 'det-1',
    benefit: 'tefu',
    divisionCode: '330402',
    effectiveFrom: '2024-08-01',
    standardRef,
    lines: [monthly(mother, '2024-08'), monthly(father, '2024-08'), monthly(mother, '2024-09'), monthly(father, '2024-09')],
    ...overrides,
  };
}

const record = (data: EntitlementSchedule): RecordSchedule => ({ type: 'RecordSchedule', data, metadata: { now } });
const run = (month: string, overrides: Partial<CreatePayments['data']> = {}): CreatePayments => ({
  type: 'CreatePayments',
  data: { benefit: 'tefu', divisionCode: '330402', period: monthPeriod(month), ...overrides },
  metadata: { now },
});

/** What the decider records for `data` as the case's n-th schedule (lines sorted by beneficiary and period). */
function received(data: EntitlementSchedule, scheduleVersion = 1, supersedesDeterminationId: string | null = null): ScheduleReceived {
  const key = (l: { personRef: string; period: Period }) => `${l.personRef}|${l.period.kind === 'month' ? l.period.month : ''}`;
  const lines = [...data.lines].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { type: ENTITLEMENT_SCHEDULE_RECEIVED, data: { ...data, lines, scheduleVersion, supersedesDeterminationId } };
}

const spec = givenWhenThen(entitlementDecider);

describe('recording an entitlement schedule (待遇发放计划)', () => {
  it('records the first schedule of a case as version 1', () => {
    spec.given([]).when(record(schedule())).then([received(schedule())]);
  });

  it('records nothing when the same determination arrives again, even with its lines in another order', () => {
    const again = schedule({ lines: [...schedule().lines].reverse() });
    spec.given([received(schedule())]).when(record(again)).thenNothingHappens();
  });

  it('refuses the same determination with different content', () => {
    const changed = schedule({ lines: [monthly(mother, '2024-08', 90_000)] });
    spec.given([received(schedule())]).when(record(changed)).thenThrows('SCHEDULE_CONFLICT');
  });

  it('records a new determination as the next version that supersedes the previous one', () => {
    const next = schedule({ determinationId: 'det-2', lines: [monthly(mother, '2024-09')] });
    spec.given([received(schedule())]).when(record(next)).then([received(next, 2, 'det-1')]);
  });

  it('refuses a schedule that lists one beneficiary twice for the same period', () => {
    const twice = schedule({ lines: [monthly(mother, '2024-08'), monthly(mother, '2024-08', 1)] });
    spec.given([]).when(record(twice)).thenThrows('DUPLICATE_SCHEDULE_LINE');
  });

  it('refuses a schedule for another benefit on the same case', () => {
    spec.given([received(schedule())]).when(record(schedule({ determinationId: 'det-2', benefit: 'dibao' }))).thenThrows('BENEFIT_MISMATCH');
  });
});

describe('what is due in a monthly run (发放批次)', () => {
  const paymentFor = (personRef: string, period: Period, fen = 100_000, version = 1, determinationId = 'det-1'): PaymentCreated => ({
    type: PAYMENT_CREATED,
    data: {
      paymentStreamId: paymentStreamId(caseId, personRef, period),
      kind: 'regular',
      caseId,
      personRef,
      benefit: 'tefu' as const,
      divisionCode: '330402',
      period,
      periodKey: period.kind === 'month' ? period.month : 'not-a-month',
      amount: { fen },
      runPeriod: '2024-08',
      determinationId,
      standardRef,
      schedule: { streamId: `entitlement-${caseId}`, version },
    },
  });

  it('creates one payment per beneficiary for the run month, and none for other months', () => {
    spec
      .given([received(schedule())])
      .when(run('2024-08'))
      .then([paymentFor(mother, monthPeriod('2024-08')), paymentFor(father, monthPeriod('2024-08'))]);
  });

  it('owes nothing to a case without a schedule, in another division, of another benefit, or outside the schedule', () => {
    spec.given([]).when(run('2024-08')).thenNothingHappens();
    spec.given([received(schedule())]).when(run('2024-08', { divisionCode: '330411' })).thenNothingHappens();
    spec.given([received(schedule())]).when(run('2024-08', { benefit: 'dibao' })).thenNothingHappens();
    spec.given([received(schedule())]).when(run('2024-10')).thenNothingHappens();
  });

  it('takes amounts from the latest schedule only', () => {
    const raised = schedule({ determinationId: 'det-2', lines: [monthly(mother, '2024-08', 120_000)] });
    spec
      .given([received(schedule()), received(raised, 2, 'det-1')])
      .when(run('2024-08'))
      .then([paymentFor(mother, monthPeriod('2024-08'), 120_000, 2, 'det-2')]);
  });

  it('pays a one-off grant or an instalment in the month of its date, and a yearly period in no monthly run', () => {
    const oneOff: Period = { kind: 'oneOff', date: '2024-08-22' };
    const instalment: Period = { kind: 'instalment', seriesId: 'fire-2024', index: 2, count: 3, date: '2024-09-10' };
    const yearly: Period = { kind: 'year', year: 2024 };
    const lines = [oneOff, instalment, yearly].map((period) => ({ personRef: mother, period, amount: thousandYuan }));
    const linshi = schedule({ benefit: 'linshi', lines });
    const events = entitlementDecider.decide(run('2024-08', { benefit: 'linshi' }), { schedules: [received(linshi).data] });
    expect(events.map((e) => e.type === PAYMENT_CREATED && e.data.periodKey)).toEqual(['O2024-08-22']);
    const september = entitlementDecider.decide(run('2024-09', { benefit: 'linshi' }), { schedules: [received(linshi).data] });
    expect(september.map((e) => e.type === PAYMENT_CREATED && e.data.periodKey)).toEqual(['Ifire-2024-2of3']);
  });
});

describe('payment stream ids', () => {
  it('round-trip and carry only the case id, the personRef and the period key', () => {
    const id = paymentStreamId(caseId, mother, monthPeriod('2024-08'));
    expect(id).toBe(`payment-${caseId}-${mother}-2024-08`);
    expect(parsePaymentStreamId(id)).toEqual({ caseId, personRef: mother, period: monthPeriod('2024-08') });
    const instalment = paymentStreamId(caseId, mother, { kind: 'instalment', seriesId: 'a-b', index: 1, count: 2 });
    expect(parsePaymentStreamId(instalment).period).toEqual({ kind: 'instalment', seriesId: 'a-b', index: 1, count: 2 });
  });

  it('refuses anything else with INVALID_PAYMENT_ID', () => {
    for (const bad of ['payment-1-2-2024-08', `payment-${caseId}-${mother}-2024-13`, `case-${caseId}`, `payment-${caseId}-${mother}-`]) {
      expect(() => parsePaymentStreamId(bad)).toThrow(expect.objectContaining({ code: 'INVALID_PAYMENT_ID' }));
    }
  });
});
