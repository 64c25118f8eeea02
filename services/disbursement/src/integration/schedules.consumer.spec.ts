import type { IntegrationEvent } from '@benefits/messaging';
import { periodOf, scheduleFromIntegrationEvent } from './schedules.consumer';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const person = '0192f3a0-0000-7000-8000-000000000001';

describe('schedules from eligibility: integration period keys → periods', () => {
  it('maps yyyy-mm to a month, yyyy to a year and once:<caseId>[:<n>] to a one-off or an instalment dated the approval', () => {
    expect(periodOf('2024-10', caseId, '2024-09-10')).toEqual({ kind: 'month', month: '2024-10' });
    expect(periodOf('2025', caseId, '2024-09-10')).toEqual({ kind: 'year', year: 2025 });
    expect(periodOf(`once:${caseId}`, caseId, '2025-03-12')).toEqual({ kind: 'oneOff', date: '2025-03-12' });
    expect(periodOf(`once:${caseId}:2`, caseId, '2025-03-12', 2)).toEqual({ kind: 'instalment', seriesId: caseId, index: 2, count: 2, date: '2025-03-12' });
  });

  it('refuses keys it cannot read rather than guessing', () => {
    expect(() => periodOf('once:another-case', caseId, '2025-03-12')).toThrow(/own case/);
    expect(() => periodOf('2024-13', caseId, '2024-09-10')).toThrow();
    expect(() => periodOf('Q1-2025', caseId, '2024-09-10')).toThrow();
  });

  it('carries the schedule id, so a horizon extension citing the same determination is a new schedule', () => {
    const event = {
      scheduleId: 'sched-2',
      caseId,
      determinationId: 'det-1',
      benefit: 'linshi',
      divisionCode: '110105',
      effectiveFrom: '2025-03-12',
      effectiveTo: '2025-03-12',
      standardRef: { standardId: 'bps-110000', versionId: 'v', itemNo: '64', contentHash: 'h' },
      lines: [
        { beneficiaryRef: person, periodKey: `once:${caseId}:1`, amountFen: 500_000 },
        { beneficiaryRef: person, periodKey: `once:${caseId}:2`, amountFen: 400_000 },
      ],
      supersedesScheduleId: '',
    } as unknown as IntegrationEvent<'EntitlementScheduleIssued'>;
    const schedule = scheduleFromIntegrationEvent(event);
    expect(schedule).toMatchObject({ scheduleId: 'sched-2', benefit: 'linshi' });
    expect(schedule.lines.map((l) => l.period)).toEqual([
      { kind: 'instalment', seriesId: caseId, index: 1, count: 2, date: '2025-03-12' },
      { kind: 'instalment', seriesId: caseId, index: 2, count: 2, date: '2025-03-12' },
    ]);
  });
});

describe('staged 临时救助: each instalment dated its own due date (BeneficiaryAmount.dueDate)', () => {
  const staged = (lines: { periodKey: string; amountFen: number; dueDate?: string }[]) =>
    ({
      scheduleId: 'sched-staged',
      caseId,
      determinationId: 'det-staged',
      benefit: 'linshi',
      divisionCode: '110105',
      effectiveFrom: '2025-03-12',
      effectiveTo: '2025-03-12',
      standardRef: { standardId: 'sample-110000', versionId: 'v', itemNo: '64', contentHash: 'h' },
      lines: lines.map((l) => ({ beneficiaryRef: person, ...l })),
      supersedesScheduleId: '',
    }) as unknown as IntegrationEvent<'EntitlementScheduleIssued'>;

  it('maps once:<caseId>:<n> lines to their own due dates', () => {
    const schedule = scheduleFromIntegrationEvent(
      staged([
        { periodKey: `once:${caseId}:1`, amountFen: 300_000, dueDate: '2025-03-12' },
        { periodKey: `once:${caseId}:2`, amountFen: 200_000, dueDate: '2025-05-10' },
      ]),
    );
    expect(schedule.lines.map((l) => l.period)).toEqual([
      { kind: 'instalment', seriesId: caseId, index: 1, count: 2, date: '2025-03-12' },
      { kind: 'instalment', seriesId: caseId, index: 2, count: 2, date: '2025-05-10' },
    ]);
  });

  it('falls back to effectiveFrom for a line without a due date (events published before the field existed)', () => {
    const schedule = scheduleFromIntegrationEvent(
      staged([
        { periodKey: `once:${caseId}:1`, amountFen: 300_000 },
        { periodKey: `once:${caseId}:2`, amountFen: 200_000, dueDate: '' },
        { periodKey: `once:${caseId}:3`, amountFen: 100_000, dueDate: '2025-07-01' },
      ]),
    );
    expect(schedule.lines.map((l) => l.period.kind !== 'month' && l.period.kind !== 'year' && l.period.date)).toEqual(['2025-03-12', '2025-03-12', '2025-07-01']);
  });

  it('refuses a due date it cannot read', () => {
    expect(() => scheduleFromIntegrationEvent(staged([{ periodKey: `once:${caseId}:1`, amountFen: 1, dueDate: '2025/05/10' }]))).toThrow(/due date/);
  });
});
