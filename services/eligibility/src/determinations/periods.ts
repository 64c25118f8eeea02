/** Periods of a schedule: months `yyyy-mm`, or years `yyyy` (北京 特扶). */

/** The date a period is decided on: its first day (policy schedule.periodStart). */
export function periodStartDate(periodKey: string): string {
  return /^\d{4}$/.test(periodKey) ? `${periodKey}-01-01` : `${periodKey}-01`;
}

/** Whether a date (death, termination) lies before the period's first day: then nothing is due for the period. */
export const endedBefore = (date: string | undefined, periodKey: string) => date !== undefined && date < periodStartDate(periodKey);

/**
 * Who is due for a period of a per-person benefit: nobody once the case ended before it
 * (CASE_TERMINATED) or every member died before it (NO_LIVING_BENEFICIARY); else the members alive at
 * its first day.
 */
export function livingMembersIn<M extends { deathDate?: string }>(
  facts: { terminatedOn?: string; members: readonly M[] },
  periodKey: string,
): { stopped: 'CASE_TERMINATED' | 'NO_LIVING_BENEFICIARY' } | { members: M[] } {
  if (endedBefore(facts.terminatedOn, periodKey)) return { stopped: 'CASE_TERMINATED' };
  const members = facts.members.filter((m) => !endedBefore(m.deathDate, periodKey));
  return members.length === 0 ? { stopped: 'NO_LIVING_BENEFICIARY' } : { members };
}
