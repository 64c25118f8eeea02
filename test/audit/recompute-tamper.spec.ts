import { createTestDatabase } from '@benefits/testing';
import { sampleResidentId } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { resultHashOf } from '../../services/audit/src/recompute/recomputation.jobs';
import type { SqlSession } from '@benefits/sql';

/**
 * Recomputation (ADR 0012 §3) through the real services (embedded, event-log transport, the event
 * store on a PostgreSQL server; read models and vault in PGlite):
 * two invented 嘉兴 特扶 households (sample data) approved and paid for 2024-09, then
 *   (a) the division recomputes with every determination and payment matching;
 *   (b) a payment's stored amount changed directly in the events table is a mismatch with both amounts;
 *   (c) a determination's recorded facts changed directly in the events table is a mismatch with the
 *       first differing trace step.
 */
jest.setTimeout(240_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const DIVISION = '330402';
const at = (date: string) => new Date(`${date}T02:00:00Z`);

/** The database connection under the harness's event store (a query without parameters may be a script). */
type RawDatabase = SqlSession;

interface Report {
  recomputationId: string;
  status: string;
  counts: {
    cases: number;
    determinations: Record<string, number>;
    determinationRecords: Record<string, number>;
    payments: Record<string, number>;
  };
  progress: { pages: number; casesExamined: number; casesInScope: number | null };
  resultHash: string | null;
  mismatches: Record<string, unknown>[];
  notRecomputable: Record<string, unknown>[];
  nextCursor: string | null;
}

describe('recomputation through the services: clean, a changed payment, changed facts', () => {
  let h: EmbeddedHarness;
  const cases: { caseId: string; husbandIndex: number }[] = [];

  /** The events table, reached the way an intruder with database access would (the store's own connection). */
  const database = () => (h.store as unknown as { database: RawDatabase }).database;
  const tamper = (sql: string) =>
    database().query(`ALTER TABLE event_store.events DISABLE TRIGGER events_append_only;
      ${sql};
      ALTER TABLE event_store.events ENABLE TRIGGER events_append_only;`);

  async function recompute(body: Record<string, unknown>, expected = 202): Promise<Report> {
    const started = await h.http('audit').post('/audit/recomputations').set(h.as('auditor')).send(body).expect(expected);
    const id = started.body.recomputationId as string;
    expect(started.headers.location).toBe(`/audit/recomputations/${id}`);
    return waitFor(
      'the recomputation to complete',
      async () => {
        const res = await h.http('audit').get(`/audit/recomputations/${id}`).set(h.as('auditor')).expect(200);
        return res.body.status === 'completed' ? (res.body as Report) : null;
      },
      60_000,
    );
  }

  async function household(wifeSeq: string, husbandSeq: string) {
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例戊', residentId: sampleResidentId('1970-03-15', wifeSeq), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例己', residentId: sampleResidentId('1964-10-20', husbandSeq), birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    const caseId = created.body.caseId as string;
    const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
    const etag = async () => (await getCase()).headers.etag as string;
    const members = (await getCase()).body.members as { role: string; personRef: string }[];
    for (const m of members) {
      await h
        .http('applications')
        .post(`/cases/${caseId}/facts`)
        .set(h.as('intake'))
        .set('If-Match', await etag())
        .send({ subject: m.personRef, fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2024-08-05', evidence: [{ kind: 'other', reference: 'evidence:sample-subsidy' }] })
        .expect(200);
    }
    await h.http('applications').post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    });
    await h
      .http('applications')
      .post(`/cases/${caseId}/eligibility-confirmation`)
      .set(h.as('intake'))
      .set('If-Match', determined.headers.etag)
      .send({ evidence: [{ kind: 'disabilityCertificate', reference: 'evidence:sample-child-disability-certificate' }] })
      .expect(200);
    await h
      .http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(h.as('approver'))
      .set('If-Match', await etag())
      .send({ determinationId: determined.body.determinations[0].determinationId })
      .expect(200);
    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));
    const [determination] = await h.store.readStream(`determination-${caseId}`, { maxCount: 1 });
    const facts = (determination.data as { facts: { members: { role: string }[] } }).facts;
    cases.push({ caseId, husbandIndex: facts.members.findIndex((m) => m.role === 'husband') });
  }

  beforeAll(async () => {
    h = await startEmbeddedHarness({ now: at('2024-08-05'), prefix: 'benefits-recompute-', eventStoreUrl: await createTestDatabase('recompute_tamper') });
    await h.issue('admin', 'admin', '330400');
    await h.issue('intake', 'intake_officer', DIVISION);
    await h.issue('approver', 'approver', DIVISION);
    await h.issue('clerk', 'finance_clerk', DIVISION);
    await h.issue('auditor', 'auditor', '330400');
    await h.issue('other-auditor', 'auditor', '110000');
    await h.issue('officer', 'case_officer', DIVISION);
    await h.importStandard('admin', '330400', JIAXING_STANDARD);
    await household('032', '031');
    await household('042', '041');
    const run = await runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: DIVISION, period: '2024-09' });
    expect(run.created).toBe(4);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses other roles and other divisions, and bad scopes, writing nothing', async () => {
    await h.http('audit').post('/audit/recomputations').set(h.as('officer')).send({ scope: { divisionCode: DIVISION } }).expect(403);
    const out = await h.http('audit').post('/audit/recomputations').set(h.as('other-auditor')).send({ scope: { divisionCode: DIVISION }, recomputationId: 'refused-1' }).expect(403);
    expect(out.body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect(await h.store.streamExists('recomputation-refused-1')).toBe(false);
    const bad = await h.http('audit').post('/audit/recomputations').set(h.as('auditor')).send({ scope: { divisionCode: '3304' } }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await h.http('audit').get('/audit/recomputations/no-such-thing').set(h.as('auditor')).expect(404);
  });

  it('(a) a clean caseload recomputes with every determination and payment matching, page by page', async () => {
    const report = await recompute({ scope: { divisionCode: DIVISION, benefit: 'tefu', period: '2024-09' }, recomputationId: 'clean-330402', pageSize: 1 });
    expect(report.counts).toEqual({
      cases: 2,
      determinations: { match: 2, mismatch: 0, notRecomputable: 0 },
      determinationRecords: { match: 2, mismatch: 0, notRecomputable: 0 },
      payments: { match: 4, mismatch: 0, notRecomputable: 0 },
    });
    expect(report.progress).toMatchObject({ casesExamined: 2, casesInScope: 2 });
    expect(report.progress.pages).toBeGreaterThanOrEqual(2);
    expect(report.mismatches).toEqual([]);
    expect(report.notRecomputable).toEqual([]);
    expect(report.resultHash).toBe(resultHashOf([]));
    const types = (await h.store.readStream('recomputation-clean-330402')).map((e) => e.type);
    expect(types[0]).toBe('audit.RecomputationStarted.v1');
    expect(types.at(-1)).toBe('audit.RecomputationCompleted.v1');
    expect(types.filter((t) => t === 'audit.RecomputationPageRecorded.v1').length).toBe(report.progress.pages);
    // The same id again: the completed report (200), nothing recomputed twice; another scope under it is refused.
    const again = await h.http('audit').post('/audit/recomputations').set(h.as('auditor')).send({ scope: { divisionCode: DIVISION, benefit: 'tefu', period: '2024-09' }, recomputationId: 'clean-330402', pageSize: 1 }).expect(200);
    expect(again.body).toMatchObject({ status: 'completed', resultHash: report.resultHash });
    const conflict = await h.http('audit').post('/audit/recomputations').set(h.as('auditor')).send({ scope: { divisionCode: DIVISION }, recomputationId: 'clean-330402' }).expect(409);
    expect(conflict.body.code).toBe('RECOMPUTATION_SCOPE_CONFLICT');
  });

  it('(b) a payment whose stored amount was changed in the database is a mismatch with both amounts', async () => {
    const { caseId } = cases[0];
    const [paymentRow] = await database().query<{ stream_id: string }>(
      `SELECT stream_id FROM event_store.events WHERE type = 'disbursement.PaymentCreated.v1' AND stream_id LIKE $1 ORDER BY stream_id LIMIT 1`,
      [`payment-${caseId}-%`],
    );
    await tamper(
      `UPDATE event_store.events SET hashed_text = jsonb_set(hashed_text::jsonb, '{data,amount,fen}', '95000')::text WHERE stream_id = '${paymentRow.stream_id}' AND stream_revision = 0`,
    );
    const report = await recompute({ scope: { caseId } });
    expect(report.counts.payments).toEqual({ match: 1, mismatch: 1, notRecomputable: 0 });
    expect(report.mismatches).toEqual([
      expect.objectContaining({
        subject: 'payment',
        subjectId: paymentRow.stream_id,
        caseId,
        status: 'mismatch',
        recordedFen: 95_000,
        recomputedFen: 85_000,
        stage: 'schedule',
        evidence: expect.arrayContaining([{ streamId: paymentRow.stream_id, revision: 0, note: 'payment' }, expect.objectContaining({ streamId: `entitlement-${caseId}`, note: 'schedule' })]),
      }),
    ]);
    expect(report.resultHash).toBe(resultHashOf(report.mismatches as never));
  });

  it('(c) a determination whose recorded facts were changed in the database is a mismatch with the first differing trace step', async () => {
    const { caseId, husbandIndex } = cases[1];
    await tamper(
      `UPDATE event_store.events SET hashed_text = jsonb_set(hashed_text::jsonb, '{data,facts,members,${husbandIndex},birthDate}', '"1958-10-20"')::text WHERE stream_id = 'determination-${caseId}' AND stream_revision = 0`,
    );
    const report = await recompute({ scope: { caseId } });
    expect(report.counts.determinations).toEqual({ match: 0, mismatch: 1, notRecomputable: 0 });
    const [finding] = report.mismatches;
    expect(finding).toMatchObject({
      subject: 'determination',
      caseId,
      status: 'mismatch',
      recordedFen: 170_000,
      recomputedFen: 185_000,
      differences: expect.arrayContaining(['amounts', 'trace']),
      firstDifferingStep: { index: expect.any(Number), stepId: expect.stringMatching(/^tefu\./) },
      evidence: [{ streamId: `determination-${caseId}`, revision: 0, note: 'determination' }],
    });

    // The changed facts also contradict the husband's payment when the period is evaluated again from them.
    expect(report.counts.payments).toEqual({ match: 1, mismatch: 1, notRecomputable: 0 });
    expect(report.mismatches).toContainEqual(expect.objectContaining({ subject: 'payment', recordedFen: 85_000, recomputedFen: 100_000, stage: 'engine' }));

    // The whole division: every change, in case order, with the hash of exactly those findings; paged.
    const division = await recompute({ scope: { divisionCode: DIVISION }, pageSize: 1 });
    expect(division.counts.determinations.mismatch).toBe(1);
    expect(division.counts.payments.mismatch).toBe(2);
    const all: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Report } = await h
        .http('audit')
        .get(`/audit/recomputations/${division.recomputationId}`)
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(h.as('auditor'))
        .expect(200);
      all.push(...page.body.mismatches);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.map((f) => f.subject).sort()).toEqual(['determination', 'payment', 'payment']);
    expect(division.resultHash).toBe(resultHashOf(all as never));
  });
  it('(d) the 疑点 rule A5 lists both payments whose stored amount differs from the recomputed one', async () => {
    const scan = await h
      .http('audit')
      .post('/audit/anomaly-scans')
      .set(h.as('auditor'))
      .send({ divisionCode: DIVISION, rules: ['A5-paid-differs-from-recomputed'], asOf: '2024-09-30' })
      .expect(202);
    await waitFor(
      'the scan to complete',
      async () => {
        const res = await h.http('audit').get(`/audit/anomaly-scans/${scan.body.scanId as string}`).set(h.as('auditor')).expect(200);
        return res.body.status === 'completed' ? res.body : null;
      },
      60_000,
    );
    const listed = await waitFor('the findings', async () => {
      const res = await h.http('audit').get('/audit/anomalies').query({ ruleId: 'A5-paid-differs-from-recomputed' }).set(h.as('auditor')).expect(200);
      return res.body.items.length >= 2 ? (res.body.items as { amountFen: number; evidence: { streamId: string }[] }[]) : null;
    });
    expect(listed.map((f) => f.amountFen).sort()).toEqual([10_000, 15_000]);
    for (const finding of listed) expect(finding.evidence[0].streamId).toMatch(/^payment-/);
  });
});
