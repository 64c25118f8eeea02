import type { SqlDatabase } from '@benefits/sql';

/**
 * Tables of the messaging layer, in the consuming (or forwarding) service's own database:
 * - `checkpoints`: how far each forwarder has published the global log;
 * - `inbox`: one row per (consumer, eventId) handled, written in the handler's transaction;
 * - `parked`: messages a consumer gave up on (`failed`, one per case at most) and the same case's
 *   later messages held behind them (`waiting`), until an operator retries or resolves.
 */
const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS messaging;
CREATE TABLE IF NOT EXISTS messaging.checkpoints (
  checkpoint_id text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS messaging.inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE IF NOT EXISTS messaging.parked (
  park_id bigserial PRIMARY KEY,
  consumer text NOT NULL,
  case_key text NOT NULL,
  event_id text NOT NULL,
  topic text NOT NULL,
  type text NOT NULL,
  value bytea NOT NULL,
  headers jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('failed', 'waiting', 'replayed', 'resolved')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  parked_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  settled_note text,
  UNIQUE (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS parked_open ON messaging.parked (consumer, case_key, park_id) WHERE status IN ('failed', 'waiting');
`;

/** Idempotent; concurrent callers are serialised (CREATE … IF NOT EXISTS alone can race). */
export async function ensureMessagingSchema(db: SqlDatabase): Promise<void> {
  await db.transaction(async (session) => {
    await session.query(`SELECT pg_advisory_xact_lock(hashtext('benefits.messaging.schema'))`);
    await session.query(SCHEMA);
  });
}
