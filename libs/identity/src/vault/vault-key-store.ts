import type { Actor } from '../actor';
import { accessChainHash, accessContentHash, ACCESS_LOG_GENESIS, divisionPrefix, type AccessLogEntry, type AccessLogPage, type AccessLogVerdict, type NewAccessLogEntry, type PersonalDataPurpose } from './personal-data-access';

/**
 * The SQL the vault needs: one `query(text, params)` returning `{ rows }`. A `pg.Pool`, a
 * `pg.Client` and a PGlite instance all fit. Every operation is a single statement, so a pool may
 * run them on any connection.
 */
export interface VaultSqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export interface PersonKeyRow {
  personRef: string;
  /** The data key wrapped by the master key; null once destroyed. */
  wrappedKey: string | null;
  keyVersion: number;
  createdAt: Date;
  destruction: KeyDestructionRecord | null;
}

export interface KeyDestructionRecord {
  destroyedAt: Date;
  destroyedBy: Actor;
  reason: string;
}

// Two services starting together must not race on CREATE TABLE: one DO block takes a transaction
// advisory lock, and a DO block is one statement, so it also works over a pool or PGlite.
const MIGRATION = `
DO $migration$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('benefits.identity.vault'));
  CREATE TABLE IF NOT EXISTS vault_person_keys (
    person_ref     uuid PRIMARY KEY,
    wrapped_key    text,
    key_version    int NOT NULL,
    created_at     timestamptz NOT NULL,
    destroyed_at   timestamptz,
    destroyed_by   jsonb,
    destroy_reason text,
    CONSTRAINT vault_person_keys_shredded CHECK ((destroyed_at IS NULL) = (wrapped_key IS NOT NULL))
  );
  CREATE TABLE IF NOT EXISTS vault_person_index (
    fingerprint text PRIMARY KEY,
    person_ref  uuid NOT NULL UNIQUE REFERENCES vault_person_keys (person_ref)
  );
  -- Who read whose personal data, when and why (ADR 0012 §6). One hash chain over all rows.
  CREATE TABLE IF NOT EXISTS vault_access_log (
    seq            bigserial PRIMARY KEY,
    accessed_at    timestamptz NOT NULL,
    actor_id       text NOT NULL,
    actor_role     text NOT NULL,
    actor_division text NOT NULL,
    person_ref     uuid NOT NULL,
    purpose        text NOT NULL,
    correlation_id text,
    records        int NOT NULL,
    erased         boolean NOT NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL
  );
  CREATE INDEX IF NOT EXISTS vault_access_log_person ON vault_access_log (person_ref, seq);
  CREATE INDEX IF NOT EXISTS vault_access_log_actor ON vault_access_log (actor_id, seq);
  CREATE INDEX IF NOT EXISTS vault_access_log_time ON vault_access_log (accessed_at, seq);
  -- Appends rows in one call: takes a transaction lock, reads the chain head after it (a function's
  -- statements see what committed before them), links each row to the one before, and writes all
  -- rows with one INSERT. The lock makes the order of the chain the order of seq.
  CREATE OR REPLACE FUNCTION vault_append_access(entries jsonb) RETURNS int LANGUAGE plpgsql AS $fn$
  DECLARE
    n        int := jsonb_array_length(entries);
    head     text;
    contents text[];
    hashes   text[];
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('benefits.identity.vault.access-log'));
    SELECT hash INTO head FROM vault_access_log ORDER BY seq DESC LIMIT 1;
    hashes := array_fill(NULL::text, ARRAY[n + 1]);
    hashes[1] := coalesce(head, repeat('0', 64));
    SELECT array_agg(e.value->>'contentHash' ORDER BY e.n) INTO contents
      FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n);
    FOR i IN 1..n LOOP
      hashes[i + 1] := encode(sha256(convert_to(hashes[i] || '|' || contents[i], 'UTF8')), 'hex');
    END LOOP;
    INSERT INTO vault_access_log
      (accessed_at, actor_id, actor_role, actor_division, person_ref, purpose, correlation_id, records, erased, prev_hash, hash)
    SELECT (e.value->>'accessedAt')::timestamptz, e.value->>'actorId', e.value->>'actorRole', e.value->>'actorDivision',
           (e.value->>'personRef')::uuid, e.value->>'purpose', e.value->>'correlationId', (e.value->>'records')::int,
           (e.value->>'erased')::boolean, hashes[e.n], hashes[e.n + 1]
      FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n)
     ORDER BY e.n;
    RETURN n;
  END
  $fn$;
END
$migration$;
`;

function toRow(row: Record<string, unknown>): PersonKeyRow {
  const destroyedAt = row.destroyed_at as Date | string | null;
  const destroyedBy = typeof row.destroyed_by === 'string' ? JSON.parse(row.destroyed_by) : row.destroyed_by;
  return {
    personRef: row.person_ref as string,
    wrappedKey: (row.wrapped_key as string | null) ?? null,
    keyVersion: Number(row.key_version),
    createdAt: new Date(row.created_at as Date | string),
    destruction:
      destroyedAt === null || destroyedAt === undefined
        ? null
        : { destroyedAt: new Date(destroyedAt), destroyedBy: destroyedBy as Actor, reason: row.destroy_reason as string },
  };
}

