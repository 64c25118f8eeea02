import type { EventStore, LogPositionOrStart } from '@benefits/event-store';
import type { EventMapper } from '../contracts/mapper';
import type { MessagingMetrics } from '../metrics';
import type { TransportMessage } from '../contracts/transport-message';
import type { CheckpointStore } from './checkpoint-store';
import type { MessagePublisher } from './kafka-publisher';
import { startPublishSpans } from '../observability/trace-context';

export interface OutboxForwarderOptions {
  /** Names the checkpoint: one forwarder per id at a time. */
  forwarderId: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  mapper: EventMapper;
  publisher: MessagePublisher;
  /** Events read (and published in one send) per step; default 100. */
  batchSize?: number;
  /** Wait when the log has nothing new; default 200 ms. */
  pollIntervalMs?: number;
  /** Back-off after a failed publish or read: doubles from `initial` up to `max` (default 100 ms → 5 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Every failure is reported here; the forwarder itself keeps retrying. */
  onError?: (error: unknown) => void;
  /** After each acknowledged batch (tests observe progress through it). */
  onPublished?: (messages: readonly TransportMessage[], position: LogPositionOrStart) => void;
  /** Forwarded batches and their lag (the service's metrics). */
  metrics?: Pick<MessagingMetrics, 'forwarded'>;
}

/**
 * The outbox forwarder: the event store's global log is the outbox. It reads after its durable
 * checkpoint, maps each domain event to its integration message (private events are skipped) and
 * publishes the batch; only once the broker acknowledged all of it does the checkpoint move to the
 * batch's end — so the checkpoint only ever covers a contiguous acknowledged prefix of the log.
 *
 * A failed publish is retried, whole and in order, with back-off, for as long as it takes (a broker
 * outage stalls the forwarder, it never skips). Parts that were acknowledged before the failure are
 * sent again: delivery is at-least-once, consumers deduplicate by eventId. One case's events never
 * overtake each other: batches go one at a time, each in log order, with one request in flight.
 * A crash loses at most the unacknowledged batch's progress, which is re-read after restart.
 */
export class OutboxForwarder {
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private position: LogPositionOrStart = 'start';
  private loaded = false;

  constructor(private readonly options: OutboxForwarderOptions) {}

  get id(): string {
    return this.options.forwarderId;
  }

  get checkpoint(): LogPositionOrStart {
    return this.position;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run();
  }

  /** Ends after the batch in hand (which is then re-sent on the next start if unacknowledged). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Publishes everything up to the current head and returns (for CLIs and tests). */
  async drain(): Promise<void> {
    this.position = (await this.retrying(() => this.options.checkpoints.load(this.options.forwarderId))) ?? 'start';
    while (!this.stopping && (await this.step())) {
      // until a page comes back empty
    }
  }

  private async run(): Promise<void> {
    const loaded = await this.retrying(() => this.options.checkpoints.load(this.options.forwarderId));
    if (loaded === undefined) return;
    this.position = loaded ?? 'start';
    this.loaded = true;
    while (!this.stopping) {
      const progressed = await this.step();
      if (!progressed && !this.stopping) await this.sleep(this.options.pollIntervalMs ?? 200);
    }
  }

  /** One batch; false when the log had nothing new (or the forwarder is stopping). */
  private async step(): Promise<boolean> {
    const { store, mapper, publisher, checkpoints, forwarderId } = this.options;
    const page = await this.retrying(() => store.readAll({ after: this.position, maxCount: this.options.batchSize ?? 100 }));
    if (!page || page.events.length === 0) return false;
    const messages = await this.retrying(async () => page.events.map((e) => mapper.map(e)).filter((m): m is TransportMessage => m !== null));
    if (!messages) return false;
    // Producer spans for messages that carry a trace context (no-ops with tracing off).
    const spans = startPublishSpans(forwarderId, messages);
    const published = await this.retrying(async () => {
      await publisher.publish(spans.messages);
      return true;
    });
    spans.end();
    if (!published) return false;
    const saved = await this.retrying(async () => {
      await checkpoints.save(forwarderId, page.continueAfter);
      return true;
    });
    if (!saved) return false;
    this.position = page.continueAfter;
    this.options.metrics?.forwarded(forwarderId, messages.length, page.events.map((e) => e.recordedAt));
    this.options.onPublished?.(messages, this.position);
    return true;
  }

  /**
   * Events in the log after the checkpoint (the outbox backlog), counted up to `cap`: one read of at
   * most `cap` events, for a metrics scrape. Null before the checkpoint has been loaded.
   */
  async backlog(cap = 1000): Promise<number | null> {
    if (!this.loaded) return null;
    const page = await this.options.store.readAll({ after: this.position, maxCount: cap });
    return page.events.length;
  }

  /** Runs `work` until it succeeds, backing off; undefined when stopped first. */
  private async retrying<T>(work: () => Promise<T>): Promise<T | undefined> {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let delay = initialMs;
    while (!this.stopping) {
      try {
        return await work();
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
      }
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
