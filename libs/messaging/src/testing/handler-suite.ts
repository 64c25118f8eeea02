import { appendTo, factsEvent, paymentEvent, readLedger, waitFor } from './ledger-handlers';
import type { RunningConsumer, TransportUnderTest } from './transports';

/** What a transport leaves behind, without anything transport- or run-specific (ids, times). */
export interface FinalState {
  /** caseId → topic kind (facts, payment) → handled entries in order. */
  ledger: Record<string, Record<string, string[]>>;
  parked: { caseKey: string; status: string; attempts: number; note: string | null }[];
  inboxRows: number;
}

/**
 * Order is promised per case WITHIN a topic (key = caseId). Facts and payments travel on different
 * topics, so on Kafka a case's payment may be handled between two of its fact snapshots, while the
 * event log delivers in global order; the comparison across transports is per case and per topic.
 */
function perTopicOrder(ledger: Record<string, string[]>): Record<string, Record<string, string[]>> {
  const result: Record<string, Record<string, string[]>> = {};
  for (const [caseId, entries] of Object.entries(ledger)) {
    for (const entry of entries) ((result[caseId] ??= {})[entry.split(':')[0]] ??= []).push(entry);
  }
  return result;
}

async function finalState(transport: TransportUnderTest): Promise<FinalState> {
  const parked = await transport.db.query<{ case_key: string; status: string; attempts: number; settled_note: string | null }>(
    'SELECT case_key, status, attempts, settled_note FROM messaging.parked ORDER BY case_key, park_id',
  );
  const [{ count }] = await transport.db.query<{ count: string | number }>('SELECT count(*) AS count FROM messaging.inbox');
  return {
    ledger: perTopicOrder(await readLedger(transport.db)),
    parked: parked.map((p) => ({ caseKey: p.case_key, status: p.status, attempts: p.attempts, note: p.settled_note })),
    inboxRows: Number(count),
  };
}

/**
 * The handler suite every transport must pass with identical results (architecture §5: handlers
 * never know which transport feeds them). Each test asserts the final state, which is the same
 * whatever the transport.
 */
