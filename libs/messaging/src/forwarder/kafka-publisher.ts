import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { headersToKafka, type TransportMessage } from '../contracts/transport-message';

/** Publishes messages; resolves only once every one of them is acknowledged. */
export interface MessagePublisher {
  publish(messages: readonly TransportMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs' own retries of one send before it rejects (default 2; the caller retries beyond). */
  sendRetries?: number;
}

/**
 * A kafkajs producer configured for per-case order: one request in flight per broker connection
 * (a retried request can then never overtake a later one), acks from all in-sync replicas, and no
 * idempotent producer (the mock cluster has none, and we do not claim exactly-once anyway).
 * Messages of one send keep their order within each partition.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(options: KafkaPublisherOptions) {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: options.sendRetries ?? 2, initialRetryTime: 100, maxRetryTime: 1000 },
      connectionTimeout: 3000,
      requestTimeout: 10000,
    });
    this.producer = kafka.producer({
      maxInFlightRequests: 1,
      idempotent: false,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async publish(messages: readonly TransportMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.connected) this.connected = this.producer.connect().catch((error) => {
      this.connected = null;
      throw error;
    });
    await this.connected;
    const byTopic = new Map<string, TransportMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: Buffer.from(m.value), headers: headersToKafka(m.headers) })),
      })),
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
    this.connected = null;
  }
}
