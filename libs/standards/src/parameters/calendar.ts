import { LocalDate } from '@benefits/kernel';
import type { CalendarValue } from './definitions';

/**
 * Working days under the published calendar: Monday to Friday unless a public holiday, plus the
 * weekend days listed as adjusted working days (调休上班). A date in a year without a published
 * calendar cannot be decided — counting a deadline on a guess would be wrong either way.
 */
export function isWorkingDay(calendar: CalendarValue, date: string): boolean {
  if (!date.startsWith(`${calendar.year}-`)) {
    throw new RangeError(`no working-day calendar for ${date} (calendar is for ${calendar.year})`);
  }
  if (calendar.holidays.includes(date)) return false;
  if (calendar.workdays.includes(date)) return true;
  const dow = LocalDate.parse(date).dayOfWeek();
  return dow !== 6 && dow !== 7;
}

/** The date `n` working days after `start` (start itself not counted), e.g. a 公示 or paperwork deadline. */
export function addWorkingDays(calendarFor: (year: number) => CalendarValue, start: string, n: number): string {
  let date = LocalDate.parse(start);
  let left = n;
  while (left > 0) {
    date = date.plusDays(1);
    const text = date.toString();
    if (isWorkingDay(calendarFor(Number(text.slice(0, 4))), text)) left -= 1;
  }
  return date.toString();
}
