import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createTestDatabase } from '@benefits/testing';
import { deadLetterTopic } from '../contracts/integration-events';
import { IntegrationEventMapper } from '../contracts/mapper';
import { headersFromKafka, type TransportMessage } from '../contracts/transport-message';
import { errorHeaders, type DeadLetterSink } from '../consumer/dead-letters';
import type { DeliveryOutcome } from '../consumer/delivery-pipeline';
import { EventLogServer } from '../consumer/event-log-server';
import type { IntegrationEventServer } from '../consumer/integration-event-server';
import { KafkaIntegrationServer } from '../consumer/kafka-integration-server';
import { SqlCheckpointStore } from '../forwarder/checkpoint-store';
import { KafkaPublisher } from '../forwarder/kafka-publisher';
import { OutboxForwarder } from '../forwarder/outbox-forwarder';
import { ensureMessagingSchema } from '../sql/schema';
import { openPgliteDatabase, openPostgresDatabase, type SqlDatabase } from '@benefits/sql';
import { LEDGER_SCHEMA, LedgerModule, LedgerProbe } from './ledger-handlers';

export interface DeadLetter {
  eventId: string;
  headers: Record<string, string | undefined>;
}

/** A running consumer (a Nest microservice with one of our transports). */
export class RunningConsumer {
  readonly outcomes: Record<DeliveryOutcome, number> = { handled: 0, duplicate: 0, ignored: 0, held: 0, parked: 0, rejected: 0 };
  app!: INestMicroservice;
  constructor(readonly server: IntegrationEventServer) {}

  get delivered(): number {
    return Object.values(this.outcomes).reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

/**
 * One transport under test, with everything around it: a shared event store (PostgreSQL), a
 * consumer database, and — for Kafka — an outbox forwarder publishing the store to the mock cluster.
 */
export interface TransportUnderTest {
  readonly name: string;
  readonly store: EventStore;
  readonly db: SqlDatabase;
  readonly probe: LedgerProbe;
  /** Starts a consumer; `fresh` gives it a new Kafka group / store subscription, so it receives everything again. */
  startConsumer(options?: { fresh?: boolean }): Promise<RunningConsumer>;
  deadLettered(expected: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

const CONSUMER = 'ledger';
const fastRetry = (): number => 20;

async function startApp(consumer: RunningConsumer, probe: LedgerProbe): Promise<RunningConsumer> {
  consumer.app = await NestFactory.createMicroservice(LedgerModule.with(probe), { strategy: consumer.server, logger: false });
  await consumer.app.listen();
  return consumer;
}

async function common(embedded = false): Promise<{ store: EventStore; db: SqlDatabase; probe: LedgerProbe }> {
  const store = embedded
    ? await createEventStore({ kind: 'pglite', dataDir: mkdtempSync(join(tmpdir(), 'benefits-msg-')) })
    : await createEventStore({ kind: 'postgres', url: await createTestDatabase('msg_store') });
  const db = embedded ? await openPgliteDatabase() : openPostgresDatabase(await createTestDatabase('msg_consumer'));
  await ensureMessagingSchema(db);
  await db.query(LEDGER_SCHEMA);
  return { store, db, probe: new LedgerProbe() };
}

/** The event-log transport over a PostgreSQL server store, or — `embedded` — everything in PGlite. */
export async function eventLogTransport(options: { embedded?: boolean } = {}): Promise<TransportUnderTest> {
  const { store, db, probe } = await common(options.embedded);
  const mapper = new IntegrationEventMapper();
  const dead: DeadLetter[] = [];
  const recordingSink: DeadLetterSink = {
    deadLetter: async (message: TransportMessage, error: unknown, attempts: number) => {
      dead.push({ eventId: message.headers.eventId, headers: { ...message.headers, ...errorHeaders(error, attempts) } });
    },
  };
  const running: RunningConsumer[] = [];
  return {
    name: options.embedded ? 'event log (PGlite)' : 'event log (PostgreSQL)',
    store,
    db,
    probe,
    async startConsumer(options = {}) {
      const consumer: RunningConsumer = new RunningConsumer(
        new EventLogServer({
          consumer: CONSUMER,
          db,
          store,
          mapper,
          deadLetters: recordingSink,
          subscriptionId: options.fresh ? `replay-${randomUUID()}` : undefined,
          retryDelayMs: fastRetry,
          pollIntervalMs: 100,
          onDelivered: (_message, outcome) => (consumer.outcomes[outcome] += 1),
        }),
      );
      running.push(consumer);
      return startApp(consumer, probe);
    },
    async deadLettered() {
      return dead;
    },
    async close() {
      for (const consumer of running) await consumer.stop().catch(() => undefined);
      await store.close();
      await db.close();
    },
  };
}

export async function kafkaTransport(brokers: string[]): Promise<TransportUnderTest> {
  const { store, db, probe } = await common();
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  const mapper = new IntegrationEventMapper({ topicPrefix: prefix });
  const publisher = new KafkaPublisher({ brokers, clientId: 'test-forwarder' });
  const forwarder = new OutboxForwarder({
    forwarderId: 'test-forwarder',
    store,
    checkpoints: new SqlCheckpointStore(db),
    mapper,
    publisher,
    pollIntervalMs: 50,
  });
  forwarder.start();
  const running: RunningConsumer[] = [];
  const kafka = new Kafka({ clientId: 'dlt-reader', brokers, logLevel: logLevel.NOTHING });
  const dltReader = kafka.consumer({ groupId: `dlt-${randomUUID()}`, sessionTimeout: 6000, maxWaitTimeInMs: 100 });
  const dead: DeadLetter[] = [];
  let dltStarted = false;
  return {
    name: 'Kafka (librdkafka mock cluster)',
    store,
    db,
    probe,
    async startConsumer(options = {}) {
      const consumer: RunningConsumer = new RunningConsumer(
        new KafkaIntegrationServer({
          consumer: CONSUMER,
          db,
          brokers,
          topics: mapper.topics(),
          groupId: options.fresh ? `replay-${randomUUID()}` : `${prefix}ledger`,
          retryDelayMs: fastRetry,
          onDelivered: (_message, outcome) => (consumer.outcomes[outcome] += 1),
        }),
      );
      running.push(consumer);
      return startApp(consumer, probe);
    },
    async deadLettered(expected: number) {
      if (!dltStarted) {
        dltStarted = true;
        await dltReader.connect();
        await dltReader.subscribe({ topics: mapper.topics().map(deadLetterTopic), fromBeginning: true });
        await dltReader.run({
          eachMessage: async ({ message }) => {
            const headers = headersFromKafka(message.headers);
            dead.push({ eventId: headers.eventId, headers });
          },
        });
      }
      const deadline = Date.now() + 20_000;
      while (dead.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return dead;
    },
    async close() {
      await forwarder.stop();
      await publisher.close();
      if (dltStarted) await dltReader.disconnect().catch(() => undefined);
      for (const consumer of running) await consumer.stop().catch(() => undefined);
      await store.close();
      await db.close();
    },
  };
}
