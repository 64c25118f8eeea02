import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { newId, type Actor } from '@benefits/kernel';
import { auditService } from '../service';
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
    audit = await createServiceApp(auditService, { store, verifier: authority }, { logger: false });
    disbursement = await createServiceApp(disbursementService, { store, verifier: authority }, { logger: false });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330400' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });

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
          data: { determinationId, caseId, basedOnCaseRevision: 1, standardRef, rulesetVersion: 'tefu-zj-2024.1', trace: { formula: '1000 元/人/月 × 2 人' } },
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
    expect(run.body.created).toBe(2);
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
});
