import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import { layoutById } from '../../services/disbursement/src/bank-files/layout';
import { renderReturnFile } from '../../services/disbursement/src/bank-files/return-file.parser';
import { SAMPLE_LAYOUT, yuanToFen } from '../support/finance-flow';
import { waitFor } from '../support/embedded-harness';
import { sampleResidentId } from '../support/sample-household';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import { registerDibao } from './steps/intake';
import { acceptCase, approveCase, expectStatus, offeredActions, openCase, recordAccount, recordCommunityReview, recordFinancialCheck, recordHomeVisit, startPublicNotice, until } from './steps/case';
import { approveEnvelope, controlTotals, downloadBankFile, expectEnvelopeStatus, openEnvelope, openReconciliation, startRun, uploadReturn, waitForFundingChart } from './steps/finance';
import { expectChainVerified, openCaseHistory } from './steps/audit';

jest.setTimeout(600_000);

/**
 * The console's acceptance path: one 低保 case from intake through 公示 and approval to its payment
 * and its audit history, done in a real browser by the people who do it — an intake officer, a case
 * officer and an approver of 民政, two finance clerks of 财政 (maker and checker), an auditor of the
 * city — each signed in through the sign-in page, through the UI only.
 *
 * Set-up that is not the subject goes through the services' HTTP APIs (the Jiaxing standard and a
 * SAMPLE 低保标准 B published by an administrator); the services' clock is moved between steps as
 * working days pass (`s.h.clock.now`); the bank is simulated by the test (it reads the downloaded
 * bank file and writes the return file a bank would send). Waits on the services' background work
 * (the determination, the schedule) are on conditions with generous deadlines. Sample data
 * throughout: invented persons and account, a SAMPLE B, a SAMPLE working-day calendar (weekends only).
 */
