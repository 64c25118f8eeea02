import type { Locator, Page } from 'playwright-core';

/**
 * Rule-pack steps, done the way a person does them in the console. Each waits for the page to show
 * the outcome before it returns.
 */

/** Opens 规则包 from the menu; waits for the list. */
export async function openRulePacks(page: Page): Promise<Locator> {
  await page.getByRole('menuitem').filter({ hasText: /^\s*规则包\s*$/ }).click();
  const list = page.getByRole('table', { name: '规则包列表' });
  await list.waitFor({ timeout: 60_000 });
  return list;
}

/** The list's row of a pack (found by the link to it, so `…-2026` does not also find `…-2026-r2`). */
export function rulePackRow(page: Page, packId: string): Locator {
  return page
    .getByRole('table', { name: '规则包列表' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: packId, exact: true }) });
}

/**
 * As an admin on 规则包: 发布规则包 with a pack file chosen (a path on disk, or a name and its text),
 * or with text pasted into the JSON field; 发布. Returns the form's outcome area once it shows an
 * answer, a refusal or the JSON error (whichever the page shows).
 */
export async function publishRulePackViaUi(page: Page, input: { path: string; name: string } | { name: string; text: string } | { pasted: string }): Promise<Locator> {
  const form = page.getByRole('form', { name: '发布规则包' });
  await form.waitFor();
  if ('pasted' in input) {
    await form.getByLabel('规则包 JSON').fill(input.pasted);
  } else {
    const file = form.locator('input[type="file"]');
    if ('path' in input) await file.setInputFiles(input.path);
    else await file.setInputFiles({ name: input.name, mimeType: 'application/json', buffer: Buffer.from(input.text, 'utf8') });
    await form.getByText(`已读取 ${input.name}`).waitFor();
  }
  // Choosing a file or editing the text clears the previous attempt's outcome: wait for that, so the
  // outcome read below is this attempt's.
  const outcomes = page.getByTestId('publish-outcome').locator('[data-testid="publish-answer"], [data-error-code], [data-testid="pack-json-error"]');
  await waitForCount(outcomes, 0);
  await form.getByRole('button', { name: /发\s*布/ }).click();
  const outcome = outcomes.first();
  await outcome.waitFor({ timeout: 60_000 });
  return outcome;
}

async function waitForCount(locator: Locator, count: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} of ${String(locator)} within ${ms} ms`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
