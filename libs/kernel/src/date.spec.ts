import fc from 'fast-check';
import { LocalDate, YearMonth, ageOn, monthsBetween, dateOfTurning, daysBetween, daysInMonth, fixedClock, isLeapYear, monthsOfRange, today } from './date';
import { isDomainError } from './errors';

const d = LocalDate.parse;

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

describe('LocalDate', () => {
  it('parses and prints ISO dates', () => {
    const date = d('2024-07-22');
    expect([date.year, date.month, date.day]).toEqual([2024, 7, 22]);
    expect(date.toString()).toBe('2024-07-22');
    expect(JSON.stringify({ date })).toBe('{"date":"2024-07-22"}');
    expect(LocalDate.of(5, 1, 9).toString()).toBe('0005-01-09');
  });

  it.each(['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-7-1', '20240701', '2024-07-01T00:00:00Z', ' 2024-07-01', '0000-01-01', ''])(
    'refuses %j',
    (text) => {
      expect(errorCode(() => d(text))).toBe('INVALID_DATE');
      expect(LocalDate.isValid(text)).toBe(false);
    },
  );

  it('knows leap years, including the century rules', () => {
    expect(d('2024-02-29').toString()).toBe('2024-02-29');
    expect(d('2000-02-29').toString()).toBe('2000-02-29');
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 11)).toBe(30);
  });

  it('adds days across months, years and leap days', () => {
    expect(d('2024-02-28').plusDays(1).toString()).toBe('2024-02-29');
    expect(d('2023-02-28').plusDays(1).toString()).toBe('2023-03-01');
    expect(d('2024-12-31').plusDays(1).toString()).toBe('2025-01-01');
    expect(d('2024-03-01').plusDays(-1).toString()).toBe('2024-02-29');
    expect(d('1970-01-01').epochDay).toBe(0);
    expect(d('1969-12-31').epochDay).toBe(-1);
  });

  it('adds months clamping to the end of the month', () => {
    expect(d('2024-01-31').plusMonths(1).toString()).toBe('2024-02-29');
    expect(d('2023-01-31').plusMonths(1).toString()).toBe('2023-02-28');
    expect(d('2024-03-31').plusMonths(-1).toString()).toBe('2024-02-29');
    expect(d('2024-10-31').plusMonths(3).toString()).toBe('2025-01-31');
    expect(d('2024-05-15').plusMonths(-17).toString()).toBe('2022-12-15');
    expect(d('2024-02-29').plusYears(1).toString()).toBe('2025-02-28');
  });

  it('compares and measures', () => {
    expect(d('2024-01-01').isBefore(d('2024-01-02'))).toBe(true);
    expect(d('2024-01-02').isAfter(d('2024-01-01'))).toBe(true);
    expect(d('2024-01-02').equals(d('2024-01-02'))).toBe(true);
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(daysBetween(d('2025-01-01'), d('2024-01-01'))).toBe(-366);
    expect(d('2024-07-01').daysUntil(d('2024-07-31'))).toBe(30);
    expect([d('2024-03-01'), d('2023-12-31'), d('2024-02-29')].sort(LocalDate.compare).map(String)).toEqual([
      '2023-12-31',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(d('2024-07-22').dayOfWeek()).toBe(1); // a Monday
    expect(d('1970-01-01').dayOfWeek()).toBe(4);
    expect(d('1969-12-28').dayOfWeek()).toBe(7);
  });

  it('agrees with the ECMAScript UTC calendar for every day in a wide range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 2_900_000 }), (epochDay) => {
        const expected = new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
        const date = LocalDate.fromEpochDay(epochDay);
        expect(date.toString()).toBe(expected);
        expect(LocalDate.parse(expected).epochDay).toBe(epochDay);
      }),
    );
  });

  it('plusMonths never overflows into the next month and keeps the day when it exists', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: -600, max: 600 }), (epochDay, months) => {
        const from = LocalDate.fromEpochDay(epochDay);
        const to = from.plusMonths(months);
        expect(YearMonth.monthsBetween(from.yearMonth(), to.yearMonth())).toBe(months);
        expect(to.day).toBe(Math.min(from.day, to.lengthOfMonth()));
      }),
    );
  });
});

