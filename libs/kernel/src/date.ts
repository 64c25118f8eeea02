import { Errors } from './errors';

/**
 * Calendar dates without time or zone. Benefit periods, effective dates and dates of birth are
 * calendar facts in China; representing them as JS `Date` (an instant) would shift them by a day
 * whenever the process zone differs from Asia/Shanghai.
 */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai has been UTC+8 without daylight saving since 1991; earlier instants are not dated here. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// Days since 1970-01-01 in the proleptic Gregorian calendar, counted from 1 March so that the leap
// day falls at the end of the computation year and the month lengths follow a fixed 153-day pattern.
function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilOf(epochDay: number): [year: number, month: number, day: number] {
  const shifted = epochDay + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class LocalDate {
  /** Days since 1970-01-01; the ordering key. */
  readonly epochDay: number;

  private constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    this.epochDay = epochDayOf(year, month, day);
    Object.freeze(this);
  }

  static of(year: number, month: number, day: number): LocalDate {
    const valid =
      Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR &&
      Number.isInteger(month) && month >= 1 && month <= 12 &&
      Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month);
    if (!valid) throw Errors.INVALID_DATE({ year, month, day });
    return new LocalDate(year, month, day);
  }

  /** Strict ISO `YYYY-MM-DD`; anything else (times, zones, missing zero padding) is refused. */
  static parse(text: string): LocalDate {
    const match = typeof text === 'string' ? ISO_DATE.exec(text) : null;
    if (!match) throw Errors.INVALID_DATE({ value: String(text) });
    return LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  static isValid(text: unknown): text is string {
    if (typeof text !== 'string') return false;
    const match = ISO_DATE.exec(text);
    if (!match) return false;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }

  static fromEpochDay(epochDay: number): LocalDate {
    if (!Number.isSafeInteger(epochDay)) throw Errors.INVALID_DATE({ epochDay });
    const [year, month, day] = civilOf(epochDay);
    return LocalDate.of(year, month, day);
  }

  /**
   * The calendar date in Asia/Shanghai at an instant. Computed from the fixed UTC+8 offset rather
   * than from the process zone, so servers configured for UTC date events the same way.
   * A string must carry an explicit zone (`Z` or `±hh:mm`): a zoneless time would be read in the
   * process zone, which is exactly the ambiguity this avoids.
   */
  static ofInstant(instant: Date | string): LocalDate {
    return LocalDate.fromEpochDay(Math.floor((instantMs(instant) + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
  }

  static fromJSON(json: unknown): LocalDate {
    return LocalDate.parse(json as string);
  }

  static compare(a: LocalDate, b: LocalDate): number {
    return a.epochDay - b.epochDay;
  }

  static min(a: LocalDate, b: LocalDate): LocalDate {
    return a.epochDay <= b.epochDay ? a : b;
  }

  static max(a: LocalDate, b: LocalDate): LocalDate {
    return a.epochDay >= b.epochDay ? a : b;
  }

  plusDays(days: number): LocalDate {
    assertInteger(days, 'days');
    return LocalDate.fromEpochDay(this.epochDay + days);
  }

  /** Adds calendar months; a day that does not exist in the target month becomes its last day (31 Jan + 1 month = 28/29 Feb). */
  plusMonths(months: number): LocalDate {
    assertInteger(months, 'months');
    const index = this.year * 12 + (this.month - 1) + months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return LocalDate.of(year, month, Math.min(this.day, daysInMonth(year, month)));
  }

  plusYears(years: number): LocalDate {
    assertInteger(years, 'years');
    return this.plusMonths(years * 12);
  }

  compare(other: LocalDate): number {
    return this.epochDay - other.epochDay;
  }

  equals(other: LocalDate): boolean {
    return this.epochDay === other.epochDay;
  }

  isBefore(other: LocalDate): boolean {
    return this.epochDay < other.epochDay;
  }

  isAfter(other: LocalDate): boolean {
    return this.epochDay > other.epochDay;
  }

  /** Signed number of days from this date to `other` (positive when `other` is later). */
  daysUntil(other: LocalDate): number {
    return other.epochDay - this.epochDay;
  }

  /** ISO day of week: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
  dayOfWeek(): number {
    return (((this.epochDay + 3) % 7) + 7) % 7 + 1;
  }

  lengthOfMonth(): number {
    return daysInMonth(this.year, this.month);
  }

  yearMonth(): YearMonth {
    return YearMonth.of(this.year, this.month);
  }

  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return to.epochDay - from.epochDay;
}

/**
 * Age in completed years on `date`: the year is complete once the month and day of birth are
 * reached. For a 29 February birth in a common year this is the named policy `age.feb29.march1`
 * (LOCAL_POLICIES in @benefits/benefits), which the engines cite in their traces.
 */
export function ageOn(birthDate: LocalDate, date: LocalDate): number {
  if (date.isBefore(birthDate)) throw Errors.INVALID_DATE({ reason: 'date is before the date of birth', birthDate: birthDate.toString(), date: date.toString() });
  const beforeBirthday = date.month < birthDate.month || (date.month === birthDate.month && date.day < birthDate.day);
  return date.year - birthDate.year - (beforeBirthday ? 1 : 0);
}

/**
 * The first day on which a person has `age` completed years: the breakpoint an age threshold
 * (e.g. 60 for 特扶, 18 for a child) takes effect. A 29 February birth in a common year: policy
 * `age.feb29.march1` (see ageOn).
 */
export function dateOfTurning(birthDate: LocalDate, age: number): LocalDate {
  assertInteger(age, 'age');
  if (age < 0) throw Errors.INVALID_DATE({ reason: 'age must not be negative', age });
  const year = birthDate.year + age;
  if (birthDate.month === 2 && birthDate.day === 29 && !isLeapYear(year)) return LocalDate.of(year, 3, 1);
  return LocalDate.of(year, birthDate.month, birthDate.day);
}

/** Where "now" comes from. Domain code receives time through command metadata; only shells hold a clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date | string): Clock {
  const ms = instantMs(instant);
  return { now: () => new Date(ms) };
}

/** Today's date in Asia/Shanghai. */
export function today(clock: Clock): LocalDate {
  return LocalDate.ofInstant(clock.now());
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function instantMs(instant: Date | string): number {
  const ms = instant instanceof Date ? instant.getTime() : ISO_INSTANT.test(instant) ? Date.parse(instant) : NaN;
  if (!Number.isFinite(ms)) throw Errors.INVALID_DATE({ reason: 'expected an instant with a zone', value: String(instant) });
  return ms;
}

const ISO_YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/** A calendar month such as `2024-07`: the unit of 低保 payment periods. */
export class YearMonth {
  private constructor(
    readonly year: number,
    readonly month: number,
  ) {
    Object.freeze(this);
  }

  static of(year: number, month: number): YearMonth {
    const valid = Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR && Number.isInteger(month) && month >= 1 && month <= 12;
    if (!valid) throw Errors.INVALID_DATE({ year, month });
    return new YearMonth(year, month);
  }

  static parse(text: string): YearMonth {
    const match = typeof text === 'string' ? ISO_YEAR_MONTH.exec(text) : null;
    if (!match) throw Errors.INVALID_DATE({ value: String(text), expected: 'YYYY-MM' });
    return YearMonth.of(Number(match[1]), Number(match[2]));
  }

  static fromJSON(json: unknown): YearMonth {
    return YearMonth.parse(json as string);
  }

  /** Whole months from `from` to `to` (2024-01 → 2024-03 is 2). */
  static monthsBetween(from: YearMonth, to: YearMonth): number {
    return to.index - from.index;
  }

  /** Every month from `from` to `to`, both included; empty when `to` is earlier. */
  static range(from: YearMonth, to: YearMonth): YearMonth[] {
    const months: YearMonth[] = [];
    for (let i = 0; i <= to.index - from.index; i++) months.push(from.plusMonths(i));
    return months;
  }

  private get index(): number {
    return this.year * 12 + this.month - 1;
  }

  plusMonths(months: number): YearMonth {
    assertInteger(months, 'months');
    const index = this.index + months;
    return YearMonth.of(Math.floor(index / 12), (index % 12) + 1);
  }

  compare(other: YearMonth): number {
    return this.index - other.index;
  }

  equals(other: YearMonth): boolean {
    return this.index === other.index;
  }

  lengthOfMonth(): number {
    return daysInMonth(this.year, this.month);
  }

  firstDay(): LocalDate {
    return LocalDate.of(this.year, this.month, 1);
  }

  lastDay(): LocalDate {
    return LocalDate.of(this.year, this.month, this.lengthOfMonth());
  }

  contains(date: LocalDate): boolean {
    return date.year === this.year && date.month === this.month;
  }

  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Whole months from `from` to `to` (2024-01 → 2024-03 is 2); negative when `to` is earlier. */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  return YearMonth.monthsBetween(from, to);
}

/** Months of every date from `from` to `to` inclusive, e.g. to pay each month a case was open. */
export function monthsOfRange(from: LocalDate, to: LocalDate): YearMonth[] {
  return YearMonth.range(from.yearMonth(), to.yearMonth());
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw Errors.INVALID_DATE({ reason: `${what} must be an integer`, value: String(n) });
}
