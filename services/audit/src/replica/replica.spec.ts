import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, InvalidPositionError, type EventStore } from '@benefits/event-store';
import { verifyChain, type EventEnvelope } from '@benefits/kernel';
import { decodeIntegrationEvent, ReplicationMapper, type IntegrationEvent } from '@benefits/messaging';
import { createTestDatabase } from '@benefits/testing';
import { ensureReplicaSchema, recordReplicatedEvent, ReplicaDivergenceError, ReplicaStore, type ReplicatedEvent } from './replica-store';
import { openPgliteDatabase, openPostgresDatabase, type SqlDatabase } from '@benefits/sql';

const caseId = '01900000-0000-7000-8000-0000000000a1';

/** What the audit consumer does with a replicated message: decode, then record it. */
function replicated(event: EventEnvelope, source = 'applications'): ReplicatedEvent {
  const message = new ReplicationMapper(source).map(event);
  const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'StoredEvent'>;
  expect(message.key).toBe(event.streamId);
  return {
    eventId: decoded.header!.eventId,
    sourceService: decoded.sourceService,
    sourcePosition: decoded.sourcePosition,
    streamId: decoded.header!.streamId,
    streamRevision: decoded.header!.streamRevision,
    type: decoded.type,
    dataJson: decoded.dataJson,
    metadataJson: decoded.metadataJson,
    recordedAt: decoded.header!.recordedAt,
  };
}

