import { createHash, randomBytes } from 'node:crypto';
import { Errors } from './errors';

/**
 * Identifiers are lowercase RFC 9562 UUIDs. Only the lowercase spelling is accepted so that one id
 * can never name two different streams.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function uuidVersion(id: string): number {
  if (!isUuid(id)) throw Errors.INVALID_ID({ value: String(id) });
  return parseInt(id[14], 16);
}

export const UUID_NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
export const UUID_NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * Name-based UUID (version 5, SHA-1). The same namespace and name always give the same id, which is
 * how a handler derives the id of what it writes from the event it reacts to: a redelivered event
 * then produces the same id and the store rejects the duplicate.
 */
export function uuidV5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw Errors.INVALID_ID({ reason: 'namespace is not a UUID', namespace: String(namespace) });
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return formatUuid(bytes);
}

export interface UuidV7Sources {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
  randomBytes(size: number): Uint8Array;
}

const RANDOM_BITS = 74n;
const RANDOM_MASK = (1n << RANDOM_BITS) - 1n;
const RAND_B_BITS = 62n;
const MAX_MS = (1n << 48n) - 1n;

/**
 * A UUIDv7 generator: 48-bit millisecond timestamp, then 74 random bits. Within one generator ids are
 * strictly increasing: when the clock has not advanced (or went back), the previous id's random part
 * is incremented instead of drawing a new one (RFC 9562 §6.2, method 2).
 */
export function createUuidV7Generator(sources: UuidV7Sources): () => string {
  let lastMs = -1n;
  let lastRandom = 0n;
  return () => {
    const ms = BigInt(Math.floor(sources.nowMs()));
    if (ms > lastMs) {
      lastMs = ms;
      lastRandom = bytesToBigInt(sources.randomBytes(10)) & RANDOM_MASK;
    } else if (lastRandom === RANDOM_MASK) {
      lastMs += 1n;
      lastRandom = 0n;
    } else {
      lastRandom += 1n;
    }
    if (lastMs < 0n || lastMs > MAX_MS) throw new RangeError('UUIDv7 timestamp out of range');
    const randA = lastRandom >> RAND_B_BITS;
    const randB = lastRandom & ((1n << RAND_B_BITS) - 1n);
    const value = (lastMs << 80n) | (0x7n << 76n) | (randA << 64n) | (0b10n << 62n) | randB;
    return formatUuid(bigIntToBytes(value));
  };
}

const defaultGenerator = createUuidV7Generator({ nowMs: () => Date.now(), randomBytes: (size) => randomBytes(size) });

/** A new time-ordered id (UUIDv7). */
export function newId(): string {
  return defaultGenerator();
}

/** The millisecond timestamp inside a UUIDv7. */
export function uuidV7Time(id: string): number {
  if (uuidVersion(id) !== 7) throw Errors.INVALID_ID({ reason: 'not a UUIDv7', value: id });
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

declare const brand: unique symbol;
/** A string that has been checked to be a particular kind of id; plain strings do not type-check as one. */
export type Branded<T, Name extends string> = T & { readonly [brand]: Name };

export type CaseId = Branded<string, 'CaseId'>;
/** A person's pseudonymous reference; personal data is held by the identity vault under this key. */
export type PersonRef = Branded<string, 'PersonRef'>;
export type EventId = Branded<string, 'EventId'>;

function idParser<Id extends string>(kind: string): (value: unknown) => Id {
  return (value) => {
    if (!isUuid(value)) throw Errors.INVALID_ID({ kind, value: String(value) });
    return value as Id;
  };
}

export const parseCaseId = idParser<CaseId>('CaseId');
export const parsePersonRef = idParser<PersonRef>('PersonRef');
export const parseEventId = idParser<EventId>('EventId');

export const isCaseId = (value: unknown): value is CaseId => isUuid(value);
export const isPersonRef = (value: unknown): value is PersonRef => isUuid(value);
export const isEventId = (value: unknown): value is EventId => isUuid(value);

export const newCaseId = (): CaseId => newId() as CaseId;
export const newPersonRef = (): PersonRef => newId() as PersonRef;
export const newEventId = (): EventId => newId() as EventId;

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function bigIntToBytes(value: bigint): Uint8Array {
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}
