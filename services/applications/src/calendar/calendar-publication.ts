import { defineError, LocalDate, type Actor } from '@benefits/kernel';
import { z } from '@benefits/http';
import { isWeekend, type PublishedCalendarYear } from './working-day-calendar';

/**
 * Publishing a year's working-day calendar (工作日历) as reference data of the applications service,
 * where the working-day limits are counted. One stream, `working-day-calendar`, holds every
 * publication as `applications.WorkingDayCalendarPublished.v1`; the years shipped in
 * `published-calendars.json` are the initial calendar underneath them.
 *
 * Rules (pure, no I/O; the controller only reads the stream and appends):
 * - the publisher is an `admin` of a province-level division (code `xx0000`): the calendar is national
 *   and a county office does not publish it;
 * - every date is a date of `year`; no date listed twice; no date both a holiday and a working day;
 * - a working day (调休上班) is a Saturday or a Sunday;
 * - a holiday may fall on a weekend: the State Council's notices list the whole break (e.g. 10月1日至
 *   8日), weekend days included; such a day is off either way, so it changes no count;
 * - `source` is the notice's 文号 and title, or, for test and demonstration calendars, a label with
 *   `sampleData: true` — a calendar is never made up;
 * - effective-dated: a publication counts from `effectiveFrom` (default: the day it is published, China
 *   time; never earlier). For a date D, year Y is counted with the last publication of Y whose
 *   effectiveFrom ≤ D, else the shipped year. A correction therefore supersedes the earlier
 *   publication from its effectiveFrom on; due dates already recorded on cases are never recomputed.
 */

export const CALENDAR_STREAM_ID = 'working-day-calendar';
export const CALENDAR_PUBLISHED = 'applications.WorkingDayCalendarPublished.v1';

export interface CalendarPublishedData {
  year: number;
  holidays: string[];
  workdays: string[];
  source: { docNo: string; title: string };
  publishedBy: string;
  /** yyyy-mm-dd: the business date from which the publication is counted with. */
  effectiveFrom: string;
  sampleData: boolean;
  /** What it replaces for the year when it takes effect: the shipped year, an earlier publication (stream revision), or nothing. */
  supersedes: { origin: 'shipped' } | { origin: 'published'; revision: number } | null;
}

export const CalendarPublishErrors = {
  CALENDAR_PUBLISHER_NOT_ALLOWED: defineError(
    'CALENDAR_PUBLISHER_NOT_ALLOWED',
    403,
    '工作日历为全国统一安排，只能由省级区划的系统管理员（admin）发布',
    'the working-day calendar is national: only an admin of a province-level division may publish it',
  ),
  CALENDAR_DATE_NOT_IN_YEAR: defineError('CALENDAR_DATE_NOT_IN_YEAR', 400, '日期不属于所发布的年度', 'a date is not a date of the year being published'),
  CALENDAR_DATE_REPEATED: defineError('CALENDAR_DATE_REPEATED', 400, '同一日期重复列出', 'a date is listed twice'),
  CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY: defineError(
    'CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY',
    400,
    '同一日期不能既是放假日又是调休上班日',
    'a date cannot be both a holiday and an adjusted working day',
  ),
  CALENDAR_WORKDAY_NOT_WEEKEND: defineError(
    'CALENDAR_WORKDAY_NOT_WEEKEND',
    400,
    '调休上班日应为周六或周日（工作日本来就上班）',
    'an adjusted working day (调休上班) must be a Saturday or a Sunday; weekdays are working days anyway',
  ),
  CALENDAR_EFFECTIVE_FROM_PAST: defineError(
    'CALENDAR_EFFECTIVE_FROM_PAST',
    400,
    '生效日期不能早于发布当日：已计算的期限不随更正而改变',
    'effectiveFrom cannot be before the day of publication: deadlines already computed keep their recorded due dates',
  ),
  CALENDAR_PUBLICATION_CONFLICT: defineError(
    'CALENDAR_PUBLICATION_CONFLICT',
    409,
    '工作日历同时被他人发布，请重试',
    'the working-day calendar was published by someone else at the same moment; try again',
  ),
} as const;

const IsoDate = z.string().refine((v) => LocalDate.isValid(v), { message: 'expected a calendar date YYYY-MM-DD' }).openapi({ format: 'date', example: '2027-01-01' });

