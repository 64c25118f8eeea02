import { createEventStore, type EventStore } from '@benefits/event-store';
import { createTestDatabase } from '@benefits/testing';
import { decodeIntegrationEvent } from '../contracts/codec';
import type { IntegrationEvent } from '../contracts/integration-events';
import { IntegrationEventMapper } from '../contracts/mapper';
import type { TransportMessage } from '../contracts/transport-message';
import { ensureMessagingSchema } from '../sql/schema';
import { openPostgresDatabase, type SqlDatabase } from '@benefits/sql';
import { appendTo, factsEvent, waitFor } from '../testing/ledger-handlers';
import { SqlCheckpointStore } from './checkpoint-store';
import type { MessagePublisher } from './kafka-publisher';
import { OutboxForwarder } from './outbox-forwarder';

/** A broker that is down until `up` is set; records what it acknowledged. */
class FlakyBroker implements MessagePublisher {
  up = false;
  failures = 0;
  readonly acknowledged: TransportMessage[] = [];
  async publish(messages: readonly TransportMessage[]): Promise<void> {
    if (!this.up) {
      this.failures += 1;
      throw new Error('KafkaJSNumberOfRetriesExceeded: broker unreachable');
    }
    this.acknowledged.push(...messages);
  }
  async close(): Promise<void> {}
}

describe('outbox forwarder', () => {
  let store: EventStore;
  let db: SqlDatabase;
  beforeAll(async () => {
    store = await createEventStore({ kind: 'postgres', url: await createTestDatabase('fwd_store') });
    db = openPostgresDatabase(await createTestDatabase('fwd_db'));
    await ensureMessagingSchema(db);
  });
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it('waits out a broker outage without moving its checkpoint, then publishes everything in log order', async () => {
    for (let revision = 0; revision < 3; revision += 1) for (const caseId of ['o1', 'o2']) await appendTo(store, caseId, [factsEvent(caseId, revision)]);
    await appendTo(store, 'o1', [{ type: 'dibao.HouseholdVisitRecorded.v1', data: {}, metadata: { correlationId: 'c' } }]);
    const broker = new FlakyBroker();
    const checkpoints = new SqlCheckpointStore(db);
    const errors: unknown[] = [];
    const forwarded: { forwarderId: string; messages: number; recordedAt: readonly string[] }[] = [];
    const forwarder = new OutboxForwarder({
      metrics: { forwarded: (forwarderId, messages, recordedAt) => void forwarded.push({ forwarderId, messages, recordedAt }) },
      forwarderId: 'outage',
      store,
      checkpoints,
      mapper: new IntegrationEventMapper(),
      publisher: broker,
      batchSize: 4,
      pollIntervalMs: 20,
      backoff: { initialMs: 10, maxMs: 40 },
      onError: (error) => errors.push(error),
    });
    forwarder.start();
    try {
      await waitFor('several failed attempts', () => broker.failures >= 4);
      expect(await checkpoints.load('outage')).toBeNull();
      expect(errors.length).toBeGreaterThanOrEqual(4);
      // The backlog (for metrics): the seven events after the checkpoint, or as many as the cap allows.
      expect(await forwarder.backlog()).toBe(7);
      expect(await forwarder.backlog(5)).toBe(5);
      expect(forwarded).toEqual([]);
      broker.up = true;
      await waitFor('everything published', () => broker.acknowledged.length === 6);
      await waitFor('the checkpoint at the head (past the private event too)', async () => (await checkpoints.load('outage')) === (await store.headPosition()));
      expect(await forwarder.backlog()).toBe(0);
      // Each acknowledged batch reported with the recording times of the events it covered (seven, the private one too).
      expect(forwarded.reduce((n, f) => n + f.messages, 0)).toBe(6);
      expect(forwarded.flatMap((f) => f.recordedAt)).toHaveLength(7);
      expect(new Set(forwarded.map((f) => f.forwarderId))).toEqual(new Set(['outage']));
    } finally {
      await forwarder.stop();
    }
    const seen = broker.acknowledged.map((m) => {
      const event = decodeIntegrationEvent(m.headers.type, m.value) as IntegrationEvent<'CaseFactsSnapshotted'>;
      return `${m.key}:${event.caseRevision}`;
    });
    expect(seen).toEqual(['o1:0', 'o2:0', 'o1:1', 'o2:1', 'o1:2', 'o2:2']);
  });

  it('resumes after its checkpoint when restarted: nothing published twice without a crash', async () => {
    const broker = new FlakyBroker();
    broker.up = true;
    const make = () =>
      new OutboxForwarder({ forwarderId: 'resume', store, checkpoints: new SqlCheckpointStore(db), mapper: new IntegrationEventMapper(), publisher: broker, pollIntervalMs: 20 });
    const first = make();
    await first.drain();
    const published = broker.acknowledged.length;
    expect(published).toBeGreaterThan(0);
    await appendTo(store, 'o3', [factsEvent('o3', 0)]);
    const second = make();
    await second.drain();
    expect(broker.acknowledged.length).toBe(published + 1);
    expect(broker.acknowledged.at(-1)!.key).toBe('o3');
  });

  it('stops promptly even while the broker is down', async () => {
    const broker = new FlakyBroker();
    const forwarder = new OutboxForwarder({ forwarderId: 'stop', store, checkpoints: new SqlCheckpointStore(db), mapper: new IntegrationEventMapper(), publisher: broker, backoff: { initialMs: 5000, maxMs: 5000 } });
    forwarder.start();
    await waitFor('a failed attempt', () => broker.failures >= 1);
    const started = Date.now();
    await forwarder.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
