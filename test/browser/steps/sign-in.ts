import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { pickOption } from './select';

/**
 * Signs in through the console's development sign-in page as a role of a division, the way a
 * person does: pick the role, type the division code and a staff id, press 登录; waits for the shell.
 *
 * The role select starts on 受理人员 (intake_officer): pickOption reads the choice back from the
 * select (and picks again), so a lost click never signs in with that default role.
 */
export async function signIn(page: Page, who: { role: string; division: string; id: string }): Promise<void> {
  await page.goto('/sign-in');
  const select = page.getByRole('combobox', { name: '角色' });
  await pickOption(page, select, `(${who.role})`);
  await page.getByLabel('行政区划代码').fill(who.division);
  await page.getByLabel('工号（可选）').fill(who.id);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();
  expect(await page.getByLabel('当前用户').textContent()).toContain(who.id);
}