const DIVISION = '330402';
const SAMPLE_B = 100_000; // fen: 1,000 yuan per person per month — SAMPLE, not an official figure
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describeBrowser('低保 across the console (real browser): intake → 公示 → approval → payment → audit history, by six signed-in people', () => {
  let s: ConsoleStack;
  const pages: Page[] = [];
  // The browser's clock shows the services' date, so deadlines read as the officers would see them.
  const newPage = async () => {
    const page = await s.newPage({ followClock: true });
    pages.push(page);
    return page;
  };
  const setNow = (date: string) => s.setClock(at(date));

  beforeAll(async () => {
    s = await startConsoleStack({
      now: at('2026-03-02'),
      prefix: 'benefits-console-cross-role-',
      suite: 'dibao-cross-role',
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    await s.h.issue('admin-qian', 'admin', '330400');
    await s.h.importStandard('admin-qian', '330400', '001_40e26111df30cc0a.txt');
    await s.h
      .http('eligibility')
      .post('/parameters/dibao.standard')
      .set(s.h.as('admin-qian'))
      .send({ divisionCode: DIVISION, effectiveFrom: '2026-01-01', value: { fen: SAMPLE_B }, source: { docNo: '示例数据（非官方）', title: '浏览器端到端测试用示例低保标准' }, sampleData: true })
      .expect(201);
  });
  afterAll(async () => {
    await s?.close();
  });
  afterEach(() => {
    expect(s.h.errors).toEqual([]);
  });

  it('each role does its part in the console; the payment reaches the bank, settles, reconciles and shows in the auditor’s replay with its clause', async () => {
    // 1. 窗口受理: the intake officer registers the application and accepts it.
    const intake = await newPage();
    await signIn(intake, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    const caseId = await registerDibao(intake, {
      divisionCode: DIVISION,
      householdCategory: 'stable',
      members: [
        { relation: 'applicant', name: '示例庚', residentId: sampleResidentId('1976-04-01', '031'), birthDate: '1976-04-01' },
        { relation: 'child', name: '示例辛', residentId: sampleResidentId('2013-05-01', '042'), birthDate: '2013-05-01' },
      ],
    });
    await s.screenshot(intake, '01-registered');
    expect(await offeredActions(intake)).not.toContain('批准');
    await acceptCase(intake, caseId);
    await s.screenshot(intake, '02-accepted');

    // 2. 经办: 核对 (the determination arrives and is explained), 入户调查, 民主评议, 公示.
    await setNow('2026-03-04');
    const officer = await newPage();
    await signIn(officer, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    await recordFinancialCheck(officer, caseId, {
      checkedOn: '2026-03-04',
      periodFrom: '2025-12',
      periodTo: '2026-02',
      reportRef: 'report:hr-0304',
      incomes: [{ month: '2026-01', yuan: 900 }],
      assets: { ruleId: 'sample.assets', docNo: '示例数据（非官方）', meets: true },
    });
    await officer.getByTestId('explanation').first().waitFor({ timeout: 60_000 });
    // B × 2 − 900 / 3 months = 1,700 yuan a month for the household.
    await until('the household amount of the determination', () => officer.getByTestId('amount-total').first().textContent(), '¥1,700.00');
    await s.screenshot(officer, '03-determination-explained');
    await setNow('2026-03-05');
    await recordHomeVisit(officer, caseId, { visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' });
    await setNow('2026-03-09');
    await recordCommunityReview(officer, caseId, { heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' });
    await setNow('2026-03-10');
    await startPublicNotice(officer, caseId, { startedOn: '2026-03-10', location: '社区公示栏' });
    expect(await offeredActions(officer)).not.toContain('批准');
    await s.screenshot(officer, '04-public-notice');

    // 3. 审核确认: after the 7-day 公示 the approver approves, citing the determination.
    await setNow('2026-03-17');
    const approver = await newPage();
    await signIn(approver, { role: 'approver', division: DIVISION, id: 'approver-zhao' });
    await approveCase(approver, caseId, { expectedAmount: '¥1,700.00' });
    await approver.getByTestId('approval').waitFor();
    expect(await approver.getByTestId('approval').textContent()).toContain('2026-04-01');
    await s.screenshot(approver, '05-approved');

    // The case officer records the applicant's 一卡通 account on the active case.
    await officer.reload();
    await expectStatus(officer, 'active');
    await recordAccount(officer, caseId, { memberName: '示例庚', bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: '6230910000000101', holderName: '样例户主101', evidenceReference: 'KH-SAMPLE-101' });
    await s.screenshot(officer, '06-account');
    // Eligibility issues the schedule in the background; disbursement holds it before a run can pay.
    await waitFor('the 低保 schedule in disbursement', () => s.h.store.streamExists(`entitlement-${caseId}`), 60_000);

    // 4. 财政: clerk A runs April; clerk B approves, exports the bank file; the bank's return settles it.
    const clerkA = await newPage();
    await signIn(clerkA, { role: 'finance_clerk', division: DIVISION, id: 'clerk-sun' });
    const envelopeId = await startRun(clerkA, { benefit: 'dibao', divisionCode: DIVISION, period: '2026-04' });
    await openEnvelope(clerkA, envelopeId);
    await expectEnvelopeStatus(clerkA, 'prepared');
    expect(await controlTotals(clerkA)).toEqual({ count: 1, amount: '¥1,700.00', held: '0 · ¥0.00' });
    await s.screenshot(clerkA, '07-envelope-prepared');

    const clerkB = await newPage();
    await signIn(clerkB, { role: 'finance_clerk', division: DIVISION, id: 'clerk-zhou' });
    await approveEnvelope(clerkB, envelopeId);
    const bankFile = await downloadBankFile(clerkB, envelopeId);
    expect(bankFile.shownSha256).toBe(bankFile.sha256);
    expect(bankFile.shownLines).toBe(1);
    expect(bankFile.shownTotal).toBe('¥1,700.00');
    await s.screenshot(clerkB, '08-bank-file');

    // The bank (simulated): pays every detail line of the file it received.
    const lines = bankFile.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .filter((l) => l.startsWith('D,'))
      .map((l) => l.split(','))
      .map((f, i) => ({ paymentId: f[2], amountFen: yuanToFen(f[6]), status: 'settled' as const, bankRef: `BR-SAMPLE-${i + 1}` }));
    expect(lines.map((l) => l.amountFen)).toEqual([170_000]);
    const returned = renderReturnFile(layoutById(SAMPLE_LAYOUT), { envelopeId, createdOn: '2026-04-10', lines });
    expect(await uploadReturn(clerkB, envelopeId, { name: 'return-april.csv', bytes: returned })).toEqual({ settled: 1, failed: 0, refused: 0 });
    await expectEnvelopeStatus(clerkB, 'settled');
    expect(await openReconciliation(clerkB, { benefit: 'dibao', divisionCode: DIVISION, period: '2026-04' })).toEqual({ balanced: true });
    await waitForFundingChart(clerkB);
    await s.screenshot(clerkB, '09-reconciled');

    // 5. 审计: the city's auditor replays the case: every stream intact, the payment with its clause.
    const auditor = await newPage();
    await signIn(auditor, { role: 'auditor', division: '330400', id: 'auditor-wu' });
    await openCaseHistory(auditor, caseId);
    const payments = auditor.getByRole('table', { name: '发放' });
    await payments.getByText('¥1,700.00').first().waitFor({ timeout: 60_000 });
    expect(await payments.textContent()).toContain('2026-04');
    await expectChainVerified(auditor);
    // An auditor is offered no case action.
    await openCase(auditor, caseId);
    expect(await offeredActions(auditor)).toEqual([]);
    await openCaseHistory(auditor, caseId);
    await s.screenshot(auditor, '10-audit-history');

    // Nothing personal travelled in a URL.
    for (const page of pages) expect(page.url()).not.toMatch(/示例|6230910000000101|330402197604/);
  });
});
