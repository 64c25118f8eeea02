import { HistoryErrors } from './history.errors';

/**
 * What `asKnownAt` names: nothing (now), a log position of the source audit reads (compared with
 * the store's order), or an instant (compared with each event's `recordedAt`). An instant is an
 * ISO-8601 date-time with an offset (`Z` or `±hh:mm`); a date-time without one is refused rather
 * than read in the server's zone. Anything else is passed to the store as a position.
 */
export type KnownAt = { kind: 'now' } | { kind: 'position'; position: string } | { kind: 'instant'; instant: string; epochMs: number };

const DATE_TIME_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

export function parseKnownAt(given: string | null | undefined): KnownAt {
  let raw = given;
  if (raw === null || raw === undefined) return { kind: 'now' };
  // An unencoded `+` in a query string arrives as a space: `…T00:00:00 08:00` is `…+08:00`.
  raw = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!DATE_TIME_LIKE.test(raw)) return { kind: 'position', position: raw };
  const m = INSTANT.exec(raw);
  if (!m) throw HistoryErrors.INVALID_INSTANT({ asKnownAt: raw });
  const [, y, mo, d, h, mi, s, , zone, oh, om] = m;
  const ranges: [string | undefined, number, number][] = [[mo, 1, 12], [d, 1, 31], [h, 0, 23], [mi, 0, 59], [s, 0, 59], [oh, 0, 23], [om, 0, 59]];
  const inRange = ranges.every(([v, lo, hi]) => v === undefined || (Number(v) >= lo && Number(v) <= hi));
  const epochMs = Date.parse(raw);
  // Date.parse rolls 2026-02-30 over to March; the calendar date must exist as written.
  const calendarOk = inRange && new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() === Number(d);
  if (!calendarOk || Number.isNaN(epochMs) || zone === undefined) throw HistoryErrors.INVALID_INSTANT({ asKnownAt: raw });
  return { kind: 'instant', instant: raw, epochMs };
}

/** Milliseconds of a stored `recordedAt` (ISO with zone); sub-millisecond digits are dropped. */
export function recordedAtMs(recordedAt: string): number {
  return Date.parse(recordedAt);
}
