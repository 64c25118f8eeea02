import { residentIdCheckChar } from '@benefits/identity';
import { readSeed } from '@benefits/standards';
import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { acknowledgeParseWarnings } from '../support/standard-warnings';

jest.setTimeout(180_000);

/** 《嘉兴市基本公共服务标准（2023年版）》 as shipped (in force for 嘉兴 from 2024-07-22). */
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
/** SAMPLE DATA: the 低保标准 B published in this test is not an official figure. */
const SAMPLE_SOURCE = { docNo: '示例数据（非官方）', title: '端到端测试用示例低保标准' };
const SAMPLE_B = 100_000;
const SAMPLE_B_RAISED = 110_000;
const DIVISION = '330402';
/** 《北京市基本公共服务实施标准》 draft as shipped, activated by the test: 嘉兴's standard delegates 临时救助 amounts to a local table. */
const BEIJING_STANDARD = '003_d2c032a64aa52382.txt';
/** 朝阳区: the 临时救助 cases are in Beijing, whose standard gives the cap and the 支出型 amount. */
const LINSHI_DIVISION = '110105';

/** A valid 身份证号 (sample data): division, birth date, sequence and the GB 11643 check character. */
const residentId = (birth: string, sequence: string) => {
  const first17 = `${DIVISION}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};
const person = (name: string, birth: string, sequence: string, relation = 'applicant') => ({ relation, name, residentId: residentId(birth, sequence), birthDate: birth });
/** 10:00 in Asia/Shanghai on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

interface Payment {
  paymentStreamId?: string;
  periodKey: string;
  amount: { fen: number };
  kind: string;
  determinationId?: string;
}

describe('低保 and 临时救助 through the four services (embedded, event-log transport)', () => {
  let harness: EmbeddedHarness;
  const http: EmbeddedHarness['http'] = (service) => harness.http(service);
  const as: EmbeddedHarness['as'] = (who) => harness.as(who);
  const setNow = (date: string) => {
    harness.clock.now = at(date);
  };
  const caseView = async (benefit: 'dibao' | 'linshi', caseId: string) =>
    http('applications').get(`/cases/${benefit}/${caseId}`).set(as(benefit === 'dibao' ? 'approver-zhao' : 'bj-approver')).expect(200);
  const etag = async (benefit: 'dibao' | 'linshi', caseId: string) => (await caseView(benefit, caseId)).headers.etag as string;
  const run = (benefit: string, period: string) =>
    runPayments(() => http('disbursement'), as(benefit === 'dibao' ? 'clerk-sun' : 'bj-clerk'), {
      benefit,
      divisionCode: benefit === 'dibao' ? DIVISION : LINSHI_DIVISION,
      period,
    });
  const eligibilityOf = async (caseId: string, who = 'admin-qian') => (await http('eligibility').get(`/eligibility/cases/${caseId}/determinations`).set(as(who)).expect(200)).body;
  const publishB = (effectiveFrom: string, fen: number, divisionCode = DIVISION, who = 'admin-qian') =>
    http('eligibility')
      .post('/parameters/dibao.standard')
      .set(as(who))
      .send({ divisionCode, effectiveFrom, value: { fen }, source: SAMPLE_SOURCE, sampleData: true })
      .expect(201);

  beforeAll(async () => {
    harness = await startEmbeddedHarness({
      now: at('2026-03-02'),
      prefix: 'benefits-dibao-linshi-',
      // SAMPLE calendar (weekends only), not a published one: the shipped calendar has no year yet.
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    await harness.issue('admin-qian', 'admin', '330400');
    await harness.issue('officer-wang', 'intake_officer', DIVISION);
    await harness.issue('officer-li', 'case_officer', DIVISION);
    await harness.issue('approver-zhao', 'approver', DIVISION);
    await harness.issue('clerk-sun', 'finance_clerk', DIVISION);
    await harness.issue('bj-admin', 'admin', '110000');
    await harness.issue('bj-intake', 'intake_officer', LINSHI_DIVISION);
    await harness.issue('bj-officer', 'case_officer', LINSHI_DIVISION);
    await harness.issue('bj-approver', 'approver', LINSHI_DIVISION);
    await harness.issue('bj-clerk', 'finance_clerk', LINSHI_DIVISION);
    await http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin-qian'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);
    const beijing = await http('eligibility')
      .post(`/standards/import?division=110000&sourceName=${BEIJING_STANDARD}`)
      .set(as('bj-admin'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(BEIJING_STANDARD))
      .expect(201);
    await acknowledgeParseWarnings(() => http('eligibility'), as('bj-admin'), beijing.body.standardId, beijing.body.versionId);
    await http('eligibility')
      .post(`/standards/${beijing.body.standardId}/activations`)
      .set(as('bj-admin'))
      .send({ versionId: beijing.body.versionId, divisionCode: '110000', effectiveFrom: '2026-01-01', reason: '端到端测试（示例启用）' })
      .expect(201);
    // SAMPLE B for 朝阳区 (not an official figure): the 临时救助 cap is 3 × B × members.
    await publishB('2026-01-01', SAMPLE_B, LINSHI_DIVISION, 'bj-admin');
  });

  afterAll(async () => {
    await harness?.close();
  });

  afterEach(async () => {
    for (const { name, server } of harness.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(harness.errors).toEqual([]);
  });

  // Household of scenario 1 and 2: applicant with 900 元 wages in one month of a 3-month check period
  // (300 元 a month on average), and a child without income. B × 2 − 300 元.
  const incomeFen = 90_000;
  const monthlyIncomeFen = 30_000;
  const amountAt = (b: number) => b * 2 - monthlyIncomeFen;
  let dibaoCaseId = '';
  let applicantRef = '';

  it('低保: B published → application … 公示 7 days → determination on the case → approval → schedule → paid once from the month after approval', async () => {
    const b = await publishB('2026-01-01', SAMPLE_B);
    expect(b.body).toMatchObject({ created: true });
    const published = await http('eligibility').get(`/parameters/dibao.standard?division=${DIVISION}&date=2026-03-01`).set(as('officer-li')).expect(200);
    expect(JSON.stringify(published.body)).toContain('示例数据（非官方）');

    setNow('2026-03-02');
    const created = await http('applications')
      .post('/cases/dibao')
      .set(as('officer-wang'))
      .send({ divisionCode: DIVISION, householdCategory: 'stable', members: [person('示例甲', '1975-06-01', '011'), person('示例乙', '2012-09-01', '022', 'child')] })
      .expect(201);
    const caseId: string = created.body.caseId;
    dibaoCaseId = caseId;
    await http('applications').post(`/cases/dibao/${caseId}/accept`).set(as('officer-wang')).set('If-Match', '"0"').send({}).expect(200);
    const refs: string[] = (await caseView('dibao', caseId)).body.members.map((m: { personRef: string }) => m.personRef);
    applicantRef = refs[0];

    // 核对: the facts snapshot goes to eligibility, whose determination comes back onto the case.
    setNow('2026-03-04');
    await http('applications')
      .post(`/cases/dibao/${caseId}/financial-check`)
      .set(as('officer-li'))
      .set('If-Match', '"1"')
      .send({
        checkedOn: '2026-03-04',
        result: 'passed',
        sources: [{ source: 'humanResources', reportRef: 'report:hr-0304' }],
        period: { from: '2025-12', to: '2026-02' },
        incomes: [{ personRef: refs[0], source: 'wages', month: '2026-01', amountFen: incomeFen }],
        // SAMPLE assets rule (not an official one): the household meets it.
        assets: { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: SAMPLE_SOURCE.docNo, title: null }, meets: true },
      })
      .expect(200);
    const determination = await waitFor('the 低保 determination on the case', async () => {
      const view = await caseView('dibao', caseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    expect(determination).toMatchObject({ basedOnCaseRevision: 2, eligible: true, householdAmountFen: amountAt(SAMPLE_B) });
    // Eligibility computed it from the facts snapshot with the published (sample) B: B × 2 − Σincome, to the applicant.
    const [computed] = (await eligibilityOf(caseId)).determinations;
    expect(computed).toMatchObject({
      determinationId: determination.determinationId,
      benefit: 'dibao',
      basedOnCaseRevision: 2,
      amounts: [{ beneficiaryRef: refs[0], periodKey: '2026-03', amountFen: amountAt(SAMPLE_B) }],
      facts: { members: [{ personRef: refs[0], monthlyIncomeFen }, { personRef: refs[1], monthlyIncomeFen: 0 }] },
    });
    expect(computed.parameters).toContainEqual(
      expect.objectContaining({ key: 'dibao.standard', value: { fen: SAMPLE_B }, source: expect.objectContaining({ divisionCode: DIVISION, sampleData: true }) }),
    );
    const recordedOnCase = (await caseView('dibao', caseId)).body.timeline.find((e: { type: string }) => e.type === 'dibao.DeterminationRecorded.v1');
    expect(recordedOnCase).toMatchObject({ actor: { id: 'service:eligibility' } });

    // 入户调查 (two investigators), 民主评议, 公示.
    setNow('2026-03-05');
    await http('applications')
      .post(`/cases/dibao/${caseId}/home-visit`)
      .set(as('officer-li'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' })
      .expect(200);
    setNow('2026-03-09');
    await http('applications')
      .post(`/cases/dibao/${caseId}/community-review`)
      .set(as('officer-li'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' })
      .expect(200);
    setNow('2026-03-10');
    await http('applications')
      .post(`/cases/dibao/${caseId}/public-notice`)
      .set(as('officer-li'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ startedOn: '2026-03-10', location: '社区公示栏' })
      .expect(200);

    // Before the 7 days are over the approval is refused; after them a different officer approves.
    setNow('2026-03-16');
    const early = await http('applications')
      .post(`/cases/dibao/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ determinationId: determination.determinationId })
      .expect(409);
    expect(early.body.code).toBe('PUBLIC_NOTICE_NOT_OVER');
    setNow('2026-03-17');
    const current = await caseView('dibao', caseId);
    expect(current.body.determinations.map((d: { determinationId: string }) => d.determinationId)).toEqual([determination.determinationId]);
    await http('applications')
      .post(`/cases/dibao/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', current.headers.etag)
      .send({ determinationId: determination.determinationId })
      .expect(200);
    const approved = await caseView('dibao', caseId);
    expect(approved.body).toMatchObject({ status: 'active', state: { approval: { effectiveFrom: '2026-03-17', paymentFrom: '2026-04-01', householdAmountFen: amountAt(SAMPLE_B) } } });

    // Eligibility issues the schedule; disbursement records it.
    await waitFor('the entitlement schedule in disbursement', () => harness.store.streamExists(`entitlement-${caseId}`));
    const [received] = await harness.store.readStream(`entitlement-${caseId}`);
    expect(received.type).toBe('disbursement.EntitlementScheduleReceived.v1');
    expect(JSON.stringify(received.data)).toContain(determination.determinationId);

    const [schedule] = (await eligibilityOf(caseId)).schedules;
    expect(schedule).toMatchObject({ determinationId: determination.determinationId, paymentStart: { from: '2026-04', policy: 'dibao.gap' } });
    expect(new Set(schedule.lines.map((l: { beneficiaryRef: string; amountFen: number }) => `${l.beneficiaryRef}|${l.amountFen}`))).toEqual(new Set([`${refs[0]}|${amountAt(SAMPLE_B)}`]));

    // March (the approval month) pays nothing; April pays B × n − Σincome once; again: nothing.
    expect((await run('dibao', '2026-03')).created).toBe(0);
    const april = await run('dibao', '2026-04');
    expect(april).toMatchObject({ created: 1, alreadyExisted: 0, totals: { createdAmount: { fen: amountAt(SAMPLE_B) } } });
    expect(april.payments[0]).toMatchObject({ periodKey: '2026-04', amount: { fen: amountAt(SAMPLE_B) }, kind: 'regular' });
    const [paid] = await harness.store.readStream(`payment-${caseId}-${refs[0]}-2026-04`);
    expect(paid.data).toMatchObject({ kind: 'regular', determinationId: determination.determinationId, amount: { fen: amountAt(SAMPLE_B) } });
    const again = await run('dibao', '2026-04');
    expect(again).toMatchObject({ created: 0, alreadyExisted: 1, totals: { createdAmount: { fen: 0 } } });
  });

  it('低保 redetermination: B rises from July; paid months stay, July paid at the old amount gets 补发, later months pay the new amount', async () => {
    expect(dibaoCaseId).not.toBe('');
    const caseId = dibaoCaseId;
    // May, June and July are paid under the first schedule (before the rise is known).
    for (const month of ['2026-05', '2026-06', '2026-07']) {
      const paid = await run('dibao', month);
      expect(paid).toMatchObject({ created: 1, totals: { createdAmount: { fen: amountAt(SAMPLE_B) } } });
    }
    const before = await eligibilityOf(caseId);

    // SAMPLE B rises from 2026-07: eligibility redetermines the active case.
    setNow('2026-07-20');
    const rise = await publishB('2026-07-01', SAMPLE_B_RAISED);
    expect(rise.body).toMatchObject({ created: true, redetermination: { issued: [caseId], failed: [] } });
    const after = await eligibilityOf(caseId);
    expect(after.determinations.length).toBe(before.determinations.length + 1);
    expect(after.schedules.length).toBe(before.schedules.length + 1);
    const newDetermination = after.determinations[after.determinations.length - 1];
    expect(newDetermination).toMatchObject({ effectiveFrom: '2026-07-01', amounts: [{ beneficiaryRef: applicantRef, periodKey: '2026-07', amountFen: amountAt(SAMPLE_B_RAISED) }] });

    const superseding = after.schedules[after.schedules.length - 1];
    const lineOf = (month: string) => superseding.lines.find((l: { periodKey: string }) => l.periodKey === month)?.amountFen;
    expect([lineOf('2026-06'), lineOf('2026-07'), lineOf('2026-12')]).toEqual([amountAt(SAMPLE_B), amountAt(SAMPLE_B_RAISED), amountAt(SAMPLE_B_RAISED)]);

    // The new determination is recorded on the active case in applications (no new approval).
    const onCase = await waitFor('the redetermination on the 低保 case', async () => {
      const view = await caseView('dibao', caseId);
      return view.body.determinations.find((d: { determinationId: string }) => d.determinationId === newDetermination.determinationId) ?? null;
    });
    expect(onCase).toMatchObject({ effectiveFrom: '2026-07-01', householdAmountFen: amountAt(SAMPLE_B_RAISED) });

    // The superseding schedule reaches disbursement (schedule version 2).
    await waitFor('the superseding schedule in disbursement', async () => (await harness.store.readStream(`entitlement-${caseId}`)).length >= 2);

    // The next run (August): the new amount, and the 补发 of July's difference.
    const august = await run('dibao', '2026-08');
    expect(august.created).toBe(2);
    const byKind = Object.fromEntries(august.payments.map((p) => [p.kind, p]));
    expect(byKind.regular).toMatchObject({ periodKey: '2026-08', amount: { fen: amountAt(SAMPLE_B_RAISED) } });
    expect(byKind.arrears).toMatchObject({ periodKey: '2026-07', amount: { fen: amountAt(SAMPLE_B_RAISED) - amountAt(SAMPLE_B) } });
    expect(august.totals.arrears.fen).toBe(amountAt(SAMPLE_B_RAISED) - amountAt(SAMPLE_B));
    // The 补发 names the superseding schedule's determination and what was paid / is due.
    const [arrears] = await harness.store.readStream(`payment-${caseId}-${applicantRef}-2026-07-adj2`);
    expect(arrears.data).toMatchObject({
      kind: 'arrears',
      determinationId: newDetermination.determinationId,
      adjusts: { paidFen: amountAt(SAMPLE_B), dueFen: amountAt(SAMPLE_B_RAISED) },
    });

    // Months paid before the rise: nothing new (May, June unchanged; July already settled).
    for (const month of ['2026-05', '2026-06', '2026-07', '2026-08']) {
      const repeat = await run('dibao', month);
      expect({ month, created: repeat.created }).toEqual({ month, created: 0 });
    }
    // September: the new amount.
    const september = await run('dibao', '2026-09');
    expect(september).toMatchObject({ created: 1, totals: { createdAmount: { fen: amountAt(SAMPLE_B_RAISED) }, arrears: { fen: 0 } } });
  });

  it('低保 停发 / 恢复: suspended from October, nothing paid in October and November; resumed from December, paid again; the suspended months are not paid back', async () => {
    expect(dibaoCaseId).not.toBe('');
    const caseId = dibaoCaseId;
    const statusChanges = async () => (await harness.store.readStream(`entitlement-${caseId}`)).filter((e) => e.type !== 'disbursement.EntitlementScheduleReceived.v1').map((e) => e.type);
    setNow('2026-09-25');
    await http('applications')
      .post(`/cases/dibao/${caseId}/suspend`)
      .set(as('approver-zhao'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ effectiveFrom: '2026-10-01', reason: '未按期复核（示例）' })
      .expect(200);
    await waitFor('the suspension in disbursement', async () => ((await statusChanges()).length === 1 ? true : null));
    expect((await run('dibao', '2026-10')).created).toBe(0);
    expect((await run('dibao', '2026-11')).created).toBe(0);

    setNow('2026-11-25');
    await http('applications')
      .post(`/cases/dibao/${caseId}/resume`)
      .set(as('approver-zhao'))
      .set('If-Match', await etag('dibao', caseId))
      .send({ effectiveFrom: '2026-12-01', reason: '已复核（示例）' })
      .expect(200);
    await waitFor('the resumption in disbursement', async () => ((await statusChanges()).length === 2 ? true : null));
    expect(await statusChanges()).toEqual(['disbursement.EntitlementSuspended.v1', 'disbursement.EntitlementResumed.v1']);
    expect(await run('dibao', '2026-12')).toMatchObject({ created: 1, totals: { createdAmount: { fen: amountAt(SAMPLE_B_RAISED) } } });
    for (const month of ['2026-10', '2026-11']) {
      expect({ month, created: (await run('dibao', month)).created }).toEqual({ month, created: 0 });
      expect(await harness.store.streamExists(`payment-${caseId}-${applicantRef}-${month}`)).toBe(false);
    }
  });

  it('临时救助 急难型 with 先行救助: the cap arrives, aid granted within it is paid once by a run; the late paperwork shows as late', async () => {
    setNow('2026-09-01');
    const created = await http('applications')
      .post('/cases/linshi')
      .set(as('bj-intake'))
      .send({
        divisionCode: LINSHI_DIVISION,
        type: 'jinan',
        members: [person('示例丙', '1970-01-01', '051'), person('示例丁', '1972-02-02', '062', 'spouse')],
        cause: 'fire',
        causeDescription: '住房失火',
        occurredOn: '2026-08-31',
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const determination = await waitFor('the 临时救助 determination (cap) on the case', async () => {
      const view = await caseView('linshi', caseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    // 3 × B × members, with 朝阳区's (sample) B.
    const cap = 3 * SAMPLE_B * 2;
    expect(determination).toMatchObject({ eligible: true, capFen: cap });

    const above = await http('applications')
      .post(`/cases/linshi/${caseId}/advance-aid`)
      .set(as('bj-approver'))
      .set('If-Match', await etag('linshi', caseId))
      .send({ determinationId: determination.determinationId, amountFen: cap + 1 })
      .expect(409);
    expect(above.body.code).toBe('AMOUNT_ABOVE_CAP');
    await http('applications')
      .post(`/cases/linshi/${caseId}/advance-aid`)
      .set(as('bj-approver'))
      .set('If-Match', await etag('linshi', caseId))
      .send({ determinationId: determination.determinationId, amountFen: 200_000 })
      .expect(200);

    await waitFor('the one-off schedule in disbursement', () => harness.store.streamExists(`entitlement-${caseId}`));
    const september = await run('linshi', '2026-09');
    expect(september).toMatchObject({ created: 1, totals: { createdAmount: { fen: 200_000 } } });
    // Eligibility's line `once:<caseId>` is, in disbursement, a one-off period dated the approval (kernel key `O<date>`).
    const [schedule] = (await eligibilityOf(caseId, 'bj-admin')).schedules;
    expect(schedule.lines).toEqual([{ beneficiaryRef: expect.any(String), periodKey: `once:${caseId}`, amountFen: 200_000 }]);
    expect(september.payments[0]).toMatchObject({ periodKey: 'O2026-09-01', amount: { fen: 200_000 }, kind: 'regular' });
    expect(await harness.store.streamExists(`payment-${caseId}-${schedule.lines[0].beneficiaryRef}-O2026-09-01`)).toBe(true);
    expect((await run('linshi', '2026-09')).created).toBe(0);

    // Paperwork due 10 days after the aid (2026-09-11), completed on the 20th: late.
    setNow('2026-09-20');
    const aided = await caseView('linshi', caseId);
    expect(aided.body.due).toEqual([{ kind: 'linshi.paperwork', dueOn: '2026-09-11' }]);
    await http('applications')
      .post(`/cases/linshi/${caseId}/paperwork`)
      .set(as('bj-officer'))
      .set('If-Match', aided.headers.etag)
      .send({ completedOn: '2026-09-20', documentRefs: ['doc:register-0920'], note: '补齐签字盖章' })
      .expect(200);
    expect((await caseView('linshi', caseId)).body).toMatchObject({ status: 'approved', due: [], state: { paperwork: { late: true } } });
  });

  it('临时救助 支出型 in two instalments: two one-off payments once:<caseId>:1 and :2', async () => {
    setNow('2026-09-01');
    const created = await http('applications')
      .post('/cases/linshi')
      .set(as('bj-intake'))
      .send({
        divisionCode: LINSHI_DIVISION,
        type: 'zhichu',
        members: [person('示例戊', '1965-05-05', '071')],
        cause: 'medical',
        causeDescription: '住院医疗自付费用',
        occurredOn: '2026-08-10',
        group: 'g1',
        necessaryExpenditureFen: 2_000_000,
        expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-0810', amountFen: 2_000_000 }],
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const determination = await waitFor('the 支出型 determination on the case', async () => {
      const view = await caseView('linshi', caseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    expect(determination).toMatchObject({ eligible: true });
    const total: number = determination.amounts.reduce((sum: number, a: { amountFen: number }) => sum + a.amountFen, 0);
    expect(total).toBeGreaterThan(1);
    const first = Math.floor(total / 2);
    const second = total - first;

    setNow('2026-09-03');
    await http('applications')
      .post(`/cases/linshi/${caseId}/approve`)
      .set(as('bj-approver'))
      .set('If-Match', await etag('linshi', caseId))
      .send({ determinationId: determination.determinationId, instalments: [{ amountFen: first, plannedOn: '2026-09-10' }, { amountFen: second, plannedOn: '2026-10-10' }] })
      .expect(200);

    await waitFor('the instalment schedule in disbursement', () => harness.store.streamExists(`entitlement-${caseId}`));
    // Eligibility's schedule: the lines once:<caseId>:1 and :2 of the approval.
    const [schedule] = (await eligibilityOf(caseId, 'bj-admin')).schedules;
    expect(schedule.lines.map((l: { periodKey: string; amountFen: number; dueDate?: string }) => [l.periodKey, l.amountFen, l.dueDate])).toEqual([
      [`once:${caseId}:1`, first, '2026-09-10'],
      [`once:${caseId}:2`, second, '2026-10-10'],
    ]);
    // Disbursement: two instalment payments of the series named by the case (kernel keys I<caseId>-<n>of2),
    // each dated its planned date (BeneficiaryAmount.due_date): September's run pays the first, October's the second.
    const instalmentsOf = (paid: { payments: Payment[] }) =>
      paid.payments.filter((p) => p.periodKey.startsWith(`I${caseId}-`)).map((p) => [p.periodKey, p.amount.fen, p.kind]);
    expect(instalmentsOf(await run('linshi', '2026-09'))).toEqual([[`I${caseId}-1of2`, first, 'regular']]);
    const payee = schedule.lines[0].beneficiaryRef;
    expect(await harness.store.streamExists(`payment-${caseId}-${payee}-I${caseId}-1of2`)).toBe(true);
    expect(await harness.store.streamExists(`payment-${caseId}-${payee}-I${caseId}-2of2`)).toBe(false);
    expect((await run('linshi', '2026-09')).created).toBe(0);
    expect(instalmentsOf(await run('linshi', '2026-10'))).toEqual([[`I${caseId}-2of2`, second, 'regular']]);
    expect(await harness.store.streamExists(`payment-${caseId}-${payee}-I${caseId}-2of2`)).toBe(true);
    expect((await run('linshi', '2026-10')).created).toBe(0);
  });
});
