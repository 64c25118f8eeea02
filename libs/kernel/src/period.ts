import { LocalDate, YearMonth } from './date';
import { Errors } from './errors';

/**
 * A benefit period: what one payment is for. Monthly (低保 in Zhejiang), yearly (北京 特扶/奖扶),
 * one-off (临时救助) or one instalment of a staged grant (分期发放). Periods are plain JSON so they
 * travel inside events unchanged.
 */
export interface MonthPeriod {
  kind: 'month';
  /** `YYYY-MM` */
  month: string;
}

export interface YearPeriod {
  kind: 'year';
  year: number;
}

export interface OneOffPeriod {
  kind: 'oneOff';
  /** `YYYY-MM-DD` */
  date: string;
}

export interface InstalmentPeriod {
  kind: 'instalment';
  seriesId: string;
  /** 1-based position within the series. */
  index: number;
  count: number;
  /** `YYYY-MM-DD`: when this instalment is due. */
  date: string;
}

export type Period = MonthPeriod | YearPeriod | OneOffPeriod | InstalmentPeriod;

/**
 * What identifies a period, i.e. what its key encodes. An instalment is identified by its series
 * and position, not by its due date: moving the due date must not turn it into a second,
 * separately payable period.
 */
export type PeriodIdentity = MonthPeriod | YearPeriod | OneOffPeriod | Omit<InstalmentPeriod, 'date'>;

/** Letters, digits, `_` and `-`: the key goes into stream ids, which allow little else. */
const SERIES_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_INSTALMENTS = 999;

/**
 * The stable text of a period used in stream ids: `2024-07`, `Y2024`, `O2024-07-22`, `I<series>-1of3`.
 * Two periods with the same key are the same period; in particular, two one-off grants for the same
 * beneficiary on the same date share a key, so a second one must be recorded as an instalment series.
 */
export function periodKey(period: Period | PeriodIdentity): string {
  assertPeriodIdentity(period);
  switch (period.kind) {
    case 'month':
      return period.month;
    case 'year':
      return `Y${period.year}`;
    case 'oneOff':
      return `O${period.date}`;
    case 'instalment':
      return `I${period.seriesId}-${period.index}of${period.count}`;
  }
}

const MONTH_KEY = /^\d{4}-\d{2}$/;
const YEAR_KEY = /^Y(\d{4})$/;
const ONE_OFF_KEY = /^O(\d{4}-\d{2}-\d{2})$/;
// The series id may contain '-', but the suffix has none, so the last '-' separates them unambiguously.
const INSTALMENT_KEY = /^I([A-Za-z0-9_-]+)-([1-9]\d*)of([1-9]\d*)$/;

export function parsePeriodKey(key: string): PeriodIdentity {
  const identity = readKey(key);
  if (!identity || periodKey(identity) !== key) throw Errors.INVALID_PERIOD({ key: String(key) });
  return identity;
}

function readKey(key: string): PeriodIdentity | null {
  if (typeof key !== 'string') return null;
  if (MONTH_KEY.test(key)) return { kind: 'month', month: key };
  let match = YEAR_KEY.exec(key);
  if (match) return { kind: 'year', year: Number(match[1]) };
  match = ONE_OFF_KEY.exec(key);
  if (match) return { kind: 'oneOff', date: match[1] };
  match = INSTALMENT_KEY.exec(key);
  if (match) return { kind: 'instalment', seriesId: match[1], index: Number(match[2]), count: Number(match[3]) };
  return null;
}

/** Validates a period received as JSON (e.g. from a command body or an event) and returns it typed. */
export function parsePeriod(value: unknown): Period {
  assertPeriodIdentity(value as PeriodIdentity);
  const period = value as Period;
  if (period.kind === 'instalment' && !LocalDate.isValid(period.date)) throw Errors.INVALID_PERIOD({ reason: 'instalment date', date: String(period.date) });
  return period;
}

function assertPeriodIdentity(period: PeriodIdentity): void {
  const problem = identityProblem(period);
  if (problem) throw Errors.INVALID_PERIOD({ reason: problem });
}

function identityProblem(p: PeriodIdentity): string | null {
  if (typeof p !== 'object' || p === null) return 'not an object';
  switch (p.kind) {
    case 'month':
      return isYearMonth(p.month) ? null : 'month must be YYYY-MM';
    case 'year':
      // Four digits keep `Y<year>` keys fixed-width and sortable.
      return Number.isInteger(p.year) && p.year >= 1000 && p.year <= 9999 ? null : 'year must have four digits';
    case 'oneOff':
      return LocalDate.isValid(p.date) ? null : 'date must be YYYY-MM-DD';
    case 'instalment': {
      if (typeof p.seriesId !== 'string' || !SERIES_ID.test(p.seriesId)) return 'seriesId must be 1–64 letters, digits, _ or -';
      const countOk = Number.isInteger(p.count) && p.count >= 1 && p.count <= MAX_INSTALMENTS;
      return countOk && Number.isInteger(p.index) && p.index >= 1 && p.index <= p.count ? null : 'need 1 <= index <= count';
    }
    default:
      return `unknown kind ${String((p as { kind?: unknown }).kind)}`;
  }
}

function isYearMonth(text: unknown): boolean {
  return typeof text === 'string' && MONTH_KEY.test(text) && LocalDate.isValid(`${text}-01`);
}

/** First day of the period (inclusive). */
export function periodStart(period: Period): LocalDate {
  const p = parsePeriod(period);
  switch (p.kind) {
    case 'month':
      return YearMonth.parse(p.month).firstDay();
    case 'year':
      return LocalDate.of(p.year, 1, 1);
    case 'oneOff':
    case 'instalment':
      return LocalDate.parse(p.date);
  }
}

/** Last day of the period (inclusive). */
export function periodEnd(period: Period): LocalDate {
  const p = parsePeriod(period);
  switch (p.kind) {
    case 'month':
      return YearMonth.parse(p.month).lastDay();
    case 'year':
      return LocalDate.of(p.year, 12, 31);
    case 'oneOff':
    case 'instalment':
      return LocalDate.parse(p.date);
  }
}

export function periodContains(period: Period, date: LocalDate): boolean {
  return !date.isBefore(periodStart(period)) && !date.isAfter(periodEnd(period));
}

export function monthPeriod(month: YearMonth | string): MonthPeriod {
  const text = typeof month === 'string' ? YearMonth.parse(month).toString() : month.toString();
  return { kind: 'month', month: text };
}

export function yearPeriod(year: number): YearPeriod {
  const period: YearPeriod = { kind: 'year', year };
  assertPeriodIdentity(period);
  return period;
}

export function oneOffPeriod(date: LocalDate): OneOffPeriod {
  const period: OneOffPeriod = { kind: 'oneOff', date: date.toString() };
  assertPeriodIdentity(period);
  return period;
}

/** The instalments of a staged grant, one per due date, numbered 1..n. */
export function instalmentPeriods(seriesId: string, dueDates: readonly LocalDate[]): InstalmentPeriod[] {
  const periods = dueDates.map((date, i): InstalmentPeriod => ({
    kind: 'instalment',
    seriesId,
    index: i + 1,
    count: dueDates.length,
    date: date.toString(),
  }));
  if (periods.length === 0) throw Errors.INVALID_PERIOD({ reason: 'an instalment series needs at least one due date' });
  periods.forEach(assertPeriodIdentity);
  return periods;
}
