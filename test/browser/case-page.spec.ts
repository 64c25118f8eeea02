import { expect } from '@jest/globals';
import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import { waitFor } from '../support/embedded-harness';
import { sampleResidentId } from '../support/sample-household';
import { acknowledgeParseWarnings } from '../support/standard-warnings';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import {
  acceptCase,
  approveCase,
  expectStatus,
  offeredActions,
  openCase,
  raiseObjection,
  recordAccount,
  recordCommunityReview,
  recordFinancialCheck,
  recordHomeVisit,
  resolveObjection,
  startAction,
  rejectCase,
  startPublicNotice,
  submitAction,
  submitTefuApplication,
  until,
} from './steps/case';

jest.setTimeout(300_000);

/**
 * The case page in a real browser: a 低保 case worked from 受理 to 批准 by an intake officer, a case
 * officer and an approver, each signed in through the sign-in page; a 412 between two case officers
 * on the same case (the second sees "有人在您之后修改了此案件…", 刷新 and goes on); actions not
 * offered to roles that may not take them. Set-up that is not the subject (the Jiaxing standard, a
 * SAMPLE 低保标准 B, the applications and steps before the page's own subject) goes through the
 * services' HTTP APIs; the clock is moved between steps (`s.h.clock.now`). Sample data throughout:
 * invented persons and accounts, a sample B, a sample working-day calendar (weekends only).
 */
