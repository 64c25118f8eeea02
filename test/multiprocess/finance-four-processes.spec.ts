import { readSeed } from '@benefits/standards';
import { describeIfKafka } from '@benefits/testing';
import { sampleTefuHousehold, sampleResidentId } from '../support/sample-household';
import { startFourProcesses, waitUntil, type FourProcesses } from '../support/four-processes';
import { recordAccount, sampleAccountBody, settleEnvelope, startRun, type Headers } from '../support/finance-flow';
import { acknowledgeParseWarnings } from '../support/standard-warnings';

/**
 * Finance end to end with the four services as separate processes over Kafka and PostgreSQL, on the
 * system clock: a 特扶 case and a staged 临时救助 case from approval to a settled bank return and a
 * balanced reconciliation. 低保 is covered embedded only (test/lifecycle/finance-e2e.spec.ts, fixed
 * clock, sample calendar): on the real clock its 公示 lasts 7 days, which a test cannot wait, and in
 * December 2026 accepting an application already needs the 2027 working-day calendar, which is not
 * published (POST /cases/dibao/{id}/accept → 409 WORKING_DAY_CALENDAR_MISSING, year 2027; none is
 * invented here). Sample data throughout: invented persons, made-up accounts, a sample B.
 */
jest.setTimeout(300_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const BEIJING_STANDARD = '003_d2c032a64aa52382.txt';
const DIVISION = '330402';
const LINSHI_DIVISION = '110105';
const SAMPLE_B = 100_000;

/** The calendar date in Asia/Shanghai (the business time zone), YYYY-MM-DD. */
const shanghaiDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

describeIfKafka('finance end to end, four processes over Kafka: 特扶 and staged 临时救助 to a settled bank return and a balanced reconciliation', (brokers) => {
  let p: FourProcesses;
  const disb = () => p.http('disbursement');
  const as = (who: string) => p.as(who);
  const today = shanghaiDate(new Date());
  const thisMonth = today.slice(0, 7);
  const logsOf = () => (['applications', 'eligibility', 'disbursement'] as const).map((name) => `${name}:\n${p.output[name].slice(-4_000)}`).join('\n');

  /** Every service opens the one vault of the deployment (BENEFITS_VAULT_PG_URL), so disbursement seals accounts of persons applications registered. */
  const recordAccountOf = (headers: Headers, personRef: string, body: ReturnType<typeof sampleAccountBody>) => recordAccount(disb, headers, personRef, body);

  beforeAll(async () => {
    p = await startFourProcesses(brokers, { prefix: 'benefits-finance-four' });
    await p.issue('admin-qian', 'admin', '330400');
    await p.issue('officer-wang', 'intake_officer', DIVISION);
    await p.issue('officer-li', 'case_officer', DIVISION);
    await p.issue('approver-zhao', 'approver', DIVISION);
    await p.issue('clerk-sun', 'finance_clerk', DIVISION);
    await p.issue('clerk-zhou', 'finance_clerk', DIVISION);
    await p.issue('bj-admin', 'admin', '110000');
    await p.issue('bj-intake', 'intake_officer', LINSHI_DIVISION);
    await p.issue('bj-officer', 'case_officer', LINSHI_DIVISION);
    await p.issue('bj-approver', 'approver', LINSHI_DIVISION);
    await p.issue('bj-clerk', 'finance_clerk', LINSHI_DIVISION);
    await p.issue('bj-clerk2', 'finance_clerk', LINSHI_DIVISION);
    await p
      .http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin-qian'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);
    const beijing = await p
      .http('eligibility')
      .post(`/standards/import?division=110000&sourceName=${BEIJING_STANDARD}`)
      .set(as('bj-admin'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(BEIJING_STANDARD))
      .expect(201);
    await acknowledgeParseWarnings(() => p.http('eligibility'), as('bj-admin'), beijing.body.standardId, beijing.body.versionId);
    await p
      .http('eligibility')
      .post(`/standards/${beijing.body.standardId}/activations`)
      .set(as('bj-admin'))
      .send({ versionId: beijing.body.versionId, divisionCode: '110000', effectiveFrom: '2026-01-01', reason: '端到端测试（示例启用）' })
      .expect(201);
    // SAMPLE B for 朝阳区 (not an official figure): the 临时救助 amounts rest on it.
    await p
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(as('bj-admin'))
      .send({ divisionCode: LINSHI_DIVISION, effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: { docNo: '示例数据（非官方）', title: '财务端到端测试用示例低保标准' }, sampleData: true })
      .expect(201);
  });

  afterAll(async () => {
    await p?.stop();
  });

  it('特扶: approved today → accounts → next month run by a finance clerk → approved by another → bank file → all settled → balanced → closed; a failed line the month after is reissued to the corrected account and that month balances with reissued = 1', async () => {
    const created = await p.http('applications').post('/cases/tefu').set(as('officer-wang')).send(sampleTefuHousehold()).expect(201);
    const caseId: string = created.body.caseId;
    const getCase = () => p.http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
    await p.http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', (await getCase()).headers.etag).send({}).expect(200);
    const determined = await waitUntil('the 特扶 determination on the case (over Kafka)', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    }, 120_000);
    const [determination] = determined.body.determinations;
    expect(determination).toMatchObject({ amountPerPersonPerMonthFen: 100_000, effectiveFrom: today });
    await p
      .http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', determined.headers.etag)
      .send({ determinationId: determination.determinationId })
      .expect(200);
    await waitUntil('the 特扶 schedule in disbursement (over Kafka)', () => p.stores.disbursement.streamExists(`entitlement-${caseId}`), 120_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${logsOf()}`);
    });

    // Accounts of the beneficiaries (民政 at intake), before the run: nothing is held.
    const refs: string[] = (await getCase()).body.members.map((m: { personRef: string }) => m.personRef);
    for (const [i, personRef] of refs.entries()) {
      expect(await recordAccountOf(as('officer-li'), personRef, sampleAccountBody(DIVISION, 401 + i))).toMatchObject({ usable: true });
    }
    const paid = nextMonth(thisMonth);
    const run = await startRun(disb, as('clerk-sun'), as('clerk-sun'), { benefit: 'tefu', divisionCode: DIVISION, period: paid });
    expect(run.payments.map((x) => [x.personRef, x.periodKey, x.amount.fen]).sort()).toEqual(refs.map((r) => [r, paid, 100_000]).sort());
    const settled = await settleEnvelope(disb, run.runId, { approver: as('clerk-zhou'), preparer: as('clerk-sun'), returnedOn: today });
    expect(settled.prepared).toMatchObject({ totals: { count: 2, fen: 200_000 }, held: { count: 0 } });
    expect(settled.bankFile.header).toMatchObject({ benefit: 'tefu', divisionCode: DIVISION, period: paid, lineCount: 2, totalFen: 200_000 });
    const period = await disb().get('/disbursement/reconciliation').query({ benefit: 'tefu', divisionCode: DIVISION, period: paid }).set(as('clerk-zhou')).expect(200);
    expect(period.body).toMatchObject({ balanced: true, lines: { settled: { count: 2, fen: 200_000 }, netSettled: { count: 2, fen: 200_000 } } });

    // The month after: one line comes back failed (ACCOUNT_CLOSED); with the corrected account the
    // following run reissues it (follow-up), which settles; that month reconciles with reissued = 1.
    const second = nextMonth(paid);
    const failedRun = await startRun(disb, as('officer-li'), as('clerk-sun'), { benefit: 'tefu', divisionCode: DIVISION, period: second });
    const failedId = `payment-${caseId}-${refs[1]}-${second}`;
    expect(failedRun.payments.map((x) => x.paymentStreamId)).toContain(failedId);
    await settleEnvelope(disb, failedRun.runId, { approver: as('clerk-sun'), returnedOn: today, failed: { [failedId]: 'ACCOUNT_CLOSED' } });
    expect(await recordAccount(disb, as('clerk-sun'), refs[1], { ...sampleAccountBody(DIVISION, 499), reason: '原账户已销户，更换账户（样例）' })).toMatchObject({ outcome: 'changed' });
    const third = nextMonth(second);
    const reissue = await startRun(disb, as('clerk-sun'), as('clerk-sun'), { benefit: 'tefu', divisionCode: DIVISION, period: third });
    const follow = await settleEnvelope(disb, reissue.runId, { approver: as('clerk-zhou'), preparer: as('clerk-sun'), returnedOn: today });
    expect(follow.prepared.totals.byKind['follow-up']).toEqual({ count: 1, fen: 100_000 });
    expect(follow.payments.find((x) => x.kind === 'follow-up')).toMatchObject({ paymentStreamId: `${failedId}-fu1`, followUpOf: failedId });
    const reconciled = await disb().get('/disbursement/reconciliation').query({ benefit: 'tefu', divisionCode: DIVISION, period: second }).set(as('clerk-zhou')).expect(200);
    expect(reconciled.body.balanced).toBe(true);
    expect(reconciled.body.lines).toMatchObject({ failed: { count: 1, fen: 100_000 }, reissued: { count: 1, fen: 100_000 }, settled: { count: 2, fen: 200_000 } });
  });

  it('staged 临时救助: instalments due this month and next → this month’s run pays only the first, next month’s the second; two envelopes, each settled and balanced', async () => {
    const caseView = () => p.http('applications').get(`/cases/linshi/${caseId}`).set(as('bj-approver')).expect(200);
    const created = await p
      .http('applications')
      .post('/cases/linshi')
      .set(as('bj-intake'))
      .send({
        divisionCode: LINSHI_DIVISION,
        type: 'zhichu',
        members: [{ relation: 'applicant', name: '示例丑', residentId: sampleResidentId('1964-04-04', '091'), birthDate: '1964-04-04' }],
        cause: 'medical',
        causeDescription: '住院医疗自付费用',
        occurredOn: today,
        group: 'g1',
        necessaryExpenditureFen: 2_000_000,
        expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:sample-bill', amountFen: 2_000_000 }],
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const determination = await waitUntil('the 支出型 determination on the case (over Kafka)', async () => {
      const view = await caseView();
      return view.body.determinations.length > 0 ? view.body.determinations[0] : null;
    }, 120_000);
    expect(determination).toMatchObject({ eligible: true });
    const total: number = determination.amounts.reduce((sum: number, a: { amountFen: number }) => sum + a.amountFen, 0);
    const firstFen = Math.floor(total / 2);
    const secondFen = total - firstFen;
    expect(firstFen).toBeGreaterThan(0);
    const secondMonth = nextMonth(thisMonth);
    await p
      .http('applications')
      .post(`/cases/linshi/${caseId}/approve`)
      .set(as('bj-approver'))
      .set('If-Match', (await caseView()).headers.etag)
      .send({ determinationId: determination.determinationId, instalments: [{ amountFen: firstFen, plannedOn: today }, { amountFen: secondFen, plannedOn: `${secondMonth}-10` }] })
      .expect(200);
    await waitUntil('the instalment schedule in disbursement (over Kafka)', () => p.stores.disbursement.streamExists(`entitlement-${caseId}`), 120_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${logsOf()}`);
    });
    const payee: string = (await caseView()).body.members[0].personRef;
    await recordAccountOf(as('bj-officer'), payee, sampleAccountBody(LINSHI_DIVISION, 501));

    const instalment = (n: number) => `payment-${caseId}-${payee}-I${caseId}-${n}of2`;
    const first = await startRun(disb, as('bj-clerk'), as('bj-clerk'), { benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: thisMonth });
    expect(first.payments.map((x) => [x.paymentStreamId, x.amount.fen])).toEqual([[instalment(1), firstFen]]);
    expect(await p.stores.disbursement.streamExists(instalment(2))).toBe(false);
    const one = await settleEnvelope(disb, first.runId, { approver: as('bj-clerk2'), preparer: as('bj-clerk'), returnedOn: today });
    expect(one.bankFile.header).toMatchObject({ benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: thisMonth, lineCount: 1, totalFen: firstFen });

    const second = await startRun(disb, as('bj-clerk'), as('bj-clerk'), { benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: secondMonth });
    expect(second.runId).not.toBe(first.runId);
    expect(second.payments.map((x) => [x.paymentStreamId, x.amount.fen])).toEqual([[instalment(2), secondFen]]);
    const two = await settleEnvelope(disb, second.runId, { approver: as('bj-clerk2'), preparer: as('bj-clerk'), returnedOn: today });
    expect(two.bankFile.header).toMatchObject({ period: secondMonth, lineCount: 1, totalFen: secondFen });
    for (const [month, fen] of [[thisMonth, firstFen], [secondMonth, secondFen]] as const) {
      const period = await disb().get('/disbursement/reconciliation').query({ benefit: 'linshi', divisionCode: LINSHI_DIVISION, period: month }).set(as('bj-clerk2')).expect(200);
      expect({ month, balanced: period.body.balanced, settled: period.body.lines.settled }).toEqual({ month, balanced: true, settled: { count: 1, fen } });
    }
  });

  it('every process is still up', () => {
    for (const name of ['applications', 'eligibility', 'disbursement', 'audit'] as const) expect({ name, exitCode: p.processes[name].exitCode }).toEqual({ name, exitCode: null });
  });
});
