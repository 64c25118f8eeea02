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
 * Per-stream order. An append takes an advisory lock on each of its streams BEFORE the
 * transaction writes anything, i.e. before it is given a transaction id. The next writer of the
 * stream therefore gets its id after the previous one committed — a larger id — so a stream's
 * revisions appear in the global log in revision order. (Locking the stream with a row lock would
 * assign the id first and leave a window where a later revision sorts before an earlier one.)
 *
 * One statement per append. The hash chain is computed in the application (RFC 8785 canonical JSON
 * is not something to re-implement in SQL), so an append needs the stream's head hash before it can
 * build its rows. `append_batch` below therefore takes the rows already chained on the head the
 * caller *assumes* (none for `no_stream`, or one the store remembered or read without a lock), and
 * in one statement locks, reads the real heads, checks expectations and assumptions, and inserts —
 * or, if a head moved under the assumption, writes nothing and returns the real heads for one
 * retry. Called outside an explicit transaction the whole append is one round trip.
 *
 * Tamper evidence. `hashed_text` is exactly the text the event's hash was computed over (kernel
 * `hashInput`); events are read back from it, so a changed byte anywhere in what was hashed shows
 * up when the chain is verified. Rows are never updated or deleted: a trigger refuses it.
 */
export const SCHEMA = 'event_store';

/** Channel on which every append announces itself at commit; subscribers wake on it. */
export const APPENDED_CHANNEL = 'event_store_appended';

/**
 * How `append_batch` is told what the writer expects of a stream: a revision ≥ 0, or one of these.
 * (An exact revision can never be negative, so the codes cannot be mistaken for one.)
 */
export const EXPECT_CODE = { no_stream: -1, any: -2, stream_exists: -3 } as const;

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

/*
 * append_batch: the whole of an append — one stream or many — as one statement.
 *
 * p_streams (distinct) with, per stream, the expectation (EXPECT_CODE or a revision) and the head
 * the caller chained its rows on (revision -1 / hash NULL: none). p_skip_existing: a stream that
 * must not exist but does is reported 'existed' and its rows are left out (createIfAbsent) instead
 * of refusing the batch. The p_event_* arrays are the chained rows, in the order they are to take
 * positions; p_event_stream_index gives each row's stream as a 1-based index into p_streams.
 *
 * Returns 'conflict' and 'moved' rows (then nothing was written; revision and hash are the stream's
 * real head), or else an 'appended' row per stream written (revision, transaction id and position
 * of its last row) and an 'existed' row per stream skipped. Streams checked but without rows in
 * this call (a later statement of the same transaction writes them) are not reported.
 *
 * Locks come first, by sorted key, before anything is written — so before the transaction has an id
 * (see "Per-stream order" above) — and in one global order, so two batches over overlapping
 * streams never deadlock. The function is VOLATILE: under READ COMMITTED each statement in it takes
 * a new snapshot, so the heads are read after the locks and see every earlier holder's commit.
 * Every step is linear in the batch: rows find their stream's verdict by index, never by comparing
 * stream ids against a list.
 */
CREATE OR REPLACE FUNCTION ${SCHEMA}.append_batch(
  p_streams            text[],
  p_expected           bigint[],
  p_assumed_revision   bigint[],
  p_assumed_hash       text[],
  p_skip_existing      boolean,
  p_event_ids          uuid[],
  p_event_streams      text[],
  p_event_stream_index int[],
  p_revisions          bigint[],
  p_types              text[],
  p_hashed_texts       text[],
  p_hashes             text[]
) RETURNS TABLE (out_stream text, out_verdict text, out_revision text, out_hash text, out_transaction_id text, out_position text)
LANGUAGE plpgsql VOLATILE
-- Its statements are planned once per connection: re-planning them on every call (which the plan
-- cache otherwise keeps doing, since a plan for the actual array sizes always looks cheaper)
-- costs more than the statements themselves for a single append. The generic plans are the ones
-- wanted anyway: an index probe per stream, a sort by input order.
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
  v_key       bigint;
  v_streams   text[];
  v_verdicts  text[];
  v_revisions bigint[];
  v_hashes    text[];
  v_skip      boolean[];