describe('age', () => {
  it('counts completed years', () => {
    expect(ageOn(d('1964-07-22'), d('2024-07-21'))).toBe(59);
    expect(ageOn(d('1964-07-22'), d('2024-07-22'))).toBe(60);
    expect(ageOn(d('2024-07-22'), d('2024-07-22'))).toBe(0);
    expect(errorCode(() => ageOn(d('2024-07-22'), d('2024-07-21')))).toBe('INVALID_DATE');
  });

  it('someone born on 29 February turns a year older on 1 March in common years', () => {
    const born = d('1964-02-29');
    expect(ageOn(born, d('2023-02-28'))).toBe(58);
    expect(ageOn(born, d('2023-03-01'))).toBe(59);
    expect(ageOn(born, d('2024-02-28'))).toBe(59);
    expect(ageOn(born, d('2024-02-29'))).toBe(60);
    expect(dateOfTurning(born, 59).toString()).toBe('2023-03-01');
    expect(dateOfTurning(born, 60).toString()).toBe('2024-02-29');
  });

  it('dateOfTurning is the breakpoint: the day before, one year less', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 30_000 }), fc.integer({ min: 1, max: 100 }), (epochDay, age) => {
        const born = LocalDate.fromEpochDay(epochDay);
        const turns = dateOfTurning(born, age);
        expect(ageOn(born, turns)).toBe(age);
        expect(ageOn(born, turns.plusDays(-1))).toBe(age - 1);
      }),
    );
  });
});

describe('today in Asia/Shanghai', () => {
  it('is the Shanghai date whatever the process zone', () => {
    expect(today(fixedClock('2024-07-21T15:59:59.999Z')).toString()).toBe('2024-07-21');
    expect(today(fixedClock('2024-07-21T16:00:00Z')).toString()).toBe('2024-07-22');
    expect(today(fixedClock('2024-07-22T00:30:00+08:00')).toString()).toBe('2024-07-22');
    expect(LocalDate.ofInstant(new Date(Date.UTC(2024, 11, 31, 16))).toString()).toBe('2025-01-01');
  });

  it('refuses instants without a zone, which would be read in the process zone', () => {
    expect(errorCode(() => LocalDate.ofInstant('2024-07-22T00:30:00'))).toBe('INVALID_DATE');
    expect(errorCode(() => LocalDate.ofInstant('2024-07-22'))).toBe('INVALID_DATE');
    expect(errorCode(() => LocalDate.ofInstant(new Date(Number.NaN)))).toBe('INVALID_DATE');
  });

  it('matches the IANA Asia/Shanghai zone for every instant since 1992', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(LocalDate.ofInstant(new Date(ms)).toString()).toBe(shanghai.format(ms));
      }),
    );
  });
});

describe('YearMonth', () => {
  it('parses, steps and bounds months', () => {
    const july = YearMonth.parse('2024-07');
    expect(july.toString()).toBe('2024-07');
    expect(JSON.stringify(july)).toBe('"2024-07"');
    expect(july.plusMonths(6).toString()).toBe('2025-01');
    expect(july.plusMonths(-7).toString()).toBe('2023-12');
    expect(YearMonth.parse('2024-02').lastDay().toString()).toBe('2024-02-29');
    expect(july.firstDay().toString()).toBe('2024-07-01');
    expect(july.contains(d('2024-07-31'))).toBe(true);
    expect(july.contains(d('2024-08-01'))).toBe(false);
    expect(errorCode(() => YearMonth.parse('2024-13'))).toBe('INVALID_DATE');
    expect(errorCode(() => YearMonth.parse('2024-7'))).toBe('INVALID_DATE');
  });

  it('counts and lists months', () => {
    expect(YearMonth.monthsBetween(YearMonth.parse('2023-11'), YearMonth.parse('2024-02'))).toBe(3);
    expect(monthsBetween(YearMonth.parse('2024-02'), YearMonth.parse('2023-11'))).toBe(-3);
    expect(YearMonth.range(YearMonth.parse('2023-11'), YearMonth.parse('2024-02')).map(String)).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(YearMonth.range(YearMonth.parse('2024-02'), YearMonth.parse('2023-11'))).toEqual([]);
    expect(monthsOfRange(d('2024-01-31'), d('2024-03-01')).map(String)).toEqual(['2024-01', '2024-02', '2024-03']);
  });
});