const COLUMNS = 'person_ref, wrapped_key, key_version, created_at, destroyed_at, destroyed_by, destroy_reason';

const ACCESS_COLUMNS = 'seq, accessed_at, actor_id, actor_role, actor_division, person_ref, purpose, correlation_id, records, erased, prev_hash, hash';

function toAccessEntry(row: Record<string, unknown>): AccessLogEntry {
  return {
    seq: String(row.seq),
    accessedAt: new Date(row.accessed_at as Date | string).toISOString(),
    actor: { id: row.actor_id as string, role: row.actor_role as string, divisionCode: row.actor_division as string },
    personRef: String(row.person_ref),
    purpose: row.purpose as PersonalDataPurpose,
    correlationId: (row.correlation_id as string | null) ?? null,
    records: Number(row.records),
    erased: row.erased === true || row.erased === 't',
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/** Wrapped per-person data keys, the 身份证号 fingerprint index, and the personal-data access log. */
export class VaultKeyStore {
  constructor(private readonly sql: VaultSqlClient) {}

  /** Creates the tables if they do not exist; safe to run at every start. */
  async migrate(): Promise<void> {
    await this.sql.query(MIGRATION);
  }

  /**
   * Stores a new person's wrapped key and, if given, their fingerprint — in one statement, so a
   * duplicate fingerprint leaves nothing behind.
   * @returns false if the fingerprint already belongs to someone (nothing was written).
   */
  async insertPerson(input: { personRef: string; wrappedKey: string; keyVersion: number; createdAt: Date; fingerprint?: string }): Promise<boolean> {
    const params = [input.personRef, input.wrappedKey, input.keyVersion, input.createdAt.toISOString()];
    if (input.fingerprint === undefined) {
      await this.sql.query(
        'INSERT INTO vault_person_keys (person_ref, wrapped_key, key_version, created_at) VALUES ($1, $2, $3, $4)',
        params,
      );
      return true;
    }
    try {
      await this.sql.query(
        `WITH person AS (
           INSERT INTO vault_person_keys (person_ref, wrapped_key, key_version, created_at) VALUES ($1, $2, $3, $4)
           RETURNING person_ref)
         INSERT INTO vault_person_index (fingerprint, person_ref) SELECT $5, person_ref FROM person`,
        [...params, input.fingerprint],
      );
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async get(personRef: string): Promise<PersonKeyRow | null> {
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM vault_person_keys WHERE person_ref = $1`, [personRef]);
    return rows.length === 0 ? null : toRow(rows[0]);
  }

  /** The rows of these persons (those that exist), in one statement. */
  async getMany(personRefs: readonly string[]): Promise<PersonKeyRow[]> {
    if (personRefs.length === 0) return [];
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM vault_person_keys WHERE person_ref = ANY($1::uuid[])`, [[...personRefs]]);
    return rows.map(toRow);
  }

  async findByFingerprint(fingerprint: string): Promise<string | null> {
    const { rows } = await this.sql.query('SELECT person_ref FROM vault_person_index WHERE fingerprint = $1', [fingerprint]);
    return rows.length === 0 ? null : (rows[0].person_ref as string);
  }

  /** The 身份证号 fingerprints of these persons (those registered with one and not erased), in one statement. */
  async fingerprintsOf(personRefs: readonly string[]): Promise<Map<string, string>> {
    if (personRefs.length === 0) return new Map();
    const { rows } = await this.sql.query('SELECT person_ref, fingerprint FROM vault_person_index WHERE person_ref = ANY($1::uuid[])', [[...personRefs]]);
    return new Map(rows.map((row) => [String(row.person_ref), String(row.fingerprint)]));
  }

  /** Any one live wrapped key, to check at start-up that the configured master key is the right one. */
  /**
   * Up to `limit` wrapped data keys not wrapped by the master key `kekId` (format `v1.<kekId>.…`):
   * what a master-key rotation still has to re-wrap.
   */
  async wrappedKeysNotUnder(kekId: string, limit: number): Promise<{ personRef: string; wrappedKey: string; keyVersion: number }[]> {
    const { rows } = await this.sql.query(
      `SELECT person_ref, wrapped_key, key_version FROM vault_person_keys
        WHERE wrapped_key IS NOT NULL AND split_part(wrapped_key, '.', 2) <> $1
        ORDER BY person_ref LIMIT $2`,
      [kekId, limit],
    );
    return rows.map((row) => ({ personRef: String(row.person_ref), wrappedKey: row.wrapped_key as string, keyVersion: Number(row.key_version) }));
  }

  /** Counts wrapped data keys per master key id (destroyed keys are not counted). */
  async wrappedKeyCounts(): Promise<Record<string, number>> {
    const { rows } = await this.sql.query(
      `SELECT split_part(wrapped_key, '.', 2) AS kek, count(*) AS n FROM vault_person_keys WHERE wrapped_key IS NOT NULL GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((row) => [String(row.kek), Number(row.n)]));
  }

  /**
   * Replaces one wrapped key if it is still `from` (compare and set): a key destroyed or re-wrapped
   * meanwhile is left alone. @returns whether it was replaced.
   */
  async replaceWrappedKey(personRef: string, from: string, to: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      'UPDATE vault_person_keys SET wrapped_key = $3 WHERE person_ref = $1 AND wrapped_key = $2 RETURNING person_ref',
      [personRef, from, to],
    );
    return rows.length === 1;
  }

  async anyWrappedKey(): Promise<string | null> {
    const { rows } = await this.sql.query('SELECT wrapped_key FROM vault_person_keys WHERE wrapped_key IS NOT NULL LIMIT 1');
    return rows.length === 0 ? null : (rows[0].wrapped_key as string);
  }

  /**
   * Erases the wrapped key and the fingerprint and records who, when and why — one statement.
   * @returns the row after destruction, `alreadyDestroyed` when an earlier call did it; null if unknown.
   *
   * PostgreSQL keeps the overwritten value in dead tuples until VACUUM and in WAL and backups until
   * they expire; the wrapped key is useless without the master key, and shredding is complete once
   * those age out (the retention of backups bounds it).
   */
  async destroy(personRef: string, record: KeyDestructionRecord): Promise<{ row: PersonKeyRow; alreadyDestroyed: boolean } | null> {
    const { rows } = await this.sql.query(
      `WITH destroyed AS (
         UPDATE vault_person_keys
            SET wrapped_key = NULL, destroyed_at = $2, destroyed_by = $3::jsonb, destroy_reason = $4
          WHERE person_ref = $1 AND destroyed_at IS NULL
         RETURNING ${COLUMNS}),
       unindexed AS (
         DELETE FROM vault_person_index WHERE person_ref IN (SELECT person_ref FROM destroyed))
       SELECT ${COLUMNS} FROM destroyed`,
      [personRef, record.destroyedAt.toISOString(), JSON.stringify(record.destroyedBy), record.reason],
    );
    if (rows.length > 0) return { row: toRow(rows[0]), alreadyDestroyed: false };
    const existing = await this.get(personRef);
    return existing ? { row: existing, alreadyDestroyed: true } : null;
  }

  /**
   * Appends reads to the access log, chained, in one statement (`vault_append_access`). Nothing is
   * written for an empty list.
   */
  async appendAccess(entries: readonly NewAccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const payload = entries.map((entry) => ({
      accessedAt: entry.accessedAt,
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      actorDivision: entry.actor.divisionCode,
      personRef: entry.personRef.toLowerCase(),
      purpose: entry.purpose,
      correlationId: entry.correlationId,
      records: entry.records,
      erased: entry.erased,
      contentHash: accessContentHash(entry),
    }));
    await this.sql.query('SELECT vault_append_access($1::jsonb)', [JSON.stringify(payload)]);
  }

  /** A page of the access log, newest first (keyset on seq): only the filters given are applied. */
  async listAccess(query: {
    personRef?: string;
    actorId?: string;
    actorDivisionWithin?: string;
    from?: Date;
    to?: Date;
    afterSeq: string | null;
    limit: number;
  }): Promise<AccessLogPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.personRef !== undefined) add((p) => `person_ref = ${p}::uuid`, query.personRef);
    if (query.actorId !== undefined) add((p) => `actor_id = ${p}`, query.actorId);
    if (query.actorDivisionWithin !== undefined) add((p) => `actor_division LIKE ${p}`, `${divisionPrefix(query.actorDivisionWithin)}%`);
    if (query.from !== undefined) add((p) => `accessed_at >= ${p}::timestamptz`, query.from.toISOString());
    if (query.to !== undefined) add((p) => `accessed_at < ${p}::timestamptz`, query.to.toISOString());
    if (query.afterSeq !== null) add((p) => `seq < ${p}::bigint`, query.afterSeq);
    params.push(query.limit + 1);
    const { rows } = await this.sql.query(
      `SELECT ${ACCESS_COLUMNS} FROM vault_access_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit).map(toAccessEntry);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].seq : null };
  }

  /** Recomputes every row's hash and link, in pages of `pageSize` by seq; reports the first broken row. */
  async verifyAccess(pageSize = 1000): Promise<AccessLogVerdict> {
    let prev = ACCESS_LOG_GENESIS;
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await this.sql.query(`SELECT ${ACCESS_COLUMNS} FROM vault_access_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2`, [after, pageSize]);
      for (const row of rows.map(toAccessEntry)) {
        if (row.prevHash !== prev) return { ok: false, rows: count, brokenAt: row.seq, reason: 'prevHash' };
        if (accessChainHash(row.prevHash, accessContentHash(row)) !== row.hash) return { ok: false, rows: count, brokenAt: row.seq, reason: 'hash' };
        prev = row.hash;
        after = row.seq;
        count += 1;
      }
      if (rows.length < pageSize) return { ok: true, rows: count, head: prev };
    }
  }
}
