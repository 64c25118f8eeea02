import { decodeIntegrationEvent } from '../contracts/codec';
import type { IntegrationEvent } from '../contracts/integration-events';
import type { MessageHeaders, TransportMessage } from '../contracts/transport-message';
import type { SqlDatabase, SqlSession } from '@benefits/sql';
import type { MessagingMetrics } from '../metrics';
import type { DeadLetterSink } from './dead-letters';
import { DeliveryContext } from './delivery-context';
import { errorLogFields, messageLogFields, messagingLog } from '../observability/messaging-log';
import { withConsumerSpan } from '../observability/trace-context';

export type IntegrationEventHandler = (event: IntegrationEvent, context: DeliveryContext) => Promise<void>;

export type DeliveryOutcome =
  /** The handler ran and committed. */
  | 'handled'
  /** The inbox already had this eventId: nothing happened. */
  | 'duplicate'
  /** No handler for this type in this consumer: deliberately ignored. */
  | 'ignored'
  /** An earlier message of the same case is parked: this one waits behind it. */
  | 'held'
  /** Failed every attempt: dead-lettered and parked; the case's later messages will wait. */
  | 'parked'
  /** Malformed (no `type` or `eventId` header): dead-lettered at once; no handler could ever take it. */
  | 'rejected';

export interface DeliveryPipelineOptions {
  /** Names the inbox and the parked messages of this consumer (e.g. "eligibility"). */
  consumer: string;
  db: SqlDatabase;
  /** The handler for an integration event type, or null when this consumer does not handle it. */
  handlerFor(type: string): IntegrationEventHandler | null;
  deadLetters: DeadLetterSink;
  /** Attempts before a message is dead-lettered and parked (default 3). */
  maxAttempts?: number;
  /** Delay before attempt n+1 (default 50 ms · 2^(n-1)). */
  retryDelayMs?: (attempt: number) => number;
  onError?: (error: unknown, message: TransportMessage, attempt: number) => void;
  onDelivered?: (message: TransportMessage, outcome: DeliveryOutcome) => void;
  /** Outcomes, durations and failed attempts (the service's metrics). */
  metrics?: Pick<MessagingMetrics, 'delivered' | 'attemptFailed'>;
}

export interface ParkedRow {
  park_id: string;
  case_key: string;
  event_id: string;
  topic: string;
  type: string;
  value: Buffer;
  headers: MessageHeaders;
  status: 'failed' | 'waiting';
  attempts: number;
  error: string | null;
}

/**
 * What happens to one integration message in a consumer, whatever the transport:
 *
 * 0. no `type` or `eventId` header → dead-lettered at once (`rejected`), never silently skipped;
 * 1. no handler → ignored (a consumer subscribes to whole topics and handles some types);
 * 2. the case has a parked message → this one is parked behind it (`waiting`), in order;
 * 3. otherwise, up to `maxAttempts` times: in one transaction, insert (consumer, eventId) into the
 *    inbox — a conflict means it was handled before and nothing more happens — then decode and run
 *    the handler with that transaction, so the side effect and the inbox row commit together;
 * 4. after the last failed attempt → `<topic>.dlt` with the error in headers, then parked as
 *    `failed`; the case stays blocked until an operator retries or resolves it (ParkedMessages).
 *
 * The transport commits its offset (or checkpoint) after `deliver` resolves. If `deliver` throws
 * (the database itself is unreachable) nothing is committed and the transport redelivers.
 */
export class DeliveryPipeline {
  readonly consumer: string;
  private readonly maxAttempts: number;

