import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp, sharedSqlReadStore, vaultFromEnvironment } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { START, type LogPositionOrStart } from '@benefits/event-store';
import { createAuditService } from '../../services/audit/src/service';
import { sampleResidentId } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { recordAccount, sampleAccountBody } from '../support/finance-flow';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

/**
 * 疑点 lists end to end (ADR 0012 §5): cases made through the real services (applications,
 * eligibility, disbursement; embedded, event-log transport), then scanned by audit, and worked
 * through the list. Sample data throughout: invented 嘉兴 households, made-up 身份证号.
 *
 * - A1: a 特扶 beneficiary's death recorded late (retroactively): the payment already made for the
 *   month after the death is flagged (this deployment's anomaly-rules.json counts created payments too).
 * - A4: the same person in two open 特扶 cases of two counties (南湖区 330402, 秀洲区 330411), the
 *   second allowed by an approver's recorded override; matched on the 身份证号 fingerprint; each
 *   county's auditor sees only their own case id.
 * - A4 临时救助: the same cause twice within 12 months (the second with an 一事一救 override).
 * - A3: the intake officer declared the husband as a relative before registering the case.
 */
jest.setTimeout(600_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

const WIFE_ID = sampleResidentId('1970-03-15', '082');
const HUSBAND_ID = sampleResidentId('1964-10-20', '091');
const LINSHI_ID = sampleResidentId('1975-06-01', '103');
const LINSHI_SPOUSE_ID = sampleResidentId('1976-07-02', '114');

describe('疑点 scans over cases made by the services, and the worklist', () => {
  let h: EmbeddedHarness;
  let audit: INestApplication;
  let auditDb: SqlDatabase;
  let caseA = '';
  let caseB = '';
  const refs: Record<'wife' | 'husband', string> = { wife: '', husband: '' };
  const linshiCases: string[] = [];
  const auditHttp = () => request(audit.getHttpServer());

  beforeAll(async () => {
    h = await startEmbeddedHarness({ now: at('2024-08-05'), prefix: 'benefits-anomalies-e2e-' });
    for (const [who, role, division] of [
      ['admin', 'admin', '330400'],
      ['intake', 'intake_officer', '330402'],
      ['approver', 'approver', '330402'],
      ['clerk', 'finance_clerk', '330402'],
      ['intake-b', 'intake_officer', '330411'],
      ['approver-b', 'approver', '330411'],
      ['auditor-city', 'auditor', '330400'],
      ['auditor', 'auditor', '330402'],
      ['auditor-b', 'auditor', '330411'],
      ['auditor-elsewhere', 'auditor', '330481'],
      ['officer', 'case_officer', '330402'],
    ] as const) {
      await h.issue(who, role, division);
    }
    await h.importStandard('admin', '330400', JIAXING_STANDARD);
    // This deployment's rule settings: A1 also lists payments created but not yet settled.
    const rulesFile = join(h.dataDir, 'anomaly-rules.json');
    writeFileSync(rulesFile, JSON.stringify({ 'A1-paid-after-death': { statuses: ['settled', 'created'] } }));
    process.env.BENEFITS_AUDIT_ANOMALY_RULES = rulesFile;
    // Audit with the process's vault (for fingerprints) and its read models in a database of their own, so the test can read every document.
    auditDb = await openPgliteDatabase();
    audit = await createServiceApp(
      createAuditService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: h.dataDir }) }),
      { store: h.store, verifier: await createDevTokenVerifier({ dataDir: h.dataDir }), readStore: sharedSqlReadStore(auditDb, 'pglite') },
      { logger: false },
    );
  });

  afterAll(async () => {
    delete process.env.BENEFITS_AUDIT_ANOMALY_RULES;
    await audit?.close();
    await h?.close();
    await auditDb?.close();
  });

  const caseView = (caseId: string, who = 'approver') => h.http('applications').get(`/cases/${caseId}`).set(h.as(who)).expect(200);
  const etag = async (caseId: string, who = 'approver') => (await caseView(caseId, who)).headers.etag as string;

  it('sets the scene through the services: a declared relative, an active 特扶 case paid monthly, a duplicate allowed by override, a late-recorded death, 临时救助 twice for one cause', async () => {
    // A3: the intake officer declares the husband as a relative (近亲属备案) before taking the case.
    const declared = await auditHttp().post('/audit/officer-relatives').set(h.as('intake')).send({ residentId: HUSBAND_ID, relation: 'sibling', note: '表兄（样例）' }).expect(201);
    expect(declared.body).toMatchObject({ officerId: 'intake', divisionCode: '330402', relatives: [expect.objectContaining({ relation: 'sibling' })] });
    expect(JSON.stringify(declared.body)).not.toContain(HUSBAND_ID);
    expect(declared.body.relatives[0].fingerprint).toBeUndefined();

    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: '330402',
        members: [
          { role: 'wife', name: '示例庚', residentId: WIFE_ID, birthDate: '1970-03-15' },
          { role: 'husband', name: '示例辛', residentId: HUSBAND_ID, birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseA = created.body.caseId;
    for (const m of (await caseView(caseA)).body.members as { role: 'wife' | 'husband'; personRef: string }[]) refs[m.role] = m.personRef;
    for (const who of ['wife', 'husband'] as const) {
      await h
        .http('applications')
        .post(`/cases/${caseA}/facts`)
        .set(h.as('intake'))
        .set('If-Match', await etag(caseA))
        .send({ subject: refs[who], fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2024-08-05', evidence: [{ kind: 'other', reference: 'evidence:sample' }] })
        .expect(200);
    }
    await h.http('applications').post(`/cases/${caseA}/submit`).set(h.as('intake')).set('If-Match', await etag(caseA)).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await caseView(caseA);
      return res.body.determinations.length > 0 ? res : null;
    }, 60_000);
    await h
      .http('applications')
      .post(`/cases/${caseA}/eligibility-confirmation`)
      .set(h.as('intake'))
      .set('If-Match', determined.headers.etag)
      .send({ evidence: [{ kind: 'disabilityCertificate', reference: 'evidence:sample-child-disability-certificate' }] })
      .expect(200);
    await h
      .http('applications')
      .post(`/cases/${caseA}/approve`)
      .set(h.as('approver'))
      .set('If-Match', await etag(caseA))
      .send({ determinationId: determined.body.determinations[0].determinationId })
      .expect(200);
    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseA}`), 60_000);
    // 一卡通 accounts (sample numbers), so the runs put the payments in their envelopes.
    for (const [i, who] of (['wife', 'husband'] as const).entries()) await recordAccount(() => h.http('disbursement'), h.as('officer'), refs[who], sampleAccountBody('330402', 701 + i));
    for (const period of ['2024-09', '2024-10', '2024-11']) {
      const run = await runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: '330402', period });
      expect(run.created).toBe(2);
    }

    // A4: the wife applies again in 秀洲区. Refused as a duplicate, then allowed by an approver there with a recorded override.
    h.clock.now = at('2024-11-20');
    const wifeAgain = { divisionCode: '330411', members: [{ role: 'wife', name: '示例庚', residentId: WIFE_ID, birthDate: '1970-03-15' }], family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-b'] } };
    const refused = await h.http('applications').post('/cases/tefu').set(h.as('intake-b')).send(wifeAgain).expect(409);
    expect(refused.body.code).toBe('PERSON_HAS_OPEN_CASE');
    const overridden = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('approver-b'))
      .send({ ...wifeAgain, duplicateOverride: { reason: '样例：依据（示例）条款允许迁入地先行受理' } })
      .expect(201);
    caseB = overridden.body.caseId;

    // A1: the wife's death on 2024-10-03 is recorded only in December (the November payment was already made).
    h.clock.now = at('2024-12-05');
    await h
      .http('applications')
      .post(`/cases/${caseA}/facts`)
      .set(h.as('intake'))
      .set('If-Match', await etag(caseA))
      .send({ subject: refs.wife, fact: { kind: 'death' }, effectiveFrom: '2024-10-03', evidence: [{ kind: 'deathCertificate', reference: 'evidence:sample-death-certificate' }] })
      .expect(200);

    // A4 临时救助: one household helped twice for a fire within 12 months; the second with an 一事一救 override.
    const linshi = (occurredOn: string, extra: Record<string, unknown> = {}, who = 'intake') =>
      h
        .http('applications')
        .post('/cases/linshi')
        .set(h.as(who))
        .send({
          divisionCode: '330402',
          type: 'jinan',
          members: [
            { relation: 'applicant', name: '示例壬', residentId: LINSHI_ID, birthDate: '1975-06-01' },
            { relation: 'spouse', name: '示例癸', residentId: LINSHI_SPOUSE_ID, birthDate: '1976-07-02' },
          ],
          cause: 'fire',
          causeDescription: '住房失火（样例）',
          occurredOn,
          ...extra,
        });
    h.clock.now = at('2024-12-10');
    linshiCases.push((await linshi('2024-12-09').expect(201)).body.caseId);
    h.clock.now = at('2025-02-10');
    const repeat = await linshi('2025-02-08');
    expect(repeat.status).toBe(409);
    expect(repeat.body.code).toBe('SAME_CAUSE_WITHIN_PERIOD');
    // The first case is still undecided, so the approver also records a duplicate override.
    linshiCases.push(
      (await linshi('2025-02-08', { sameCauseOverrideReason: '样例：再次失火，经乡镇审核另案救助', duplicateOverride: { reason: '样例：依据（示例）条款，前案尚未办结' } }, 'approver').expect(201)).body.caseId,
    );
  });

  let scanId = '';
  const findingOf = async (ruleId: string, who = 'auditor') => {
    const res = await auditHttp().get('/audit/anomalies').query({ ruleId }).set(h.as(who)).expect(200);
    const items = res.body.items as Record<string, any>[];
    return ruleId === 'A4-duplicate-enrolment' ? items.filter((f) => f.details.benefit === 'tefu') : items;
  };

  it("a county auditor's scan of 330402 raises A1, A4 (both) and A3, recorded as a scan stream with counts and a result hash", async () => {
    await auditHttp().post('/audit/anomaly-scans').set(h.as('officer')).send({ divisionCode: '330402' }).expect(403);
    await auditHttp().post('/audit/anomaly-scans').set(h.as('auditor')).send({ divisionCode: '330400' }).expect(403);
    await auditHttp().post('/audit/anomaly-scans').set(h.as('auditor')).send({ divisionCode: '330402', rules: ['nope'] }).expect(400);
    const rules = ['A1-paid-after-death', 'A4-duplicate-enrolment', 'A4-linshi-same-cause', 'A3-officer-relative'];
    const started = await auditHttp().post('/audit/anomaly-scans').set(h.as('auditor')).send({ divisionCode: '330402', rules, asOf: '2025-02-10' }).expect(202);
    scanId = started.body.scanId;
    expect(started.headers.location).toBe(`/audit/anomaly-scans/${scanId}`);
    const done = await waitFor(
      'the scan to complete',
      async () => {
        const res = await auditHttp().get(`/audit/anomaly-scans/${scanId}`).set(h.as('auditor')).expect(200);
        if (res.body.status === 'failed') throw new Error(JSON.stringify(res.body.error));
        return res.body.status === 'completed' ? res.body : null;
      },
      120_000,
    );
    // A4 finds three: the wife in two 特扶 cases, and each of the 临时救助 couple in two undecided cases.
    expect(done.counts).toMatchObject({ raised: 6, findings: 6 });
    expect(done.progress.map((p: { ruleId: string; state: string; counts: { raised: number } }) => [p.ruleId, p.state, p.counts.raised])).toEqual(
      rules.map((r) => [r, 'done', r === 'A4-duplicate-enrolment' ? 3 : 1]),
    );
    expect(done.resultHash).toMatch(/^[0-9a-f]{64}$/);
    const stream = await h.store.readStream(`anomaly-scan-${scanId}`);
    expect(stream[0]).toMatchObject({ type: 'audit.AnomalyScanStarted.v1', metadata: { actor: { id: 'auditor' } } });
    expect(stream.at(-1)!.type).toBe('audit.AnomalyScanCompleted.v1');

    const [a1] = await findingOf('A1-paid-after-death');
    expect(a1).toMatchObject({ status: 'open', amountFen: 85_000, cases: [{ caseId: caseA, divisionCode: '330402', benefit: 'tefu' }], details: { deathDate: '2024-10-03', periodKey: '2024-11' } });
    expect(a1.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: `payment-${caseA}-${refs.wife}-2024-11`, revision: 0 })]));
    const [a3] = await findingOf('A3-officer-relative');
    expect(a3).toMatchObject({ cases: [{ caseId: caseA }], details: { kind: 'declared', officerId: 'intake' } });
    const [same] = await findingOf('A4-linshi-same-cause');
    expect(same.cases.map((c: { caseId: string }) => c.caseId)).toEqual(linshiCases);
    expect(same.details).toMatchObject({ cause: 'fire', sharedMembers: 2, overridden: true });
  });

  it('A4 matches the person across the two counties; each county sees only its own case id, the city both', async () => {
    const [county] = await findingOf('A4-duplicate-enrolment', 'auditor');
    expect(county).toMatchObject({ cases: [{ caseId: caseA, divisionCode: '330402' }], otherDivisions: { cases: 1, divisionCodes: ['330411'] }, details: { matchedOn: 'fingerprint', openCases: 2 } });
    expect(JSON.stringify(county)).not.toContain(caseB);
    const detail = await auditHttp().get(`/audit/anomalies/${county.findingId}`).set(h.as('auditor')).expect(200);
    expect(JSON.stringify(detail.body)).not.toContain(caseB);
    expect(detail.body.hiddenEvidence).toBeGreaterThan(0);

    const [other] = await findingOf('A4-duplicate-enrolment', 'auditor-b');
    expect(other.cases).toEqual([expect.objectContaining({ caseId: caseB })]);
    expect(JSON.stringify(other)).not.toContain(caseA);
    const [city] = await findingOf('A4-duplicate-enrolment', 'auditor-city');
    expect(city.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual([caseA, caseB].sort());
    expect(city.otherDivisions).toBeNull();

    expect(await findingOf('A4-duplicate-enrolment', 'auditor-elsewhere')).toEqual([]);
    await auditHttp().get(`/audit/anomalies/${county.findingId}`).set(h.as('auditor-elsewhere')).expect(403);
  });

  it('no event and no audit read-model document holds a 身份证号 in clear', async () => {
    const ids = [WIFE_ID, HUSBAND_ID, LINSHI_ID, LINSHI_SPOUSE_ID];
    let after: LogPositionOrStart = START;
    let events = 0;
    for (;;) {
      const page = await h.store.readAll({ after, maxCount: 500 });
      if (page.events.length === 0) break;
      for (const e of page.events) {
        const text = JSON.stringify(e);
        for (const id of ids) expect(text.includes(id) ? `${e.streamId}@${e.streamRevision}` : null).toBeNull();
      }
      events += page.events.length;
      after = page.continueAfter;
    }
    expect(events).toBeGreaterThan(20);
    const docs = await auditDb.query<{ collection: string; doc: string }>(`SELECT collection, doc::text AS doc FROM read_store.documents WHERE collection LIKE 'audit-%'`);
    expect(docs.map((d) => d.collection)).toEqual(expect.arrayContaining(['audit-people', 'audit-anomaly-cases', 'audit-payments', 'audit-findings', 'audit-officer-relatives']));
    for (const d of docs) for (const id of ids) expect(d.doc.includes(id) ? d.collection : null).toBeNull();
  });

  it('works the A1 finding through the list: assign, 核查, outcome — with who and when, typed 409s, and 412 on a stale revision', async () => {
    const [a1] = await findingOf('A1-paid-after-death');
    const path = `/audit/anomalies/${a1.findingId}`;
    const first = await auditHttp().get(path).set(h.as('auditor')).expect(200);
    expect(first.headers.etag).toBe('"0"');
    const early = await auditHttp().post(`${path}/check`).set(h.as('officer')).set('If-Match', '"0"').send({ result: 'confirmed_on_site', note: '入户核实' }).expect(409);
    expect(early.body.code).toBe('FINDING_TRANSITION_INVALID');
    await auditHttp().post(`${path}/assign`).set(h.as('officer')).set('If-Match', '"0"').send({ assignee: 'officer' }).expect(403);
    await auditHttp().post(`${path}/assign`).set(h.as('auditor')).send({ assignee: 'officer' }).expect(428);
    const assigned = await auditHttp().post(`${path}/assign`).set(h.as('auditor')).set('If-Match', '"0"').send({ assignee: 'officer', note: '请南湖区民政入户核查' }).expect(200);
    expect(assigned.headers.etag).toBe('"1"');
    expect(assigned.body).toMatchObject({ status: 'assigned', assignment: { assignee: 'officer', by: 'auditor' } });
    const stale = await auditHttp().post(`${path}/assign`).set(h.as('auditor')).set('If-Match', '"0"').send({ assignee: 'someone' }).expect(412);
    expect(stale.body.code).toBe('STALE_REVISION');
    await auditHttp().post(`${path}/check`).set(h.as('officer')).set('If-Match', '"1"').send({ result: 'confirmed_on_site', note: '死亡属实，11 月待遇已发放', evidenceRef: 'evidence:visit-1205' }).expect(200);
    await auditHttp().post(`${path}/outcome`).set(h.as('officer')).set('If-Match', '"2"').send({ outcome: 'confirmed', action: 'recovery', note: '追缴' }).expect(403);
    const decided = await auditHttp().post(`${path}/outcome`).set(h.as('auditor')).set('If-Match', '"2"').send({ outcome: 'confirmed', action: 'recovery', note: '追缴 850 元' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'confirmed', check: { result: 'confirmed_on_site', by: 'officer' }, outcome: { outcome: 'confirmed', action: 'recovery', by: 'auditor' } });
    expect(decided.body.timeline.map((t: { type: string; actor: { id: string } }) => [t.type, t.actor.id])).toEqual([
      ['audit.FindingRaised.v1', 'auditor'],
      ['audit.FindingAssigned.v1', 'auditor'],
      ['audit.FindingChecked.v1', 'officer'],
      ['audit.FindingConfirmed.v1', 'auditor'],
    ]);
    const closed = await auditHttp().post(`${path}/outcome`).set(h.as('auditor')).set('If-Match', '"3"').send({ outcome: 'cleared', reason: '误报' }).expect(409);
    expect(closed.body.code).toBe('FINDING_CLOSED');
    expect((await auditHttp().get('/audit/anomalies').query({ status: 'confirmed' }).set(h.as('auditor')).expect(200)).body.items.map((f: { findingId: string }) => f.findingId)).toEqual([a1.findingId]);
  });

  it('a second scan finds the same subjects: nothing new recorded, the worked finding keeps its outcome', async () => {
    const rules = ['A1-paid-after-death', 'A4-duplicate-enrolment', 'A4-linshi-same-cause', 'A3-officer-relative'];
    const started = await auditHttp().post('/audit/anomaly-scans').set(h.as('auditor-city')).send({ divisionCode: '330400', rules, asOf: '2025-02-10' }).expect(202);
    const done = await waitFor('the second scan', async () => {
      const res = await auditHttp().get(`/audit/anomaly-scans/${started.body.scanId}`).set(h.as('auditor-city')).expect(200);
      return res.body.status === 'completed' ? res.body : null;
    }, 120_000);
    expect(done.counts).toMatchObject({ raised: 0, seenAgain: 0, unchanged: 6 });
    const [a1] = await findingOf('A1-paid-after-death');
    expect(a1).toMatchObject({ status: 'confirmed', revision: 3 });
  });

  it('shows each rule with its effective configuration, and the relatives register to auditors without fingerprints', async () => {
    const rules = await auditHttp().get('/audit/anomaly-rules').set(h.as('auditor')).expect(200);
    const a1 = rules.body.rules.find((r: { id: string }) => r.id === 'A1-paid-after-death');
    expect(a1).toMatchObject({ config: { statuses: ['settled', 'created'], graceDays: 0 }, defaults: { statuses: ['settled'] }, title: { zh: '死亡人员继续领取' } });
    const register = await auditHttp().get('/audit/officer-relatives').set(h.as('auditor-city')).expect(200);
    expect(register.body.items).toEqual([expect.objectContaining({ officerId: 'intake', divisionCode: '330402' })]);
    expect(JSON.stringify(register.body)).not.toMatch(/fingerprint|[0-9a-f]{64}/);
    await auditHttp().get('/audit/officer-relatives').set(h.as('intake')).expect(403);
    const again = await auditHttp().post('/audit/officer-relatives').set(h.as('intake')).send({ residentId: HUSBAND_ID, relation: 'sibling' }).expect(409);
    expect(again.body.code).toBe('RELATIVE_ALREADY_DECLARED');
    await auditHttp().post('/audit/officer-relatives').set(h.as('intake')).send({ residentId: '330402197001010000', relation: 'sibling' }).expect(400);
  });
});
