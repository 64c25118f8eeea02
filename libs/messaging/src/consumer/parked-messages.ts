import type { MessageHeaders, TransportMessage } from '../contracts/transport-message';
import { describeError, type DeliveryPipeline, type ParkedRow } from './delivery-pipeline';

export interface ParkedMessage {
  parkId: string;
  consumer: string;
  caseKey: string;
  eventId: string;
  topic: string;
  type: string;
  /** `failed`: gave up after its attempts, blocks its case. `waiting`: a later message of that case. */
  status: 'failed' | 'waiting';
  attempts: number;
  error: string | null;
  parkedAt: string;
}

export interface SettleResult {
  /** Messages of the case that were replayed successfully (the retried one included). */
  replayed: number;
  /** The case's new blocking message if a replay failed again, else null (the case flows again). */
  blockedBy: ParkedMessage | null;
}

export class ParkedMessageError extends Error {
  readonly code = 'PARKED_MESSAGE_NOT_FOUND';
  constructor(parkId: string) {
    super(`no blocking parked message ${parkId} in this consumer`);
    this.name = 'ParkedMessageError';
  }
}

/** A parked row as the list query returns it: the pipeline's row plus who parked it and when. */
interface Row extends ParkedRow {
  consumer: string;
  parked_at: string;
}

const COLUMNS = `park_id::text, consumer, case_key, event_id, topic, type, value, headers, status, attempts, error,
  to_char(parked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS parked_at`;

/**
 * Operator actions on one consumer's parked messages (called by an HTTP endpoint or a CLI):
 * - `list()` — what is blocked and why;
 * - `retry(parkId)` — run the failed message's handler again (after a fix); on success the case's
 *   waiting messages are replayed in order;
 * - `resolve(parkId, note)` — the failed message is settled by hand (e.g. a corrected event was
 *   issued): skip it and replay the waiting ones.
 * A waiting message that fails all its attempts during a replay becomes the case's new blocking
 * message (and goes to the DLT like any other).
 */
export class ParkedMessages {
  constructor(private readonly pipeline: DeliveryPipeline) {}

  async list(): Promise<ParkedMessage[]> {
    const rows = await this.pipeline.db.query<Row>(
      `SELECT ${COLUMNS} FROM messaging.parked WHERE consumer = $1 AND status IN ('failed', 'waiting') ORDER BY park_id`,
      [this.pipeline.consumer],
    );
    return rows.map(toParked);
  }

  /** Open parked messages of this consumer by status (`failed` blocks a case, `waiting` queues behind it), for metrics. */
  async counts(): Promise<{ failed: number; waiting: number }> {
    const rows = await this.pipeline.db.query<{ status: 'failed' | 'waiting'; n: string | number }>(
      `SELECT status, count(*) AS n FROM messaging.parked WHERE consumer = $1 AND status IN ('failed', 'waiting') GROUP BY status`,
      [this.pipeline.consumer],
    );
    const out = { failed: 0, waiting: 0 };
    for (const row of rows) out[row.status] = Number(row.n);
    return out;
  }

  async retry(parkId: string): Promise<SettleResult> {
    const head = await this.blocking(parkId);
    const result = await this.pipeline.attempt(toMessage(head));
    if (!result.ok) {
      await this.pipeline.db.query(`UPDATE messaging.parked SET attempts = attempts + $2, error = $3 WHERE park_id = $1`, [
        parkId,
        this.pipeline.attemptsPerMessage,
        describeError(result.error),
      ]);
      return { replayed: 0, blockedBy: toParked({ ...head, attempts: head.attempts + this.pipeline.attemptsPerMessage, error: describeError(result.error) }) };
    }
    await this.settle(parkId, 'replayed', null);
    const drained = await this.drain(head.case_key);
    return { replayed: 1 + drained.replayed, blockedBy: drained.blockedBy };
  }

  async resolve(parkId: string, note: string): Promise<SettleResult> {
    const head = await this.blocking(parkId);
    await this.settle(parkId, 'resolved', note);
    return this.drain(head.case_key);
  }

  private async blocking(parkId: string): Promise<Row> {
    const rows = await this.pipeline.db.query<Row>(
      `SELECT ${COLUMNS} FROM messaging.parked WHERE park_id = $1 AND consumer = $2 AND status = 'failed'`,
      [parkId, this.pipeline.consumer],
    );
    if (!rows[0]) throw new ParkedMessageError(parkId);
    return rows[0];
  }

  private async settle(parkId: string, status: 'replayed' | 'resolved', note: string | null): Promise<void> {
    await this.pipeline.db.query(`UPDATE messaging.parked SET status = $2, settled_at = now(), settled_note = $3 WHERE park_id = $1`, [parkId, status, note]);
  }

  /**
   * Replays the case's waiting messages in arrival order. The next one is picked under the case
   * lock that live delivery also takes, so a message arriving meanwhile either waits in this queue
   * or — once the queue is empty — flows directly; none is stranded.
   */
  private async drain(caseKey: string): Promise<SettleResult> {
    let replayed = 0;
    for (;;) {
      const next = await this.pipeline.withCaseLock(caseKey, async (session) => {
        const rows = await session.query<Row>(
          `SELECT ${COLUMNS} FROM messaging.parked
           WHERE consumer = $1 AND case_key = $2 AND status IN ('failed', 'waiting') ORDER BY park_id LIMIT 1`,
          [this.pipeline.consumer, caseKey],
        );
        return rows[0] ?? null;
      });
      if (!next) return { replayed, blockedBy: null };
      if (next.status === 'failed') return { replayed, blockedBy: toParked(next) };
      const message = toMessage(next);
      const result = await this.pipeline.attempt(message);
      if (result.ok) {
        await this.settle(next.park_id, 'replayed', null);
        replayed += 1;
        continue;
      }
      await this.pipeline.deadLetters.deadLetter(message, result.error, this.pipeline.attemptsPerMessage);
      await this.pipeline.db.query(`UPDATE messaging.parked SET status = 'failed', attempts = $2, error = $3 WHERE park_id = $1`, [
        next.park_id,
        this.pipeline.attemptsPerMessage,
        describeError(result.error),
      ]);
      return { replayed, blockedBy: toParked({ ...next, status: 'failed', error: describeError(result.error) }) };
    }
  }
}

function toParked(row: Row): ParkedMessage {
  return {
    parkId: row.park_id,
    consumer: row.consumer,
    caseKey: row.case_key,
    eventId: row.event_id,
    topic: row.topic,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    parkedAt: row.parked_at,
  };
}

function toMessage(row: Row): TransportMessage {
  return { topic: row.topic, key: row.case_key, value: new Uint8Array(row.value), headers: row.headers };
}