export function handlerSuite(makeTransport: () => Promise<TransportUnderTest>, onFinished?: (state: FinalState) => void): void {
  let transport: TransportUnderTest;
  let consumer: RunningConsumer;

  beforeAll(async () => {
    transport = await makeTransport();
    consumer = await transport.startConsumer();
  });
  afterAll(async () => {
    if (transport && onFinished) onFinished(await finalState(transport));
    await transport?.close();
  });

  const ledgerOf = async (caseId: string): Promise<string[]> => (await readLedger(transport.db))[caseId] ?? [];
  const ledgerHas = (caseId: string, count: number) => async () => (await ledgerOf(caseId)).length >= count;

  it('delivers each case’s events once and in order; unhandled types are ignored, private events never leave', async () => {
    for (let revision = 0; revision < 5; revision += 1) {
      for (const caseId of ['a1', 'a2', 'a3']) await appendTo(transport.store, caseId, [factsEvent(caseId, revision)]);
    }
    await appendTo(transport.store, 'a1', [
      paymentEvent('a1', 98000),
      { type: 'dibao.EntitlementScheduleIssued.v1', data: { caseId: 'a1', scheduleId: 's-1' }, metadata: { correlationId: 'c' } },
      { type: 'dibao.HouseholdVisitRecorded.v1', data: { caseId: 'a1' }, metadata: { correlationId: 'c' } },
    ]);
    await waitFor('three cases of five snapshots and a payment', async () => (await ledgerOf('a1')).length === 6 && (await ledgerOf('a3')).length === 5);
    await waitFor('the unhandled schedule', () => consumer.outcomes.ignored >= 1);
    const ledger = await readLedger(transport.db);
    for (const caseId of ['a2', 'a3']) expect(ledger[caseId]).toEqual(['facts:0', 'facts:1', 'facts:2', 'facts:3', 'facts:4']);
    expect(ledger.a1.filter((e) => e.startsWith('facts'))).toEqual(['facts:0', 'facts:1', 'facts:2', 'facts:3', 'facts:4']);
    expect(ledger.a1).toContain('payment:98000');
    expect(consumer.outcomes.ignored).toBe(1);
  });

  it('leaves the state of a single delivery when every message is delivered a second time', async () => {
    const before = await readLedger(transport.db);
    const [{ count: inboxBefore }] = await transport.db.query<{ count: string }>('SELECT count(*) FROM messaging.inbox');
    const replay = await transport.startConsumer({ fresh: true });
    await waitFor('every message redelivered', () => replay.outcomes.duplicate >= 16);
    await replay.stop();
    expect(replay.outcomes.handled).toBe(0);
    expect(replay.outcomes.duplicate).toBe(16);
    expect(await readLedger(transport.db)).toEqual(before);
    const [{ count: inboxAfter }] = await transport.db.query<{ count: string }>('SELECT count(*) FROM messaging.inbox');
    expect(inboxAfter).toBe(inboxBefore);
  });

  it('dead-letters a poison message after N tries and parks its case’s later events while other cases flow', async () => {
    await appendTo(transport.store, 'p1', [factsEvent('p1', 0)]);
    await appendTo(transport.store, 'p1', [factsEvent('p1', 1, { poison: true })]);
    await appendTo(transport.store, 'ok', [factsEvent('ok', 0)]);
    await appendTo(transport.store, 'p1', [factsEvent('p1', 2), factsEvent('p1', 3)]);
    await appendTo(transport.store, 'ok', [factsEvent('ok', 1), factsEvent('ok', 2)]);

    await waitFor('the healthy case', ledgerHas('ok', 3));
    const parked = await waitFor('the poisoned case parked with its two later events', async () => {
      const list = await consumer.server.parked.list();
      return list.length === 3 ? list : undefined;
    });
    expect(parked.map((p) => [p.caseKey, p.status])).toEqual([
      ['p1', 'failed'],
      ['p1', 'waiting'],
      ['p1', 'waiting'],
    ]);
    expect(parked[0].error).toMatch(/poisoned fact snapshot p1@1/);
    expect(parked[0].attempts).toBe(3);
    expect(transport.probe.attempts.get(parked[0].eventId)).toBe(3);
    expect(await ledgerOf('p1')).toEqual(['facts:0']);
    expect(await ledgerOf('ok')).toEqual(['facts:0', 'facts:1', 'facts:2']);

    const dead = await transport.deadLettered(1);
    expect(dead.map((d) => d.eventId)).toEqual([parked[0].eventId]);
    expect(dead[0].headers).toMatchObject({ errorName: 'Error', attempts: '3', type: 'benefits.integration.v1.CaseFactsSnapshotted' });
    expect(dead[0].headers.errorMessage).toMatch(/poisoned fact snapshot p1@1/);

    // Still failing: a retry without a fix keeps the case blocked.
    const stillFailing = await consumer.server.parked.retry(parked[0].parkId);
    expect(stillFailing.replayed).toBe(0);
    expect(stillFailing.blockedBy?.eventId).toBe(parked[0].eventId);

    // After the fix, a retry replays the parked event and then the ones waiting behind it, in order.
    transport.probe.fixed.add('p1:1');
    const settled = await consumer.server.parked.retry(parked[0].parkId);
    expect(settled).toEqual({ replayed: 3, blockedBy: null });
    expect(await ledgerOf('p1')).toEqual(['facts:0', 'facts:1', 'facts:2', 'facts:3']);
    expect(await consumer.server.parked.list()).toEqual([]);

    // The case flows directly again.
    await appendTo(transport.store, 'p1', [factsEvent('p1', 4)]);
    await waitFor('the next event of the released case', ledgerHas('p1', 5));
  });

  it('lets an operator resolve a parked message by hand: it is skipped and the case continues', async () => {
    await appendTo(transport.store, 'q1', [factsEvent('q1', 0, { poison: true }), factsEvent('q1', 1)]);
    const parked = await waitFor('q1 parked', async () => {
      const list = (await consumer.server.parked.list()).filter((p) => p.caseKey === 'q1');
      return list.length === 2 ? list : undefined;
    });
    await expect(consumer.server.parked.resolve(parked[1].parkId, 'not the blocking one')).rejects.toMatchObject({ code: 'PARKED_MESSAGE_NOT_FOUND' });
    expect(await consumer.server.parked.resolve(parked[0].parkId, 'superseded by a corrected snapshot')).toEqual({ replayed: 1, blockedBy: null });
    expect(await ledgerOf('q1')).toEqual(['facts:1']);
    const [row] = await transport.db.query<{ status: string; settled_note: string }>('SELECT status, settled_note FROM messaging.parked WHERE park_id = $1', [parked[0].parkId]);
    expect(row).toEqual({ status: 'resolved', settled_note: 'superseded by a corrected snapshot' });
  });

  it('keeps its place across a restart: nothing lost, nothing applied twice', async () => {
    await consumer.stop();
    await appendTo(transport.store, 'r1', [factsEvent('r1', 0), factsEvent('r1', 1)]);
    consumer = await transport.startConsumer();
    await waitFor('events appended while the consumer was down', ledgerHas('r1', 2));
    expect(await ledgerOf('r1')).toEqual(['facts:0', 'facts:1']);
    expect(consumer.outcomes.handled).toBe(2);
  });
}
