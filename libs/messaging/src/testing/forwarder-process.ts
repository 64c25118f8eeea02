/**
 * An outbox forwarder in its own process, for the crash test. Environment: FORWARDER_STORE_URL,
 * FORWARDER_DB_URL, FORWARDER_BROKERS, FORWARDER_TOPIC_PREFIX, and FORWARDER_CRASH_MID_BATCH=1 to
 * publish the first half of the first batch, announce `HALF` on stdout and hang until killed.
 * Exits when its stdin closes, so it never outlives the test.
 */
import { createEventStore } from '@benefits/event-store';
import type { TransportMessage } from '../contracts/transport-message';
import { IntegrationEventMapper } from '../contracts/mapper';
import { SqlCheckpointStore } from '../forwarder/checkpoint-store';
import { KafkaPublisher, type MessagePublisher } from '../forwarder/kafka-publisher';
import { OutboxForwarder } from '../forwarder/outbox-forwarder';
import { ensureMessagingSchema } from '../sql/schema';
import { openPostgresDatabase } from '@benefits/sql';

async function main(): Promise<void> {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const store = await createEventStore({ kind: 'postgres', url: env('FORWARDER_STORE_URL') });
  const db = openPostgresDatabase(env('FORWARDER_DB_URL'));
  await ensureMessagingSchema(db);
  const kafka = new KafkaPublisher({ brokers: env('FORWARDER_BROKERS').split(','), clientId: 'forwarder-process' });
  const crash = process.env.FORWARDER_CRASH_MID_BATCH === '1';
  const publisher: MessagePublisher = crash
    ? {
        async publish(messages: readonly TransportMessage[]) {
          await kafka.publish(messages.slice(0, Math.ceil(messages.length / 2)));
          process.stdout.write('HALF\n');
          await new Promise(() => undefined);
        },
        close: () => kafka.close(),
      }
    : kafka;
  const forwarder = new OutboxForwarder({
    forwarderId: 'crash-test-forwarder',
    store,
    checkpoints: new SqlCheckpointStore(db),
    mapper: new IntegrationEventMapper({ topicPrefix: env('FORWARDER_TOPIC_PREFIX') }),
    publisher,
    batchSize: 40,
    pollIntervalMs: 50,
    onPublished: (messages) => process.stdout.write(`BATCH ${messages.length}\n`),
  });
  forwarder.start();
  process.stdout.write('STARTED\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