BEGIN
  FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;

  SELECT array_agg(v.id ORDER BY v.n), array_agg(v.verdict ORDER BY v.n), array_agg(v.rev ORDER BY v.n),
         array_agg(v.hash ORDER BY v.n), array_agg(v.verdict = 'existed' ORDER BY v.n)
    INTO v_streams, v_verdicts, v_revisions, v_hashes, v_skip
    FROM (
      SELECT u.n, u.id, h.rev, h.hash,
        CASE
          WHEN NOT (u.expected = ${EXPECT_CODE.any}
                 OR (u.expected = ${EXPECT_CODE.no_stream} AND h.rev IS NULL)
                 OR (u.expected = ${EXPECT_CODE.stream_exists} AND h.rev IS NOT NULL)
                 OR (u.expected >= 0 AND h.rev IS NOT DISTINCT FROM u.expected))
            THEN CASE WHEN p_skip_existing AND u.expected = ${EXPECT_CODE.no_stream} THEN 'existed' ELSE 'conflict' END
          WHEN coalesce(h.rev, -1) <> u.assumed_revision OR (h.rev IS NOT NULL AND h.hash IS DISTINCT FROM u.assumed_hash)
            THEN 'moved'
          ELSE 'ready'
        END AS verdict
      FROM unnest(p_streams, p_expected, p_assumed_revision, p_assumed_hash) WITH ORDINALITY
        AS u(id, expected, assumed_revision, assumed_hash, n)
      LEFT JOIN LATERAL (
        SELECT e.stream_revision AS rev, e.hash FROM ${SCHEMA}.events e
        WHERE e.stream_id = u.id ORDER BY e.stream_revision DESC LIMIT 1
      ) h ON true
    ) v;

  IF 'conflict' = ANY (v_verdicts) OR 'moved' = ANY (v_verdicts) THEN
    RETURN QUERY SELECT x.id, x.verdict, x.rev::text, x.hash, NULL::text, NULL::text
      FROM unnest(v_streams, v_verdicts, v_revisions, v_hashes) AS x(id, verdict, rev, hash)
      WHERE x.verdict IN ('conflict', 'moved');
    RETURN;
  END IF;

  IF EXISTS (SELECT 1 FROM unnest(p_event_stream_index) AS i WHERE NOT v_skip[i]) THEN
    -- Delivered at commit; PostgreSQL folds repeats within one transaction into one.
    PERFORM pg_notify('${APPENDED_CHANNEL}', '');
  END IF;

  RETURN QUERY
    WITH inserted AS (
      INSERT INTO ${SCHEMA}.events (event_id, stream_id, stream_revision, type, hashed_text, hash)
      SELECT r.event_id, r.stream_id, r.revision, r.type, r.hashed_text, r.hash
        FROM unnest(p_event_ids, p_event_streams, p_event_stream_index, p_revisions, p_types, p_hashed_texts, p_hashes) WITH ORDINALITY
          AS r(event_id, stream_id, stream_index, revision, type, hashed_text, hash, n)
        WHERE NOT v_skip[r.stream_index]
        ORDER BY r.n
      RETURNING events.stream_id, events.stream_revision, events.transaction_id, events.position
    )
    SELECT i.stream_id, 'appended', max(i.stream_revision)::text, NULL::text, i.transaction_id::text, max(i.position)::text
      FROM inserted i GROUP BY i.stream_id, i.transaction_id
    UNION ALL
    SELECT x.id, x.verdict, x.rev::text, x.hash, NULL::text, NULL::text
      FROM unnest(v_streams, v_verdicts, v_revisions, v_hashes) AS x(id, verdict, rev, hash)
      WHERE x.verdict = 'existed';
END
$fn$;

CREATE TABLE IF NOT EXISTS ${SCHEMA}.checkpoints (
  subscription_id text        PRIMARY KEY,
  position        text        NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
`;

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

/** A row of `readRawLog`. */
export interface RawLogRow {
  transaction_id: string;
  position: string;
  stream_id: string;
  stream_revision: string;
  type: string;
  hashed_text: string;
  hash: string;
}

export const SQL = {
  streamHead: `SELECT e.stream_revision::text AS revision, e.hash FROM ${SCHEMA}.events e
    WHERE e.stream_id = $1 ORDER BY e.stream_revision DESC LIMIT 1`,

  /**
   * Heads of many streams without a lock: only an assumption to chain on, which append_batch checks
   * under the lock. One index probe per stream.
   */
  streamHeads: `SELECT u.id AS stream_id, h.revision, h.hash FROM unnest($1::text[]) AS u(id)
    JOIN LATERAL (SELECT e.stream_revision::text AS revision, e.hash FROM ${SCHEMA}.events e
      WHERE e.stream_id = u.id ORDER BY e.stream_revision DESC LIMIT 1) h ON true`,

  appendBatch: `SELECT out_stream AS stream_id, out_verdict AS verdict, out_revision AS revision, out_hash AS hash,
      out_transaction_id AS transaction_id, out_position AS position
    FROM ${SCHEMA}.append_batch($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::boolean,
      $6::uuid[], $7::text[], $8::int[], $9::bigint[], $10::text[], $11::text[], $12::text[])`,

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

  /**
   * The log as stored, for verification: readAll's order and visibility, with the row's own stream
   * columns and the hashed text unparsed (a verifier hashes the text itself; nothing is rebuilt).
   */
  readRawLog: `SELECT e.transaction_id::text AS transaction_id, e.position::text AS position, e.stream_id,
      e.stream_revision::text AS stream_revision, e.type, e.hashed_text, e.hash
    FROM ${SCHEMA}.events e
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
