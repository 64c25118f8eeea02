import { sampleResidentId } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';

/**
 * Recomputation of a case with a whole 计生特扶 life behind it (embedded services, PGlite): approval,
 * the husband's 60 switch, a redetermination on new facts (养老服务补贴), a horizon extension, and
 * termination by two deaths. Every determination (first and redeterminations, the stopped one
 * included), every record of them on the case and every payment recomputes to what was recorded.
 * Invented 嘉兴 household, sample data.
 */
jest.setTimeout(300_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const DIVISION = '330402';
const at = (date: string) => new Date(`${date}T02:00:00Z`);

describe('recomputation of a 特扶 case over its life', () => {
  let h: EmbeddedHarness;
  let caseId = '';
  const refs: Record<'wife' | 'husband', string> = { wife: '', husband: '' };

  const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
  const etag = async () => (await getCase()).headers.etag as string;
  const scheduleVersions = async () => (await h.store.readStream(`entitlement-${caseId}`)).filter((e) => e.type === 'disbursement.EntitlementScheduleReceived.v1').length;
  const run = (period: string) => runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: DIVISION, period });
  async function recordFact(subject: 'wife' | 'husband', fact: Record<string, unknown>, effectiveFrom: string) {
    await h
      .http('applications')
      .post(`/cases/${caseId}/facts`)
      .set(h.as('intake'))
      .set('If-Match', await etag())
      .send({ subject: refs[subject], fact, effectiveFrom, evidence: [{ kind: 'other', reference: `evidence:sample-${fact.kind as string}` }] })
      .expect(200);
  }

  beforeAll(async () => {
    h = await startEmbeddedHarness({ now: at('2024-08-05'), prefix: 'benefits-recompute-life-' });
    await h.issue('admin', 'admin', '330400');
    await h.issue('intake', 'intake_officer', DIVISION);
    await h.issue('approver', 'approver', DIVISION);
    await h.issue('clerk', 'finance_clerk', DIVISION);
    await h.issue('auditor', 'auditor', '330400');
    await h.importStandard('admin', '330400', JIAXING_STANDARD);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lives through approval, the 60 switch, a redetermination, an extension and termination', async () => {
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例庚', residentId: sampleResidentId('1970-03-15', '052'), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例辛', residentId: sampleResidentId('1964-10-20', '051'), birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseId = created.body.caseId;
    for (const m of (await getCase()).body.members as { role: 'wife' | 'husband'; personRef: string }[]) refs[m.role] = m.personRef;
    for (const who of ['wife', 'husband'] as const) await recordFact(who, { kind: 'elderlyCareSubsidy', receiving: false }, '2024-08-05');
    await h.http('applications').post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination', async () => {
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
    await h.http('applications').post(`/cases/${caseId}/approve`).set(h.as('approver')).set('If-Match', await etag()).send({ determinationId: determined.body.determinations[0].determinationId }).expect(200);
    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));
    await run('2024-09');
    await run('2024-11');

    h.clock.now = at('2025-01-12');
    await recordFact('husband', { kind: 'elderlyCareSubsidy', receiving: true }, '2025-01-10');
    await waitFor('the superseding schedule', async () => ((await scheduleVersions()) >= 2 ? true : null));
    await run('2025-02');

    h.clock.now = at('2025-07-20');
    await h.http('eligibility').post('/eligibility/schedules/extend').set(h.as('admin')).send({ divisionCode: DIVISION, asOf: '2025-07' }).expect(200);
    await waitFor('the extended schedule', async () => ((await scheduleVersions()) >= 3 ? true : null));
    await run('2025-09');

    h.clock.now = at('2025-10-20');
    await recordFact('husband', { kind: 'death' }, '2025-10-10');
    const before = await scheduleVersions();
    await recordFact('wife', { kind: 'death' }, '2025-10-15');
    await waitFor('the schedule ending at the termination', async () => ((await scheduleVersions()) > before ? true : null));
    const october = await run('2025-10');
    expect(october.created).toBe(2);
    expect((await run('2025-11')).created).toBe(0);
  });

  it('recomputes every determination, record and payment of that life to what was recorded', async () => {
    const started = await h.http('audit').post('/audit/recomputations').set(h.as('auditor')).send({ scope: { caseId } }).expect(202);
    const report = await waitFor(
      'the recomputation',
      async () => {
        const res = await h.http('audit').get(`/audit/recomputations/${started.body.recomputationId as string}`).set(h.as('auditor')).expect(200);
        return res.body.status === 'completed' ? res.body : null;
      },
      120_000,
    );
    expect({ mismatches: report.mismatches, notRecomputable: report.notRecomputable }).toEqual({ mismatches: [], notRecomputable: [] });
    // Every determination eligibility recorded for the case: the first, and the redeterminations on new facts and on the deaths.
    expect(report.counts.determinations).toEqual({ match: 5, mismatch: 0, notRecomputable: 0 });
    // The case records the determinations it acted on, each matching eligibility's.
    expect(report.counts.determinationRecords.match).toBeGreaterThanOrEqual(1);
    expect(report.counts.payments).toEqual({ match: 10, mismatch: 0, notRecomputable: 0 });
    for (const { name, server } of h.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
  });
});