export const PublishCalendarSchema = z
  .object({
    year: z.number().int().min(2000).max(2100).openapi({ example: 2027 }),
    holidays: z.array(IsoDate).max(366).openapi({ description: 'days off (法定节假日 and the days added to them), weekend days of the break may be listed' }),
    workdays: z.array(IsoDate).max(366).openapi({ description: 'weekend days that are working days (调休上班)' }),
    source: z
      .object({
        docNo: z.string().trim().min(1).max(100).openapi({ example: '国办发明电〔2025〕x号' }),
        title: z.string().trim().min(1).max(300).openapi({ example: '国务院办公厅关于2027年部分节假日安排的通知' }),
      })
      .strict(),
    effectiveFrom: IsoDate.optional().openapi({ description: 'default: the day of publication (Asia/Shanghai); not earlier' }),
    sampleData: z.boolean().optional().openapi({ description: 'true for a test or demonstration calendar (示例数据，非官方)' }),
  })
  .strict()
  .openapi('PublishWorkingDayCalendar');
export type PublishCalendarInput = z.infer<typeof PublishCalendarSchema>;

/** Only an admin of a province-level division (xx0000) publishes the national calendar. */
export function requireCalendarPublisher(actor: Actor): void {
  if (actor.role !== 'admin' || !/^\d{2}0000$/.test(actor.divisionCode)) {
    throw CalendarPublishErrors.CALENDAR_PUBLISHER_NOT_ALLOWED({ role: actor.role, divisionCode: actor.divisionCode });
  }
}

/** Checks the dates of a calendar year; returns them sorted. Throws the first problem found. */
export function validateCalendarDays(year: number, holidays: readonly string[], workdays: readonly string[]): { holidays: string[]; workdays: string[] } {
  for (const [field, dates] of [['holidays', holidays], ['workdays', workdays]] as const) {
    const seen = new Set<string>();
    for (const date of dates) {
      if (!LocalDate.isValid(date) || !date.startsWith(`${year}-`)) throw CalendarPublishErrors.CALENDAR_DATE_NOT_IN_YEAR({ field, date, year });
      if (seen.has(date)) throw CalendarPublishErrors.CALENDAR_DATE_REPEATED({ field, date });
      seen.add(date);
    }
  }
  const off = new Set(holidays);
  for (const date of workdays) {
    if (off.has(date)) throw CalendarPublishErrors.CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY({ date });
    if (!isWeekend(LocalDate.parse(date))) throw CalendarPublishErrors.CALENDAR_WORKDAY_NOT_WEEKEND({ date, dayOfWeek: LocalDate.parse(date).dayOfWeek() });
  }
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort() };
}

/** One version of a year: shipped with the product or published (stream revision). */
export interface CalendarEntry extends PublishedCalendarYear {
  origin: 'shipped' | 'published';
  /** Stream revision of the publication; null for a shipped year. */
  revision: number | null;
  /** null for a shipped year: counted with from the start. */
  effectiveFrom: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  sampleData: boolean;
}

const sameDays = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Whether a publication would change nothing: the same days, source and label as the year's latest entry, with no effectiveFrom of its own. */
export function isRepublicationOf(latest: CalendarEntry | undefined, input: PublishCalendarInput, days: { holidays: string[]; workdays: string[] }): boolean {
  if (!latest || input.effectiveFrom !== undefined) return false;
  return (
    sameDays([...latest.holidays].sort(), days.holidays) &&
    sameDays([...latest.workdays].sort(), days.workdays) &&
    latest.source.docNo === input.source.docNo &&
    (latest.source.title ?? '') === input.source.title &&
    latest.sampleData === Boolean(input.sampleData)
  );
}

/**
 * Decides a publication: nothing to write (`unchanged`) or the event's data. `today` is the business
 * date of the request (Asia/Shanghai); `latest` the year's last entry (shipped or published).
 */
export function decidePublication(
  input: PublishCalendarInput,
  actor: Actor,
  today: string,
  latest: CalendarEntry | undefined,
): { unchanged: true } | { unchanged: false; data: CalendarPublishedData } {
  requireCalendarPublisher(actor);
  const days = validateCalendarDays(input.year, input.holidays, input.workdays);
  if (input.effectiveFrom !== undefined && input.effectiveFrom < today) {
    throw CalendarPublishErrors.CALENDAR_EFFECTIVE_FROM_PAST({ effectiveFrom: input.effectiveFrom, today });
  }
  if (isRepublicationOf(latest, input, days)) return { unchanged: true };
  return {
    unchanged: false,
    data: {
      year: input.year,
      holidays: days.holidays,
      workdays: days.workdays,
      source: { docNo: input.source.docNo, title: input.source.title },
      publishedBy: actor.id,
      effectiveFrom: input.effectiveFrom ?? today,
      sampleData: Boolean(input.sampleData),
      supersedes: !latest ? null : latest.origin === 'shipped' ? { origin: 'shipped' } : { origin: 'published', revision: latest.revision! },
    },
  };
}