  constructor(private readonly options: DeliveryPipelineOptions) {
    this.consumer = options.consumer;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  async deliver(message: TransportMessage): Promise<DeliveryOutcome> {
    const started = performance.now();
    // Messages this consumer has a handler for run under a consumer span (ignored ones stay out of traces).
    const handles = Boolean(message.headers.type && this.options.handlerFor(message.headers.type));
    const outcome = handles ? await withConsumerSpan(this.consumer, message, async () => this.logged(message, await this.decide(message))) : await this.decide(message);
    this.options.metrics?.delivered(this.consumer, message.topic, outcome, (performance.now() - started) / 1000);
    this.options.onDelivered?.(message, outcome);
    return outcome;
  }

  /** One debug line per message handled (or duplicate, held, parked), inside its span: it carries the trace id. */
  private logged(message: TransportMessage, outcome: DeliveryOutcome): DeliveryOutcome {
    messagingLog().debug({ consumer: this.consumer, ...messageLogFields(message), outcome }, `integration event ${outcome}`);
    return outcome;
  }

  private async decide(message: TransportMessage): Promise<DeliveryOutcome> {
    if (!message.headers.type || !message.headers.eventId) {
      await this.options.deadLetters.deadLetter(message, new MalformedMessageError(), 0);
      messagingLog().warn({ consumer: this.consumer, ...messageLogFields(message) }, 'integration message rejected: no type or eventId header');
      return 'rejected';
    }
    const handler = this.options.handlerFor(message.headers.type);
    if (!handler) return 'ignored';
    const held = await this.withCaseLock(message.key, async (session) => {
      const open = await session.query(
        `SELECT 1 FROM messaging.parked WHERE consumer = $1 AND case_key = $2 AND status IN ('failed', 'waiting') LIMIT 1`,
        [this.consumer, message.key],
      );
      if (open.length === 0) return false;
      await this.insertParked(session, message, 'waiting', 0, null);
      return true;
    });
    if (held) return 'held';
    const result = await this.attempt(message, handler);
    if (result.ok) return result.outcome;
    await this.options.deadLetters.deadLetter(message, result.error, this.maxAttempts);
    await this.withCaseLock(message.key, (session) => this.insertParked(session, message, 'failed', this.maxAttempts, result.error));
    messagingLog().error({ consumer: this.consumer, ...messageLogFields(message), attempts: this.maxAttempts, ...errorLogFields(result.error) }, 'integration event parked');
    return 'parked';
  }

  /** Runs the handler up to maxAttempts times; used for live messages and for replays of parked ones. */
  async attempt(
    message: TransportMessage,
    handler: IntegrationEventHandler | null = this.options.handlerFor(message.headers.type),
    attempts = this.maxAttempts,
  ): Promise<{ ok: true; outcome: 'handled' | 'duplicate' | 'ignored' } | { ok: false; error: unknown }> {
    if (!handler) return { ok: true, outcome: 'ignored' };
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const outcome = await this.options.db.transaction(async (session) => {
          const inserted = await session.query(
            `INSERT INTO messaging.inbox (consumer, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
            [this.consumer, message.headers.eventId, message.headers.type],
          );
          if (inserted.length === 0) return 'duplicate' as const;
          const event = decodeIntegrationEvent(message.headers.type, message.value);
          await handler(event, new DeliveryContext(session, message.headers.eventId, attempt, this.consumer));
          return 'handled' as const;
        });
        return { ok: true, outcome };
      } catch (error) {
        lastError = error;
        this.options.onError?.(error, message, attempt);
        messagingLog().debug({ consumer: this.consumer, ...messageLogFields(message), attempt, ...errorLogFields(error) }, 'integration event handler failed');
        this.options.metrics?.attemptFailed(this.consumer, message.topic, attempt, attempt === attempts);
        if (attempt < attempts) await sleep(this.options.retryDelayMs?.(attempt) ?? 50 * 2 ** (attempt - 1));
      }
    }
    return { ok: false, error: lastError };
  }

  /** Serialises parking decisions per (consumer, case) between live delivery and replays. */
  async withCaseLock<T>(caseKey: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.options.db.transaction(async (session) => {
      await session.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [this.consumer, caseKey]);
      return work(session);
    });
  }

  async insertParked(session: SqlSession, message: TransportMessage, status: 'failed' | 'waiting', attempts: number, error: unknown): Promise<void> {
    await session.query(
      `INSERT INTO messaging.parked (consumer, case_key, event_id, topic, type, value, headers, status, attempts, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (consumer, event_id) DO NOTHING`,
      [
        this.consumer,
        message.key,
        message.headers.eventId,
        message.topic,
        message.headers.type,
        Buffer.from(message.value),
        JSON.stringify(message.headers),
        status,
        attempts,
        error === null ? null : describeError(error),
      ],
    );
  }

  get db(): SqlDatabase {
    return this.options.db;
  }

  get deadLetters(): DeadLetterSink {
    return this.options.deadLetters;
  }

  get attemptsPerMessage(): number {
    return this.maxAttempts;
  }
}

export class MalformedMessageError extends Error {
  readonly code = 'MALFORMED_INTEGRATION_MESSAGE';
  constructor() {
    super('integration message without a type or eventId header');
    this.name = 'MalformedMessageError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
