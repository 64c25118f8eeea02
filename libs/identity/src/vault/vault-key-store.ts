import type { Actor } from '../actor';

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

/** Wrapped per-person data keys and the 身份证号 fingerprint index, in two tables. */
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
}
