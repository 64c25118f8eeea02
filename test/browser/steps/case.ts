import { expect } from '@jest/globals';
import type { Locator, Page, Request, Response } from 'playwright-core';
import { openDialog } from './dialog';
import { pickOption } from './select';

/**
 * Steps on the case page (`/cases/:benefit/:caseId`) as an officer does them: open the case, press
 * the action, fill the form, submit, and wait for the case to show the new status. Each step opens
 * the case page first if the page is elsewhere. The signed-in role must be one that is offered the
 * action (see services/console/src/areas/cases/case-page/model.ts).
 */
export type Benefit = 'dibao' | 'linshi' | 'tefu';

const SUBMIT = /^提\s*交$/;

/** Opens the case page (unless it is already open) and waits for the case to be shown. */
export async function openCase(page: Page, caseId: string, benefit: Benefit = 'dibao'): Promise<void> {
  const path = `/cases/${benefit}/${caseId}`;
  if (!new URL(page.url()).pathname.endsWith(path)) await page.goto(path);
  await page.getByTestId('case-status').waitFor();
}

/** The case's status code as the page shows it (data-status of the status tag). */
export async function caseStatus(page: Page): Promise<string | null> {
  return page.getByTestId('case-status').getAttribute('data-status');
}

/** Waits (generously) until the page shows the case in `status`. */
export async function expectStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
}

/** Polls `probe` until it returns `expected` (compared as JSON) or the deadline passes. */
export async function until<T>(what: string, probe: () => Promise<T>, expected: T, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The action buttons the page offers (the toolbar, without 重新载入). */
export async function offeredActions(page: Page): Promise<string[]> {
  const names = await page.getByRole('toolbar', { name: '可执行操作' }).getByRole('button').allInnerTexts();
  return names.map((n) => n.replace(/\s+/g, '')).filter((n) => n !== '重新载入');
}

/** Presses an action button (by its exact label, spaces antd puts between two characters ignored). */
export async function startAction(page: Page, label: string): Promise<Locator> {
  const exact = new RegExp(`^${[...label].join('\\s*')}$`);
  return openDialog(page, page.getByRole('toolbar', { name: '可执行操作' }).getByRole('button', { name: exact }), label);
}

/** Submits the open action form and waits for the dialog to close (the case is then reloaded). */
export async function submitAction(page: Page, dialog: Locator): Promise<void> {
  // What the page sent after the click, for a failure's message: a dialog that stays open is either a
  // request still waiting for the service or a click that started nothing, and the two need
  // different mending.
  const sent: string[] = [];
  const onRequest = (r: Request) => {
    if (r.method() !== 'GET') sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  };
  const onResponse = (r: Response) => {
    if (r.request().method() !== 'GET') sent.push(`→ ${r.status()} ${new URL(r.url()).pathname}`);
  };
  const onFailed = (r: Request) => sent.push(`✗ ${r.method()} ${new URL(r.url()).pathname}: ${r.failure()?.errorText ?? '?'}`);
  page.on('request', onRequest);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  try {
    // Generous: the services may be slow when the machine is loaded.
    const submit = dialog.getByRole('button', { name: SUBMIT });
    const refusal = dialog.locator('[data-error-code]');
    const loading = () => submit.evaluate((b) => b.classList.contains('ant-btn-loading')).catch(() => false);
    // A click that started nothing (no request, no refusal, the button not busy — a press while the
    // dialog was still opening) is pressed again, as an officer would; a click that sent the request
    // is never repeated (it would be a second command).
    for (let press = 1; ; press += 1) {
      await submit.click({ timeout: 60_000 });
      const pressDeadline = Date.now() + 15_000;
      while (sent.length === 0 && Date.now() < pressDeadline && (await dialog.isVisible()) && !(await refusal.count()) && !(await loading())) {
        await page.waitForTimeout(250);
      }
      if (sent.length > 0 || !(await dialog.isVisible()) || (await refusal.count()) || (await loading()) || press === 4) break;
    }
    // A refusal shown in the dialog fails the step with its text, not with a bare timeout.
    const deadline = Date.now() + 180_000;
    while (await dialog.isVisible()) {
      if (await refusal.count()) throw new Error(`the action dialog shows a refusal: ${await refusal.first().innerText()}`);
      if (Date.now() > deadline) {
        throw new Error(`the dialog is still open after 180 s (submit loading: ${await loading()}; sent: ${sent.join(' | ') || 'nothing'}): ${await dialog.innerText()}`);
      }
      await page.waitForTimeout(250);
    }
  } finally {
    page.off('request', onRequest);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
}

async function fillIn(dialog: Locator, label: string, value: string | number): Promise<void> {
  await dialog.getByLabel(label, { exact: true }).fill(String(value));
}

async function choose(page: Page, dialog: Locator, label: string, option: string): Promise<void> {
  await pickOption(page, dialog.getByRole('combobox', { name: label }), option);
}

/** 受理 (intake or case officer). */
export async function acceptCase(page: Page, caseId: string): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '受理');
  await submitAction(page, dialog);
  await expectStatus(page, 'accepted');
}

