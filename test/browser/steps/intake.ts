import type { Locator, Page } from 'playwright-core';
import { pickOption } from './select';

/**
 * Work-queue and intake steps, done the way an officer does them in the console: the menu, the
 * form controls by their Chinese labels, the buttons. Each waits for what the page shows before it
 * returns.
 */

export interface MemberInput {
  /** applicant | spouse | child | parent | other (低保/临时救助), wife | husband (计生特扶). */
  relation: string;
  name: string;
  residentId: string;
  birthDate: string;
}

const RELATION_ZH: Record<string, string> = {
  applicant: '申请人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  other: '其他共同生活成员',
  wife: '女方',
  husband: '男方',
};
const BENEFIT_ZH: Record<string, string> = { dibao: '低保', linshi: '临时救助', tefu: '计生特扶' };
const CASE_URL = (benefit: string) => new RegExp(`/cases/${benefit}/([0-9a-f-]{36})$`);

/** Polls until `probe` answers something truthy (deadline 30 s). */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; ; ) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Chooses a radio (plain or button style) by clicking its label, as a person does. */
export async function chooseRadio(scope: Locator, text: string | RegExp): Promise<void> {
  await scope.locator('label.ant-radio-wrapper, label.ant-radio-button-wrapper').filter({ hasText: text }).first().click();
}

export { pickOption };

/** Opens an intake form from the menu (受理申请) and the benefit switch. */
export async function openIntakeForm(page: Page, benefit: 'dibao' | 'linshi' | 'tefu'): Promise<Locator> {
  await page.getByRole('menuitem', { name: '受理申请' }).click();
  await page.getByRole('heading', { name: /受理申请/ }).waitFor();
  if (benefit !== 'dibao') await page.getByLabel('救助类别').getByText(BENEFIT_ZH[benefit], { exact: true }).click();
  await page.getByRole('heading', { name: `受理申请 · ${BENEFIT_ZH[benefit]}` }).waitFor();
  const name = { dibao: '低保申请', linshi: '临时救助申请', tefu: '计生特扶登记' }[benefit];
  const form = page.getByRole('form', { name });
  await form.waitFor();
  return form;
}

/** Fills the members list: adds rows as needed, then relation, 姓名, 身份证号 and 出生日期 of each. */
export async function fillMembers(page: Page, form: Locator, members: MemberInput[], relationLabel = '与申请人关系'): Promise<void> {
  const rows = form.getByRole('group', { name: /^成员 \d+$/ });
  while ((await rows.count()) < members.length) {
    const before = await rows.count();
    await form.getByRole('button', { name: /添加成员/ }).click();
    await until('the new member row', async () => (await rows.count()) === before + 1);
  }
  for (const [i, m] of members.entries()) {
    const n = i + 1;
    await pickOption(page, form.getByRole('combobox', { name: `${relationLabel}（成员 ${n}）` }), RELATION_ZH[m.relation] ?? m.relation);
    await form.getByLabel(`姓名（成员 ${n}）`).fill(m.name);
    await form.getByLabel(`身份证号（成员 ${n}）`).fill(m.residentId);
    await form.getByLabel(`出生日期（成员 ${n}）`).fill(m.birthDate);
  }
}

/** Presses 提交申请 and waits for the new case's page; returns its case id. */
export async function submitIntake(page: Page, form: Locator, benefit: 'dibao' | 'linshi' | 'tefu'): Promise<string> {
  await form.getByRole('button', { name: /提交申请/ }).click();
  await page.waitForURL(CASE_URL(benefit), { timeout: 60_000 });
  return CASE_URL(benefit).exec(new URL(page.url()).pathname)![1];
}

/** As an intake (or case) officer: 受理申请 → 低保 → division, category, members → 提交申请; lands on /cases/dibao/<id>. */
export async function registerDibao(
  page: Page,
  input: { divisionCode: string; householdCategory: 'stable' | 'unstable'; members: MemberInput[] },
): Promise<string> {
  const form = await openIntakeForm(page, 'dibao');
  await form.getByLabel('户籍所在行政区划').fill(input.divisionCode);
  await chooseRadio(form, input.householdCategory === 'stable' ? /^稳定户$/ : /非稳定户/);
  await fillMembers(page, form, input.members);
  return submitIntake(page, form, 'dibao');
}