describe.each([
  ['PostgreSQL', async () => openPostgresDatabase(await createTestDatabase('replica'))],
  ['PGlite', () => openPgliteDatabase()],
])('audit replica on %s', (_name, open: () => Promise<SqlDatabase> | SqlDatabase) => {
  let source: EventStore;
  let db: SqlDatabase;
  let replica: ReplicaStore;
  let recorded: EventEnvelope[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replica-source-'));
    source = await createEventStore({ kind: 'pglite', dataDir: dir });
    await source.appendToStream(
      `case-${caseId}`,
      [
        { type: 'tefu.CaseCreated.v1', data: { caseId, divisionCode: '330402', note: '示例' }, metadata: { correlationId: 'c1', actor: { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' } } },
        { type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: '2024-08-05' }, metadata: { correlationId: 'c1', causationId: 'cmd-2' } },
        { type: 'tefu.CaseApproved.v1', data: { caseId, amountFen: 100_000 }, metadata: { correlationId: 'c2' } },
      ],
      { expectedRevision: 'no_stream' },
    );
    recorded = await source.readStream(`case-${caseId}`);
    db = await open();
    await ensureReplicaSchema(db);
    replica = new ReplicaStore(db);
  });

  afterAll(async () => {
    await db?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the replicated events, the stream reads back as recorded and its original hash chain verifies', async () => {
    for (const event of recorded) expect(await db.transaction((s) => recordReplicatedEvent(s, replicated(event)))).toBe('recorded');
    const copy = await replica.readStream(`case-${caseId}`);
    expect(copy.map(({ position: _p, ...rest }) => rest)).toEqual(recorded.map(({ position: _p, ...rest }) => rest));
    expect(verifyChain(copy)).toEqual(verifyChain(recorded));
    expect(verifyChain(copy).ok).toBe(true);
  });

  it('given an event delivered again, nothing changes; a different event at an occupied revision is refused', async () => {
    expect(await db.transaction((s) => recordReplicatedEvent(s, replicated(recorded[1])))).toBe('duplicate');
    const forged = { ...replicated(recorded[1]), eventId: '01900000-0000-7000-8000-0000000000ff', dataJson: '{"caseId":"x"}' };
    await expect(db.transaction((s) => recordReplicatedEvent(s, forged))).rejects.toBeInstanceOf(ReplicaDivergenceError);
    expect(await replica.readStream(`case-${caseId}`)).toHaveLength(3);
  });

  it('reads the log in replica order with pages, and a stream as known at a replica position', async () => {
    const first = await replica.readAll({ maxCount: 2 });
    expect(first.events.map((e) => e.streamRevision)).toEqual([0, 1]);
    const second = await replica.readAll({ after: first.continueAfter, maxCount: 2 });
    expect(second.events.map((e) => e.streamRevision)).toEqual([2]);
    const empty = await replica.readAll({ after: second.continueAfter, maxCount: 2 });
    expect(empty).toEqual({ events: [], continueAfter: second.continueAfter });
    expect(await replica.readStream(`case-${caseId}`, { toPosition: first.continueAfter as string })).toHaveLength(2);
    await expect(replica.readStream(`case-${caseId}`, { toPosition: 'nonsense' })).rejects.toBeInstanceOf(InvalidPositionError);
  });

  it('shows only the contiguous prefix of a stream whose later revision arrived first', async () => {
    const other = `case-01900000-0000-7000-8000-0000000000b2`;
    await source.appendToStream(other, [
      { type: 'x.A.v1', data: { n: 1 }, metadata: { correlationId: 'c' } },
      { type: 'x.B.v1', data: { n: 2 }, metadata: { correlationId: 'c' } },
    ], { expectedRevision: 'no_stream' });
    const [a, b] = await source.readStream(other);
    await db.transaction((s) => recordReplicatedEvent(s, replicated(b)));
    expect(await replica.readStream(other)).toEqual([]);
    await db.transaction((s) => recordReplicatedEvent(s, replicated(a)));
    expect((await replica.readStream(other)).map((e) => e.type)).toEqual(['x.A.v1', 'x.B.v1']);
  });
});

describe('replication keys', () => {
  it('uses the stream id as the Kafka key, and a hash for anything that is not a plain identifier', async () => {
    const { replicationKey, caseIdOfStream } = await import('@benefits/messaging');
    expect(replicationKey(`payment-${caseId}-p-2024-09`)).toBe(`payment-${caseId}-p-2024-09`);
    expect(replicationKey('standard-嘉兴')).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(replicationKey('vault-110101199003070012')).toMatch(/^sha256:/);
    expect(caseIdOfStream(`determination-${caseId}`)).toBe(caseId);
    expect(caseIdOfStream('standard-bps-330400')).toBe('');
  });
});

describe('audit replica positions under concurrent writers (PostgreSQL)', () => {
  let db: SqlDatabase;
  let replica: ReplicaStore;

  beforeAll(async () => {
    db = await openPostgresDatabase(await createTestDatabase('replica_order'));
    await ensureReplicaSchema(db);
    replica = new ReplicaStore(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  const event = (n: number): ReplicatedEvent => ({
    eventId: `01900000-0000-7000-8000-00000000c${String(n).padStart(3, '0')}`,
    sourceService: 'disbursement',
    sourcePosition: String(n),
    streamId: `payment-${caseId}-p-2024-${String(n).padStart(2, '0')}`,
    streamRevision: 0,
    type: 'disbursement.PaymentCreated.v1',
    dataJson: '{}',
    metadataJson: '{}',
    recordedAt: '2024-08-01T00:00:00.000Z',
  });

  it('a follower of the log never moves past a position that a slower writer fills in later', async () => {
    // Writer A draws its position first and holds its transaction open; writer B starts after it.
    let releaseA!: () => void;
    const aHolds = new Promise<void>((resolve) => (releaseA = resolve));
    let aRecorded!: () => void;
    const aHasRecorded = new Promise<void>((resolve) => (aRecorded = resolve));
    const a = db.transaction(async (s) => {
      await recordReplicatedEvent(s, event(1));
      aRecorded();
      await aHolds;
    });
    await aHasRecorded;
    const b = db.transaction((s) => recordReplicatedEvent(s, event(2)));
    await new Promise((r) => setTimeout(r, 300));

    // A follower reading now, as a projection runner does, and keeping its checkpoint.
    const early = await replica.readAll({ maxCount: 100 });
    const seen = early.events.map((e) => e.streamId);

    releaseA();
    await Promise.all([a, b]);
    const later = await replica.readAll({ after: early.continueAfter, maxCount: 100 });
    seen.push(...later.events.map((e) => e.streamId));
    expect(seen.sort()).toEqual([event(1).streamId, event(2).streamId].sort());
  });
});
