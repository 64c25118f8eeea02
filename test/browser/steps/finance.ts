import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { steady } from './dialog';
import { pickOption } from './select';

/**
 * Finance (财政) steps in the console, as a finance clerk does them: start a run and watch it, open
 * an envelope (发放批次) and read its control totals, approve it, download the bank file, upload the
 * bank's return, close, and open the period's reconciliation. Every step goes through the page and
 * waits on what the page shows (generous deadlines, no fixed sleeps).
 */
const LONG = 60_000;
const BENEFIT_LABEL: Record<string, string> = { dibao: '低保', tefu: '计生特扶', linshi: '临时救助' };

/** Picks an option of an antd Select found by its accessible name. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await pickOption(page, page.getByRole('combobox', { name: label }).first(), option);
}

/**
 * 发起发放 (/finance/runs): benefit, division, period → 开始发放; waits for the run's progress to reach
 * 已完成 and returns the run id (= the envelope id).
 */
export async function startRun(page: Page, run: { benefit: string; divisionCode: string; period: string }): Promise<string> {
  await page.goto('/finance/runs');
  await choose(page, '救助类别', BENEFIT_LABEL[run.benefit] ?? run.benefit);
  await page.getByLabel('行政区划代码').fill(run.divisionCode);
  await page.getByLabel('发放期间').fill(run.period);
  await page.getByRole('button', { name: /开始发放/ }).click();
  await page.getByRole('progressbar', { name: '发放进度' }).waitFor({ timeout: LONG });
  await page.getByTestId('run-progress-text').filter({ hasText: '已完成' }).waitFor({ timeout: LONG });
  const runId = (await page.getByTestId('run-id').textContent())?.trim() ?? '';
  expect(runId).toMatch(new RegExp(`^${run.benefit}-${run.divisionCode}-${run.period}-\\d+$`));
  return runId;
}

/** Opens the envelope page and waits for its status. */
export async function openEnvelope(page: Page, envelopeId: string): Promise<void> {
  await page.goto(`/finance/envelopes/${encodeURIComponent(envelopeId)}`);
  await page.getByTestId('envelope-status').waitFor({ timeout: LONG });
}

/** The control totals the envelope page shows: bank lines, amount (as shown, ¥…), held (count · amount). */
export async function controlTotals(page: Page): Promise<{ count: number; amount: string; held: string }> {
  return {
    count: Number(await page.getByTestId('total-count').textContent()),
    amount: ((await page.getByTestId('total-fen').textContent()) ?? '').trim(),
    held: ((await page.getByTestId('held').textContent()) ?? '').trim(),
  };
}

/** Waits until the envelope page shows `status` (prepared, approved, exported, partly-settled, settled, closed). */
export async function expectEnvelopeStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="envelope-status"][data-status="${status}"]`).waitFor({ timeout: LONG });
}

/** 财政审核: 审核通过 on the envelope page (the signed-in clerk must not have prepared it). */
export async function approveEnvelope(page: Page, envelopeId: string, note = '已核对（样例）'): Promise<void> {
  await openEnvelope(page, envelopeId);
  await page.getByLabel('审核意见（可选）').fill(note);
  await page.getByRole('button', { name: /审核通过/ }).click();
  await expectEnvelopeStatus(page, 'approved');
}

/** Tries to approve and returns the error code the page shows (e.g. ENVELOPE_SAME_ACTOR for the preparer). */
export async function approveEnvelopeRefused(page: Page, envelopeId: string): Promise<string | null> {
  await openEnvelope(page, envelopeId);
  await page.getByRole('button', { name: /审核通过/ }).click();
  const alert = page.getByRole('alert').filter({ hasText: '错误代码' });
  await alert.waitFor({ timeout: LONG });
  return alert.getAttribute('data-error-code');
}

/**
 * 导出银行文件 (CSV, the SAMPLE layout unless told): waits for the browser's download, then for the
 * recorded export on the page; returns the file's path, bytes, its SHA-256 and what the page shows.
 */
export async function downloadBankFile(
  page: Page,
  envelopeId: string,
  options: { layoutId?: string; format?: 'csv' | 'xlsx' } = {},
): Promise<{ path: string; name: string; bytes: Buffer; sha256: string; shownSha256: string; shownLines: number; shownTotal: string }> {
  await openEnvelope(page, envelopeId);
  if (options.layoutId) await choose(page, '文件版式', options.layoutId);
  if (options.format === 'xlsx') await page.getByLabel('格式').getByText('花名册 xlsx').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByRole('button', { name: /导出银行文件/ }).click()]);
  const path = await download.path();
  const bytes = readFileSync(path);
  const sha = page.getByTestId('export-sha256').first();
  await sha.waitFor({ timeout: LONG });
  return {
    path,
    name: download.suggestedFilename(),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    shownSha256: ((await sha.textContent()) ?? '').trim(),
    shownLines: Number(await page.getByTestId('export-lines').first().textContent()),
    shownTotal: ((await page.getByTestId('export-total').first().textContent()) ?? '').trim(),
  };
}

/**
 * 导入回盘: chooses the file (bytes as the bank sent them), the mode, 导入回盘; returns the report's
 * counts as the page shows them.
 */
export async function uploadReturn(
  page: Page,
  envelopeId: string,
  file: { name: string; bytes: Buffer },
  mode: 'strict' | 'partial' = 'strict',
): Promise<{ settled: number; failed: number; refused: number }> {
  await openEnvelope(page, envelopeId);
  await page.locator('input[type="file"]').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
  if (mode === 'partial') await page.getByLabel('处理方式').getByText(/^部分/).click();
  await page.getByRole('button', { name: /导入回盘/ }).last().click();
  const report = page.getByTestId('return-report');
  await report.waitFor({ timeout: LONG });
  return {
    settled: Number(await page.getByTestId('return-settled').textContent()),
    failed: Number(await page.getByTestId('return-failed').textContent()),
    refused: Number(await page.getByTestId('return-refused').textContent()),
  };
}

/** 关闭批次 (with its confirmation); waits for 已关闭. */
export async function closeEnvelope(page: Page, envelopeId: string): Promise<void> {
  await openEnvelope(page, envelopeId);
  await page.getByRole('button', { name: /关闭批次/ }).click();
  const confirm = page.locator('.ant-popconfirm');
  await confirm.waitFor();
  await steady(confirm);
  await confirm.getByRole('button', { name: /关\s*闭/ }).click();
  await expectEnvelopeStatus(page, 'closed');
}

/** 对账 of a period (/finance/reconciliation): waits for the report; returns whether it is balanced. */
export async function openReconciliation(page: Page, scope: { benefit: string; divisionCode: string; period: string }): Promise<{ balanced: boolean }> {
  await page.goto('/finance/reconciliation');
  await choose(page, '救助类别', BENEFIT_LABEL[scope.benefit] ?? scope.benefit);
  await page.getByLabel('行政区划代码').fill(scope.divisionCode);
  await page.getByLabel('发放期间').fill(scope.period);
  await page.getByRole('button', { name: /^对\s*账$/ }).click();
  const tag = page.getByTestId('balanced');
  await tag.waitFor({ timeout: LONG });
  return { balanced: (await tag.getAttribute('data-balanced')) === 'true' };
}

/** The funding chart on the reconciliation page has drawn (its canvas is there). */
export async function waitForFundingChart(page: Page): Promise<void> {
  await page.getByTestId('funding-chart').locator('canvas').first().waitFor({ timeout: LONG });
}

/** 下载对账单 xlsx: waits for the download; returns its name and bytes. */
export async function downloadReconciliationXlsx(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByRole('button', { name: /下载对账单 xlsx/ }).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}
