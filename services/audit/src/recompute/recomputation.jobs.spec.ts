import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDocumentStore, type DocumentStore, type ReadModelView } from '@benefits/read-store';
import type { Actor } from '@benefits/kernel';
import { CASE_STREAMS, type CaseStreamDoc } from '../read-models/case-streams.projection';
import { RecomputationJobs, resultHashOf } from './recomputation.jobs';

/**
 * The job around the recompute core: pages recorded on recomputation-<id>, a failed job resumed by a
 * second POST with the same id after its last recorded page, the report read back by another
 * instance (a restarted process), paged findings and the result hash. Sample data: invented ids.
 */
const caseA = '0190f1a2-7b3c-7d4e-8f50-00000000000a';
const caseB = '0190f1a2-7b3c-7d4e-8f50-00000000000b';
const person = 'person-ref-1';
const auditor: Actor = { id: 'auditor-1', role: 'auditor', divisionCode: '330400' };

describe('recomputation jobs: pages, failure, resume, report', () => {
  let dir: string;
  let store: EventStore;
  let docs: DocumentStore;
  let failNextReadOf: string | null = null;
  let jobs: RecomputationJobs;
  const view = (): ReadModelView => ({ collection: (schema) => docs.collection(schema), position: 'start', caughtUp: true, version: 0 });
  const readModels = { fresh: async () => view() };
  const source = {
    readStream: async (id: string) => {
      if (id === failNextReadOf) {
        failNextReadOf = null;
        throw Object.assign(new Error('the source went away'), { code: 'SOURCE_UNAVAILABLE' });
      }
      return store.readStream(id);
    },
  };
  const meta = { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recompute-jobs-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
    docs = await createDocumentStore({ kind: 'pglite' });
    const collection = docs.collection<CaseStreamDoc>(CASE_STREAMS);
    for (const [caseId, paid] of [
      [caseA, 95_000],
      [caseB, 85_000],
    ] as const) {
      const payment = `payment-${caseId}-${person}-2024-09`;
      await store.appendToStream(`case-${caseId}`, [{ type: 'tefu.CaseCreated.v1', data: { caseId, divisionCode: '330402', benefit: 'tefu' }, metadata: meta }], { expectedRevision: 'no_stream' });
      await store.appendToStream(
        `entitlement-${caseId}`,
        [
          {
            type: 'disbursement.EntitlementScheduleReceived.v1',
            data: { caseId, determinationId: 'd', scheduleId: 's', benefit: 'tefu', divisionCode: '330402', scheduleVersion: 1, lines: [{ personRef: person, period: { kind: 'month', month: '2024-09' }, amount: { fen: 85_000 } }] },
            metadata: meta,
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      await store.appendToStream(
        payment,
        [
          {
            type: 'disbursement.PaymentCreated.v1',
            data: { caseId, personRef: person, kind: 'regular', period: { kind: 'month', month: '2024-09' }, periodKey: '2024-09', amount: { fen: paid }, schedule: { streamId: `entitlement-${caseId}`, version: 1 } },
            metadata: meta,
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      const doc = (kind: CaseStreamDoc['kind'], streamId: string): CaseStreamDoc => ({
        caseId,
        streamId,
        kind,
        firstPosition: '1',
        firstRecordedAt: '2024-09-01T00:00:00.000Z',
        firstEventType: 't',
        ...(kind === 'case' ? { divisionCode: '330402', benefit: 'tefu' } : {}),
      });
      await collection.upsert(`case-${caseId}`, doc('case', `case-${caseId}`));
      await collection.upsert(`entitlement-${caseId}`, doc('entitlement', `entitlement-${caseId}`));
      await collection.upsert(payment, doc('payment', payment));
    }
    jobs = new RecomputationJobs(store, source, readModels);
  });

  afterAll(async () => {
    await jobs.stop();
    await docs.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const types = async (id: string) => (await store.readStream(`recomputation-${id}`)).map((e) => e.type.replace(/^audit\.Recomputation|\.v1$/g, ''));

  it('given a source failing on the second page, the job records the first page and the failure', async () => {
    failNextReadOf = `case-${caseB}`;
    const { report, accepted } = await jobs.start(auditor, { scope: { divisionCode: '330402' }, recomputationId: 'j1', pageSize: 1 });
    expect({ accepted, status: report.status }).toEqual({ accepted: true, status: 'running' });
    await jobs.settled('j1');
    const failed = await jobs.report(auditor, 'j1', {});
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'SOURCE_UNAVAILABLE' }, progress: { pages: 1, casesExamined: 1, casesInScope: 2 }, resultHash: null });
    expect(await types('j1')).toEqual(['Started', 'PageRecorded', 'Failed']);
  });

  it('given the same id again, it resumes after the last recorded page and completes; nothing is recomputed twice', async () => {
    const { accepted } = await jobs.start({ ...auditor, id: 'auditor-2' }, { scope: { divisionCode: '330402' }, recomputationId: 'j1', pageSize: 1 });
    expect(accepted).toBe(true);
    await jobs.settled('j1');
    expect(await types('j1')).toEqual(['Started', 'PageRecorded', 'Failed', 'Resumed', 'PageRecorded', 'Completed']);
    const resumed = (await store.readStream('recomputation-j1'))[3];
    expect(resumed.data).toMatchObject({ by: { id: 'auditor-2' }, after: `case-${caseA}` });

    // Read back by another instance, as after a restart.
    const report = await new RecomputationJobs(store, source, readModels).report(auditor, 'j1', {});
    expect(report).toMatchObject({ status: 'completed', counts: { cases: 2, payments: { match: 0, mismatch: 1, notRecomputable: 1 } }, progress: { pages: 2, casesExamined: 2 } });
    expect(report.mismatches).toEqual([expect.objectContaining({ caseId: caseA, recordedFen: 95_000, recomputedFen: 85_000, stage: 'schedule' })]);
    // Case B matches its schedule, but no issued schedule exists to go further: listed, not skipped.
    expect(report.notRecomputable).toEqual([expect.objectContaining({ caseId: caseB, status: 'not_recomputable', reason: expect.objectContaining({ code: 'ISSUED_SCHEDULE_NOT_FOUND' }) })]);
    expect(report.resultHash).toBe(resultHashOf(report.mismatches));
    // Completed: the same POST answers the report without running again.
    expect((await jobs.start(auditor, { scope: { divisionCode: '330402' }, recomputationId: 'j1', pageSize: 1 })).accepted).toBe(false);
  });

  it('given two processes resuming the same job at once, pages are recorded once and it completes once', async () => {
    failNextReadOf = `case-${caseB}`;
    await jobs.start(auditor, { scope: { divisionCode: '330402' }, recomputationId: 'j2', pageSize: 1 });
    await jobs.settled('j2');
    const other = new RecomputationJobs(store, source, readModels);
    await Promise.all([
      jobs.start(auditor, { scope: { divisionCode: '330402' }, recomputationId: 'j2', pageSize: 1 }),
      other.start(auditor, { scope: { divisionCode: '330402' }, recomputationId: 'j2', pageSize: 1 }),
    ]);
    await Promise.all([jobs.settled('j2'), other.settled('j2')]);
    const recorded = await types('j2');
    expect(recorded.filter((t) => t === 'PageRecorded')).toHaveLength(2);
    expect(recorded.filter((t) => t === 'Completed')).toHaveLength(1);
    expect(recorded.at(-1)).toBe('Completed');
    expect((await other.report(auditor, 'j2', {})).counts.cases).toBe(2);
  });

  it('pages findings with a cursor, and refuses readers outside the division', async () => {
    const first = await jobs.report(auditor, 'j1', { limit: 1 });
    expect([first.mismatches.length, first.notRecomputable.length]).toEqual([1, 0]);
    const rest = await jobs.report(auditor, 'j1', { limit: 1, cursor: first.nextCursor! });
    expect([rest.mismatches.length, rest.notRecomputable.length, rest.nextCursor]).toEqual([0, 1, null]);
    await expect(jobs.report(auditor, 'j1', { cursor: '0:0' })).rejects.toMatchObject({ code: 'RECOMPUTATION_CURSOR_INVALID' });
    await expect(jobs.report({ ...auditor, divisionCode: '110000' }, 'j1', {})).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    await expect(jobs.start({ ...auditor, divisionCode: '110000' }, { scope: { divisionCode: '330402' } })).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    await expect(jobs.start({ ...auditor, role: 'case_officer' }, { scope: { divisionCode: '330402' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(jobs.start(auditor, { scope: { divisionCode: '330402', benefit: 'dibao' }, recomputationId: 'j1' })).rejects.toMatchObject({ code: 'RECOMPUTATION_SCOPE_CONFLICT' });
    await expect(jobs.report(auditor, 'nope', {})).rejects.toMatchObject({ code: 'RECOMPUTATION_NOT_FOUND' });
  });
});
