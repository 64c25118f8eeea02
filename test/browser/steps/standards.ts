import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { pickOption } from './select';

/**
 * Standards and what-if steps, done the way a person does them in the console. Each waits for the
 * page to show the outcome before it returns.
 */

/**
 * As an admin: 导入标准 → division, source name, the document chosen as a text file → 导入并解析;
 * waits for the parse report and returns the version id the import answered.
 */
export async function importStandardViaUi(page: Page, input: { division: string; sourceName: string; text: string }): Promise<{ versionId: string; created: boolean }> {
  await page.goto('/standards/import');
  await page.getByRole('heading', { name: '导入标准' }).waitFor();
  await page.getByLabel('发布区划代码').fill(input.division);
  await page.getByLabel('来源名称（可选）').fill('');
  await page.locator('input[type="file"]').setInputFiles({ name: input.sourceName, mimeType: 'text/plain', buffer: Buffer.from(input.text, 'utf8') });
  await page.getByText(`已读取 ${input.sourceName}`).waitFor();
  await page.getByRole('button', { name: /导入并解析/ }).click();
  const report = page.getByTestId('parse-report');
  await report.waitFor({ timeout: 60_000 });
  await report.getByRole('table', { name: '条目' }).waitFor();
  const banner = (await page.getByRole('alert').filter({ hasText: /版本 [0-9a-f]{16}/ }).first().textContent()) ?? '';
  const versionId = /版本 ([0-9a-f]{16})/.exec(banner)?.[1];
  expect(versionId).toBeDefined();
  return { versionId: versionId!, created: banner.includes('已导入') };
}

/** As an admin on a standard's page or after an import: 启用 a version for a division from a date with a reason. */
export async function activateStandardVersion(page: Page, input: { versionId: string; division: string; effectiveFrom: string; reason: string }): Promise<void> {
  const form = page.getByRole('form', { name: '启用版本' });
  await pickOption(page, form.getByRole('combobox', { name: '启用的版本' }), input.versionId);
  await form.getByLabel('适用区划代码').fill(input.division);
  await form.getByLabel('启用日期').fill(input.effectiveFrom);
  await form.getByLabel('启用理由').fill(input.reason);
  await form.getByRole('button', { name: /启\s*用/ }).click();
  await page.getByText(`已启用版本 ${input.versionId}，适用于 ${input.division}，自 ${input.effectiveFrom} 起`).waitFor();
}

/** Opens 标准目录 from the menu and the named standard from the list. */
export async function openStandard(page: Page, titleText: string): Promise<void> {
  await page.getByRole('menuitem', { name: '标准目录' }).click();
  await page.getByRole('table', { name: '标准列表' }).getByRole('link', { name: new RegExp(titleText) }).click();
  await page.getByRole('table', { name: '版本列表' }).waitFor();
}

/** On a standard's page: 条目比较 from → to; waits for the comparison page. */
export async function compareVersions(page: Page, from: string, to: string): Promise<void> {
  const card = page.getByLabel('条目比较');
  await pickOption(page, card.getByRole('combobox', { name: '比较起始版本' }), from);
  await pickOption(page, card.getByRole('combobox', { name: '比较目标版本' }), to);
  await card.getByRole('button', { name: /比较条目/ }).click();
  await page.getByText('修改的条目').first().waitFor();
}

export interface TefuPersonInput {
  personId: string;
  role: '女方' | '男方' | '父/母（单亲）' | '本人';
  birthDate: string;
  elderlyCareSubsidy?: boolean;
  disabledOrDemented?: boolean;
}

/**
 * 测算 → 特扶: rule pack, category, dates and persons; 测算; waits for the explanation and returns
 * the total shown. The form starts with two persons (女方, 男方); more are added as needed.
 */
export async function evaluateTefu(
  page: Page,
  input: { rulePack?: string; category?: '独生子女伤残' | '独生子女死亡' | '手术并发症'; evaluationDate: string; confirmedOn?: string; persons: TefuPersonInput[] },
): Promise<string> {
  await page.getByRole('menuitem').filter({ hasText: /^\s*测算\s*$/ }).click();
  const form = page.getByRole('form', { name: '特扶测算' });
  await form.waitFor();
  if (input.rulePack) {
    await pickOption(page, form.getByRole('combobox', { name: '规则包' }), input.rulePack);
  }
  if (input.category) {
    await pickOption(page, form.getByRole('combobox', { name: '家庭类别' }), input.category);
  }
  await form.getByLabel('测算日期').fill(input.evaluationDate);
  if (input.confirmedOn) await form.getByLabel('审核确认日期（可选）').fill(input.confirmedOn);
  for (let i = 2; i < input.persons.length; i++) await form.getByRole('button', { name: /添加成员/ }).click();
  for (let i = input.persons.length; i < 2; i++) await form.getByRole('button', { name: `删除成员 ${input.persons.length + 1}` }).click();
  for (const [i, p] of input.persons.entries()) {
    const n = i + 1;
    await form.getByLabel(`成员编号 ${n}`).fill(p.personId);
    await pickOption(page, form.getByRole('combobox', { name: `身份 ${n}` }), p.role);
    await form.getByLabel(`出生日期 ${n}`).fill(p.birthDate);
    if (p.elderlyCareSubsidy) await form.getByLabel(`已享受政府养老服务补贴 ${n}`).check();
    if (p.disabledOrDemented) await form.getByLabel(`失能或失智 ${n}`).check();
  }
  await form.getByRole('button', { name: /测\s*算/ }).click();
  const total = page.getByTestId('amount-total');
  await page.getByTestId('explanation').waitFor({ timeout: 60_000 });
  return (await total.count()) > 0 ? ((await total.textContent()) ?? '') : '';
}
