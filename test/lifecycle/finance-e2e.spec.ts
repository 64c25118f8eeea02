import { residentIdCheckChar } from '@benefits/identity';
import { readSeed } from '@benefits/standards';
import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { acknowledgeParseWarnings } from '../support/standard-warnings';
import { recordAccount, sampleAccountBody, settleEnvelope, startRun } from '../support/finance-flow';

/**
 * Finance end to end across the four services (embedded, event-log transport): a 低保, a 特扶 and a
 * staged 临时救助 case from approval (applications) through the schedule (eligibility) to payments,
 * envelopes (发放批次), a bank file, the bank's return and a balanced reconciliation (disbursement).
 * The clock is fixed and moved by the test; 低保's 公示 counts working days on a SAMPLE calendar
 * (weekends only), as in dibao-linshi.spec.ts. Sample data throughout: invented persons, made-up
 * 一卡通 accounts, a sample 低保标准 B — no official figure.
 */
jest.setTimeout(180_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const BEIJING_STANDARD = '003_d2c032a64aa52382.txt';
const SAMPLE_SOURCE = { docNo: '示例数据（非官方）', title: '财务端到端测试用示例低保标准' };
const SAMPLE_B = 100_000;
const DIVISION = '330402';
const LINSHI_DIVISION = '110105';

const residentId = (birth: string, sequence: string) => {
  const first17 = `${DIVISION}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};
const person = (name: string, birth: string, sequence: string, relation = 'applicant') => ({ relation, name, residentId: residentId(birth, sequence), birthDate: birth });
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describe('finance end to end (embedded): 低保, 特扶 and staged 临时救助 from approval to a settled bank return and a balanced reconciliation', () => {
  let h: EmbeddedHarness;
  const disb = () => h.http('disbursement');
  const as: EmbeddedHarness['as'] = (who) => h.as(who);
  const setNow = (date: string) => {
    h.clock.now = at(date);
  };
  const publishB = (divisionCode: string, who: string) =>
    h
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(as(who))
      .send({ divisionCode, effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: SAMPLE_SOURCE, sampleData: true })
      .expect(201);
  const periodReconciliation = async (benefit: string, divisionCode: string, period: string, who: string) =>
    (await disb().get('/disbursement/reconciliation').query({ benefit, divisionCode, period }).set(as(who)).expect(200)).body;

  beforeAll(async () => {
    h = await startEmbeddedHarness({
      now: at('2026-03-02'),
      prefix: 'benefits-finance-e2e-',
      // SAMPLE calendar (weekends only), not a published one.
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    await h.issue('admin-qian', 'admin', '330400');
    await h.issue('officer-wang', 'intake_officer', DIVISION);
    await h.issue('officer-li', 'case_officer', DIVISION);
    await h.issue('approver-zhao', 'approver', DIVISION);
    await h.issue('clerk-sun', 'finance_clerk', DIVISION);
    await h.issue('clerk-zhou', 'finance_clerk', DIVISION);
    await h.issue('auditor-wu', 'auditor', '330400');
    await h.issue('bj-admin', 'admin', '110000');
    await h.issue('bj-intake', 'intake_officer', LINSHI_DIVISION);
    await h.issue('bj-officer', 'case_officer', LINSHI_DIVISION);
    await h.issue('bj-approver', 'approver', LINSHI_DIVISION);
    await h.issue('bj-clerk', 'finance_clerk', LINSHI_DIVISION);
    await h.issue('bj-clerk2', 'finance_clerk', LINSHI_DIVISION);
    await h
      .http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin-qian'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);
    const beijing = await h
      .http('eligibility')
      .post(`/standards/import?division=110000&sourceName=${BEIJING_STANDARD}`)
      .set(as('bj-admin'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(BEIJING_STANDARD))
      .expect(201);
    await acknowledgeParseWarnings(() => h.http('eligibility'), as('bj-admin'), beijing.body.standardId, beijing.body.versionId);
    await h
      .http('eligibility')
      .post(`/standards/${beijing.body.standardId}/activations`)
      .set(as('bj-admin'))
      .send({ versionId: beijing.body.versionId, divisionCode: '110000', effectiveFrom: '2026-01-01', reason: '端到端测试（示例启用）' })
      .expect(201);
    await publishB(DIVISION, 'admin-qian');
    await publishB(LINSHI_DIVISION, 'bj-admin');
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(async () => {
    for (const { name, server } of h.consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(h.errors).toEqual([]);
  });

  it('低保: approved after 公示 → account recorded → April run (finance clerk) → approved by another clerk → bank file → all settled → balanced → closed', async () => {
    const caseView = async (caseId: string) => h.http('applications').get(`/cases/dibao/${caseId}`).set(as('approver-zhao')).expect(200);
    const step = async (caseId: string, path: string, who: string, body: object) =>
      h
        .http('applications')
        .post(`/cases/dibao/${caseId}/${path}`)
        .set(as(who))
        .set('If-Match', (await caseView(caseId)).headers.etag as string)
        .send(body)
        .expect(200);

    setNow('2026-03-02');
    const created = await h
      .http('applications')
      .post('/cases/dibao')
      .set(as('officer-wang'))
      .send({ divisionCode: DIVISION, householdCategory: 'stable', members: [person('示例庚', '1976-04-01', '031'), person('示例辛', '2013-05-01', '042', 'child')] })
      .expect(201);
    const caseId: string = created.body.caseId;
    await step(caseId, 'accept', 'officer-wang', {});
    const refs: string[] = (await caseView(caseId)).body.members.map((m: { personRef: string }) => m.personRef);
    setNow('2026-03-04');
    await step(caseId, 'financial-check', 'officer-li', {
      checkedOn: '2026-03-04',
      result: 'passed',
      sources: [{ source: 'humanResources', reportRef: 'report:hr-0304' }],
      period: { from: '2025-12', to: '2026-02' },
      incomes: [{ personRef: refs[0], source: 'wages', month: '2026-01', amountFen: 90_000 }],
      assets: { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: SAMPLE_SOURCE.docNo, title: null }, meets: true },
    });
    const determination = await waitFor('the 低保 determination on the case', async () => {
      const view = await caseView(caseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    const amountFen = SAMPLE_B * 2 - 30_000;
    expect(determination).toMatchObject({ eligible: true, householdAmountFen: amountFen });
    setNow('2026-03-05');
    await step(caseId, 'home-visit', 'officer-li', { visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' });
    setNow('2026-03-09');
    await step(caseId, 'community-review', 'officer-li', { heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' });
    setNow('2026-03-10');
    await step(caseId, 'public-notice', 'officer-li', { startedOn: '2026-03-10', location: '社区公示栏' });
    setNow('2026-03-17');
    await step(caseId, 'approve', 'approver-zhao', { determinationId: determination.determinationId });
    expect((await caseView(caseId)).body).toMatchObject({ status: 'active', state: { approval: { paymentFrom: '2026-04-01' } } });
    await waitFor('the 低保 schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));

    // 一卡通 recorded at intake by 民政 before the first run: nothing is held.
    expect(await recordAccount(disb, as('officer-li'), refs[0], sampleAccountBody(DIVISION, 101))).toMatchObject({ outcome: 'recorded', usable: true });

    const april = await runPayments(disb, as('clerk-sun'), { benefit: 'dibao', divisionCode: DIVISION, period: '2026-04' });
    expect(april.payments.map((p) => [p.personRef, p.periodKey, p.amount.fen])).toEqual([[refs[0], '2026-04', amountFen]]);
    const settled = await settleEnvelope(disb, april.runId, { approver: as('clerk-zhou'), preparer: as('clerk-sun'), auditor: as('auditor-wu'), returnedOn: '2026-04-10' });
    expect(settled.prepared).toMatchObject({ totals: { count: 1, fen: amountFen }, held: { count: 0, fen: 0 } });
    expect(settled.bankFile.header).toMatchObject({ benefit: 'dibao', divisionCode: DIVISION, period: '2026-04' });
    expect(settled.reconciliation.lines.due).toEqual({ count: 1, fen: amountFen });
    const period = await periodReconciliation('dibao', DIVISION, '2026-04', 'auditor-wu');
    expect(period).toMatchObject({ balanced: true, lines: { settled: { count: 1, fen: amountFen }, failed: { count: 0 } } });
  });

  it('特扶: a run before the accounts holds both payments (待补录账户); recorded, the next run carries them; one line fails (ACCOUNT_CLOSED), the corrected account gets a follow-up in May; both envelopes and April balance with reissued = 1', async () => {
    setNow('2026-03-18');
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(as('officer-wang'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例壬', residentId: residentId('1971-02-03', '052'), birthDate: '1971-02-03' },
          { role: 'husband', name: '示例癸', residentId: residentId('1969-07-08', '061'), birthDate: '1969-07-08' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-death-certificate'] },
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
    await h.http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', (await getCase()).headers.etag).send({}).expect(200);
    const determined = await waitFor('the 特扶 determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    });
    const [determination] = determined.body.determinations;
    expect(determination).toMatchObject({ amountPerPersonPerMonthFen: 100_000 });
    setNow('2026-03-20');
    await h
      .http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', (await getCase()).headers.etag)
      .send({ determinationId: determination.determinationId })
      .expect(200);
    expect((await getCase()).body.status).toBe('active');
    await waitFor('the 特扶 schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));

    // April, run by 民政 (case officer) before any account: both payments held ACCOUNT_MISSING, nothing to export.
    const first = await startRun(disb, as('officer-li'), as('clerk-zhou'), { benefit: 'tefu', divisionCode: DIVISION, period: '2026-04' });
    expect(first.created).toBe(2);
    const held = await disb().get(`/disbursement/envelopes/${first.runId}`).set(as('clerk-zhou')).expect(200);
    expect(held.body.prepared).toMatchObject({ totals: { count: 0, fen: 0 }, held: { count: 2, fen: 200_000, byReason: { ACCOUNT_MISSING: { count: 2, fen: 200_000 } } } });
    const [wife, husband] = (await getCase()).body.members.map((m: { personRef: string }) => m.personRef) as string[];
    expect(first.payments.map((p) => p.personRef).sort()).toEqual([wife, husband].sort());

    // The accounts of the run's payees, then April again: the second run carries the held payments.
    for (const [i, personRef] of [wife, husband].entries()) await recordAccount(disb, as('officer-li'), personRef, sampleAccountBody(DIVISION, 201 + i));
    const carried = await startRun(disb, as('officer-li'), as('clerk-zhou'), { benefit: 'tefu', divisionCode: DIVISION, period: '2026-04' });
    expect(carried.runId).not.toBe(first.runId);
    const payOf = (who: string, month: string) => `payment-${caseId}-${who}-${month}`;
    const april = await settleEnvelope(disb, carried.runId, {
      approver: as('clerk-zhou'),
      auditor: as('auditor-wu'),
      returnedOn: '2026-04-12',
      failed: { [payOf(husband, '2026-04')]: 'ACCOUNT_CLOSED' },
    });
    expect(april.prepared.totals).toMatchObject({ count: 2, fen: 200_000 });
    expect(april.payments.map((p) => p.paymentStreamId).sort()).toEqual([payOf(wife, '2026-04'), payOf(husband, '2026-04')].sort());
    expect(april.returned).toMatchObject({ counts: { settled: 1, failed: 1 } });

    // The husband's corrected account (变更), then May: two regular payments and the follow-up of April's failed line.
    expect(await recordAccount(disb, as('clerk-sun'), husband, { ...sampleAccountBody(DIVISION, 299), reason: '原账户已销户，更换账户（样例）' })).toMatchObject({ outcome: 'changed', accountVersion: 2 });
    const may = await runPayments(disb, as('clerk-sun'), { benefit: 'tefu', divisionCode: DIVISION, period: '2026-05' });
    const mayEnvelope = await settleEnvelope(disb, may.runId, { approver: as('clerk-zhou'), preparer: as('clerk-sun'), auditor: as('auditor-wu'), returnedOn: '2026-05-12' });
    expect(mayEnvelope.prepared).toMatchObject({
      totals: { count: 3, fen: 300_000, byKind: { regular: { count: 2, fen: 200_000 }, 'follow-up': { count: 1, fen: 100_000 } } },
    });
    // The May envelope references the April envelope whose failed line it reissues.
    expect(mayEnvelope.prepared.references).toEqual([expect.stringMatching(new RegExp(`^tefu-${DIVISION}-2026-04-\\d+$`))]);
    const followUp = mayEnvelope.payments.find((p) => p.kind === 'follow-up')!;
    expect(followUp).toMatchObject({ paymentStreamId: `${payOf(husband, '2026-04')}-fu1`, followUpOf: payOf(husband, '2026-04'), personRef: husband, status: 'enveloped' });

    // April's reconciliation (the follow-up belongs to April, the period it pays): the wife's payment
    // and the husband's reissue settled, his first payment failed and reissued — balanced to the fen.
    const aprilPeriod = await periodReconciliation('tefu', DIVISION, '2026-04', 'auditor-wu');
    expect(aprilPeriod.balanced).toBe(true);
    expect(aprilPeriod.lines).toMatchObject({
      settled: { count: 2, fen: 200_000 },
      netSettled: { count: 2, fen: 200_000 },
      failed: { count: 1, fen: 100_000 },
      reissued: { count: 1, fen: 100_000 },
      notReissued: { count: 0, fen: 0 },
    });
    const mayPeriod = await periodReconciliation('tefu', DIVISION, '2026-05', 'clerk-zhou');
    expect(mayPeriod.balanced).toBe(true);
    expect(mayPeriod.lines).toMatchObject({ settled: { count: 2, fen: 200_000 }, failed: { count: 0, fen: 0 } });
  });

  it('staged 临时救助: two instalments planned in September and October → two envelopes, one per month; September does not pay the second; each settled and balanced', async () => {
    const caseView = async (caseId: string) => h.http('applications').get(`/cases/linshi/${caseId}`).set(as('bj-approver')).expect(200);
    setNow('2026-09-01');
    const created = await h
      .http('applications')
      .post('/cases/linshi')
      .set(as('bj-intake'))
      .send({
        divisionCode: LINSHI_DIVISION,
        type: 'zhichu',
        members: [person('示例子', '1966-06-06', '081')],
        cause: 'medical',
        causeDescription: '住院医疗自付费用',
        occurredOn: '2026-08-12',
        group: 'g1',
        necessaryExpenditureFen: 2_000_000,
        expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-0812', amountFen: 2_000_000 }],
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const determination = await waitFor('the 支出型 determination on the case', async () => {
      const view = await caseView(caseId);
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    });
    expect(determination).toMatchObject({ eligible: true });
    const total: number = determination.amounts.reduce((sum: number, a: { amountFen: number }) => sum + a.amountFen, 0);
    const firstFen = Math.floor(total / 2);
    const secondFen = total - firstFen;
    expect(firstFen).toBeGreaterThan(0);

    setNow('2026-09-03');
    await h
      .http('applications')
      .post(`/cases/linshi/${caseId}/approve`)
      .set(as('bj-approver'))
      .set('If-Match', (await caseView(caseId)).headers.etag)
      .send({ determinationId: determination.determinationId, instalments: [{ amountFen: firstFen, plannedOn: '2026-09-10' }, { amountFen: secondFen, plannedOn: '2026-10-10' }] })
      .expect(200);
    await waitFor('the instalment schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`));
    const payee: string = (await caseView(caseId)).body.members[0].personRef;
    await recordAccount(disb, as('bj-officer'), payee, sampleAccountBody(LINSHI_DIVISION, 301));

    const instalment = (n: number) => `payment-${caseId}-${payee}-I${caseId}-${n}of2`;
    // September's run: the first instalment only.
    const september = await runPayments(disb, as('bj-clerk'), { benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: '2026-09' });
    expect(september.payments.map((p) => [p.paymentStreamId, p.amount.fen])).toEqual([[instalment(1), firstFen]]);
    expect(await h.store.streamExists(instalment(2))).toBe(false);
    const sep = await settleEnvelope(disb, september.runId, { approver: as('bj-clerk2'), preparer: as('bj-clerk'), returnedOn: '2026-09-12' });
    expect(sep.prepared.totals).toMatchObject({ count: 1, fen: firstFen });
    expect(sep.bankFile.header).toMatchObject({ benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: '2026-09', totalFen: firstFen });

    // October's run: the second instalment, in its own envelope.
    const october = await runPayments(disb, as('bj-clerk'), { benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: '2026-10' });
    expect(october.runId).not.toBe(september.runId);
    expect(october.payments.map((p) => [p.paymentStreamId, p.amount.fen])).toEqual([[instalment(2), secondFen]]);
    const oct = await settleEnvelope(disb, october.runId, { approver: as('bj-clerk2'), preparer: as('bj-clerk'), returnedOn: '2026-10-12' });
    expect(oct.prepared.totals).toMatchObject({ count: 1, fen: secondFen });

    for (const [month, fen] of [['2026-09', firstFen], ['2026-10', secondFen]] as const) {
      const period = await periodReconciliation('linshi', LINSHI_DIVISION, month, 'bj-clerk2');
      expect({ month, balanced: period.balanced, settled: period.lines.settled }).toEqual({ month, balanced: true, settled: { count: 1, fen } });
    }
  });
});
