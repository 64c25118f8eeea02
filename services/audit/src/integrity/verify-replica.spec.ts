import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { EventEnvelope } from '@benefits/kernel';
import { decodeIntegrationEvent, ReplicationMapper, type IntegrationEvent } from '@benefits/messaging';
import { ensureReplicaSchema, recordReplicatedEvent, ReplicaStore, type ReplicatedEvent } from '../replica/replica-store';
import { verifyLog } from './verify-all';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

/** Separate-process mode: AUDIT_SOURCE is the replica, and verify --all reads it (envelopes, canonical JSON re-hashed). */
const caseId = '01900000-0000-7000-8000-0000000000c3';

function replicated(event: EventEnvelope, source = 'applications'): ReplicatedEvent {
  const message = new ReplicationMapper(source).map(event);
  const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'StoredEvent'>;
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

describe('verify --all over the audit replica (PGlite)', () => {
  let dir: string;
  let source: EventStore;
  let db: SqlDatabase;
  let replica: ReplicaStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verify-replica-'));
    source = await createEventStore({ kind: 'pglite', dataDir: dir });
    const meta = { correlationId: 'c1' };
    await source.appendToStream(
      `case-${caseId}`,
      [
        { type: 'tefu.CaseCreated.v1', data: { caseId, divisionCode: '330402', note: '示例' }, metadata: meta },
        { type: 'tefu.CaseApproved.v1', data: { caseId, amountFen: 100_000 }, metadata: meta },
      ],
      { expectedRevision: 'no_stream' },
    );
    await source.appendToStream(`payment-${caseId}-p-2024-09`, [{ type: 'disbursement.PaymentCreated.v1', data: { caseId, amount: { fen: 100_000 } }, metadata: meta }], {
      expectedRevision: 'no_stream',
    });
    db = await openPgliteDatabase();
    await ensureReplicaSchema(db);
    replica = new ReplicaStore(db);
    for (const streamId of [`case-${caseId}`, `payment-${caseId}-p-2024-09`]) {
      for (const event of await source.readStream(streamId)) await db.transaction((s) => recordReplicatedEvent(s, replicated(event)));
    }
  });

  afterAll(async () => {
    await db?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes the replicated log, read through readAll (the replica has no raw reader)', async () => {
    const { verdict, mode } = await verifyLog(replica, { pageSize: 2 });
    expect(mode).toBe('envelopes');
    expect(verdict).toMatchObject({ events: 3, streams: 2, brokenStreams: [], positionViolations: 0 });
    expect(verdict.head).toBe(await replica.headPosition());
  });

  it('finds a replicated event whose data was edited in the replica table, with the case’s division', async () => {
    await db.query(`UPDATE audit_replica.events SET data_json = replace(data_json, '100000', '900000') WHERE stream_id = $1`, [`payment-${caseId}-p-2024-09`]);
    const { verdict } = await verifyLog(replica);
    expect(verdict.brokenStreams).toEqual([
      expect.objectContaining({ streamId: `payment-${caseId}-p-2024-09`, revision: 0, reason: 'hash', code: 'CHAIN_BROKEN', divisionCode: '330402' }),
    ]);
  });
});
