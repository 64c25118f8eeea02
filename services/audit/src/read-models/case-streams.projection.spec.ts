import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { newId, type EventEnvelope } from '@benefits/kernel';
import { ReplicationMapper, decodeIntegrationEvent, type IntegrationEvent } from '@benefits/messaging';
import { createDocumentStore, ReadModels, type DocumentStore, type ReadModelView } from '@benefits/read-store';
import { ensureReplicaSchema, recordReplicatedEvent, ReplicaStore } from '../replica/replica-store';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, caseStreamOf, caseStreamsProjection, type CaseStreamDoc } from './case-streams.projection';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

const meta = { correlationId: 'corr-1' };

async function allDocuments(view: ReadModelView): Promise<CaseStreamDoc[]> {
  const out: CaseStreamDoc[] = [];
  let cursor: string | null = null;
  do {
    const page = await view.collection<CaseStreamDoc>(CASE_STREAMS).find({ limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** A case with its streams as the four services write them, plus streams that belong to no case. */
async function recordCase(store: EventStore, caseId: string): Promise<{ determinationId: string; person: string }> {
  const determinationId = newId();
  const person = newId();
  await store.appendToStream(
    `case-${caseId}`,
    [
      { type: 'tefu.CaseCreated.v1', data: { caseId }, metadata: meta },
      { type: 'tefu.ApplicationSubmitted.v1', data: { caseId }, metadata: meta },
    ],
    { expectedRevision: 'no_stream' },
  );
  await store.appendToStream(`facts-${caseId}`, [{ type: 'tefu.FactsRecorded.v1', data: { caseId }, metadata: meta }], { expectedRevision: 'no_stream' });
  await store.appendToStream(`determination-${caseId}`, [{ type: 'eligibility.EligibilityDetermined.v1', data: { caseId, determinationId }, metadata: meta }], { expectedRevision: 'no_stream' });
  // Eligibility may also record a determination under its own id; data.caseId tells the case.
  await store.appendToStream(`determination-${determinationId}`, [{ type: 'eligibility.EligibilityDetermined.v1', data: { caseId, determinationId }, metadata: meta }], { expectedRevision: 'no_stream' });
  await store.appendToStream(`entitlement-${caseId}`, [{ type: 'disbursement.EntitlementScheduleReceived.v1', data: { determinationId, scheduleVersion: 1 }, metadata: meta }], { expectedRevision: 'no_stream' });
  for (const month of ['2024-08', '2024-09']) {
    await store.appendToStream(
      `payment-${caseId}-${person}-${month}`,
      [
        { type: 'disbursement.PaymentCreated.v1', data: { determinationId }, metadata: meta },
        { type: 'disbursement.PaymentSentToBank.v1', data: {}, metadata: meta },
      ],
      { expectedRevision: 'no_stream' },
    );
  }
  await store.appendToStream(`standard-bps-${caseId}`, [{ type: 'standards.Published.v1', data: { caseId }, metadata: meta }], { expectedRevision: 'no_stream' });
  await store.appendToStream(`paymentrun-tefu-330402-2024-08`, [{ type: 'disbursement.RunStarted.v1', data: {}, metadata: meta }], { expectedRevision: 'any' });
  return { determinationId, person };
}

describe('which streams belong to a case', () => {
  const caseId = newId();
  const other = newId();

  it('takes the case from the stream id, and for a determination from the event it starts with', () => {
    expect(caseStreamOf({ streamId: `case-${caseId}`, data: {} })).toEqual({ caseId, kind: 'case' });
    expect(caseStreamOf({ streamId: `payment-${caseId}-${other}-2024-08-adj2`, data: {} })).toEqual({ caseId, kind: 'payment' });
    expect(caseStreamOf({ streamId: `entitlement-${caseId}`, data: {} })).toEqual({ caseId, kind: 'entitlement' });
    expect(caseStreamOf({ streamId: `determination-${other}`, data: { caseId } })).toEqual({ caseId, kind: 'determination' });
    expect(caseStreamOf({ streamId: `determination-${caseId}`, data: { caseId: 'not a uuid' } })).toEqual({ caseId, kind: 'determination' });
  });

  it('leaves out streams of no case', () => {
    for (const streamId of ['standard-bps-330400', `paymentrun-tefu-330402-2024-08`, `vault-${caseId}`, `case-${caseId}x`, `case-${caseId.toUpperCase()}`]) {
      expect({ streamId, owner: caseStreamOf({ streamId, data: {} }) }).toEqual({ streamId, owner: null });
    }
  });
});

describe('projection audit.case-streams over the event store (embedded)', () => {
  let dir: string;
  let store: EventStore;
  let documents: DocumentStore;
  let readModels: ReadModels;
  const caseId = newId();
  let determinationId: string;
  let person: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-case-streams-'));
    store = await createEventStore({ kind: 'pglite', dataDir: dir });
    ({ determinationId, person } = await recordCase(store, caseId));
    await recordCase(store, newId());
    documents = await createDocumentStore({ kind: 'pglite' });
    readModels = new ReadModels({ store, openReadStore: async () => documents, projections: [caseStreamsProjection()], pollIntervalMs: 20 });
  });

  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every stream of the case once, with its first event's position", async () => {
    const view = await readModels.fresh(CASE_STREAMS_PROJECTION);
    const page = await view.collection<CaseStreamDoc>(CASE_STREAMS).find({ filter: { caseId }, sort: [{ field: 'streamId', direction: 'asc' }] });
    expect(page.items.map((d) => [d.kind, d.streamId])).toEqual(
      [
        ['case', `case-${caseId}`],
        ['determination', `determination-${caseId}`],
        ['determination', `determination-${determinationId}`],
        ['entitlement', `entitlement-${caseId}`],
        ['facts', `facts-${caseId}`],
        ['payment', `payment-${caseId}-${person}-2024-08`],
        ['payment', `payment-${caseId}-${person}-2024-09`],
      ].sort((a, b) => (a[1] < b[1] ? -1 : 1)),
    );
    const [first] = await store.readStream(`payment-${caseId}-${person}-2024-08`);
    expect(page.items.find((d) => d.streamId === first.streamId)).toMatchObject({ firstPosition: first.position, firstRecordedAt: first.recordedAt, firstEventType: first.type });
    // Two cases of seven streams each, and nothing else.
    expect(await allDocuments(view)).toHaveLength(14);
  });

  it('given every event delivered again, the documents are the same', async () => {
    const view = await readModels.fresh(CASE_STREAMS_PROJECTION);
    const before = await allDocuments(view);
    const projection = caseStreamsProjection();
    const everything: EventEnvelope[] = (await store.readAll({ maxCount: 1000 })).events;
    await documents.transaction(async (session) => {
      for (const event of everything) if (projection.handles!(event)) await projection.apply(event, session);
    });
    expect(await allDocuments(await readModels.fresh(CASE_STREAMS_PROJECTION))).toEqual(before);
  });

  it('a rebuild from the log gives the same documents', async () => {
    const before = await allDocuments(await readModels.fresh(CASE_STREAMS_PROJECTION));
    const rebuilt = await readModels.rebuild(CASE_STREAMS_PROJECTION);
    expect(rebuilt.version).toBe(1);
    expect(await allDocuments(await readModels.fresh(CASE_STREAMS_PROJECTION))).toEqual(before);
  });

  it('lists a stream created after the projection had caught up as soon as it is asked for fresh', async () => {
    await readModels.fresh(CASE_STREAMS_PROJECTION);
    const late = `payment-${caseId}-${person}-2024-10`;
    await store.appendToStream(late, [{ type: 'disbursement.PaymentCreated.v1', data: { determinationId }, metadata: meta }], { expectedRevision: 'no_stream' });
    const view = await readModels.fresh(CASE_STREAMS_PROJECTION);
    expect(await view.collection<CaseStreamDoc>(CASE_STREAMS).get(late)).toMatchObject({ caseId, kind: 'payment' });
  });
});

