import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { newId, type Actor } from '@benefits/kernel';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { auditService } from '../service';
import { replayCommand } from '../cli/replay-command';
import { CASE_STREAMS_PROJECTION } from '../read-models/case-streams.projection';
// The payments come from the real disbursement service, so this also checks the event contract audit reads.
import { disbursementService } from '../../../disbursement/src/service';

const officer: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-2', role: 'approver', divisionCode: '330402' };
const standardRef = { standardId: 'bps-330400', versionId: '2c8fa3c496992144', itemNo: '52', contentHash: 'ab'.repeat(32) };

describe('GET /audit/cases/{caseId}/history', () => {
  let dataDir: string;
  let store: EventStore;
  let audit: INestApplication;
  let disbursement: INestApplication;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const history = (caseId: string, who = 'auditor') => request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).set(as(who));

  const caseId = newId();
  const mother = newId();
  const father = newId();
  const determinationId = newId();
  let approvedAt: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-audit-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority = await createDevTokenVerifier({ dataDir });
    // Each service's read models in a database of its own, in memory.
    audit = await createServiceApp(auditService, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    disbursement = await createServiceApp(disbursementService, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330400' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    tokens.county = await authority.issueDevToken({ sub: 'auditor-2', role: 'auditor', division: '330481' });
    tokens.province = await authority.issueDevToken({ sub: 'auditor-3', role: 'auditor', division: '330000' });
    tokens.ownCounty = await authority.issueDevToken({ sub: 'auditor-4', role: 'auditor', division: '330402' });

    // The case as applications would record it, and the determination as eligibility would.
    const meta = (actor: Actor) => ({ correlationId: `corr-${caseId}`, actor });
    await store.appendToStream(
      `case-${caseId}`,
      [
        { type: 'tefu.CaseCreated.v1', data: { caseId, benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-07-22' }, metadata: meta(officer) },
        { type: 'tefu.ApplicationSubmitted.v1', data: { effectiveFrom: '2024-07-23' }, metadata: meta(officer) },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.appendToStream(
      `determination-${caseId}`,
      [
        {
          type: 'eligibility.EligibilityDetermined.v1',
          data: { determinationId, caseId, basedOnCaseRevision: 1, standardRef, rulesetVersion: 'tefu-zj-2024.1', effectiveFrom: '2024-08-01', trace: { formula: '1000 元/人/月 × 2 人' } },
          metadata: { correlationId: `corr-${caseId}` },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const approval = await store.appendToStream(
      `case-${caseId}`,
      [{ type: 'tefu.CaseApproved.v1', data: { determinationId, effectiveFrom: '2024-08-01' }, metadata: meta(approver) }],
      { expectedRevision: 1 },
    );
    approvedAt = approval.position;

    await request(disbursement.getHttpServer())
      .post('/disbursement/schedules')
      .set(as('admin'))
      .send({
        caseId,
        determinationId,
        benefit: 'tefu',
        divisionCode: '330402',
        effectiveFrom: '2024-08-01',
        standardRef,
        lines: [mother, father].map((personRef) => ({ personRef, period: { kind: 'month', month: '2024-08' }, amount: { fen: 100_000 } })),
      })
      .expect(201);
    const run = await request(disbursement.getHttpServer())
      .post('/disbursement/runs')
      .set(as('clerk'))
      .send({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' })
      .expect(200);
    expect(run.body.counts.created).toBe(2);
  });

  afterAll(async () => {
    await audit?.close();
    await disbursement?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the timeline: every case event with its actor, recorded time, effective date and chain verdict', async () => {
    const res = await history(caseId).expect(200);
    expect(res.body).toMatchObject({ caseId, streamId: `case-${caseId}`, asKnownAt: null, chain: { intact: true, length: 3 } });
    expect(res.body.timeline.map((e: { revision: number; type: string; effectiveFrom: string; chainIntact: boolean }) => [e.revision, e.type, e.effectiveFrom, e.chainIntact])).toEqual([
      [0, 'tefu.CaseCreated.v1', '2024-07-22', true],
      [1, 'tefu.ApplicationSubmitted.v1', '2024-07-23', true],
      [2, 'tefu.CaseApproved.v1', '2024-08-01', true],
    ]);
    expect(res.body.timeline[0].actor).toEqual(officer);
    expect(res.body.timeline[2].actor).toEqual(approver);
    expect(Date.parse(res.body.timeline[2].recordedAt)).not.toBeNaN();
  });

  it("traces each payment to the schedule, the determination and the standard clause", async () => {
    const res = await history(caseId).expect(200);
    expect(res.body.payments.map((p: { paymentStreamId: string }) => p.paymentStreamId)).toEqual(
      [`payment-${caseId}-${mother}-2024-08`, `payment-${caseId}-${father}-2024-08`].sort(),
    );
    const motherPayment = res.body.payments.find((p: { personRef: string }) => p.personRef === mother);
    expect(motherPayment).toMatchObject({
      benefit: 'tefu',
      periodKey: '2024-08',
      amount: { fen: 100_000 },
      createdBy: { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' },
      events: [{ revision: 0, type: 'disbursement.PaymentCreated.v1' }],
      chain: { intact: true, length: 1 },
      trace: {
        determinationId,
        standardRef,
        schedule: { streamId: `entitlement-${caseId}`, version: 1, determinationId, effectiveFrom: '2024-08-01', standardRef, chainIntact: true },
        determination: {
          streamId: `determination-${caseId}`,
          basedOnCaseRevision: 1,
          standardRef,
          rulesetVersion: 'tefu-zj-2024.1',
          trace: { formula: '1000 元/人/月 × 2 人' },
          chainIntact: true,
        },
        consistent: true,
      },
    });
  });

  it('replays the case as known at a log position: the approval, before any payment existed', async () => {
    const res = await request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).query({ asKnownAt: approvedAt }).set(as('auditor')).expect(200);
    expect(res.body.asKnownAt).toBe(approvedAt);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(['tefu.CaseCreated.v1', 'tefu.ApplicationSubmitted.v1', 'tefu.CaseApproved.v1']);
    expect(res.body.payments).toEqual([]);
  });

  it('answers 404 for a case that does not exist', async () => {
    const res = await history(newId()).expect(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
    expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('answers 400 for a malformed case id, an unknown query field and a position the store never produced', async () => {
    expect((await history('not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const unknown = await request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).query({ asOf: '2024-08-01' }).set(as('auditor')).expect(400);
    expect(unknown.body.code).toBe('UNKNOWN_FIELD');
    const position = await request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).query({ asKnownAt: 'yesterday' }).set(as('auditor')).expect(400);
    expect(position.body.code).toBe('INVALID_POSITION');
  });

  it('is for auditors and administrators only', async () => {
    expect((await history(caseId, 'clerk').expect(403)).body.code).toBe('FORBIDDEN');
    await history(caseId, 'admin').expect(200);
  });


  it('benefits audit replay prints it through the running service (one line per event, then determinations and payments)', async () => {
    const server = audit.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const out = { stdout: '', stderr: '' };
      const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {} };
      const code = await replayCommand([caseId, '--as-effective-on', '2024-08-15', '--url', `http://127.0.0.1:${port}`, '--token', tokens.auditor], io);
      expect({ code, stderr: out.stderr }).toEqual({ code: 0, stderr: '' });
      const lines = out.stdout.split('\n');
      expect(lines.filter((l) => /^  #\d/.test(l))).toHaveLength(3);
      expect(lines.find((l) => l.startsWith('  #2'))).toContain('tefu.CaseApproved.v1  by approver-2(approver 330402)  → 状态 active');
      expect(lines.find((l) => l.startsWith(`  ${determinationId}`))).toContain('[适用 applies]');
      expect(lines.filter((l) => l.includes('1000.00 元') && l.includes('[适用 applies]'))).toHaveLength(2);
      const refused = { stdout: '', stderr: '' };
      const countyToken = tokens.county;
      expect(await replayCommand([caseId, '--url', `http://127.0.0.1:${port}`, '--token', countyToken], { ...io, stdout: { write: (t: string) => (refused.stdout += t) }, stderr: { write: (t: string) => (refused.stderr += t) } })).toBe(1);
      expect(refused.stderr).toContain('[DIVISION_OUT_OF_SCOPE]');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('division scope (ADR 0012 §1)', () => {
    const verify = (streamId: string, who: string) => request(audit.getHttpServer()).get(`/audit/streams/${streamId}/verify`).set(as(who));

    it("refuses an auditor of 330481 a 330402 case's history and the verification of its streams", async () => {
      const res = await history(caseId, 'county').expect(403);
      expect(res.body.code).toBe('DIVISION_OUT_OF_SCOPE');
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      for (const streamId of [`case-${caseId}`, `determination-${caseId}`, `entitlement-${caseId}`, `payment-${caseId}-${mother}-2024-08`]) {
        expect({ streamId, code: (await verify(streamId, 'county').expect(403)).body.code }).toEqual({ streamId, code: 'DIVISION_OUT_OF_SCOPE' });
      }
    });

    it('lets auditors of the county itself, of the city (330400) and of the province (330000) see and verify it', async () => {
      for (const who of ['ownCounty', 'auditor', 'province']) {
        expect((await history(caseId, who).expect(200)).body.caseId).toBe(caseId);
        expect((await verify(`case-${caseId}`, who).expect(200)).body).toMatchObject({ intact: true, length: 3 });
        expect((await verify(`payment-${caseId}-${mother}-2024-08`, who).expect(200)).body.intact).toBe(true);
      }
    });

    it("verifies a stream of no case for admin only; the role is checked first", async () => {
      await store.appendToStream('envelope-sample-1', [{ type: 'disbursement.EnvelopePrepared.v1', data: { note: 'sample data' }, metadata: { correlationId: 'corr-env' } }], { expectedRevision: 'no_stream' });
      expect((await verify('envelope-sample-1', 'province').expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
      expect((await verify('envelope-sample-1', 'admin').expect(200)).body.intact).toBe(true);
      expect((await verify(`case-${caseId}`, 'clerk').expect(403)).body.code).toBe('FORBIDDEN');
      expect((await verify(`case-${newId()}`, 'auditor').expect(404)).body.code).toBe('NOT_FOUND');
    });
  });

  describe('as known at an instant, as effective on a date (ADR 0012 §2)', () => {
    const query = (q: Record<string, string>) => request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).query(q).set(as('auditor'));

    it('an instant keeps the events recorded by then; the same instant given with + unencoded reads the same', async () => {
      const now = await history(caseId).expect(200);
      const approvalRecordedAt = now.body.timeline[2].recordedAt as string;
      const before = new Date(Date.parse(approvalRecordedAt) - 1).toISOString().replace('Z', '+00:00');
      const res = await query({ asKnownAt: before }).expect(200);
      expect(res.body).toMatchObject({ asKnownAt: before, knownAt: { kind: 'instant' } });
      expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual(['tefu.CaseCreated.v1', 'tefu.ApplicationSubmitted.v1']);
      expect(res.body.payments).toEqual([]);
      expect(res.body.state.status).toBe('submitted');
      const later = await request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history?asKnownAt=2999-01-01T00:00:00+08:00`).set(as('auditor')).expect(200);
      expect(later.body.timeline).toHaveLength(3);
      expect(later.body.payments).toHaveLength(2);
    });

    it('a date folds only what is effective by then, and marks the determination and payments that apply', async () => {
      const july = await query({ asEffectiveOn: '2024-07-25' }).expect(200);
      expect(july.body.timeline.map((e: { effective: boolean; state: { status: string } }) => [e.effective, e.state.status])).toEqual([
        [true, 'draft'],
        [true, 'submitted'],
        [false, 'submitted'],
      ]);
      expect(july.body.determinations.map((d: { appliesOn: boolean }) => d.appliesOn)).toEqual([false]);
      expect(july.body.payments.map((p: { appliesOn: boolean }) => p.appliesOn)).toEqual([false, false]);
      const august = await query({ asEffectiveOn: '2024-08-15' }).expect(200);
      expect(august.body.state).toMatchObject({ status: 'active', approvedDeterminationId: determinationId, benefit: 'tefu', divisionCode: '330402' });
      expect(august.body.determinations).toEqual([
        expect.objectContaining({ determinationId, streamId: `determination-${caseId}`, standardRef, rulesetVersion: 'tefu-zj-2024.1', effectiveFrom: '2024-08-01', effectiveTo: null, appliesOn: true }),
      ]);
      expect(august.body.payments.map((p: { appliesOn: boolean }) => p.appliesOn)).toEqual([true, true]);
      const september = await query({ asEffectiveOn: '2024-09-01' }).expect(200);
      expect(september.body.payments.map((p: { appliesOn: boolean }) => p.appliesOn)).toEqual([false, false]);
    });

    it('refuses a date-time without offset, an impossible instant and a date that is not one', async () => {
      expect((await query({ asKnownAt: '2026-03-01T00:00:00' }).expect(400)).body.code).toBe('INVALID_INSTANT');
      expect((await query({ asKnownAt: '2026-02-30T00:00:00+08:00' }).expect(400)).body.code).toBe('INVALID_INSTANT');
      expect((await query({ asEffectiveOn: '2024-02-30' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await query({ asEffectiveOn: '2024-08' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });
});

/** Counts what the audit endpoints read from the store: stream reads by id, and scans of the log. */
function countingStore(store: EventStore) {
  const reads = { readStreamCalls: 0, readStreamEvents: 0, readAllCalls: 0, readAllEvents: 0 };
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readStream') {
        return async (...args: Parameters<EventStore['readStream']>) => {
          const events = await target.readStream(...args);
          reads.readStreamCalls += 1;
          reads.readStreamEvents += events.length;
          return events;
        };
      }
      if (property === 'readAll') {
        return async (...args: Parameters<EventStore['readAll']>) => {
          const page = await target.readAll(...args);
          reads.readAllCalls += 1;
          reads.readAllEvents += page.events.length;
          return page;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { counted, reads };
}

describe('GET /audit/cases/{caseId}/history reads the case, not the log', () => {
  let dataDir: string;
  let store: EventStore;
  let audit: INestApplication;
  let reads: ReturnType<typeof countingStore>['reads'];
  const tokens: Record<string, string> = {};
  const history = (caseId: string) => request(audit.getHttpServer()).get(`/audit/cases/${caseId}/history`).set({ Authorization: `Bearer ${tokens.auditor}` });
  const caseId = newId();
  const person = newId();
  const determinationId = newId();

  const recordCase = (id: string) =>
    store.appendToStream(
      `case-${id}`,
      [
        { type: 'tefu.CaseCreated.v1', data: { caseId: id, benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-07-22' }, metadata: { correlationId: `corr-${id}`, actor: officer } },
        { type: 'tefu.CaseApproved.v1', data: { determinationId, effectiveFrom: '2024-08-01' }, metadata: { correlationId: `corr-${id}`, actor: approver } },
      ],
      { expectedRevision: 'no_stream' },
    );
  /** A payment as disbursement records it (its first event names the schedule and the determination). */
  const recordPayment = (id: string, month: string) => {
    const paymentStreamId = `payment-${id}-${person}-${month}`;
    return store.appendToStream(
      paymentStreamId,
      [
        {
          type: 'disbursement.PaymentCreated.v1',
          data: {
            paymentStreamId,
            personRef: person,
            benefit: 'tefu',
            period: { kind: 'month', month },
            periodKey: month,
            amount: { fen: 100_000 },
            determinationId,
            standardRef,
            schedule: { streamId: `entitlement-${id}`, version: 1 },
          },
          metadata: { correlationId: `corr-${id}` },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-audit-reads-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority = await createDevTokenVerifier({ dataDir });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330400' });
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    const counting = countingStore(store);
    reads = counting.reads;
    audit = await createServiceApp(auditService, { store: counting.counted, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await recordCase(caseId);
    await store.appendToStream(
      `entitlement-${caseId}`,
      [{ type: 'disbursement.EntitlementScheduleReceived.v1', data: { determinationId, scheduleVersion: 1, effectiveFrom: '2024-08-01', standardRef }, metadata: { correlationId: `corr-${caseId}` } }],
      { expectedRevision: 'no_stream' },
    );
    await recordPayment(caseId, '2024-08');
  });

  afterAll(async () => {
    await audit?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The reads one history request makes, and its answer. */
  async function measured(id: string) {
    const before = { ...reads };
    const res = await history(id).expect(200);
    const delta = Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, v - before[k as keyof typeof reads]])) as typeof reads;
    return { body: res.body, delta };
  }

  it('shows a payment recorded just before the request', async () => {
    expect((await history(caseId).expect(200)).body.payments.map((p: { periodKey: string }) => p.periodKey)).toEqual(['2024-08']);
    await recordPayment(caseId, '2024-09');
    const res = await history(caseId).expect(200);
    expect(res.body.payments.map((p: { periodKey: string; trace: { consistent: boolean } }) => [p.periodKey, p.trace.consistent])).toEqual([
      ['2024-08', true],
      ['2024-09', true],
    ]);
  });

  it("costs the same whatever the size of the log: thousands of other cases' events are never read", async () => {
    const quiet = await measured(caseId);
    for (let i = 0; i < 1000; i++) {
      const other = newId();
      await recordCase(other);
      await recordPayment(other, '2024-08');
    }
    // The read model takes in the new events (what its runner reads is not the request's cost) ...
    await history(caseId).expect(200);
    // ... and a history request then reads the case's own streams, and nothing of the log.
    const busy = await measured(caseId);
    expect(busy.body).toEqual(quiet.body);
    expect(busy.delta.readStreamCalls).toBe(quiet.delta.readStreamCalls);
    expect(busy.delta.readStreamEvents).toBe(quiet.delta.readStreamEvents);
    expect(busy.delta.readAllEvents).toBe(0);
    // Each stream of the case is read once: the case, two payments, their schedule, the determination candidates.
    expect(busy.delta.readStreamCalls).toBeLessThanOrEqual(6);
  });

  it('answers 503 READ_MODEL_BEHIND with Retry-After when the read model cannot catch up, rather than leave payments out', async () => {
    const readModels = audit.get<ReadModels>(READ_MODELS);
    const runner = await readModels.runner(CASE_STREAMS_PROJECTION);
    await runner.stop();
    try {
      await recordPayment(caseId, '2024-10');
      const res = await history(caseId).expect(503);
      expect(res.body.code).toBe('READ_MODEL_BEHIND');
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    } finally {
      await runner.start();
    }
    expect((await history(caseId).expect(200)).body.payments).toHaveLength(3);
  });

  it('documents the wait and the 503 in the OpenAPI description of the endpoint', async () => {
    const doc = (await request(audit.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
    const route = doc.paths['/audit/cases/{caseId}/history'].get;
    expect(route.description).toContain('READ_MODEL_BEHIND');
    expect(route.responses['503'].headers['Retry-After']).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/projections', '/projections/{name}/rebuild']));
  });

  it('shows the read model in GET /projections for auditors', async () => {
    const res = await request(audit.getHttpServer()).get('/projections').set({ Authorization: `Bearer ${tokens.auditor}` }).expect(200);
    expect(res.body.projections).toEqual(expect.arrayContaining([expect.objectContaining({ name: CASE_STREAMS_PROJECTION, caughtUp: true, lagSeconds: 0 })]));
  });
});
