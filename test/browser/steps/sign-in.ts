import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/**
 * Signs in through the console's development sign-in page as a role of a division, the way a
 * person does: pick the role, type the division code and a staff id, press 登录; waits for the shell.
 *
 * The role select starts on 受理人员 (intake_officer): a click on an option that lands while the
 * dropdown is still opening leaves that default in place and signs in with the wrong role, so the
 * choice is read back from the select (and picked again) before 登录 is pressed.
 */
export async function signIn(page: Page, who: { role: string; division: string; id: string }): Promise<void> {
  await page.goto('/sign-in');
  const select = page.getByRole('combobox', { name: '角色' });
  const chosen = page.locator('.ant-form-item').filter({ has: select }).locator('.ant-select').first();
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: `(${who.role})` }).click();
    const shown = (await chosen.innerText({ timeout: 10_000 })) ?? '';
    if (shown.includes(`(${who.role})`)) break;
    if (attempt >= 5) throw new Error(`the role select shows "${shown}" after ${attempt} tries, not (${who.role})`);
    await page.keyboard.press('Escape');
  }
  await page.getByLabel('行政区划代码').fill(who.division);
  await page.getByLabel('工号（可选）').fill(who.id);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();
  expect(await page.getByLabel('当前用户').textContent()).toContain(who.id);
}