export interface FinancialCheckValues {
  checkedOn: string;
  periodFrom: string;
  periodTo: string;
  /** The report of the first department (人社 by default). */
  reportRef: string;
  result?: 'passed' | 'failed';
  /** Incomes of the applicant unless `member` names another member as the select lists them (姓名 · 关系). */
  incomes?: { month: string; yuan: number; member?: string }[];
  /** 已评估 assets rule; omitted: no assets recorded. */
  assets?: { ruleId: string; docNo: string; meets: boolean };
}

/** 家庭经济状况核对 (case officer). */
export async function recordFinancialCheck(page: Page, caseId: string, values: FinancialCheckValues): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '记录家庭经济状况核对');
  await fillIn(dialog, '核对日期', values.checkedOn);
  if (values.result === 'failed') await dialog.getByLabel('未通过').check();
  await fillIn(dialog, '报告编号 1', values.reportRef);
  await fillIn(dialog, '核对期间起（年月）', values.periodFrom);
  await fillIn(dialog, '核对期间止（年月）', values.periodTo);
  for (const [i, income] of (values.incomes ?? []).entries()) {
    await dialog.getByRole('button', { name: '添加收入' }).click();
    if (income.member) await choose(page, dialog, `收入 ${i + 1} 成员`, income.member);
    await fillIn(dialog, `收入 ${i + 1} 月份`, income.month);
    await fillIn(dialog, `收入 ${i + 1} 金额（元）`, income.yuan);
  }
  if (values.assets) {
    await choose(page, dialog, '财产状况', '已评估');
    await fillIn(dialog, '财产规则编号', values.assets.ruleId);
    await fillIn(dialog, '规则依据文号', values.assets.docNo);
    const box = dialog.getByLabel('家庭财产符合规定');
    if ((await box.isChecked()) !== values.assets.meets) await box.click();
  }
  await submitAction(page, dialog);
  await expectStatus(page, 'checked');
}

/** 入户调查 (case officer; two or more investigators). */
export async function recordHomeVisit(page: Page, caseId: string, values: { visitedOn: string; investigators: string[]; findings: string }): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '记录入户调查');
  await fillIn(dialog, '调查日期', values.visitedOn);
  await fillIn(dialog, '调查人员（两人以上，逗号分隔）', values.investigators.join(', '));
  await fillIn(dialog, '调查情况', values.findings);
  await submitAction(page, dialog);
  await expectStatus(page, 'visited');
}

/** 民主评议 (case officer). */
export async function recordCommunityReview(page: Page, caseId: string, values: { heldOn: string; attendance: number; votesFor: number; minutesRef: string }): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '记录民主评议');
  await fillIn(dialog, '评议日期', values.heldOn);
  await fillIn(dialog, '参加人数', values.attendance);
  await fillIn(dialog, '同意人数', values.votesFor);
  await fillIn(dialog, '评议记录编号', values.minutesRef);
  await submitAction(page, dialog);
  await expectStatus(page, 'reviewed');
}

/** 张榜公示 (case officer). */
export async function startPublicNotice(page: Page, caseId: string, values: { startedOn: string; location: string }): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '张榜公示');
  await fillIn(dialog, '公示开始日期', values.startedOn);
  await fillIn(dialog, '公示地点', values.location);
  await submitAction(page, dialog);
  await expectStatus(page, 'publicNotice');
}

