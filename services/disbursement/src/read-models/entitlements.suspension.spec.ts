import { newId } from '@benefits/kernel';
import type { PaymentStatusChangeData, ScheduleReceivedData } from '../entitlements/entitlement';
import { runKeysOf, withSchedule, withStatusChange } from './entitlements.projection';

const standardRef = { standardId: 'sample-std', versionId: 'v1', itemNo: '1', contentHash: 'ab'.repeat(32) };
const caseId = newId();
const person = newId();
const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];

const schedule = (version = 1): ScheduleReceivedData => ({
  caseId,
  determinationId: `det-${version}`,
  benefit: 'dibao',
  divisionCode: '330402',
  effectiveFrom: '2025-01-01',
  standardRef,
  lines: months.map((month) => ({ personRef: person, period: { kind: 'month' as const, month }, amount: { fen: 80_000 } })),
  scheduleVersion: version,
  supersedesDeterminationId: version > 1 ? `det-${version - 1}` : null,
});

const change = (effectiveFrom: string, sourceEventId: string): PaymentStatusChangeData => ({
  caseId,
  benefit: 'dibao',
  divisionCode: '330402',
  effectiveFrom,
  reason: 'sample reason',
  sourceEventId,
  fromMonth: effectiveFrom.slice(0, 7),
});

describe('entitlements read model: 停发 / 恢复 (pure)', () => {
  it('leaves the suspended months out of runKeys, and puts them back from the resumption month only', () => {
    const scheduled = withSchedule(null, schedule(), 'evt-schedule');
    expect(scheduled.runKeys).toEqual(months);
    const suspended = withStatusChange(scheduled, 'suspended', change('2025-02-10', 'evt-s'));
    expect(suspended).toMatchObject({ runKeys: ['2025-01'], suspended: [{ from: '2025-02', until: null }], scope: 'dibao|330402', pending: false });
    const resumed = withStatusChange(suspended, 'resumed', change('2025-04-01', 'evt-r'));
    expect(resumed).toMatchObject({ runKeys: ['2025-01', '2025-04', '2025-05'], suspended: [{ from: '2025-02', until: '2025-04' }] });
  });

  it('records a redelivered change once, and keeps suspensions when a later schedule arrives', () => {
    const suspended = withStatusChange(withSchedule(null, schedule(), 'e1'), 'suspended', change('2025-03-01', 'evt-s'));
    expect(withStatusChange(suspended, 'suspended', change('2025-03-01', 'evt-s'))).toBe(suspended);
    expect(withSchedule(suspended, schedule(2), 'e2').runKeys).toEqual(['2025-01', '2025-02']);
  });

  it('keeps a suspension that arrives before the first schedule and applies it when the schedule comes', () => {
    const early = withStatusChange(null, 'suspended', change('2025-04-15', 'evt-s'));
    expect(early).toMatchObject({ caseId, schedule: null, runKeys: [], statusChanges: [{ kind: 'suspended' }] });
    expect(withSchedule(early, schedule(), 'e1').runKeys).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('runKeysOf: a yearly period by its January, a dated grant by its month', () => {
    const yearly: ScheduleReceivedData = { ...schedule(), benefit: 'tefu', lines: [2025, 2026].map((year) => ({ personRef: person, period: { kind: 'year' as const, year }, amount: { fen: 1 } })) };
    const suspendedFromMarch = [{ kind: 'suspended' as const, change: change('2025-03-01', 's') }];
    expect(runKeysOf(yearly, suspendedFromMarch)).toEqual(['2025']);
    const dated: ScheduleReceivedData = { ...schedule(), benefit: 'linshi', lines: [{ personRef: person, period: { kind: 'oneOff', date: '2025-02-20' }, amount: { fen: 1 } }] };
    expect(runKeysOf(dated, [{ kind: 'suspended' as const, change: change('2025-02-01', 's') }])).toEqual([]);
  });
});
