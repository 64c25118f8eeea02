import { defineError, LocalDate } from '@benefits/kernel';
import published from './published-calendars.json';

/**
 * Working days under the published calendar (工作日历): Monday to Friday unless a public holiday,
 * plus the weekend days published as working days (调休上班). Step and process time limits of the
 * 低保 workflow are counted in these days.
 *
 * The calendar is reference data, published per year from the State Council's notice on holidays:
 * the product ships the years it has a source for (`published-calendars.json`) and an admin publishes
 * further years or corrections (`POST /applications/working-day-calendars`, calendar-publication.ts).
 * A date in a year that is not published cannot be counted: WORKING_DAY_CALENDAR_MISSING, never a guess.
 */

export interface PublishedCalendarYear {
  year: number;
  /** Days off that fall on weekdays (yyyy-mm-dd). */
  holidays: string[];
  /** Weekend days that are working days (调休上班). */
  workdays: string[];
  /** Where the year comes from: the notice's 文号 and title. */
  source: { docNo: string; title: string | null };
  /** True for demonstration or test data, never a published calendar. */
  sampleData?: boolean;
}

export const CalendarErrors = {
  WORKING_DAY_CALENDAR_MISSING: defineError(
    'WORKING_DAY_CALENDAR_MISSING',
    409,
    '尚未发布该年度的工作日历（节假日及调休安排），无法计算工作日期限，请先由管理员发布该年度工作日历',
    'no working-day calendar is published for that year, so a working-day limit cannot be computed; publish the year first (POST /applications/working-day-calendars)',
  ),
} as const;

export const isWeekend = (date: LocalDate) => date.dayOfWeek() === 6 || date.dayOfWeek() === 7;

/** One year as the calendar counts it. */
export interface CalendarYearDays {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export class WorkingDayCalendar {
  private readonly byYear = new Map<number, CalendarYearDays>();

  constructor(readonly calendars: readonly PublishedCalendarYear[]) {
    for (const calendar of calendars) {
      if (this.byYear.has(calendar.year)) throw new Error(`working-day calendar ${calendar.year} listed twice`);
      for (const date of [...calendar.holidays, ...calendar.workdays]) {
        if (!LocalDate.isValid(date) || !date.startsWith(`${calendar.year}-`)) throw new Error(`calendar ${calendar.year}: ${date} is not a date of that year`);
      }
      for (const date of calendar.workdays) {
        if (!isWeekend(LocalDate.parse(date))) throw new Error(`calendar ${calendar.year}: adjusted working day ${date} is not a weekend day`);
        if (calendar.holidays.includes(date)) throw new Error(`calendar ${calendar.year}: ${date} is both a holiday and a working day`);
      }
      this.byYear.set(calendar.year, { holidays: new Set(calendar.holidays), workdays: new Set(calendar.workdays) });
    }
  }

  /** The days of `year`, or undefined when it is not published (a live calendar overrides this). */
  protected yearDays(year: number): CalendarYearDays | undefined {
    return this.byYear.get(year);
  }

  /** The years this calendar can count in. */
  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  isWorkingDay(date: string | LocalDate): boolean {
    const day = typeof date === 'string' ? LocalDate.parse(date) : date;
    const text = day.toString();
    const year = this.yearDays(Number(text.slice(0, 4)));
    if (!year) throw CalendarErrors.WORKING_DAY_CALENDAR_MISSING({ year: Number(text.slice(0, 4)), date: text, published: this.years() });
    if (year.holidays.has(text)) return false;
    if (year.workdays.has(text)) return true;
    return !isWeekend(day);
  }

  /** The date `n` working days after `start` (`start` itself not counted); `n` = 0 gives `start`. */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
    let date = LocalDate.parse(start);
    let left = n;
    while (left > 0) {
      date = date.plusDays(1);
      if (this.isWorkingDay(date)) left -= 1;
    }
    return date.toString();
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let date = LocalDate.parse(from);
    const end = LocalDate.parse(to);
    let count = 0;
    while (date.isBefore(end)) {
      date = date.plusDays(1);
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }
}

/**
 * The calendar the product ships: the years in `published-calendars.json`. The service counts with
 * these and every year published since (`CalendarBook`, calendar-book.ts).
 */
export function publishedWorkingDayCalendar(): WorkingDayCalendar {
  return new WorkingDayCalendar((published as { calendars: PublishedCalendarYear[] }).calendars);
}

/**
 * SAMPLE DATA for tests and demonstrations: weekends off, no public holidays, no 调休 — not the
 * published calendar of any year.
 */
export function sampleWorkingDayCalendar(years: readonly number[]): WorkingDayCalendar {
  return new WorkingDayCalendar(
    years.map((year) => ({ year, holidays: [], workdays: [], source: { docNo: 'sample', title: 'sample calendar (weekends only)' }, sampleData: true })),
  );
}
