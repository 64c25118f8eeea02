import { createHash } from 'node:crypto';
import { canonicalJson, defineError } from '@benefits/kernel';
import { isDivisionCode } from '../division-code';

/**
 * Why personal data is opened (ADR 0012 §6). Every decrypting read of the vault names one; the
 * access log records it with who read, when and whose data.
 *
 * - `case-handling`: an officer's view of a case (members' names, masked 身份证号, masked 一卡通
 *   account) in applications;
 * - `account-maintenance`: finance recording or changing a person's bank account, compared with the
 *   account on file;
 * - `bank-file-export`: the clear accounts written into an envelope's bank file;
 * - `evidence-export`: the people of a case or 疑点 written into an audit evidence package;
 * - `audit-review`: an auditor looking at a person's data while checking a 疑点 (no route opens data
 *   for it yet; kept so such a read has its own code when one does).
 */
export const PERSONAL_DATA_PURPOSES = ['case-handling', 'account-maintenance', 'bank-file-export', 'evidence-export', 'audit-review'] as const;

export type PersonalDataPurpose = (typeof PERSONAL_DATA_PURPOSES)[number];

/** The reader as the verified token states it (the `Actor` of identity or of event metadata). */
export interface AccessActor {
  id: string;
  role: string;
  divisionCode: string;
}

/** Who reads personal data, why, and in which request. Required by every decrypting read. */
export interface PersonalDataAccess {
  actor: AccessActor;
  purpose: PersonalDataPurpose;
  /** The request's correlation id, so a read can be tied to the business step that needed it. */
  correlationId?: string | null;
}

export const VaultAccessErrors = {
  ACCESS_PURPOSE_INVALID: defineError(
    'ACCESS_PURPOSE_INVALID',
    400,
    '读取个人信息必须说明读取人和用途（用途须为规定的代码之一）',
    'reading personal data needs the reader and a purpose code from the documented list',
  ),
  ACCESS_LOG_QUERY_INVALID: defineError('ACCESS_LOG_QUERY_INVALID', 400, '个人信息访问记录的查询条件无效', 'invalid query of the personal-data access log'),
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPersonalDataPurpose(value: unknown): value is PersonalDataPurpose {
  return typeof value === 'string' && (PERSONAL_DATA_PURPOSES as readonly string[]).includes(value);
}

/** Refuses (400 ACCESS_PURPOSE_INVALID) a read without a well-formed reader and a known purpose. */
export function assertAccess(access: unknown): asserts access is PersonalDataAccess {
  const a = access as Partial<PersonalDataAccess> | null | undefined;
  const actor = a?.actor as Partial<AccessActor> | undefined;
  const problems: string[] = [];
  if (!actor || typeof actor !== 'object') problems.push('actor');
  else {
    if (typeof actor.id !== 'string' || actor.id.trim() === '' || actor.id.length > 200) problems.push('actor.id');
    if (typeof actor.role !== 'string' || actor.role === '') problems.push('actor.role');
    if (!isDivisionCode(actor.divisionCode)) problems.push('actor.divisionCode');
  }
  if (!isPersonalDataPurpose(a?.purpose)) problems.push('purpose');
  const correlationId = a?.correlationId;
  if (correlationId !== undefined && correlationId !== null && (typeof correlationId !== 'string' || correlationId.length > 200)) problems.push('correlationId');
  if (problems.length > 0) {
    throw VaultAccessErrors.ACCESS_PURPOSE_INVALID({ fields: problems, purposes: [...PERSONAL_DATA_PURPOSES] });
  }
}

/** One read of one person's data: a row of `vault_access_log`. */
export interface AccessLogEntry {
  /** Position in the log (increasing); also the listing's cursor. */
  seq: string;
  accessedAt: string;
  actor: AccessActor;
  personRef: string;
  purpose: PersonalDataPurpose;
  correlationId: string | null;
  /** How many sealed records of this person the call opened. */
  records: number;
  /** True when the person's key had been destroyed: nothing was decrypted. */
  erased: boolean;
  /** Hash of the previous row (64 zeros for the first) and of this one: the log is one hash chain. */
  prevHash: string;
  hash: string;
}

/** What the caller knows of a read before the database numbers and chains it. */
export type NewAccessLogEntry = Omit<AccessLogEntry, 'seq' | 'prevHash' | 'hash'>;

/** SHA-256 (hex) of the canonical JSON of a row's content (everything but its position and chain hashes). */
export function accessContentHash(entry: NewAccessLogEntry): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        v: 1,
        accessedAt: entry.accessedAt,
        actor: { id: entry.actor.id, role: entry.actor.role, divisionCode: entry.actor.divisionCode },
        personRef: entry.personRef.toLowerCase(),
        purpose: entry.purpose,
        correlationId: entry.correlationId,
        records: entry.records,
        erased: entry.erased,
      }),
      'utf8',
    )
    .digest('hex');
}

/** The chain link: SHA-256 (hex) of `<prevHash>|<contentHash>` — computed the same way by the database function. */
export function accessChainHash(prevHash: string, contentHash: string): string {
  return createHash('sha256').update(`${prevHash}|${contentHash}`, 'utf8').digest('hex');
}

export const ACCESS_LOG_GENESIS = '0'.repeat(64);

/** Filters of the access-log listing; all optional, combined with AND. */
export interface AccessLogQuery {
  personRef?: string;
  actorId?: string;
  /** Readers of this division or a division under it (GB/T 2260 prefixes). */
  actorDivisionWithin?: string;
  /** Inclusive lower bound of `accessedAt`. */
  from?: Date;
  /** Exclusive upper bound of `accessedAt`. */
  to?: Date;
  /** 1–1000, default 100. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface AccessLogPage {
  items: AccessLogEntry[];
  nextCursor: string | null;
}

export type AccessLogVerdict =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; brokenAt: string; reason: 'prevHash' | 'hash' };

/** The LIKE prefix of the codes a division covers: a province's first 2 digits, a city's 4, a county itself. */
export function divisionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Checks the query and returns it normalised (400 ACCESS_LOG_QUERY_INVALID). */
export function normaliseAccessLogQuery(query: AccessLogQuery): Required<Pick<AccessLogQuery, 'limit'>> & AccessLogQuery & { afterSeq: string | null } {
  const bad = (field: string) => VaultAccessErrors.ACCESS_LOG_QUERY_INVALID({ field });
  if (query.personRef !== undefined && !UUID.test(query.personRef)) throw bad('personRef');
  if (query.actorId !== undefined && (typeof query.actorId !== 'string' || query.actorId === '' || query.actorId.length > 200)) throw bad('actorId');
  if (query.actorDivisionWithin !== undefined && !isDivisionCode(query.actorDivisionWithin)) throw bad('actorDivisionWithin');
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !(value instanceof Date && !Number.isNaN(value.getTime()))) throw bad(field);
  }
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('limit');
  const cursor = query.cursor ?? null;
  if (cursor !== null && !/^[1-9]\d{0,17}$/.test(cursor)) throw bad('cursor');
  return { ...query, personRef: query.personRef?.toLowerCase(), limit, afterSeq: cursor };
}
