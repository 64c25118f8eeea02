import { isDomainError } from '@benefits/kernel';
import { publishedWorkingDayCalendar, sampleWorkingDayCalendar, WorkingDayCalendar } from './working-day-calendar';

// A made-up year for the arithmetic, labelled sample data: a weekday holiday and a Saturday worked.
const sample = new WorkingDayCalendar([
  {
    year: 2026,
    holidays: ['2026-10-01', '2026-10-02'],
    workdays: ['2026-10-10'],
    source: { docNo: 'sample', title: null },
    sampleData: true,
  },
]);

describe('WorkingDayCalendar', () => {
  it('counts weekdays, skips listed holidays and counts listed weekend working days', () => {
    expect(sample.isWorkingDay('2026-09-30')).toBe(true); // Wednesday
    expect(sample.isWorkingDay('2026-10-01')).toBe(false); // weekday holiday
    expect(sample.isWorkingDay('2026-10-03')).toBe(false); // Saturday
    expect(sample.isWorkingDay('2026-10-10')).toBe(true); // Saturday worked (调休)
  });

  it('adds working days from the day after the start', () => {
    // Wed 30 Sep + 1 → Thu 1 Oct is a holiday, Fri 2 Oct too, weekend → Mon 5 Oct.
    expect(sample.addWorkingDays('2026-09-30', 1)).toBe('2026-10-05');
    expect(sample.addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
    // Mon 5 … Fri 9 are five, Sat 10 (worked) is the sixth.
    expect(sample.addWorkingDays('2026-10-02', 6)).toBe('2026-10-10');
    expect(sample.workingDaysBetween('2026-10-02', '2026-10-10')).toBe(6);
    expect(sample.workingDaysBetween('2026-10-10', '2026-10-02')).toBe(0);
  });

  it('refuses to count in a year that is not published, with a typed error', () => {
    let error: unknown;
    try {
      sample.addWorkingDays('2026-12-30', 5);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'WORKING_DAY_CALENDAR_MISSING')).toBe(true);
    expect((error as { details: { year: number } }).details.year).toBe(2027);
  });

  it('rejects inconsistent calendar data', () => {
    const source = { docNo: 'sample', title: null };
    expect(() => new WorkingDayCalendar([{ year: 2026, holidays: [], workdays: ['2026-10-09'], source }])).toThrow(/not a weekend day/);
    expect(() => new WorkingDayCalendar([{ year: 2026, holidays: ['2025-10-01'], workdays: [], source }])).toThrow(/not a date of that year/);
  });

  it('ships only published years, each with its source, and a sample calendar labelled as such', () => {
    const shipped = publishedWorkingDayCalendar();
    for (const year of shipped.calendars) {
      expect(year.source.docNo).not.toBe('sample');
      expect(year.sampleData).not.toBe(true);
    }
    expect(sampleWorkingDayCalendar([2026]).calendars[0].sampleData).toBe(true);
  });

  it('counts 2025 and 2026 as the State Council notices published them (holidays and 调休 working weekends)', () => {
    const shipped = publishedWorkingDayCalendar();
    expect(shipped.years()).toEqual([2025, 2026]);
    // 2026 春节: 15–23 February off, Saturdays 14 and 28 February worked.
    expect(shipped.isWorkingDay('2026-02-14')).toBe(true);
    expect(shipped.isWorkingDay('2026-02-16')).toBe(false);
    expect(shipped.isWorkingDay('2026-02-23')).toBe(false);
    expect(shipped.isWorkingDay('2026-02-24')).toBe(true);
    expect(shipped.isWorkingDay('2026-02-28')).toBe(true);
    // 2026 国庆: 1–7 October off, Sunday 20 September and Saturday 10 October worked.
    expect(shipped.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3); // 8, 9 and (调休) 10 October
    expect(shipped.isWorkingDay('2026-09-20')).toBe(true);
    // 2025 劳动节: 1–5 May off, Sunday 27 April worked.
    expect(shipped.isWorkingDay('2025-04-27')).toBe(true);
    expect(shipped.isWorkingDay('2025-05-05')).toBe(false);
  });
});
