import { readSeed } from '@benefits/standards';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import { activateStandardVersion, compareVersions, evaluateTefu, importStandardViaUi, openStandard } from './steps/standards';
import { pickOption } from './steps/select';

jest.setTimeout(240_000);

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
/** The 2023 edition the shipped 嘉兴 rule packs pin (its content hash). */
const JIAXING_2023 = '2c8fa3c496992144';
/** A later edition for the comparison: the same text, in force from 2025-07-01, with the 特扶 amount changed. */
const JIAXING_LATER = readSeed(JIAXING_FILE)
  .replace('本文件自 2024 年 7 月 22 日起施行。', '本文件自 2025 年 7 月 1 日起施行。')
  .replace('特扶金标准为每人每月850元', '特扶金标准为每人每月870元');

describeBrowser('standards (real browser): import with parse report, catalog, item comparison, what-if with explanation', () => {
  let s: ConsoleStack;
  let laterVersion = '';
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-standards-', suite: 'standards' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an admin imports the 嘉兴 standard as a text file, sees the parse report (metadata with lines, items), then a later edition and activates it for a county', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division: '330400', id: 'admin-zhao' });
    const first = await importStandardViaUi(page, { division: '330400', sourceName: JIAXING_FILE, text: readSeed(JIAXING_FILE) });
    expect(first).toEqual({ versionId: JIAXING_2023, created: true });
    const report = page.getByTestId('parse-report');
    const reportText = (await report.textContent()) ?? '';
    expect(reportText).toContain('嘉兴市基本公共服务标准（2023年版）');
    expect(reportText).toContain('嘉发改〔2024〕64号');
    expect(reportText).toContain('第 110 行');
    expect(reportText).toContain('2024-07-22');
    expect(Number(await report.getByTestId('item-count').textContent())).toBeGreaterThan(100);
    await report.getByRole('table', { name: '条目' }).getByRole('cell', { name: '计划生育家庭特别扶助' }).first().waitFor().catch(() => undefined);
    await s.screenshot(page, '01-import-parse-report');

    const later = await importStandardViaUi(page, { division: '330400', sourceName: 'jiaxing-later-edition.txt', text: JIAXING_LATER });
    expect(later.created).toBe(true);
    laterVersion = later.versionId;
    expect(await page.getByTestId('parse-report').textContent()).toContain('2025-07-01');
    // The next step: activation (here for 南湖区 from an earlier date, with the reason shown wherever it is used).
    await activateStandardVersion(page, { versionId: laterVersion, division: '330402', effectiveFrom: '2025-03-01', reason: '南湖区提前执行新版标准（测试）' });
    await s.screenshot(page, '02-import-later-edition-activated');
  });

  it('an officer finds 嘉兴市基本公共服务标准 in the catalog, opens its versions and items, and compares the two editions item by item', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'case_officer', division: '330402', id: 'officer-li' });
    await page.getByRole('menuitem', { name: '标准目录' }).click();
    const list = page.getByRole('table', { name: '标准列表' });
    await list.getByRole('link', { name: /嘉兴市基本公共服务标准/ }).waitFor();
    expect(await list.textContent()).toContain('《嘉兴市基本公共服务标准（2023年版）》');
    // The import and activation are for administrators only.
    expect(await page.getByRole('menuitem', { name: '导入标准' }).count()).toBe(0);
    await page.goto('/standards/import');
    await page.getByText('您的角色不能使用此页面。').waitFor();
    await page.getByRole('link', { name: '返回标准目录' }).click();
    await list.getByRole('link', { name: /嘉兴市基本公共服务标准/ }).waitFor();
    // What 南湖区 (330402) uses for 特扶: the city's 2023 edition in 2024; from 2025-03-01 the later edition, by the activation.
    const lookup = page.getByRole('form', { name: '在用标准查询' });
    await lookup.getByLabel('日期').fill('2024-09-20');
    await lookup.getByRole('button', { name: /查\s*询/ }).click();
    const inForce = page.getByLabel('在用标准结果');
    await inForce.getByText(JIAXING_2023).waitFor();
    expect(await inForce.textContent()).toContain('沿用上级 330400');
    await inForce.getByRole('table', { name: '条目' }).getByText('计划生育家庭特别扶助').waitFor();
    await s.screenshot(page, '03-catalog-in-force-2024');
    await lookup.getByLabel('日期').fill('2025-04-01');
    await lookup.getByRole('button', { name: /查\s*询/ }).click();
    await inForce.getByText(laterVersion).waitFor();
    expect(await inForce.textContent()).toContain('南湖区提前执行新版标准（测试）');
    await s.screenshot(page, '03b-catalog-in-force-activated');

    await openStandard(page, '嘉兴市基本公共服务标准');
    const versions = page.getByRole('table', { name: '版本列表' });
    expect(await versions.textContent()).toContain(JIAXING_2023);
    expect(await versions.textContent()).toContain(laterVersion);
    expect(await page.getByRole('table', { name: '启用记录' }).textContent()).toContain('南湖区提前执行新版标准（测试）');
    expect(await page.getByRole('form', { name: '启用版本' }).count()).toBe(0);
    await pickOption(page, page.getByRole('combobox', { name: '按待遇筛选条目' }), '特扶');
    await page.getByRole('table', { name: '条目' }).getByText('计划生育家庭特别扶助').first().waitFor();
    await s.screenshot(page, '04-standard-versions-items');

    await compareVersions(page, JIAXING_2023, laterVersion);
    const changed = page.getByLabel('修改的条目 计划生育家庭特别扶助');
    await changed.waitFor();
    const text = (await changed.textContent()) ?? '';
    expect(text).toContain('服务标准');
    expect(text).toContain('每人每月850元');
    expect(text).toContain('每人每月870元');
    expect(page.url()).toContain(`from=${JIAXING_2023}`);
    await s.screenshot(page, '05-item-diff');
  });

  it('the what-if calculator evaluates a 特扶 household and explains each step with the clause: 《嘉兴市基本公共服务标准（2023年版）》 第 52 项', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'case_officer', division: '330402', id: 'officer-li' });
    const total = await evaluateTefu(page, {
      rulePack: 'tefu-330400-2023',
      category: '独生子女伤残',
      evaluationDate: '2024-09-20',
      confirmedOn: '2024-08-15',
      persons: [
        { personId: 'w', role: '女方', birthDate: '1972-01-10' },
        { personId: 'h', role: '男方', birthDate: '1964-09-15' },
      ],
    });
    expect(total).toBe('¥1,700.00');
    const explanation = page.getByTestId('explanation');
    expect(await explanation.textContent()).toContain('符合条件');
    const step = explanation.locator('[data-step-id="tefu.personAmount"]').first();
    const clause = step.getByTestId('clause');
    await clause.getByText('《嘉兴市基本公共服务标准（2023年版）》').waitFor();
    expect(await clause.getByTestId('clause-item').textContent()).toBe('第 52 项');
    const clauseText = (await clause.textContent()) ?? '';
    expect(clauseText).toMatch(/《嘉兴市基本公共服务标准（2023年版）》.*第 52 项/);
    expect(clauseText).toContain('特扶金标准为每人每月850元');
    // Parameters in yuan, the operation as written.
    expect(await step.textContent()).toContain('¥850.00 每人每月');
    expect(await step.textContent()).toContain('amount = tefu.disability.amount');
    // A named policy says in words what it decides (the pack's reading).
    await explanation.locator('[data-step-id="tefu.wifeAge"]').getByText('tefu.wifeAge.household').hover();
    await page.getByRole('tooltip').filter({ hasText: 'a household condition' }).waitFor();
    await s.screenshot(page, '06-whatif-tefu-explanation');

    // A date the calendar does not have is refused by the request schema before anything is sent.
    await page.getByRole('form', { name: '特扶测算' }).getByLabel('测算日期').fill('2024-02-30');
    await page.getByRole('form', { name: '特扶测算' }).getByRole('button', { name: /测\s*算/ }).click();
    const refused = page.getByRole('alert').filter({ hasText: '请修改以下内容后再测算' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('facts.evaluationDate');
  });

  it('the what-if calculator evaluates a 低保 household with a sample 低保标准 and flags the sample data (also in English), and a 临时救助 request written as JSON', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'auditor', division: '330400', id: 'auditor-wu' });
    await page.getByRole('menuitem').filter({ hasText: /^\s*测算\s*$/ }).click();
    await page.getByRole('tab', { name: '低保' }).click();
    const form = page.getByRole('form', { name: '低保测算' });
    await form.getByLabel('待遇月份').fill('2024-09');
    await form.getByLabel('审批日期（可选）').fill('2024-08-20');
    await form.getByLabel('低保标准（元/人·月）').fill('1000');
    await form.getByLabel('标准施行日期').fill('2024-01-01');
    await form.getByLabel('公布文号').fill('示例数据（非官方）');
    await form.getByLabel('财产规则文号').fill('示例规则（非官方）');
    await form.getByLabel('月收入（元） 1').fill('500');
    await form.getByRole('button', { name: /添加成员/ }).click();
    await form.getByLabel('月收入（元） 2').fill('300');
    await form.getByRole('button', { name: /测\s*算/ }).click();
    await page.getByTestId('explanation').waitFor();
    expect(await page.getByTestId('amount-total').textContent()).toBe('¥1,200.00');
    await page.getByText('本结果使用了示例数据（非官方数值）').waitFor();
    const clause = page.getByTestId('explanation').locator('[data-step-id="dibao.incomeTest"]').getByTestId('clause');
    await clause.getByText('《嘉兴市基本公共服务标准（2023年版）》').waitFor();
    expect(await clause.getByTestId('clause-item').textContent()).toBe('第 63 项');
    await s.screenshot(page, '07-whatif-dibao-explanation');
    // The same explanation in English.
    await page.getByLabel('界面语言').getByText('English').click();
    await page.getByText('How it was computed').waitFor();
    await page.getByTestId('explanation').getByText('item 63').first().waitFor();
    await s.screenshot(page, '08-whatif-dibao-english');
    await page.getByLabel('Language').getByText('中文').click();
    await page.getByText('计算过程').first().waitFor();
    // 临时救助 as JSON: the template (北京 支出型 with a sample B) computes.
    await page.getByRole('tab', { name: '临时救助（JSON）' }).click();
    await page.getByLabel('测算请求 JSON').waitFor();
    await page.getByRole('tabpanel').getByRole('button', { name: /测\s*算/ }).click();
    await page.getByTestId('explanation').locator('[data-outcome]').waitFor();
    expect(await page.getByTestId('explanation').textContent()).toContain('linshi-110000-2023-draft');
    await s.screenshot(page, '07b-whatif-linshi-json');
  });
});
