import { countResidentIdCandidates } from './resident-id';

/**
 * What a reader learns about one person's birth from every answer they may read for a case: the
 * exact birth date, ages on dates (one per determination, per age step of a trace), and ranges the
 * birth date must lie in (e.g. from the month a 60-year switch takes effect). Used by the masking
 * tests to count 身份证号 candidates over everything a role reads, not one view at a time.
 */
export interface BirthDisclosures {
  birthDate?: string;
  ages?: readonly { years: number; on: string }[];
  /** Inclusive ISO date ranges. */
  ranges?: readonly { from: string; to: string }[];
}

const DAY = 86_400_000;
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`).getTime();
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The birth dates consistent with all the disclosures (inclusive bounds, ISO). */
export function birthDateWindow(known: BirthDisclosures): { from: string; to: string } | null {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  if (known.birthDate) from = to = utc(known.birthDate);
  for (const { years, on } of known.ages ?? []) {
    const date = new Date(utc(on));
    // Aged `years` on `on`: born after (on − years − 1 year) and on or before (on − years).
    const last = Date.UTC(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate());
    const first = Date.UTC(date.getUTCFullYear() - years - 1, date.getUTCMonth(), date.getUTCDate()) + DAY;
    from = Math.max(from, first);
    to = Math.min(to, last);
  }
  for (const range of known.ranges ?? []) {
    from = Math.max(from, utc(range.from));
    to = Math.min(to, utc(range.to));
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('the birth date, an age or a range must be known');
  return from > to ? null : { from: iso(from), to: iso(to) };
}

/**
 * 身份证号 candidates consistent with the mask, the gender, the division and everything disclosed
 * about the birth (countResidentIdCandidates, date by date over birthDateWindow).
 */
export function countCandidatesFromDisclosures(
  known: BirthDisclosures & { masked: string; gender?: 'male' | 'female'; division?: string },
  limit = Number.MAX_SAFE_INTEGER,
): number {
  const window = birthDateWindow(known);
  if (!window) return 0;
  let count = 0;
  for (let d = utc(window.from); d <= utc(window.to); d += DAY) {
    count += countResidentIdCandidates({ masked: known.masked, birthDate: iso(d), gender: known.gender, division: known.division }, limit - count);
    if (count >= limit) return count;
  }
  return count;
}