describe('projection audit.case-streams over the audit replica (separate processes)', () => {
  let dir: string;
  let source: EventStore;
  let db: SqlDatabase;
  let replica: ReplicaStore;
  let readModels: ReadModels;
  const caseId = newId();

  const replicate = (event: EventEnvelope) => {
    const message = new ReplicationMapper('disbursement').map(event);
    const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'StoredEvent'>;
    return db.transaction((s) =>
      recordReplicatedEvent(s, {
        eventId: decoded.header!.eventId,
        sourceService: decoded.sourceService,
        sourcePosition: decoded.sourcePosition,
        streamId: decoded.header!.streamId,
        streamRevision: decoded.header!.streamRevision,
        type: decoded.type,
        dataJson: decoded.dataJson,
        metadataJson: decoded.metadataJson,
        recordedAt: decoded.header!.recordedAt,
      }),
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-case-streams-replica-'));
    source = await createEventStore({ kind: 'pglite', dataDir: dir });
    await recordCase(source, caseId);
    db = await openPgliteDatabase();
    await ensureReplicaSchema(db);
    replica = new ReplicaStore(db);
    for (const event of (await source.readAll({ maxCount: 1000 })).events) await replicate(event);
    readModels = new ReadModels({ store: replica, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [caseStreamsProjection()], pollIntervalMs: 20 });
  });

  afterAll(async () => {
    await readModels?.close();
    await db?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the case streams with positions of the replica, and reports itself caught up with the replica head', async () => {
    const view = await readModels.fresh(CASE_STREAMS_PROJECTION);
    const docs = (await view.collection<CaseStreamDoc>(CASE_STREAMS).find({ filter: { caseId } })).items;
    expect(docs.map((d) => d.kind).sort()).toEqual(['case', 'determination', 'determination', 'entitlement', 'facts', 'payment', 'payment']);
    const [payment] = await replica.readStream(docs.find((d) => d.kind === 'payment')!.streamId);
    expect(docs.find((d) => d.streamId === payment.streamId)!.firstPosition).toBe(payment.position);

    const head = await replica.headPosition();
    const [status] = await readModels.status();
    expect(status).toMatchObject({ name: CASE_STREAMS_PROJECTION, position: head, headPosition: head, caughtUp: true, lagSeconds: 0 });
  });

  it('given a replicated event delivered again, neither the replica head nor the documents move', async () => {
    const before = await allDocuments(await readModels.fresh(CASE_STREAMS_PROJECTION));
    const head = await replica.headPosition();
    const [created] = await source.readStream(`case-${caseId}`);
    expect(await replicate(created)).toBe('duplicate');
    expect(await replica.headPosition()).toBe(head);
    expect(await allDocuments(await readModels.fresh(CASE_STREAMS_PROJECTION))).toEqual(before);
  });

  it('the head of an empty replica is the start of the log', async () => {
    const empty = await openPgliteDatabase();
    try {
      expect(await new ReplicaStore(empty).headPosition()).toBe('start');
    } finally {
      await empty.close();
    }
  });
});
