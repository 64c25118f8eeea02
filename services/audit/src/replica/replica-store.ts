import {
  InvalidPositionError,
  START,
  type EventStore,
  type LogPositionOrStart,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
} from '@benefits/event-store';
import type { EventEnvelope, EventMetadata } from '@benefits/kernel';
import type { SqlDatabase, SqlSession } from '@benefits/sql';

/**
 * What audit reads: the shared event store (embedded) or the replica (separate processes). Request
 * paths read streams by id; `readAll` and `headPosition` are for the projection runner following it.
 */
export type AuditSource = Pick<EventStore, 'readStream' | 'readAll' | 'headPosition'>;

/**
 * The audit replica: every service's recorded events, as received on `benefits.replication`, in
 * the audit service's own database. Events keep their eventId, stream, revision, recorded time,
 * data and metadata (with the original hash chain); the log position is the replica's own
 * sequence — "as known at" means as known to audit.
 */
const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS audit_replica;
CREATE TABLE IF NOT EXISTS audit_replica.events (
  seq bigserial PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  source_service text NOT NULL,
  source_position text NOT NULL,
  stream_id text NOT NULL,
  stream_revision integer NOT NULL,
  type text NOT NULL,
  data_json text NOT NULL,
  metadata_json text NOT NULL,
  recorded_at text NOT NULL,
  replicated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_revision)
);
`;

export async function ensureReplicaSchema(db: Pick<SqlDatabase, 'query'>): Promise<void> {
  await db.query(SCHEMA);
}

export interface ReplicatedEvent {
  eventId: string;
  sourceService: string;
  sourcePosition: string;
  streamId: string;
  streamRevision: number;
  type: string;
  dataJson: string;
  metadataJson: string;
  recordedAt: string;
}

export class ReplicaDivergenceError extends Error {
  readonly code = 'REPLICA_DIVERGENCE';
  constructor(streamId: string, streamRevision: number) {
    super(`副本分歧：${streamId}@${streamRevision} 已有另一事件 / replica divergence: another event is already at ${streamId}@${streamRevision}`);
    this.name = 'ReplicaDivergenceError';
  }
}

/** Taken by every replica write until its transaction ends; see recordReplicatedEvent. */
const WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('audit_replica.events'))`;

/**
 * Records one replicated event in the caller's transaction. The same event again changes nothing;
 * a different event at an occupied stream revision is refused (the sources' streams are append-only,
 * so that can only be a fault worth an operator's look).
 *
 * Writers take one transaction-scoped lock before drawing a `seq`, so sequence numbers become
 * visible in order: with two writers in flight (two consumer instances, or partitions consumed
 * concurrently) a bigserial could otherwise commit 8 before 7, and a projection that has moved past
 * 8 would never see 7 — a payment missing from a case history for good.
 */
export async function recordReplicatedEvent(session: SqlSession, event: ReplicatedEvent): Promise<'recorded' | 'duplicate'> {
  await session.query(WRITE_LOCK);
  const inserted = await session.query<{ seq: string }>(
    `INSERT INTO audit_replica.events (event_id, source_service, source_position, stream_id, stream_revision, type, data_json, metadata_json, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING seq`,
    [event.eventId, event.sourceService, event.sourcePosition, event.streamId, event.streamRevision, event.type, event.dataJson, event.metadataJson, event.recordedAt],
  );
  if (inserted.length === 1) return 'recorded';
  const existing = await session.query<{ event_id: string }>(
    'SELECT event_id FROM audit_replica.events WHERE (stream_id = $1 AND stream_revision = $2) OR event_id = $3',
    [event.streamId, event.streamRevision, event.eventId],
  );
  if (existing.length === 1 && existing[0].event_id === event.eventId) return 'duplicate';
  throw new ReplicaDivergenceError(event.streamId, event.streamRevision);
}

interface Row {
  seq: string;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  data_json: string;
  metadata_json: string;
  recorded_at: string;
}

const COLUMNS = 'seq::text AS seq, event_id, stream_id, stream_revision, type, data_json, metadata_json, recorded_at';

function toEnvelope(row: Row): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    position: row.seq,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data_json) as unknown,
    metadata: JSON.parse(row.metadata_json) as EventMetadata,
  };
}

function parsePosition(position: string): string {
  if (!/^[1-9]\d{0,18}$/.test(position)) throw new InvalidPositionError(position);
  return position;
}

/** The replica read like an event store (the part audit reads). */
export class ReplicaStore implements AuditSource {
  private ready: Promise<void> | null = null;

  constructor(private readonly db: SqlDatabase) {}

  private ensure(): Promise<void> {
    this.ready ??= ensureReplicaSchema(this.db).catch((error) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    await this.ensure();
    const params: unknown[] = [streamId, options.fromRevision ?? 0];
    let sql = `SELECT ${COLUMNS} FROM audit_replica.events WHERE stream_id = $1 AND stream_revision >= $2`;
    if (options.toPosition !== undefined) {
      params.push(parsePosition(options.toPosition));
      sql += ` AND seq <= $${params.length}::bigint`;
    }
    sql += ' ORDER BY stream_revision';
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      sql += ` LIMIT $${params.length}`;
    }
    const rows = await this.db.query<Row>(sql, params);
    // Only the contiguous prefix: a replica that has revision 5 but not yet 4 shows up to 3.
    const events: EventEnvelope[] = [];
    for (const row of rows) {
      if (Number(row.stream_revision) !== (options.fromRevision ?? 0) + events.length) break;
      events.push(toEnvelope(row));
    }
    return events;
  }

  /** The replica's last recorded position: lets read-model status tell how far behind a projection is. */
  async headPosition(): Promise<LogPositionOrStart> {
    await this.ensure();
    const rows = await this.db.query<{ head: string | null }>('SELECT max(seq)::text AS head FROM audit_replica.events');
    return rows[0]?.head ?? START;
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    await this.ensure();
    const after = options.after === undefined || options.after === START ? '0' : parsePosition(options.after);
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM audit_replica.events WHERE seq > $1::bigint ORDER BY seq LIMIT $2`, [after, options.maxCount]);
    const events = rows.map(toEnvelope);
    return { events, continueAfter: events.length === 0 ? (options.after ?? START) : events[events.length - 1].position };
  }
}
