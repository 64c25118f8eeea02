import { expect } from '@jest/globals';
import { layoutById } from '../../services/disbursement/src/bank-files/layout';
import { renderReturnFile, type SimulatedReturnLine } from '../../services/disbursement/src/bank-files/return-file.parser';
import { recordAccount, sampleAccountBody, SAMPLE_LAYOUT, yuanToFen } from '../support/finance-flow';
import { waitFor } from '../support/embedded-harness';
import { sampleResidentId } from '../support/sample-household';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import { pickOption } from './steps/select';
import {
  approveEnvelope,
  approveEnvelopeRefused,
  closeEnvelope,
  controlTotals,
  downloadBankFile,
  downloadReconciliationXlsx,
  expectEnvelopeStatus,
  openEnvelope,
  openReconciliation,
  startRun,
  uploadReturn,
  waitForFundingChart,
} from './steps/finance';

jest.setTimeout(300_000);

/**
 * The finance pages in a real browser: finance clerk A starts the April 特扶 run and watches it
 * complete, sees the envelope (发放批次) with its control totals and is refused approving it himself
 * (maker-checker); clerk B approves it, downloads the bank file (its SHA-256 as the page shows it
 * equals the file's), uploads the bank's return twice (a partial file with a refused line, then the
 * bank's corrected line, failed ACCOUNT_CLOSED) and closes the envelope; the period's reconciliation
 * is balanced, its chart by month and funding source draws, the xlsx downloads; an auditor reads
 * without the actions. Set-up that is not finance goes through the services' HTTP APIs: the Jiaxing
 * standard, a 特扶 case submitted and approved, the two 一卡通 accounts, and SAMPLE funding shares
 * (admin). The bank is simulated by the test (a return file built from the downloaded bank file's
 * lines, as the bank would). Sample data throughout: invented persons, made-up accounts, sample shares.
 */
const DIVISION = '330402';
const PERIOD = '2026-04';
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai

