import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { openDialog } from './dialog';
import { pickOption } from './select';

/**
 * Audit (审计) steps in the console, as an auditor does them: replay a case on the two time axes,
 * read the chain verification, recompute, run a 疑点 scan and work a finding through the list.
 * Every step goes through the page; each waits on what the page shows (generous deadlines).
 */
const LONG = 60_000;

/** Waits until `probe()` returns `expected` (polled every 100 ms), failing after `timeout` with the last value seen. */
export async function until<T>(what: string, probe: () => Promise<T>, expected: T, timeout = LONG): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last === expected) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}: expected ${String(expected)}, last ${String(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Beijing wall-clock `YYYY-MM-DD HH:mm:ss` of an instant (what the as-known-at picker takes). */
export function beijingWallClock(instant: Date | string): string {
  const d = new Date(new Date(instant).getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The history's content once loaded for the axes asked (the page marks them on its container). */
function historyView(page: Page): Locator {
  return page.locator('[data-known-at]');
}

async function waitForHistory(page: Page): Promise<void> {
  await historyView(page).waitFor({ timeout: LONG });
  await until('the history to finish loading', async () => historyView(page).getAttribute('aria-busy'), 'false');
}

/**
 * Types a value into an antd date picker (found by its label) and confirms it with Enter. Its panel
 * closes by itself; Escape is pressed only for a panel still open after 3 s — pressed after the panel
 * has closed, it would reach a dialog around the picker and close the dialog.
 */
async function pick(page: Page, label: string, value: string): Promise<void> {
  const input = page.getByRole('textbox', { name: label });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  const panels = page.locator('.ant-picker-dropdown:visible');
  const deadline = Date.now() + 3_000;
  while ((await panels.count()) > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  if ((await panels.count()) > 0) await page.keyboard.press('Escape');
}

/**
 * Opens a case's history through the search page (/audit/cases → 回放), then sets the axes asked:
 * `asKnownAt` an instant (Date or ISO, typed in Beijing time to the second), `{ position }` a log
 * position, or omitted for now; `asEffectiveOn` a yyyy-mm-dd date.
 */
export async function openCaseHistory(page: Page, caseId: string, axes: { asKnownAt?: Date | string | { position: string }; asEffectiveOn?: string } = {}): Promise<void> {
  await page.goto('/audit/cases');
  await page.getByLabel('案件编号').fill(caseId);
  await page.getByRole('button', { name: /回\s*放/ }).click();
  await page.waitForURL(`**/audit/cases/${caseId}/history**`);
  await waitForHistory(page);
  if (axes.asKnownAt !== undefined) await setAsKnownAt(page, axes.asKnownAt);
  if (axes.asEffectiveOn !== undefined) await setAsEffectiveOn(page, axes.asEffectiveOn);
}

/** Moves the as-known-at control: an instant, a log position, or null for now. Waits for the refetch. */
export async function setAsKnownAt(page: Page, value: Date | string | { position: string } | null): Promise<void> {
  const kind = page.getByLabel('已知截至方式');
  if (value === null) {
    await kind.getByText('现在', { exact: true }).click();
    await until('the history as known now', () => historyView(page).getAttribute('data-known-at'), 'now');
  } else if (typeof value === 'object' && 'position' in value) {
    await kind.getByText('日志位置', { exact: true }).click();
    const input = page.getByRole('textbox', { name: '日志位置' });
    await input.fill(value.position);
    await input.press('Enter');
    await until('the history at the log position', () => historyView(page).getAttribute('data-known-at'), value.position);
  } else {
    await kind.getByText('时间点', { exact: true }).click();
    const wall = beijingWallClock(value);
    await pick(page, '已知截至时间（北京时间）', wall);
    await until('the history as known at the instant', () => historyView(page).getAttribute('data-known-at'), `${wall.replace(' ', 'T')}+08:00`);
  }
  await waitForHistory(page);
}

/** Sets (or clears, with null) the as-effective-on date. Waits for the refetch. */
export async function setAsEffectiveOn(page: Page, date: string | null): Promise<void> {
  if (date === null) {
    const input = page.getByRole('textbox', { name: '生效日期' });
    await input.hover();
    await page.locator('.ant-picker-clear').last().click();
  } else {
    await pick(page, '生效日期', date);
  }
  await until('the history as effective on the date', () => historyView(page).getAttribute('data-effective-on'), date ?? '');
  await waitForHistory(page);
}

/** The text of the facts of the case state on the axes chosen. */
export async function stateFactsText(page: Page): Promise<string> {
  return (await page.getByRole('table', { name: '事实（按所选时间轴）' }).first().textContent()) ?? '';
}

/** Waits until every stream of the case verifies intact (GET /audit/streams/{id}/verify per stream). */
export async function expectChainVerified(page: Page): Promise<void> {
  const summary = page.getByTestId('chain-summary');
  await summary.scrollIntoViewIfNeeded();
  await until('every stream to verify intact', () => summary.getAttribute('data-ok'), 'true');
  expect(await summary.textContent()).toMatch(/全部 \d+ 条流完整/);
}

/**
 * Starts a recomputation — from a case's history page (`{ fromHistory: true }`, the page must be
 * open) or through the 重算 form for a case or a division — and waits for it to complete. Returns
 * the recomputation id (from the URL) and the verdict shown.
 */
export async function startRecomputation(
  page: Page,
  scope: { fromHistory: true } | { caseId: string } | { divisionCode: string; benefit?: 'tefu' | 'dibao' | 'linshi'; period?: string },
): Promise<{ recomputationId: string; verdict: string }> {
  if ('fromHistory' in scope) {
    await page.getByRole('button', { name: '重算此案件' }).click();
  } else {
    await page.goto('/audit/recomputations');
    if ('caseId' in scope) {
      await page.getByLabel('案件编号').fill(scope.caseId);
    } else {
      await page.locator('.ant-radio-button-wrapper').filter({ hasText: /^行政区划$/ }).click();
      await page.getByLabel('行政区划代码').fill(scope.divisionCode);
      if (scope.benefit) {
        await pickOption(page, page.getByRole('combobox', { name: '救助类别' }), { tefu: '计生特扶', dibao: '低保', linshi: '临时救助' }[scope.benefit]);
      }
      if (scope.period) await page.getByLabel(/^期间/).fill(scope.period);
    }
    await page.getByRole('button', { name: '开始重算' }).click();
  }
  await page.waitForURL(/\/audit\/recomputations\/[^/]+$/);
  const recomputationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await page.locator('[data-status="completed"]').first().waitFor({ timeout: LONG });
  const verdict = (await page.getByTestId('recompute-verdict').textContent()) ?? '';
  return { recomputationId, verdict };
}

/** Runs a 疑点 scan through the 运行疑点筛查 dialog and waits for it to complete; returns the scan id. */
export async function runAnomalyScan(page: Page, options: { divisionCode?: string; rules?: string[]; asOf?: string } = {}): Promise<string> {
  await page.goto('/audit/anomalies');
  const dialog = await openDialog(page, page.getByRole('button', { name: '运行疑点筛查' }), '运行疑点筛查');
  if (options.divisionCode) await dialog.getByLabel('行政区划代码').fill(options.divisionCode);
  for (const rule of options.rules ?? []) {
    const select = dialog.getByRole('combobox', { name: '筛查规则' });
    await select.click();
    await select.fill(rule);
    await page.locator('.ant-select-item-option').filter({ hasText: rule }).first().click();
  }
  if (options.rules?.length) await dialog.getByText('规则（不选则全部）').click();
  if (options.asOf) await pick(page, '筛查日期', options.asOf);
  await dialog.getByRole('button', { name: /开始筛查/ }).click();
  await page.waitForURL(/\/audit\/anomaly-scans\/[0-9a-f-]+$/);
  const scanId = new URL(page.url()).pathname.split('/').pop()!;
  await page.locator('[data-status="completed"]').first().waitFor({ timeout: LONG });
  return scanId;
}

/** Opens the first finding listed for a rule (the list filtered by 规则), and waits for its page. */
export async function openFinding(page: Page, ruleId: string): Promise<string> {
  await page.goto(`/audit/anomalies?ruleId=${encodeURIComponent(ruleId)}`);
  const list = page.getByRole('table', { name: '疑点列表' });
  const link = list.getByRole('link').first();
  await link.waitFor({ timeout: LONG });
  await link.click();
  await page.waitForURL(/\/audit\/anomalies\/[0-9a-f]{32}$/);
  await page.getByLabel('处理').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function expectFindingStatus(page: Page, status: string): Promise<void> {
  await page.locator(`main [data-status="${status}"][data-revision]`).waitFor({ timeout: LONG });
}

/** 分派核查 (auditor): the assignee's staff id and a note. */
export async function assignFinding(page: Page, assignee: string, note: string): Promise<void> {
  await page.getByLabel('核查人工号').fill(assignee);
  await page.getByLabel('分派说明').fill(note);
  await page.getByRole('button', { name: /^(重新分派|分\s*派)$/ }).click();
  await expectFindingStatus(page, 'assigned');
}

/** 记录核查 (auditor, case officer, approver). */
export async function checkFinding(page: Page, result: 'confirmed_on_site' | 'not_confirmed', note: string, evidenceRef?: string): Promise<void> {
  await page.getByRole('radio', { name: result === 'confirmed_on_site' ? '属实' : '不属实', exact: true }).check({ force: true });
  await page.getByLabel('核查说明').fill(note);
  if (evidenceRef) await page.getByLabel('证据编号（可选）').fill(evidenceRef);
  await page.getByRole('button', { name: '记录核查' }).click();
  await expectFindingStatus(page, 'checked');
}

/** 作出结论 (auditor): cleared with a reason, or confirmed with recovery / referral and a note. */
export async function decideFinding(page: Page, outcome: { outcome: 'cleared'; reason: string } | { outcome: 'confirmed'; action: 'recovery' | 'referral'; note: string }): Promise<void> {
  await page.getByRole('radio', { name: outcome.outcome === 'cleared' ? '排除' : '确认问题', exact: true }).check({ force: true });
  if (outcome.outcome === 'confirmed') {
    await page.getByRole('radio', { name: outcome.action === 'recovery' ? '追缴' : '移送', exact: true }).check({ force: true });
    await page.getByLabel('结论说明').fill(outcome.note);
  } else {
    await page.getByLabel('排除理由').fill(outcome.reason);
  }
  await page.getByRole('button', { name: '记录结论' }).click();
  await expectFindingStatus(page, outcome.outcome);
}
