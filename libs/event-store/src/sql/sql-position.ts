import { InvalidPositionError } from '../errors';
import { START, type LogPositionOrStart } from '../event-store';

/**
 * A position in the SQL log is the pair (writing transaction id, BIGSERIAL `events.position`),
 * ordered in that order (see schema.ts). Both parts stay decimal strings: xid8 and bigint exceed 2^53.
 */
export interface SqlPosition {
  transactionId: string;
  serial: string;
}

/** Sorts before every real position: PostgreSQL never hands out transaction id 0. */
export const BEFORE_FIRST: SqlPosition = { transactionId: '0', serial: '0' };

const FORMAT = /^(\d{1,20}):(\d{1,19})$/;

export function encodePosition(position: SqlPosition): string {
  return `${position.transactionId}:${position.serial}`;
}

export function decodePosition(position: LogPositionOrStart): SqlPosition {
  if (position === START) return BEFORE_FIRST;
  const match = FORMAT.exec(position);
  if (!match) throw new InvalidPositionError(position);
  return { transactionId: match[1], serial: match[2] };
}

/** Revisions come back as text (int8 cast in SQL) and are parsed here, refusing anything unsafe. */
export function parseRevision(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new RangeError(`revision out of range: ${text}`);
  return value;
}
