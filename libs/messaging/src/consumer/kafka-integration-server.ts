import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { headersFromKafka } from '../contracts/transport-message';
import { KafkaPublisher } from '../forwarder/kafka-publisher';
import { ensureMessagingSchema } from '../sql/schema';
import type { PartitionLag } from '../metrics';
import { KafkaDeadLetterSink } from './dead-letters';
import { IntegrationEventServer, type ConsumerOptions } from './integration-event-server';

export interface KafkaIntegrationServerOptions extends ConsumerOptions {
  brokers: string[];
  clientId?: string;
  /** Consumer group; default the consumer name. */
  groupId?: string;
  topics: string[];
  /** ≥ 3000 ms on the mock cluster (default 6000). */
  sessionTimeout?: number;
  /** Long-poll wait (default 100 ms, as the mock cluster needs). */
  maxWaitTimeInMs?: number;
  /**
   * Partitions processed in parallel by this member (default 1). Each partition stays sequential,
   * and parking decisions take a per-case lock, so raising it keeps per-case order.
   */
  partitionsConsumedConcurrently?: number;
}

/**
 * A thin Nest custom transport over a kafkajs consumer, chosen over the built-in ServerKafka
 * because ServerKafka (a) hands handlers a KafkaContext and JSON-deserialises by default, (b) lets a
 * throwing handler block its partition with endless kafkajs retries, and (c) has no place to decide,
 * before a handler runs, that a case is parked. Here every message goes through the
 * DeliveryPipeline; the offset is committed only after the pipeline finished with the message
 * (handled, duplicate, ignored, held or parked), so a crash redelivers instead of losing.
 * Each partition is processed in offset order: one case's events stay in order.
 */
export class KafkaIntegrationServer extends IntegrationEventServer {
  private kafkaConsumer: Consumer | null = null;
  private deadLetterPublisher: KafkaPublisher | null = null;
  /** Offset lag per `topic|partition` after the last batch processed (kafkajs END_BATCH_PROCESS). */
  private readonly offsetLag = new Map<string, PartitionLag>();

  constructor(private readonly options: KafkaIntegrationServerOptions) {
    super(options);
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { brokers, consumer, topics } = this.options;
    await ensureMessagingSchema(this.options.db);
    const clientId = this.options.clientId ?? `${consumer}-consumer`;
    this.deadLetterPublisher = new KafkaPublisher({ brokers, clientId: `${clientId}-dlt` });
    const pipeline = this.createPipeline(new KafkaDeadLetterSink(this.deadLetterPublisher, consumer));
    const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2000 } });
    const sessionTimeout = this.options.sessionTimeout ?? 6000;
    const kafkaConsumer = kafka.consumer({
      groupId: this.options.groupId ?? consumer,
      sessionTimeout,
      heartbeatInterval: Math.floor(sessionTimeout / 3),
      rebalanceTimeout: sessionTimeout * 2,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 100,
      allowAutoTopicCreation: true,
    });
    this.kafkaConsumer = kafkaConsumer;
    kafkaConsumer.on(kafkaConsumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const messages = Math.max(0, Number(payload.offsetLag));
      if (Number.isFinite(messages)) this.offsetLag.set(`${payload.topic}|${payload.partition}`, { topic: payload.topic, partition: payload.partition, messages });
    });
    await kafkaConsumer.connect();
    await kafkaConsumer.subscribe({ topics, fromBeginning: true });
    await kafkaConsumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: async ({ topic, partition, message }) => {
        const producedAt = Number(message.timestamp);
        this.options.metrics?.received(consumer, topic, partition, Number.isFinite(producedAt) && producedAt > 0 ? Math.max(0, (Date.now() - producedAt) / 1000) : null);
        await pipeline.deliver({
          topic,
          key: message.key?.toString('utf8') ?? '',
          value: message.value ? new Uint8Array(message.value) : new Uint8Array(),
          headers: headersFromKafka(message.headers),
        });
        await kafkaConsumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  /** Offset lag per partition as of each partition's last processed batch (none before the first). */
  override async lag(): Promise<PartitionLag[]> {
    return [...this.offsetLag.values()];
  }

  /** Stops fetching and waits for the message in hand; the caller closes the database afterwards. */
  async close(): Promise<void> {
    await this.kafkaConsumer?.disconnect().catch(() => undefined);
    this.kafkaConsumer = null;
    await this.deadLetterPublisher?.close();
    this.deadLetterPublisher = null;
  }

  unwrap<T>(): T {
    return this.kafkaConsumer as T;
  }
}
