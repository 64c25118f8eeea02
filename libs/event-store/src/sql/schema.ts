/**
 * The one SQL of the event store, run unchanged by the PostgreSQL-server and the PGlite adapters.
 *
 * Global order (architecture §7, ADR 0002). A BIGSERIAL `position` is taken at INSERT but becomes
 * visible at COMMIT, so with concurrent writers position 7 can be visible while position 5 is not yet:
 * a reader that remembers "7" and later asks for `> 7` never sees 5 — a lost payment. So every row
 * also records the id of the transaction that wrote it, and readers only read rows written by
 * transactions older than the oldest one still running (`pg_snapshot_xmin(pg_current_snapshot())`).
 * Every such transaction has finished, and any transaction that starts later gets a larger id, so
 * the set of readable rows only ever grows at its end when ordered by (transaction_id, position):
 * a checkpoint in that order never has anything appear behind it. The cost: one long transaction
 * anywhere on the server holds every reader back until it ends (large jobs work in batches).
 *
 * Per-stream order. Appends to one stream take an advisory lock on the stream BEFORE the
 * transaction writes anything, i.e. before it is given a transaction id. The next writer of the
 * stream therefore gets its id after the previous one committed — a larger id — so a stream's
 * revisions appear in the global log in revision order. (Locking the stream with a row lock would
 * assign the id first and leave a window where a later revision sorts before an earlier one.)
 *
 * Tamper evidence. `hashed_text` is exactly the text the event's hash was computed over (kernel
 * `hashInput`); events are read back from it, so a changed byte anywhere in what was hashed shows
 * up when the chain is verified. Rows are never updated or deleted: a trigger refuses it.
 */
export const SCHEMA = 'event_store';

/** Serialises schema creation when several processes start against one server. */
const SCHEMA_LOCK_KEY = 4_817_230_001;

export const CREATE_SCHEMA = `
SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY});

CREATE SCHEMA IF NOT EXISTS ${SCHEMA};

CREATE TABLE IF NOT EXISTS ${SCHEMA}.events (
  position        bigserial   PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL UNIQUE,
  stream_id       text        NOT NULL,
  stream_revision bigint      NOT NULL CHECK (stream_revision >= 0),
  type            text        NOT NULL,
  hashed_text     text        NOT NULL,
  hash            text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_revision)
);

CREATE INDEX IF NOT EXISTS events_log_order ON ${SCHEMA}.events (transaction_id, position);

CREATE OR REPLACE FUNCTION ${SCHEMA}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stored events are never changed: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE OR REPLACE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON ${SCHEMA}.events
  FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.refuse_change();

CREATE OR REPLACE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON ${SCHEMA}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${SCHEMA}.refuse_change();

CREATE TABLE IF NOT EXISTS ${SCHEMA}.checkpoints (
  subscription_id text        PRIMARY KEY,
  position        text        NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
`;

/** Channel on which every append announces itself at commit; subscribers wake on it. */
export const APPENDED_CHANNEL = 'event_store_appended';

/** Formats like Date#toISOString, in SQL, so no driver's date parsing is involved. */
const RECORDED_AT = `to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Read as text: int8 and xid8 exceed 2^53. Queries name the table columns as `e.` because a bare
 * name in ORDER BY would pick these text aliases and sort "10" before "9".
 */
const EVENT_COLUMNS = `e.event_id::text AS event_id, e.transaction_id::text AS transaction_id,
  e.position::text AS position, e.hashed_text, e.hash, ${RECORDED_AT} AS recorded_at`;

export interface EventRow {
  event_id: string;
  transaction_id: string;
  position: string;
  hashed_text: string;
  hash: string;
  recorded_at: string;
}

export const SQL = {
  lockStream: `SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0)) AS locked`,

  streamHead: `SELECT e.stream_revision::text AS revision, e.hash FROM ${SCHEMA}.events e
    WHERE e.stream_id = $1 ORDER BY e.stream_revision DESC LIMIT 1`,

  /**
   * Advisory locks of many streams in one statement, in the order given (callers sort the ids, so
   * two batches over overlapping streams cannot deadlock). The ordered subquery fixes the order the
   * lock calls run in.
   */
  lockStreams: `SELECT count(pg_advisory_xact_lock(hashtextextended(s.id, 0)))::int AS locked
    FROM (SELECT id, n FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n) s`,

  streamHeads: `SELECT DISTINCT ON (e.stream_id) e.stream_id, e.stream_revision::text AS revision, e.hash
    FROM ${SCHEMA}.events e WHERE e.stream_id = ANY($1::text[])
    ORDER BY e.stream_id, e.stream_revision DESC`,

  /** Every row of the call in one statement; positions follow the order of the arrays. */
  insertEvents: `INSERT INTO ${SCHEMA}.events (event_id, stream_id, stream_revision, type, hashed_text, hash)
    SELECT u.event_id, u.stream_id, u.stream_revision, u.type, u.hashed_text, u.hash
    FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::int[])
      AS u(event_id, stream_id, stream_revision, type, hashed_text, hash, n)
    ORDER BY u.n
    RETURNING stream_id, stream_revision::text AS revision, transaction_id::text AS transaction_id, position::text AS position`,

  notifyAppended: `SELECT pg_notify('${APPENDED_CHANNEL}', '') AS notified`,

  /**
   * The stream as known at a position is its longest prefix written at or before it — a prefix,
   * so that a stream read "as of" a position never has a hole.
   */
  readStream: `SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events e
    WHERE e.stream_id = $1 AND e.stream_revision >= $2::bigint
      AND ($3::xid8 IS NULL OR e.stream_revision < COALESCE(
        (SELECT min(later.stream_revision) FROM ${SCHEMA}.events later
          WHERE later.stream_id = $1 AND (later.transaction_id, later.position) > ($3::xid8, $4::bigint)),
        9223372036854775807))
    ORDER BY e.stream_revision
    LIMIT $5::bigint`,

  readAll: `SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events e
    WHERE (e.transaction_id, e.position) > ($1::xid8, $2::bigint)
      AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.transaction_id, e.position
    LIMIT $3::bigint`,

  /** Committed after `$1:$2` but not readable yet: an older transaction is still running. */
  hiddenAfter: `SELECT EXISTS (SELECT 1 FROM ${SCHEMA}.events
    WHERE (transaction_id, position) > ($1::xid8, $2::bigint)) AS hidden`,

  headPosition: `SELECT e.transaction_id::text AS transaction_id, e.position::text AS position
    FROM ${SCHEMA}.events e ORDER BY e.transaction_id DESC, e.position DESC LIMIT 1`,

  loadCheckpoint: `SELECT position FROM ${SCHEMA}.checkpoints WHERE subscription_id = $1`,

  saveCheckpoint: `INSERT INTO ${SCHEMA}.checkpoints (subscription_id, position) VALUES ($1, $2)
    ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
} as const;