/** 公示异议 (intake or case officer) during the notice. */
export async function raiseObjection(page: Page, caseId: string, values: { raisedOn: string; summary: string }): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '登记公示异议');
  await fillIn(dialog, '提出日期', values.raisedOn);
  await fillIn(dialog, '异议内容', values.summary);
  await submitAction(page, dialog);
}

/** 异议处理 (case officer): the first open objection, dismissed unless `upheld`. */
export async function resolveObjection(page: Page, caseId: string, values: { resolution: string; upheld?: boolean }): Promise<void> {
  await openCase(page, caseId);
  const dialog = await startAction(page, '处理公示异议');
  if (values.upheld) await dialog.getByLabel(/异议成立/).check();
  await fillIn(dialog, '处理意见', values.resolution);
  await submitAction(page, dialog);
}

/**
 * 审核确认 (approver who recorded no step): waits until the determination is on the case (批准 is
 * offered only then), checks the cited amount when `expectedAmount` (e.g. '¥1,700.00') is given.
 */
export async function approveCase(page: Page, caseId: string, values: { expectedAmount?: string; benefit?: Benefit } = {}): Promise<void> {
  const benefit = values.benefit ?? 'dibao';
  await openCase(page, caseId, benefit);
  await page.getByRole('toolbar', { name: '可执行操作' }).getByRole('button', { name: /^批\s*准$/ }).waitFor({ timeout: 60_000 });
  const dialog = await startAction(page, '批准');
  if (values.expectedAmount) expect(await dialog.getByTestId('cited-amount').textContent()).toBe(values.expectedAmount);
  await submitAction(page, dialog);
  await expectStatus(page, benefit === 'linshi' ? 'approved' : 'active');
}

/** 特扶: 提交申请 of a draft case (intake or case officer). */
export async function submitTefuApplication(page: Page, caseId: string): Promise<void> {
  await openCase(page, caseId, 'tefu');
  const dialog = await startAction(page, '提交申请');
  await submitAction(page, dialog);
  await expectStatus(page, 'submitted');
}

/** 不予批准 (approver who recorded no step). */
export async function rejectCase(page: Page, caseId: string, values: { reasons: string[]; benefit?: Benefit }): Promise<void> {
  await openCase(page, caseId, values.benefit ?? 'dibao');
  const dialog = await startAction(page, '不予批准');
  await dialog.getByLabel(/不予批准理由/).fill(values.reasons.join('\n'));
  await submitAction(page, dialog);
  await expectStatus(page, 'rejected');
}

export interface AccountValues {
  /** The member's name as the household table shows it. */
  memberName: string;
  bankCode: string;
  bankName: string;
  accountNumber: string;
  holderName?: string;
  evidenceReference?: string;
  /** Required by the service when an account on file is changed. */
  reason?: string;
}

/** 发放账户 (case officer or finance clerk) of an active case's member; returns the masked number shown. */
export async function recordAccount(page: Page, caseId: string, values: AccountValues, benefit: Benefit = 'dibao'): Promise<string> {
  await openCase(page, caseId, benefit);
  const panel = page.getByRole('region', { name: '发放账户' }).or(page.locator('[aria-label="发放账户"]')).first();
  await panel.getByRole('button', { name: `登记账户：${values.memberName}` }).click();
  const dialog = page.getByRole('dialog', { name: `登记发放账户：${values.memberName}` });
  await dialog.waitFor();
  await fillIn(dialog, '银行代码（行别代码或联行号）', values.bankCode);
  await fillIn(dialog, '开户银行', values.bankName);
  await fillIn(dialog, '账号', values.accountNumber);
  if (values.holderName) await fillIn(dialog, '户名', values.holderName);
  if (values.evidenceReference) await fillIn(dialog, '材料编号', values.evidenceReference);
  if (values.reason) await fillIn(dialog, '原因（变更已登记账户时必填）', values.reason);
  await submitAction(page, dialog);
  const masked = panel.locator('[data-testid^="account-"] code').first();
  await masked.waitFor();
  return (await masked.textContent()) ?? '';
}
