/**
 * Amounts and dates as bank files write them. Amounts go from integer fen to text and back by string
 * arithmetic only: no float is ever involved (123456 fen ⇄ '1234.56').
 */

export type AmountFormat = 'yuan-2dp' | 'fen';
export type DateFormat = 'yyyy-mm-dd' | 'yyyymmdd';

/** 123456 → '1234.56' (`yuan-2dp`) or '123456' (`fen`). Refuses a negative, fractional or unsafe number. */
export function formatFen(fen: number, format: AmountFormat): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative integer number of fen: ${fen}`);
  if (format === 'fen') return String(fen);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const YUAN_2DP = /^(0|[1-9][0-9]*)\.([0-9]{2})$/;
const FEN = /^(0|[1-9][0-9]*)$/;

/** '1234.56' → 123456; null for anything else ('1234.5', '1,234.56', '-1.00', '1e3', ' 1.00', too large). */
export function parseAmount(text: string, format: AmountFormat): number | null {
  if (format === 'fen') {
    if (!FEN.test(text)) return null;
    const fen = Number(text);
    return Number.isSafeInteger(fen) ? fen : null;
  }
  const match = YUAN_2DP.exec(text);
  if (!match) return null;
  const fen = Number(match[1] + match[2]);
  return Number.isSafeInteger(fen) ? fen : null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** True for a real calendar date written yyyy-mm-dd. */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** '2025-01-31' → '2025-01-31' or '20250131'. */
export function formatDate(iso: string, format: DateFormat): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a date yyyy-mm-dd: ${iso}`);
  return format === 'yyyy-mm-dd' ? iso : iso.replace(/-/g, '');
}

/** A date as the layout writes it → 'yyyy-mm-dd'; null when it is not a calendar date in that format. */
export function parseDate(text: string, format: DateFormat): string | null {
  const match = (format === 'yyyy-mm-dd' ? ISO_DATE : COMPACT_DATE).exec(text);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}
