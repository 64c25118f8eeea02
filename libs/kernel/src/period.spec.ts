import fc from 'fast-check';
import { LocalDate, YearMonth } from './date';
import { isDomainError } from './errors';
import {
  instalmentPeriods,
  monthPeriod,
  oneOffPeriod,
  parsePeriod,
  parsePeriodKey,
  periodContains,
  periodEnd,
  periodKey,
  periodStart,
  yearPeriod,
  type Period,
} from './period';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

const july: Period = { kind: 'month', month: '2024-07' };
const year: Period = { kind: 'year', year: 2024 };
const oneOff: Period = { kind: 'oneOff', date: '2024-07-22' };
const instalment: Period = { kind: 'instalment', seriesId: 'grant-7', index: 1, count: 3, date: '2024-08-01' };

describe('period keys', () => {
  it.each<[Period, string]>([
    [july, '2024-07'],
    [year, 'Y2024'],
    [oneOff, 'O2024-07-22'],
    [instalment, 'Igrant-7-1of3'],
  ])('%j has key %s and parses back', (period, key) => {
    expect(periodKey(period)).toBe(key);
    const { date: _dueDate, ...identity } = period as Period & { date?: string };
    expect(parsePeriodKey(key)).toEqual(period.kind === 'instalment' ? identity : period);
  });

  it('an instalment is identified by series and position, not by its due date', () => {
    expect(periodKey({ ...instalment, date: '2024-09-01' })).toBe(periodKey(instalment));
  });

  it('keys fit in stream ids', () => {
    for (const period of [july, year, oneOff, instalment]) expect(periodKey(period)).toMatch(/^[A-Za-z0-9._:-]+$/);
  });

  it.each(['2024-13', '2024-7', 'Y24', 'Y02024', 'O2023-02-29', 'Ix-0of3', 'Ix-4of3', 'I-1of3', 'Ia b-1of2', 'Ix-01of3', 'M2024-07', ''])(
    'refuses key %j',
    (key) => {
      expect(errorCode(() => parsePeriodKey(key))).toBe('INVALID_PERIOD');
    },
  );

  it('refuses periods that would give ambiguous or unsafe keys', () => {
    expect(errorCode(() => periodKey({ kind: 'month', month: '2024-7' }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => periodKey({ kind: 'year', year: 24 }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => periodKey({ ...instalment, seriesId: 'a/b' }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => periodKey({ ...instalment, index: 4 }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => parsePeriod({ ...instalment, date: '2024-02-30' }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => parsePeriod({ kind: 'week', week: 3 }))).toBe('INVALID_PERIOD');
    expect(errorCode(() => parsePeriod(null))).toBe('INVALID_PERIOD');
  });

  it('keys round-trip for any valid period', () => {
    const identity = fc.oneof(
      fc.record({ kind: fc.constant('month' as const), month: fc.integer({ min: 0, max: 9999 * 12 - 1 }).map((i) => YearMonth.of(Math.floor(i / 12) || 1, (i % 12) + 1).toString()) }),
      fc.record({ kind: fc.constant('year' as const), year: fc.integer({ min: 1000, max: 9999 }) }),
      fc.record({ kind: fc.constant('oneOff' as const), date: fc.integer({ min: -700_000, max: 2_900_000 }).map((n) => LocalDate.fromEpochDay(n).toString()) }),
      fc
        .record({ seriesId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), count: fc.integer({ min: 1, max: 999 }), at: fc.nat() })
        .map(({ seriesId, count, at }) => ({ kind: 'instalment' as const, seriesId, count, index: (at % count) + 1 })),
    );
    fc.assert(fc.property(identity, (p) => expect(parsePeriodKey(periodKey(p))).toEqual(p)));
  });
});

describe('period bounds', () => {
  it('spans its calendar days, both ends included', () => {
    expect([periodStart(july), periodEnd(july)].map(String)).toEqual(['2024-07-01', '2024-07-31']);
    expect([periodStart({ kind: 'month', month: '2023-02' }), periodEnd({ kind: 'month', month: '2023-02' })].map(String)).toEqual(['2023-02-01', '2023-02-28']);
    expect([periodStart(year), periodEnd(year)].map(String)).toEqual(['2024-01-01', '2024-12-31']);
    expect([periodStart(oneOff), periodEnd(oneOff)].map(String)).toEqual(['2024-07-22', '2024-07-22']);
    expect([periodStart(instalment), periodEnd(instalment)].map(String)).toEqual(['2024-08-01', '2024-08-01']);
    expect(periodContains(july, LocalDate.parse('2024-07-31'))).toBe(true);
    expect(periodContains(july, LocalDate.parse('2024-08-01'))).toBe(false);
    expect(periodContains(year, LocalDate.parse('2023-12-31'))).toBe(false);
  });
});

describe('period constructors', () => {
  it('build valid periods', () => {
    expect(monthPeriod(YearMonth.parse('2024-07'))).toEqual(july);
    expect(monthPeriod('2024-07')).toEqual(july);
    expect(yearPeriod(2024)).toEqual(year);
    expect(oneOffPeriod(LocalDate.parse('2024-07-22'))).toEqual(oneOff);
    expect(instalmentPeriods('grant-7', [LocalDate.parse('2024-08-01'), LocalDate.parse('2024-09-01')]).map(periodKey)).toEqual([
      'Igrant-7-1of2',
      'Igrant-7-2of2',
    ]);
    expect(errorCode(() => instalmentPeriods('grant-7', []))).toBe('INVALID_PERIOD');
    expect(errorCode(() => yearPeriod(20245))).toBe('INVALID_PERIOD');
  });
});
