import type { EventStore, Subscription } from '@benefits/event-store';
import type { IntegrationEventMapper } from '../contracts/mapper';
import { agesInSeconds, type PartitionLag } from '../metrics';
import { ensureMessagingSchema } from '../sql/schema';
import { NO_DEAD_LETTER_TOPIC, type DeadLetterSink } from './dead-letters';
import { IntegrationEventServer, type ConsumerOptions } from './integration-event-server';
import { errorLogFields, messagingLog } from '../observability/messaging-log';

export interface EventLogServerOptions extends ConsumerOptions {
  /** The store all services share in embedded mode. */
  store: EventStore;
  /** The same mapper the forwarder uses, so handlers see byte-identical messages. */
  mapper: IntegrationEventMapper;
  /** Topics this consumer takes (as on Kafka); default every topic the mapper produces. */
  topics?: string[];
  /** Default: none — the parked table is the record (there is no broker). */
  deadLetters?: DeadLetterSink;
  /** The store subscription's checkpoint name; default `integration-consumer:<consumer>`. */
  subscriptionId?: string;
  /** Fallback poll interval of the store subscription (default 200 ms). */
  pollIntervalMs?: number;
  /** Wait before resubscribing after the database failed (default 500 ms). */
  restartDelayMs?: number;
}

/**
 * The embedded-mode transport: no broker. A catch-up subscription on the shared store's global log
 * (durable checkpoint per consumer, in the store) maps each domain event with the forwarder's mapper,
 * encodes it with the same codec, and feeds the DeliveryPipeline — the same handlers, inbox,
 * retry and parking as on Kafka. The checkpoint moves past an event only after the pipeline is done
 * with it, so nothing is lost across restarts; a redelivered event is a no-op through the inbox.
 */
export class EventLogServer extends IntegrationEventServer {
  private subscription: Subscription | null = null;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: EventLogServerOptions) {
    super(options);
  }

  static subscriptionIdOf(consumer: string): string {
    return `integration-consumer:${consumer}`;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await ensureMessagingSchema(this.options.db);
      this.createPipeline(this.options.deadLetters ?? NO_DEAD_LETTER_TOPIC);
      await this.subscribe();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async subscribe(): Promise<void> {
    const pipeline = this.pipeline!;
    const topics = new Set(this.options.topics ?? this.options.mapper.topics());
    this.subscription = await this.options.store.subscribeToAll({
      subscriptionId: this.options.subscriptionId ?? EventLogServer.subscriptionIdOf(this.options.consumer),
      pollIntervalMs: this.options.pollIntervalMs ?? 200,
      handler: async (event) => {
        const message = this.options.mapper.map(event);
        if (!message || !topics.has(message.topic)) return;
        this.options.metrics?.received(this.options.consumer, message.topic, 0, agesInSeconds([event.recordedAt])[0] ?? null);
        await pipeline.deliver(message);
      },
      onError: (error) => {
        this.options.onError?.(error);
        messagingLog().error({ consumer: this.options.consumer, ...errorLogFields(error) }, 'event-log consumer failed; resubscribing');
        if (this.closing) return;
        // The subscription ended at the failed event (its checkpoint is before it): start over.
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          if (!this.closing) this.subscribe().catch((e) => this.options.onError?.(e));
        }, this.options.restartDelayMs ?? 500);
      },
    });
  }

  /**
   * The log has one partition (0): per topic, the integration messages after this consumer's
   * checkpoint, counted over at most `cap` log events (a metrics scrape reads no more than that).
   */
  override async lag(cap = 1000): Promise<PartitionLag[]> {
    const subscription = this.subscription;
    if (!subscription) return [];
    const topics = this.options.topics ?? this.options.mapper.topics();
    const counts = new Map<string, number>(topics.map((topic) => [topic, 0]));
    const page = await this.options.store.readAll({ after: subscription.position, maxCount: cap });
    for (const event of page.events) {
      let topic: string | undefined;
      try {
        topic = this.options.mapper.map(event)?.topic;
      } catch {
        continue; // an unmappable event is the pipeline's to report, not the lag's
      }
      if (topic !== undefined && counts.has(topic)) counts.set(topic, counts.get(topic)! + 1);
    }
    return [...counts].map(([topic, messages]) => ({ topic, partition: 0, messages }));
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop().catch(() => undefined);
    this.subscription = null;
  }

  unwrap<T>(): T {
    return this.subscription as T;
  }
}
