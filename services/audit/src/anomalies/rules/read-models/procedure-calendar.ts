import { LocalDate } from '@benefits/kernel';
import { publishedWorkingDayCalendar, type WorkingDayCalendar } from '../../../../../applications/src/calendar/working-day-calendar';
import type { CalendarBook } from '../../../../../applications/src/calendar/calendar-book';
import { loadCalendarBook } from '../../../../../applications/src/calendar/process-calendar';
import type { AuditSource } from '../../../replica/replica-store';

/**
 * How the A9 rules count a time limit. Working days are counted in the working-day calendar the
 * applications service is meant to use: the shipped years (`published-calendars.json`, the State
 * Council's notices) and the years published since on the `working-day-calendar` stream, read from
 * audit's own source by `refreshPublishedCalendars` at the start of every scan — never the calendar an
 * applications process was configured with, since that configuration is what the rules check. The product never guesses a holiday calendar. When a year the count needs is not published, the
 * rule falls back to what it says (`fallback`) and writes that into the finding's details, so an
 * auditor sees the figure was not counted in working days.
 */
export type DayKind = 'calendar' | 'working';

export interface DueDate {
  dueOn: string;
  /** How the due date was obtained. */
  basis: 'calendar-days' | 'working-days' | 'recorded-due-date' | 'calendar-days-fallback';
  /** Set when the rule could not count as configured (the year without a published calendar). */
  note?: { zh: string; en: string; missingYear: number };
}

let shipped: WorkingDayCalendar | null = null;

/** The calendar the product ships (read once). */
export function shippedCalendar(): WorkingDayCalendar {
  shipped ??= publishedWorkingDayCalendar();
  return shipped;
}

let loaded: CalendarBook | null = null;

/**
 * Reads the published years from audit's source (the `working-day-calendar` stream, one stream by
 * id) for a process without the applications service; call before a scan.
 */
export async function refreshPublishedCalendars(source: Pick<AuditSource, 'readStream'>): Promise<void> {
  loaded = await loadCalendarBook(source);
}

/** Forgets the book read by `refreshPublishedCalendars` (tests). */
export function forgetPublishedCalendars(): void {
  loaded = null;
}

/**
 * The calendar the rules count with by default: shipped + published years as in effect today
 * (China date) from the book last loaded, else the shipped years.
 */
export function currentCalendar(): WorkingDayCalendar {
  const book = loaded;
  if (!book) return shippedCalendar();
  const key = `${book.streamRevision()}|${LocalDate.ofInstant(new Date()).toString()}`;
  if (cached?.book !== book || cached.key !== key) cached = { book, key, calendar: book.calendarOn(key.split('|')[1]) };
  return cached.calendar;
}

let cached: { book: CalendarBook; key: string; calendar: WorkingDayCalendar } | null = null;

const isCalendarMissing = (error: unknown): error is { code: string; details?: { year?: number } } =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'WORKING_DAY_CALENDAR_MISSING';

const missingYearOf = (error: { details?: { year?: number } }, fallbackYear: string) => error.details?.year ?? Number(fallbackYear.slice(0, 4));

/**
 * The date `n` days after `start` (start not counted). Working days without a published calendar for
 * a year: the recorded due date when the case has one, else `n` calendar days — each said in `note`.
 */
export function dueAfter(start: string, n: number, kind: DayKind, options: { calendar?: WorkingDayCalendar; recordedDueOn?: string | null } = {}): DueDate {
  if (kind === 'calendar') return { dueOn: LocalDate.parse(start).plusDays(n).toString(), basis: 'calendar-days' };
  try {
    return { dueOn: (options.calendar ?? currentCalendar()).addWorkingDays(start, n), basis: 'working-days' };
  } catch (error) {
    if (!isCalendarMissing(error)) throw error;
    const year = missingYearOf(error, start);
    if (options.recordedDueOn) {
      return {
        dueOn: options.recordedDueOn,
        basis: 'recorded-due-date',
        note: {
          zh: `${year}年工作日历尚未发布，无法按工作日计算，改用办理该环节时记录在案件中的期限日期`,
          en: `no working-day calendar is published for ${year}: the due date recorded on the case when the step was recorded is used instead`,
          missingYear: year,
        },
      };
    }
    return {
      dueOn: LocalDate.parse(start).plusDays(n).toString(),
      basis: 'calendar-days-fallback',
      note: {
        zh: `${year}年工作日历尚未发布，无法按工作日计算，按自然日计算（${n}日）`,
        en: `no working-day calendar is published for ${year}: counted as ${n} calendar days instead`,
        missingYear: year,
      },
    };
  }
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return LocalDate.parse(to).epochDay - LocalDate.parse(from).epochDay;
}

export const dayBefore = (date: string) => LocalDate.parse(date).plusDays(-1).toString();
export const minDate = (a: string, b: string) => (a <= b ? a : b);