describeBrowser('finance pages (real browser): run → envelope → maker-checker approval → bank file → return → close → balanced reconciliation', () => {
  let s: ConsoleStack;
  let envelopeId = '';
  let bankFile: { bytes: Buffer } | null = null;

  beforeAll(async () => {
    s = await startConsoleStack({ now: at('2026-03-18'), prefix: 'benefits-console-finance-', suite: 'finance' });
    await s.h.issue('admin-qian', 'admin', '330400');
    await s.h.issue('setup-intake', 'intake_officer', DIVISION);
    await s.h.issue('setup-officer', 'case_officer', DIVISION);
    await s.h.issue('setup-approver', 'approver', DIVISION);
    await s.h.importStandard('admin-qian', '330400', JIAXING_STANDARD);

    // Set-up (not finance): a 特扶 case submitted and approved, so its schedule reaches disbursement.
    const apps = () => s.h.http('applications');
    const created = await apps()
      .post('/cases/tefu')
      .set(s.h.as('setup-intake'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例壬', residentId: sampleResidentId('1971-02-03', '052'), birthDate: '1971-02-03' },
          { role: 'husband', name: '示例癸', residentId: sampleResidentId('1969-07-08', '061'), birthDate: '1969-07-08' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-death-certificate'] },
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    const getCase = () => apps().get(`/cases/${caseId}`).set(s.h.as('setup-approver')).expect(200);
    await apps().post(`/cases/${caseId}/submit`).set(s.h.as('setup-intake')).set('If-Match', (await getCase()).headers.etag).send({}).expect(200);
    const determined = await waitFor('the 特扶 determination', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    });
    s.h.clock.now = at('2026-03-20'); // moving the services' clock (allowed set-up)
    await apps()
      .post(`/cases/${caseId}/approve`)
      .set(s.h.as('setup-approver'))
      .set('If-Match', (await getCase()).headers.etag)
      .send({ determinationId: determined.body.determinations[0].determinationId })
      .expect(200);
    await waitFor('the 特扶 schedule in disbursement', () => s.h.store.streamExists(`entitlement-${caseId}`));
    // 一卡通 accounts recorded by 民政 at intake (made-up numbers), so nothing is held.
    const refs = (await getCase()).body.members.map((m: { personRef: string }) => m.personRef) as string[];
    for (const [i, ref] of refs.entries()) await recordAccount(() => s.h.http('disbursement'), s.h.as('setup-officer'), ref, sampleAccountBody(DIVISION, 301 + i));
    // SAMPLE funding shares (支出责任, published by admin; not an official split), so the chart has sources.
    await s.h
      .http('disbursement')
      .post('/disbursement/funding-shares')
      .set(s.h.as('admin-qian'))
      .send({
        benefit: 'tefu',
        divisionCode: DIVISION,
        fromPeriod: '2026-01',
        shares: { central: 5000, provincial: 2000, city: 1000, county: 2000 },
        source: { document: '示例文件（非官方）', clause: '示例条款' },
        sample: true,
      })
      .expect((res) => expect([200, 201]).toContain(res.status));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('clerk A starts the April 特扶 run, sees its progress complete, the payments and the envelope with its control totals; approving it himself is refused', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'finance_clerk', division: DIVISION, id: 'clerk-sun' });
    envelopeId = await startRun(page, { benefit: 'tefu', divisionCode: DIVISION, period: PERIOD });
    expect(await page.getByTestId('run-created').textContent()).toBe('2');
    await page.getByRole('table', { name: '本次生成的发放记录' }).getByText('2026-04').first().waitFor();
    await s.screenshot(page, '01-run-completed');

    await openEnvelope(page, envelopeId);
    await expectEnvelopeStatus(page, 'prepared');
    expect(await controlTotals(page)).toEqual({ count: 2, amount: '¥2,000.00', held: '0 · ¥0.00' });
    expect(await page.getByLabel('制单人').or(page.getByText('clerk-sun')).first().isVisible()).toBe(true);
    await s.screenshot(page, '02-envelope-prepared');

    expect(await approveEnvelopeRefused(page, envelopeId)).toBe('ENVELOPE_SAME_ACTOR');
    await page.getByText('须由另一名财政经办人员审核').waitFor();
    await s.screenshot(page, '03-approval-refused-same-clerk');

    await page.goto('/finance/envelopes');
    await page.getByRole('link', { name: envelopeId }).waitFor();
    await s.screenshot(page, '04-envelope-list');
  });

  it('clerk B approves; the bank file downloads and the SHA-256 the page shows is the file’s', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'finance_clerk', division: DIVISION, id: 'clerk-zhou' });
    await approveEnvelope(page, envelopeId);
    expect(await page.getByTestId('approved-by').textContent()).toContain('clerk-zhou');
    await s.screenshot(page, '05-envelope-approved');

    const file = await downloadBankFile(page, envelopeId);
    expect(file.name).toMatch(/\.csv$/);
    expect(file.shownSha256).toBe(file.sha256);
    expect(file.shownLines).toBe(2);
    expect(file.shownTotal).toBe('¥2,000.00');
    await expectEnvelopeStatus(page, 'exported');
    bankFile = { bytes: file.bytes };
    await s.screenshot(page, '06-bank-file-exported');
  });

  it('the bank’s return: a partial file with a wrong amount shows the refused line; the corrected line (failed, 账户已销户) applies; the envelope closes', async () => {
    expect(bankFile).not.toBeNull();
    // The bank (simulated): the detail lines of the file it received — D,seq,paymentId,account,holder,bankCode,amount,summary,period.
    const details = bankFile!.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .filter((l) => l.startsWith('D,'))
      .map((l) => l.split(','))
      .map((f) => ({ paymentId: f[2], amountFen: yuanToFen(f[6]) }));
    expect(details).toHaveLength(2);
    const [first, second] = details;
    const layout = layoutById(SAMPLE_LAYOUT);
    const settledLine: SimulatedReturnLine = { paymentId: first.paymentId, amountFen: first.amountFen, status: 'settled', bankRef: 'BR-SAMPLE-1' };
    const partial = renderReturnFile(layout, {
      envelopeId,
      createdOn: '2026-04-10',
      lines: [settledLine, { paymentId: second.paymentId, amountFen: second.amountFen + 1, status: 'settled', bankRef: 'BR-SAMPLE-2' }],
    });
    const page = await s.newPage();
    await signIn(page, { role: 'finance_clerk', division: DIVISION, id: 'clerk-zhou' });
    expect(await uploadReturn(page, envelopeId, { name: 'return-1.csv', bytes: partial }, 'partial')).toEqual({ settled: 1, failed: 0, refused: 1 });
    await page.getByRole('table', { name: '被拒绝的行' }).getByText('RETURN_AMOUNT_MISMATCH').waitFor();
    await expectEnvelopeStatus(page, 'partly-settled');
    await s.screenshot(page, '07-return-partial-refused-line');

    const corrected = renderReturnFile(layout, { envelopeId, createdOn: '2026-04-11', lines: [{ paymentId: second.paymentId, amountFen: second.amountFen, status: 'failed', reason: 'ACCOUNT_CLOSED' }] });
    expect(await uploadReturn(page, envelopeId, { name: 'return-2.csv', bytes: corrected })).toEqual({ settled: 0, failed: 1, refused: 0 });
    const payments = page.getByRole('table', { name: '批次发放明细' });
    await payments.getByText('账户已销户', { exact: false }).waitFor({ timeout: 60_000 });
    await payments.locator('[data-status="settled"]').first().waitFor();
    await s.screenshot(page, '08-return-applied');

    await closeEnvelope(page, envelopeId);
    await s.screenshot(page, '09-envelope-closed');
  });

  it('the April reconciliation is balanced; the chart by month and funding source draws; the xlsx downloads', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'finance_clerk', division: DIVISION, id: 'clerk-zhou' });
    expect(await openReconciliation(page, { benefit: 'tefu', divisionCode: DIVISION, period: PERIOD })).toEqual({ balanced: true });
    await waitForFundingChart(page);
    const lines = page.getByRole('table', { name: '金额分项' });
    expect(await lines.getByRole('row').filter({ hasText: '（netSettled）' }).textContent()).toContain('¥1,000.00');
    await page.getByRole('table', { name: '差异明细' }).getByText('未重发').first().waitFor();
    const xlsx = await downloadReconciliationXlsx(page);
    expect(xlsx.name).toBe(`reconciliation-tefu-${DIVISION}-${PERIOD}.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await s.screenshot(page, '10-reconciliation');
  });

  it('an auditor reads the envelope and the reconciliation without the actions; no 发起发放 in the menu', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'auditor', division: '330400', id: 'auditor-wu' });
    const menu = page.getByRole('navigation').or(page.locator('.ant-menu')).first();
    await menu.getByText('发放批次').waitFor();
    expect(await menu.getByText('发起发放').count()).toBe(0);
    await openEnvelope(page, envelopeId);
    await expectEnvelopeStatus(page, 'closed');
    await page.getByTestId('export-sha256').first().waitFor();
    for (const action of [/审核通过/, /导出银行文件/, /导入回盘/, /关闭批次/]) expect(await page.getByRole('button', { name: action }).count()).toBe(0);
    await s.screenshot(page, '11-auditor-envelope');
    expect(await openReconciliation(page, { benefit: 'tefu', divisionCode: DIVISION, period: PERIOD })).toEqual({ balanced: true });

    // 暂缓发放: nothing held in this scope (both accounts were recorded before the run).
    await page.goto('/finance/holds');
    await pickOption(page, page.getByRole('combobox', { name: '救助类别' }), '计生特扶');
    await page.getByLabel('行政区划代码').fill(DIVISION);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByRole('table', { name: '暂缓发放列表' }).getByText('没有暂缓的款项').waitFor();
    await s.screenshot(page, '12-holds-empty');
  });
});
