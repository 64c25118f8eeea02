import { readSeed } from '@benefits/standards';
import { sampleResidentId } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';

/**
 * One 计生特扶 case over the years, across the four services (embedded, event-log transport), with
 * the clock moved between steps. Invented 嘉兴 伤残家庭 (sample data): the husband turns 60 while
 * the case is active. Each step is checked where it lands: the case (applications), the schedule
 * (eligibility → disbursement) and the payments a run creates.
 */
jest.setTimeout(180_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describe('计生特扶 lifecycle across the services: active → 60 switch → 养老服务补贴 → 年审 → termination by death', () => {
  let h: EmbeddedHarness;
  let caseId = '';
  const refs: Record<'wife' | 'husband', string> = { wife: '', husband: '' };

  beforeAll(async () => {
    h = await startEmbeddedHarness({ now: at('2024-08-05'), prefix: 'benefits-tefu-life-' });
    await h.issue('admin', 'admin', '330400');
    await h.issue('intake', 'intake_officer', '330402');
    await h.issue('approver', 'approver', '330402');
    await h.issue('clerk', 'finance_clerk', '330402');
    await h.issue('auditor', 'auditor', '330400');
    await h
      .http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(h.as('admin'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
  const etag = async () => (await getCase()).headers.etag as string;
  const scheduleVersions = async () => (await h.store.readStream(`entitlement-${caseId}`)).length;
  /** Runs the month's payments and returns the amount per person created (fen), and how many already existed. */
  async function run(period: string) {
    const res = await runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: '330402', period });
    const created: Record<string, number> = {};
    for (const p of res.payments) {
      if (p.outcome !== 'created') continue;
      const who = p.personRef === refs.wife ? 'wife' : p.personRef === refs.husband ? 'husband' : p.personRef;
      created[`${who}${p.kind === 'regular' ? '' : `:${p.kind}`}`] = p.amount.fen;
    }
    return { created, alreadyExisted: res.alreadyExisted };
  }
  async function recordFact(subject: 'wife' | 'husband', fact: Record<string, unknown>, effectiveFrom: string) {
    return h
      .http('applications')
      .post(`/cases/${caseId}/facts`)
      .set(h.as('intake'))
      .set('If-Match', await etag())
      .send({ subject: refs[subject], fact, effectiveFrom, evidence: [{ kind: 'other', reference: `evidence:sample-${fact.kind as string}` }] });
  }

  it('application → determination → 资格确认 → approval: active with a 年审 due date; paid 850 元 each from the month after approval', async () => {
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: '330402',
        members: [
          { role: 'wife', name: '示例丙', residentId: sampleResidentId('1970-03-15', '022'), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例丁', residentId: sampleResidentId('1964-10-20', '011'), birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseId = created.body.caseId;
    const registered = await getCase();
    for (const m of registered.body.members as { role: 'wife' | 'husband'; personRef: string }[]) refs[m.role] = m.personRef;
    // At intake: neither receives 政府养老服务补贴 (the rules need it once a member is 60).
    for (const who of ['wife', 'husband'] as const) {
      await recordFact(who, { kind: 'elderlyCareSubsidy', receiving: false }, '2024-08-05').then((res) => expect(res.status).toBe(200));
    }
    await h.http('applications').post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    });
    const [determination] = determined.body.determinations;
    expect(determination).toMatchObject({ basedOnCaseRevision: 3, standardRef: { standardId: 'bps-330400', itemNo: '52' } });
    // 资格确认: the township officer confirms eligibility against the evidence.
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
      .send({ determinationId: determination.determinationId })
      .expect(200);
    const active = await getCase();
    expect(active.body.status).toBe('active');
    expect(active.body.due).toEqual([expect.objectContaining({ kind: 'tefu.annualReview', dueOn: '2025-08-05', overdue: false })]);

    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));
    expect((await run('2024-08')).created).toEqual({});
    expect((await run('2024-09')).created).toEqual({ wife: 85_000, husband: 85_000 });
    expect(await run('2024-09')).toEqual({ created: {}, alreadyExisted: 2 });
  });

  it('the husband turns 60 (2024-10-20): from November he is paid 1,000 元 (no 养老服务补贴), the wife still 850 元', async () => {
    expect((await run('2024-10')).created).toEqual({ wife: 85_000, husband: 85_000 });
    expect((await run('2024-11')).created).toEqual({ wife: 85_000, husband: 100_000 });
  });

  it('养老服务补贴 from 2025-01-10: a new determination and schedule; from February he is paid 850 元 again', async () => {
    h.clock.now = at('2025-01-12');
    const before = await scheduleVersions();
    await recordFact('husband', { kind: 'elderlyCareSubsidy', receiving: true }, '2025-01-10').then((res) => expect(res.status).toBe(200));
    await waitFor('the superseding schedule', async () => (await scheduleVersions()) > before);
    const redetermined = await waitFor('the redetermination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 1 ? res.body.determinations.at(-1) : null;
    });
    expect(redetermined.basedOnCaseRevision).toBeGreaterThan(3);
    expect((await run('2025-01')).created).toEqual({ wife: 85_000, husband: 100_000 });
    expect((await run('2025-02')).created).toEqual({ wife: 85_000, husband: 85_000 });
  });

  it('停发 from March 2025 and 恢复 from May: nothing paid in March and April, both paid again in May', async () => {
    const statusChanges = async () => (await h.store.readStream(`entitlement-${caseId}`)).filter((e) => e.type !== 'disbursement.EntitlementScheduleReceived.v1').length;
    h.clock.now = at('2025-02-20');
    await h.http('applications').post(`/cases/${caseId}/suspend`).set(h.as('approver')).set('If-Match', await etag()).send({ effectiveFrom: '2025-03-01', reason: '示例：待核实' }).expect(200);
    await waitFor('the suspension in disbursement', async () => ((await statusChanges()) === 1 ? true : null));
    expect((await run('2025-03')).created).toEqual({});
    expect((await run('2025-04')).created).toEqual({});
    h.clock.now = at('2025-04-20');
    await h.http('applications').post(`/cases/${caseId}/resume`).set(h.as('approver')).set('If-Match', await etag()).send({ effectiveFrom: '2025-05-01', reason: '示例：已核实' }).expect(200);
    await waitFor('the resumption in disbursement', async () => ((await statusChanges()) === 2 ? true : null));
    expect((await run('2025-05')).created).toEqual({ wife: 85_000, husband: 85_000 });
    expect((await run('2025-03')).created).toEqual({});
  });

  it('年审 confirmed before it is due: the next one is due a year later, and the schedule continues past its first horizon', async () => {
    h.clock.now = at('2025-07-20');
    await h
      .http('applications')
      .post(`/cases/${caseId}/annual-reviews`)
      .set(h.as('intake'))
      .set('If-Match', await etag())
      .send({ evidence: [{ kind: 'other', reference: 'evidence:sample-annual-confirmation-2025' }] })
      .expect(200);
    const reviewed = await getCase();
    expect(reviewed.body.due).toEqual([expect.objectContaining({ kind: 'tefu.annualReview', dueOn: '2026-08-05', overdue: false })]);

    // The deployment's monthly job: extend schedules that end within three months of July 2025.
    await h.http('eligibility').post('/eligibility/schedules/extend').set(h.as('admin')).send({ divisionCode: '330402', asOf: '2025-07' }).expect(200);
    await waitFor('a schedule covering 2025-09', async () => {
      const [last] = (await h.store.readStream(`entitlement-${caseId}`)).slice(-1);
      const lines = ((last?.data as { lines?: { period: { month?: string } }[] })?.lines ?? []).map((l) => l.period.month);
      return lines.includes('2025-09');
    });
    expect((await run('2025-09')).created).toEqual({ wife: 85_000, husband: 85_000 });
  });

  it('termination by death: the husband dies, then the wife; the month of the last death is paid, nothing after', async () => {
    h.clock.now = at('2025-10-20');
    await recordFact('husband', { kind: 'death' }, '2025-10-10').then((res) => expect(res.status).toBe(200));
    expect((await getCase()).body.status).toBe('active');
    const before = await scheduleVersions();
    await recordFact('wife', { kind: 'death' }, '2025-10-15').then((res) => expect(res.status).toBe(200));
    const terminated = await getCase();
    expect(terminated.body.status).toBe('terminated');
    await waitFor('the schedule ending at the termination', async () => (await scheduleVersions()) > before);
    expect((await run('2025-10')).created).toEqual({ wife: 85_000, husband: 85_000 });
    expect((await run('2025-11')).created).toEqual({});
    // A terminated case takes no further step.
    const refused = await recordFact('wife', { kind: 'elderlyCareSubsidy', receiving: true }, '2025-10-20');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE_TERMINATED');
  });

  it('the auditor replays the whole life of the case, chain intact, every payment traced to item 52', async () => {
    const history = await h.http('audit').get(`/audit/cases/${caseId}/history`).set(h.as('auditor')).expect(200);
    const types = history.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['tefu.CaseCreated.v1', 'tefu.CaseApproved.v1', 'tefu.DeterminationRecorded.v1']));
    expect(types.at(-1)).toMatch(/^tefu\./);
    expect(history.body.chain.intact).toBe(true);
    expect(history.body.payments.length).toBeGreaterThanOrEqual(12);
    for (const payment of history.body.payments) {
      expect(payment.trace).toMatchObject({ standardRef: { standardId: 'bps-330400', itemNo: '52' }, consistent: true });
    }
    for (const { name, server } of h.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(h.errors).toEqual([]);
  });
});