/** 临时救助 急难型 (no expenditure part): division, cause, date, description, members → 提交申请. */
export async function registerLinshiEmergency(
  page: Page,
  input: { divisionCode: string; cause: string; occurredOn: string; causeDescription: string; members: MemberInput[] },
): Promise<string> {
  const form = await openIntakeForm(page, 'linshi');
  await form.getByLabel('受理行政区划（户籍地、居住地或急难发生地）').fill(input.divisionCode);
  await chooseRadio(form, '急难型');
  await pickOption(page, form.getByRole('combobox', { name: '事由', exact: true }), input.cause);
  await form.getByLabel('发生日期').fill(input.occurredOn);
  await form.getByLabel('事由说明').fill(input.causeDescription);
  await fillMembers(page, form, input.members);
  return submitIntake(page, form, 'linshi');
}

/** 计生特扶 登记: division, family type, the child's event date, evidence references, the spouses → 提交申请. */
export async function registerTefu(
  page: Page,
  input: { divisionCode: string; familyType: 'childDeceased' | 'childDisabled'; childEventDate: string; evidenceRefs: string[]; members: MemberInput[] },
): Promise<string> {
  const form = await openIntakeForm(page, 'tefu');
  await form.getByLabel('户籍所在行政区划').fill(input.divisionCode);
  await chooseRadio(form, input.familyType === 'childDeceased' ? '独生子女死亡' : '独生子女伤残');
  await form.getByLabel('死亡或伤残鉴定日期').fill(input.childEventDate);
  for (const [i, ref] of input.evidenceRefs.entries()) {
    if (i > 0) await form.getByRole('button', { name: /添加证明材料/ }).click();
    await form.getByLabel(`证明材料 ${i + 1}`, { exact: true }).fill(ref);
  }
  const rows = form.getByRole('group', { name: /^成员 \d+$/ });
  while ((await rows.count()) > input.members.length) await form.getByRole('button', { name: `删除成员 ${await rows.count()}` }).click();
  await fillMembers(page, form, input.members, '身份');
  return submitIntake(page, form, 'tefu');
}

export interface QueueFilters {
  benefit?: 'dibao' | 'linshi' | 'tefu';
  /** The status as the list shows it, e.g. '已申请（待受理）'. */
  status?: string;
  division?: string;
  overdue?: boolean;
}

/** 案件列表 from the menu, the filters set in the form, 查询; waits for the table. Returns the table. */
export async function openQueue(page: Page, filters: QueueFilters = {}): Promise<Locator> {
  await page.getByRole('menuitem', { name: '案件列表' }).click();
  await page.getByRole('heading', { name: '案件列表' }).waitFor();
  const form = page.getByRole('form', { name: '筛选条件' });
  await form.getByRole('button', { name: /重\s*置/ }).click();
  if (filters.benefit) await pickOption(page, form.getByRole('combobox', { name: '救助类别' }), BENEFIT_ZH[filters.benefit]);
  if (filters.status) await pickOption(page, form.getByRole('combobox', { name: '状态' }), filters.status);
  if (filters.division) await form.getByLabel('行政区划').fill(filters.division);
  if (filters.overdue) await form.getByRole('checkbox', { name: '仅看已逾期' }).check();
  await form.getByRole('button', { name: /查\s*询/ }).click();
  if (filters.benefit) await page.waitForURL((url) => url.searchParams.get('benefit') === filters.benefit);
  const table = page.getByRole('table').first();
  await page.locator('.ant-table').waitFor();
  await until('the list loaded', async () => (await page.locator('.ant-table .ant-spin-spinning').count()) === 0);
  return table;
}

/** The queue row of a case (its link carries the case id). */
export function queueRow(page: Page, caseId: string): Locator {
  return page.locator('.ant-table-row').filter({ has: page.getByRole('link', { name: `打开案件 ${caseId}` }) });
}
