/** Periods of a schedule: months `yyyy-mm`, or years `yyyy` (北京 特扶). */

/** The date a period is decided on: its first day (policy schedule.periodStart). */
export function periodStartDate(periodKey: string): string {
  return /^\d{4}$/.test(periodKey) ? `${periodKey}-01-01` : `${periodKey}-01`;
}

/** Whether a date (death, termination) lies before the period's first day: then nothing is due for the period. */
export const endedBefore = (date: string | undefined, periodKey: string) => date !== undefined && date < periodStartDate(periodKey);