const DIVISION = '330402';
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const SAMPLE_B = 100_000; // fen: a SAMPLE 低保标准 of 1,000 yuan per person per month, not an official figure
const person = (name: string, birth: string, sequence: string, relation = 'applicant') => ({ relation, name, residentId: sampleResidentId(birth, sequence), birthDate: birth });
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describeBrowser('case page (real browser): a 低保 case from 受理 to 批准, a 412 between two officers, actions by role', () => {
  let s: ConsoleStack;
  /** A fresh page whose browser clock shows the services' date (so the deadlines' 已逾期 match the moved clock). */
  const newPage = () => s.newPage({ followClock: true });
  // Moving the services' clock (allowed set-up): the steps' dates are checked against it; the open pages follow.
  const setNow = (date: string) => s.setClock(at(date));
  const view = async (caseId: string) => s.h.http('applications').get(`/cases/dibao/${caseId}`).set(s.h.as('reader-auditor')).expect(200);
  /** Set-up through the HTTP API (not the subject of the test that uses it). */
  const step = async (caseId: string, path: string, who: string, body: object) =>
    s.h
      .http('applications')
      .post(`/cases/dibao/${caseId}/${path}`)
      .set(s.h.as(who))
      .set('If-Match', (await view(caseId)).headers.etag as string)
      .send(body)
      .expect(200);
  const createCase = async (members: ReturnType<typeof person>[]) =>
    (await s.h.http('applications').post('/cases/dibao').set(s.h.as('setup-intake')).send({ divisionCode: DIVISION, householdCategory: 'stable', members }).expect(201)).body.caseId as string;

  beforeAll(async () => {
    s = await startConsoleStack({
      now: at('2026-03-02'),
      prefix: 'benefits-console-case-page-',
      suite: 'case-page',
      // SAMPLE working-day calendar (weekends only): the 低保 time limits are counted in it.
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    await s.h.issue('admin-qian', 'admin', '330400');
    await s.h.issue('reader-auditor', 'auditor', DIVISION);
    await s.h.issue('setup-intake', 'intake_officer', DIVISION);
    await s.h.issue('setup-officer', 'case_officer', DIVISION);
    await s.h.importStandard('admin-qian', '330400', JIAXING_STANDARD);
    await s.h
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(s.h.as('admin-qian'))
      .send({ divisionCode: DIVISION, effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: { docNo: '示例数据（非官方）', title: '浏览器测试用示例低保标准' }, sampleData: true })
      .expect(201);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('(a) 低保: the intake officer accepts, the case officer records 核对, 入户调查, 民主评议 and 公示, the approver approves citing the determination; the case officer records the 发放账户', async () => {
    await setNow('2026-03-02');
    const caseId = await createCase([person('示例庚', '1976-04-01', '031'), person('示例辛', '2013-05-01', '042', 'child')]);

    const intake = await newPage();
    await signIn(intake, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    await openCase(intake, caseId);
    expect(await intake.getByRole('region', { name: '家庭成员' }).or(intake.locator('[aria-label="家庭成员"]')).first().textContent()).toContain('示例庚');
    expect(await offeredActions(intake)).toEqual(['受理']);
    await s.screenshot(intake, '01-applied-intake-officer');
    await acceptCase(intake, caseId);
    await intake.getByText('入户调查等（受理后 10 个工作日内）').waitFor();
    await s.screenshot(intake, '02-accepted');

    await setNow('2026-03-04');
    const officer = await newPage();
    await signIn(officer, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    await openCase(officer, caseId);
    const preview = await startAction(officer, '记录家庭经济状况核对');
    await s.screenshot(officer, '03a-financial-check-form');
    await preview.getByRole('button', { name: /^取\s*消$/ }).click();
    await preview.waitFor({ state: 'hidden' });
    await recordFinancialCheck(officer, caseId, {
      checkedOn: '2026-03-04',
      periodFrom: '2025-12',
      periodTo: '2026-02',
      reportRef: 'report:hr-0304',
      incomes: [{ month: '2026-01', yuan: 900 }],
      assets: { ruleId: 'sample.assets', docNo: '示例数据（非官方）', meets: true },
    });
    // Eligibility's determination arrives by itself; the page shows it as an explanation. B × 2 − 900/3 = 1,700 yuan.
    const explanation = officer.getByTestId('explanation').first();
    await explanation.waitFor({ timeout: 60_000 });
    await until('the amount of the determination', () => officer.getByTestId('amount-total').first().textContent(), '¥1,700.00');
    await s.screenshot(officer, '03-checked-with-determination');

    await setNow('2026-03-05');
    // The form is checked with the service's HomeVisitSchema before anything is sent: one investigator is refused.
    const visit = await startAction(officer, '记录入户调查');
    await visit.getByLabel('调查日期', { exact: true }).fill('2026-03-05');
    await visit.getByLabel('调查人员（两人以上，逗号分隔）', { exact: true }).fill('officer-li');
    await visit.getByLabel('调查情况', { exact: true }).fill('与申报一致');
    await visit.getByRole('button', { name: /^提\s*交$/ }).click();
    await visit.getByText('表单内容不符合要求').waitFor();
    expect(await visit.locator('[data-error-code]').getAttribute('data-error-code')).toBe('CONSOLE_VALIDATION');
    expect(await visit.textContent()).toContain('investigators');
    await s.screenshot(officer, '03b-home-visit-refused-in-form');
    await visit.getByRole('button', { name: /^取\s*消$/ }).click();
    await visit.waitFor({ state: 'hidden' });
    expect((await view(caseId)).body.status).toBe('checked');
    await recordHomeVisit(officer, caseId, { visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' });
    await setNow('2026-03-09');
    await recordCommunityReview(officer, caseId, { heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' });
    await setNow('2026-03-10');
    await startPublicNotice(officer, caseId, { startedOn: '2026-03-10', location: '社区公示栏' });
    await officer.getByText('2026-03-10 — 2026-03-16').waitFor();
    // The case officer is not offered 批准.
    expect(await offeredActions(officer)).not.toContain('批准');
    await s.screenshot(officer, '04-public-notice');

    await setNow('2026-03-17');
    const approver = await newPage();
    await signIn(approver, { role: 'approver', division: DIVISION, id: 'approver-zhao' });
    await openCase(approver, caseId);
    await s.screenshot(approver, '05-approver-before');
    await approveCase(approver, caseId, { expectedAmount: '¥1,700.00' });
    await approver.getByTestId('approval').waitFor();
    expect(await approver.getByTestId('approval').textContent()).toContain('2026-04-01');
    await s.screenshot(approver, '06-approved');
    // On the active case: the approver may suspend or end payment, the case officer records the 复核.
    expect(await offeredActions(approver)).toEqual(['停发', '退出']);
    expect((await view(caseId)).body).toMatchObject({ status: 'active', state: { approval: { paymentFrom: '2026-04-01', householdAmountFen: 170_000 } } });

    // The 一卡通 account of the applicant, recorded by the case officer on the active case.
    await officer.reload();
    await expectStatus(officer, 'active');
    expect(await offeredActions(officer)).toEqual(['记录复核']);
    const masked = await recordAccount(officer, caseId, { memberName: '示例庚', bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: '6230910000000101', holderName: '样例户主101', evidenceReference: 'KH-SAMPLE-101' });
    expect(masked).toMatch(/0101$/);
    expect(masked).not.toContain('6230910000000101');
    await s.screenshot(officer, '07-account-recorded');
    expect(officer.url()).not.toContain('示例');
  });

  it('(b) 412: two case officers on the same case in 公示; the first records an objection, the second is told someone changed the case, presses 刷新 and records theirs', async () => {
    await setNow('2026-04-01');
    const caseId = await createCase([person('示例壬', '1971-02-03', '052')]);
    await step(caseId, 'accept', 'setup-intake', {});
    await setNow('2026-04-02');
    const ref = (await view(caseId)).body.members[0].personRef as string;
    await step(caseId, 'financial-check', 'setup-officer', {
      checkedOn: '2026-04-02',
      result: 'passed',
      sources: [{ source: 'humanResources', reportRef: 'report:hr-0402' }],
      period: { from: '2026-01', to: '2026-03' },
      incomes: [{ personRef: ref, source: 'wages', month: '2026-02', amountFen: 30_000 }],
      assets: { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: '示例数据（非官方）', title: null }, meets: true },
    });
    await waitFor('the determination on the case', async () => ((await view(caseId)).body.currentDeterminationId as string | null) ?? null, 60_000);
    await step(caseId, 'home-visit', 'setup-officer', { visitedOn: '2026-04-02', investigators: ['setup-officer', 'cadre-chen'], findings: '与申报一致' });
    await step(caseId, 'community-review', 'setup-officer', { heldOn: '2026-04-02', attendance: 9, votesFor: 9, minutesRef: 'minutes:0402' });
    await step(caseId, 'public-notice', 'setup-officer', { startedOn: '2026-04-02', location: '社区公示栏' });
    await setNow('2026-04-03');

    const first = await newPage();
    await signIn(first, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    const second = await newPage();
    await signIn(second, { role: 'case_officer', division: DIVISION, id: 'officer-zhang' });
    await openCase(first, caseId);
    await openCase(second, caseId);
    const revisionBefore = await second.getByTestId('case-revision').textContent();

    await raiseObjection(first, caseId, { raisedOn: '2026-04-03', summary: '邻居反映家中有经营收入（示例）' });
    await first.getByText('objection-1').waitFor();

    // The second officer still looks at the earlier revision; their objection is refused with 412.
    const dialog = await startAction(second, '登记公示异议');
    await dialog.getByLabel('提出日期', { exact: true }).fill('2026-04-03');
    await dialog.getByLabel('异议内容', { exact: true }).fill('反映申请人子女有赡养能力（示例）');
    await dialog.getByRole('button', { name: /^提\s*交$/ }).click();
    await dialog.getByText('有人在您之后修改了此案件').waitFor();
    expect(await dialog.locator('[data-error-code]').getAttribute('data-error-code')).toBe('REVISION_MISMATCH');
    await s.screenshot(second, '08-conflict-412');
    await dialog.getByRole('button', { name: /刷\s*新$/ }).click();
    await dialog.getByText('已刷新为案件的最新版本').waitFor();
    expect(await second.getByTestId('case-revision').textContent()).not.toBe(revisionBefore);
    await s.screenshot(second, '09-after-refresh');
    await submitAction(second, dialog);
    await second.getByText('objection-2').waitFor();
    expect((await view(caseId)).body.state.objections.map((o: { objectionId: string }) => o.objectionId)).toEqual(['objection-1', 'objection-2']);

    // The objections are resolved on the page (异议不成立), and the 公示 card shows them.
    await resolveObjection(second, caseId, { resolution: '经核实无经营收入（示例）' });
    await resolveObjection(second, caseId, { resolution: '子女无赡养能力（示例）' });
    await until('both objections dismissed', async () => (await view(caseId)).body.state.objections.map((o: { outcome: string }) => o.outcome), ['dismissed', 'dismissed']);
    await second.getByText('异议不成立').first().waitFor();
    expect(await offeredActions(second)).not.toContain('处理公示异议');
    await s.screenshot(second, '10-objections-resolved');
  });

  it('(c) actions by role: the intake and case officers are not offered 批准; an auditor sees no action; an approver who recorded a step is told why', async () => {
    await setNow('2026-05-04');
    const caseId = await createCase([person('示例癸', '1969-07-08', '061')]);
    await step(caseId, 'accept', 'setup-intake', {});
    const ref = (await view(caseId)).body.members[0].personRef as string;
    await step(caseId, 'financial-check', 'setup-officer', {
      checkedOn: '2026-05-04',
      result: 'passed',
      sources: [{ source: 'humanResources', reportRef: 'report:hr-0504' }],
      period: { from: '2026-02', to: '2026-04' },
      incomes: [{ personRef: ref, source: 'wages', month: '2026-03', amountFen: 30_000 }],
      assets: { kind: 'assessed', ruleId: 'sample.assets', source: { docNo: '示例数据（非官方）', title: null }, meets: true },
    });
    await waitFor('the determination on the case', async () => ((await view(caseId)).body.currentDeterminationId as string | null) ?? null, 60_000);
    await step(caseId, 'home-visit', 'setup-officer', { visitedOn: '2026-05-04', investigators: ['setup-officer', 'cadre-chen'], findings: '与申报一致' });
    await step(caseId, 'community-review', 'setup-officer', { heldOn: '2026-05-04', attendance: 9, votesFor: 9, minutesRef: 'minutes:0504' });
    await step(caseId, 'public-notice', 'setup-officer', { startedOn: '2026-05-04', location: '社区公示栏' });
    await setNow('2026-05-11');

    const intake = await newPage();
    await signIn(intake, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    await openCase(intake, caseId);
    expect(await offeredActions(intake)).toEqual(['登记公示异议']);
    await s.screenshot(intake, '11-intake-officer-no-approve');

    const officer = await newPage();
    await signIn(officer, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    await openCase(officer, caseId);
    expect(await offeredActions(officer)).toEqual(['登记公示异议']);

    const auditor = await newPage();
    await signIn(auditor, { role: 'auditor', division: DIVISION, id: 'auditor-wu' });
    await openCase(auditor, caseId);
    expect(await offeredActions(auditor)).toEqual([]);
    await auditor.getByTestId('no-actions').waitFor();
    await auditor.getByTestId('explanation').first().waitFor({ timeout: 60_000 });
    await s.screenshot(auditor, '12-auditor-read-only');

    // An approver who recorded a step of this case (here: the case officer's id, as an approver) is not offered 批准 and is told why.
    const maker = await newPage();
    await signIn(maker, { role: 'approver', division: DIVISION, id: 'setup-officer' });
    await openCase(maker, caseId);
    expect(await offeredActions(maker)).toEqual([]);
    await maker.getByText('您办理过此案件的环节，不能审批').waitFor();

    // An approver who did not: 批准 and 不予批准.
    const approver = await newPage();
    await signIn(approver, { role: 'approver', division: DIVISION, id: 'approver-zhao' });
    await openCase(approver, caseId);
    await approver.getByRole('toolbar', { name: '可执行操作' }).getByRole('button', { name: /^批\s*准$/ }).waitFor();
    expect(await offeredActions(approver)).toEqual(['批准', '不予批准']);
    await s.screenshot(approver, '13-approver-offered');
  });

  it('(d) 特扶: the intake officer submits the draft, the approver approves citing the determination; 临时救助: one approved, one refused with reasons by the approver', async () => {
    await setNow('2026-06-01');
    const tefu = await s.h
      .http('applications')
      .post('/cases/tefu')
      .set(s.h.as('setup-intake'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例子', residentId: sampleResidentId('1970-02-03', '072'), birthDate: '1970-02-03' },
          { role: 'husband', name: '示例丑', residentId: sampleResidentId('1968-07-08', '081'), birthDate: '1968-07-08' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-death-certificate'] },
      })
      .expect(201);
    const tefuId = tefu.body.caseId as string;
    const intake = await newPage();
    await signIn(intake, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    await openCase(intake, tefuId, 'tefu');
    await s.screenshot(intake, '14-tefu-draft');
    await submitTefuApplication(intake, tefuId);

    await setNow('2026-06-03');
    const approver = await newPage();
    await signIn(approver, { role: 'approver', division: DIVISION, id: 'approver-zhao' });
    await approveCase(approver, tefuId, { benefit: 'tefu', expectedAmount: '¥2,000.00' });
    await approver.getByTestId('approval').waitFor();
    await s.screenshot(approver, '15-tefu-approved');

    // 临时救助 (支出型) in Beijing's 朝阳区: the Beijing standard activated and a SAMPLE B published (set-up).
    await s.h.issue('bj-admin', 'admin', '110000');
    await s.h.issue('bj-intake', 'intake_officer', '110105');
    const beijing = await s.h.importStandard('bj-admin', '110000', '003_d2c032a64aa52382.txt');
    await acknowledgeParseWarnings(() => s.h.http('eligibility'), s.h.as('bj-admin'), beijing.standardId, beijing.versionId);
    await s.h
      .http('eligibility')
      .post(`/standards/${beijing.standardId}/activations`)
      .set(s.h.as('bj-admin'))
      .send({ versionId: beijing.versionId, divisionCode: '110000', effectiveFrom: '2026-01-01', reason: '浏览器测试（示例启用）' })
      .expect(201);
    await s.h
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(s.h.as('bj-admin'))
      .send({ divisionCode: '110105', effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: { docNo: '示例数据（非官方）', title: '浏览器测试用示例低保标准' }, sampleData: true })
      .expect(201);
    const linshi = async (name: string, sequence: string) =>
      (
        await s.h
          .http('applications')
          .post('/cases/linshi')
          .set(s.h.as('bj-intake'))
          .send({
            divisionCode: '110105',
            type: 'zhichu',
            members: [{ relation: 'applicant', name, residentId: sampleResidentId('1966-06-06', sequence, '110105'), birthDate: '1966-06-06' }],
            cause: 'medical',
            causeDescription: '住院医疗自付费用（示例）',
            occurredOn: '2026-05-12',
            group: 'g1',
            necessaryExpenditureFen: 2_000_000,
            expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-0512', amountFen: 2_000_000 }],
          })
          .expect(201)
      ).body.caseId as string;
    const approved = await linshi('示例寅', '081');
    const refused = await linshi('示例卯', '091');
    const bj = await newPage();
    await signIn(bj, { role: 'approver', division: '110105', id: 'bj-approver' });
    await openCase(bj, approved, 'linshi');
    await bj.getByTestId('explanation').first().waitFor({ timeout: 60_000 });
    await s.screenshot(bj, '16-linshi-submitted');
    await approveCase(bj, approved, { benefit: 'linshi' });
    await bj.getByTestId('approval').waitFor();
    await s.screenshot(bj, '17-linshi-approved');
    await rejectCase(bj, refused, { benefit: 'linshi', reasons: ['经核实已获其他救助（示例）'] });
    await bj.getByText('经核实已获其他救助（示例）').waitFor();
    await s.screenshot(bj, '18-linshi-rejected');
  });
});
