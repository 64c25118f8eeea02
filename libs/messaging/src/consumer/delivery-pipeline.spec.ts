import { createTestDatabase } from '@benefits/testing';
import { IntegrationEventMapper } from '../contracts/mapper';
import type { TransportMessage } from '../contracts/transport-message';
import { ensureMessagingSchema } from '../sql/schema';
import { openPostgresDatabase, type SqlDatabase } from '@benefits/sql';
import type { DeadLetterSink } from './dead-letters';
import { DeliveryPipeline, type IntegrationEventHandler } from './delivery-pipeline';
import { ParkedMessages } from './parked-messages';
import type { MessagingMetrics } from '../metrics';

function message(caseId: string, revision: number): TransportMessage {
  return new IntegrationEventMapper().map({
    eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    type: 'dibao.CaseFactsSnapshotted.v1',
    streamId: `case-${caseId}`,
    streamRevision: revision,
    position: 'p',
    recordedAt: '2025-03-01T00:00:00.000Z',
    data: { caseRevision: revision, facts: {} },
    metadata: { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1, prevHash: '', hash: '' },
  })!;
}

describe('delivery pipeline', () => {
  let db: SqlDatabase;
  const dead: { eventId: string; error: unknown }[] = [];
  const sink: DeadLetterSink = { deadLetter: async (m, error) => void dead.push({ eventId: m.headers.eventId, error }) };
  beforeAll(async () => {
    db = openPostgresDatabase(await createTestDatabase('pipeline'));
    await ensureMessagingSchema(db);
  });
  afterAll(() => db?.close());

  it('recovers from a transient failure within its attempts: handled once, nothing dead-lettered', async () => {
    let calls = 0;
    const flaky: IntegrationEventHandler = async () => {
      calls += 1;
      if (calls < 3) throw new Error('connection reset');
    };
    const pipeline = new DeliveryPipeline({ consumer: 'transient', db, deadLetters: sink, handlerFor: () => flaky, maxAttempts: 3, retryDelayMs: () => 1 });
    expect(await pipeline.deliver(message('t1', 0))).toBe('handled');
    expect(calls).toBe(3);
    expect(await pipeline.deliver(message('t1', 0))).toBe('duplicate');
    expect(calls).toBe(3);
    expect(dead).toEqual([]);
  });

  it('reports outcomes, durations and failed attempts to its metrics; parked counts by status', async () => {
    const seen: string[] = [];
    const metrics: Pick<MessagingMetrics, 'delivered' | 'attemptFailed'> = {
      delivered: (consumer, _topic, outcome, seconds) => void seen.push(`${consumer} ${outcome} ${seconds >= 0}`),
      attemptFailed: (consumer, _topic, attempt, final) => void seen.push(`${consumer} attempt ${attempt}${final ? ' final' : ''}`),
    };
    const failing: IntegrationEventHandler = async () => {
      throw new Error('always');
    };
    const ownSink: DeadLetterSink = { deadLetter: async () => undefined };
    const pipeline = new DeliveryPipeline({ consumer: 'metered', db, deadLetters: ownSink, handlerFor: () => failing, maxAttempts: 2, retryDelayMs: () => 1, metrics });
    expect(await pipeline.deliver(message('mt1', 0))).toBe('parked');
    expect(await pipeline.deliver(message('mt1', 1))).toBe('held');
    expect(seen).toEqual(['metered attempt 1', 'metered attempt 2 final', 'metered parked true', 'metered held true']);
    expect(await new ParkedMessages(pipeline).counts()).toEqual({ failed: 1, waiting: 1 });
  });

  it('dead-letters a message without type or eventId at once instead of skipping it', async () => {
    const handler: IntegrationEventHandler = async () => undefined;
    const pipeline = new DeliveryPipeline({ consumer: 'malformed', db, deadLetters: sink, handlerFor: () => handler });
    const bad = message('m1', 1);
    expect(await pipeline.deliver({ ...bad, headers: { ...bad.headers, eventId: '' } })).toBe('rejected');
    expect(await pipeline.deliver({ ...bad, headers: { ...bad.headers, type: '' } })).toBe('rejected');
    expect(dead).toHaveLength(2);
    expect(String(dead[0].error)).toMatch(/without a type or eventId/);
    expect(await db.query(`SELECT 1 FROM messaging.inbox WHERE consumer = 'malformed'`)).toEqual([]);
  });
});
