import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import { importStandardViaUi } from './steps/standards';
import { openRulePacks, publishRulePackViaUi, rulePackRow } from './steps/rule-packs';

jest.setTimeout(300_000);

/**
 * The invented sample city (样例市, 339900 — SAMPLE DATA, not an official standard) as the API spec
 * services/eligibility/src/rule-packs/published-packs.http.spec.ts has it, here through the console:
 * its document imported on 导入标准, its 特扶 pack published on 规则包 by choosing the file.
 */
const FIXTURES = join(__dirname, '../../services/eligibility/src/rule-packs/__fixtures__');
const DOCUMENT = readFileSync(join(FIXTURES, 'yangli-2026.txt'), 'utf8');
const PACK_FILE = join(FIXTURES, 'tefu-339900-2026.json');
const PACK = JSON.parse(readFileSync(PACK_FILE, 'utf8')) as { id: string; parameters: { key: string; citation: { quote: string } }[] };
const VERSION = 'a8f7f2d7689bdb7b';
const DEATH_QUOTE = '女方年满49周岁的独生子女死亡家庭夫妻的特别扶助金标准为每人每月1200元';
/** A correction under a new id whose first quote is not in the item (the document says 1200元). */
const BAD_QUOTE_ID = 'tefu-339900-2026-r2';
const BAD_QUOTE_PACK = JSON.stringify(
  { ...PACK, id: BAD_QUOTE_ID, parameters: PACK.parameters.map((p, i) => (i === 0 ? { ...p, citation: { ...p.citation, quote: '特别扶助金标准为每人每月1300元' } } : p)) },
  null,
  2,
);

describeBrowser('rule packs (real browser): an admin publishes a pack file for the sample city; officers read it', () => {
  let s: ConsoleStack;
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-rule-packs-', suite: 'rule-packs' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it("an admin of 339900 imports the sample city's document, then publishes its 特扶 pack by choosing the file; the list shows it published and in use", async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division: '339900', id: 'admin-yl' });
    const imported = await importStandardViaUi(page, { division: '339900', sourceName: 'yangli-2026.txt', text: DOCUMENT });
    expect(imported).toEqual({ versionId: VERSION, created: true });
    // Final and dated (in force from 2026-02-01) with no parse warnings: nothing to acknowledge or activate.
    expect(await page.getByTestId('import-answer').textContent()).toContain('解析出 2 个服务项目，0 条警告');
    expect(await page.getByTestId('parse-report').textContent()).toContain('2026-02-01');

    const list = await openRulePacks(page);
    // The shipped packs are there before anything is published.
    await list.getByText('随产品发布').first().waitFor();
    expect(await rulePackRow(page, PACK.id).count()).toBe(0);
    const answer = await publishRulePackViaUi(page, { path: PACK_FILE, name: 'tefu-339900-2026.json' });
    const answerText = (await answer.textContent()) ?? '';
    expect(answerText).toContain(`已发布规则包 ${PACK.id}`);
    expect(answerText).toMatch(/内容摘要: ?[0-9a-f]{64}/);
    expect(answerText).toContain(`bps-339900`);
    expect(answerText).not.toContain('取代');
    expect(await page.getByTestId('publish-requires-activation').count()).toBe(0);

    // The list is read again: the pack is there, 已发布 by the admin, 在用.
    const row = rulePackRow(page, PACK.id);
    await row.waitFor({ timeout: 60_000 });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[1]).toBe('计生特扶');
    expect(cells[2]).toContain('样例市（样例数据）');
    expect(cells[2]).toContain('339900');
    expect(cells[3]).toContain('bps-339900');
    expect(cells[3]).toContain(VERSION);
    expect(cells[4]).toBe(String(PACK.parameters.length));
    expect(cells[5]).toContain('已发布');
    expect(cells[5]).toContain('admin-yl');
    expect(cells[6]).toBe('是');
    await s.screenshot(page, '01-published');

    // Its page: published by whom, each parameter with the words of the document it quotes.
    await row.getByRole('link', { name: PACK.id, exact: true }).click();
    const parameters = page.getByRole('table', { name: '参数' });
    await parameters.waitFor({ timeout: 60_000 });
    const deathRow = parameters.getByRole('row').filter({ hasText: 'tefu.death.amount' });
    const deathCells = await deathRow.getByRole('cell').allTextContents();
    expect(deathCells).toEqual(['tefu.death.amount', '独生子女死亡家庭特别扶助金', '¥1,200.00 每人每月', '1', '服务标准', DEATH_QUOTE, '33']);
    expect(await parameters.getByRole('row').filter({ hasText: 'tefu.wife.minAge' }).textContent()).toContain('49 周岁');
    const facts = (await page.getByLabel('规则包概况').textContent()) ?? '';
    expect(facts).toContain('已发布');
    expect(facts).toContain('admin-yl');
    expect(facts).toContain('标准版本载明施行日期，无需启用');
    expect(await page.getByLabel('解读列表').textContent()).toContain('tefu.wifeAge.household');
    await s.screenshot(page, '02-pack-page');
  });

  it('the same file again is recognised as published before; a copy quoting words not in the item is refused with its code and the problem, nothing added; a broken JSON text is caught before sending', async () => {
    const page = await s.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/eligibility/rule-packs') posts.push(r.url());
    });
    await signIn(page, { role: 'admin', division: '339900', id: 'admin-yl' });
    await openRulePacks(page);
    await rulePackRow(page, PACK.id).waitFor();
    const rowsBefore = await page.getByRole('table', { name: '规则包列表' }).locator('tbody tr').count();

    const again = await publishRulePackViaUi(page, { path: PACK_FILE, name: 'tefu-339900-2026.json' });
    expect(await again.textContent()).toContain('该规则包已发布过，未重复记录');
    expect(posts).toHaveLength(1);

    const refused = await publishRulePackViaUi(page, { name: `${BAD_QUOTE_ID}.json`, text: BAD_QUOTE_PACK });
    expect(await refused.getAttribute('data-error-code')).toBe('RULE_PACK_INVALID');
    expect(await refused.textContent()).toContain('错误代码: RULE_PACK_INVALID');
    expect(await refused.textContent()).toContain('规则包未发布');
    const problems = page.getByRole('list', { name: '规则包问题' });
    await problems.waitFor();
    const problemText = (await problems.textContent()) ?? '';
    expect(problemText).toContain('tefu.death.amount');
    expect(problemText).toContain('quote-not-found');
    expect(problemText).toContain('引文不在该条目该字段的原文中');
    expect(problemText).toContain('特别扶助金标准为每人每月1300元');
    expect(posts).toHaveLength(2);
    await s.screenshot(page, '03-refused-quote');
    // Nothing was added: the list, read again, has the same rows and no r2.
    await page.reload();
    await page.getByRole('table', { name: '规则包列表' }).waitFor({ timeout: 60_000 });
    await rulePackRow(page, PACK.id).waitFor();
    expect(await rulePackRow(page, BAD_QUOTE_ID).count()).toBe(0);
    expect(await page.getByRole('table', { name: '规则包列表' }).locator('tbody tr').count()).toBe(rowsBefore);

    const broken = await publishRulePackViaUi(page, { pasted: '{ "id": "tefu-339900-2026", "benefit": "tefu", ' });
    expect(await broken.getAttribute('data-testid')).toBe('pack-json-error');
    expect(await broken.textContent()).toContain('规则包 JSON 格式有误，未发送');
    expect(await broken.textContent()).toContain('not valid JSON; nothing was sent');
    expect(posts).toHaveLength(2);
    await s.screenshot(page, '04-broken-json');
  });

  it('a case officer of 339902 reads the list and the pack, checks it is used on a date, and gets no publish form', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'case_officer', division: '339902', id: 'officer-yl' });
    await openRulePacks(page);
    const row = rulePackRow(page, PACK.id);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toContain('已发布');
    expect(await page.getByRole('form', { name: '发布规则包' }).count()).toBe(0);
    expect(await page.getByText('发布规则包').count()).toBe(0);

    await row.getByRole('link', { name: PACK.id, exact: true }).click();
    const parameters = page.getByRole('table', { name: '参数' });
    await parameters.getByText(DEATH_QUOTE).waitFor({ timeout: 60_000 });

    // 适用检查: 339902 uses it on 2026-03-01 by the document's own date; not before the document is in force.
    const check = page.getByRole('form', { name: '适用检查' });
    await check.getByLabel('行政区划代码').fill('339902');
    await check.getByLabel('日期').fill('2026-03-01');
    await check.getByRole('button', { name: /检\s*查/ }).click();
    const result = page.getByLabel('适用检查结果');
    await result.getByText('339902 在 2026-03-01 使用此规则包').waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain('文件载明施行日期');
    await s.screenshot(page, '05-officer-usage');
    await check.getByLabel('日期').fill('2026-01-15');
    await check.getByRole('button', { name: /检\s*查/ }).click();
    const refusal = result.locator('[data-error-code="RULE_PACK_NOT_USABLE"]');
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toContain('339902 在 2026-01-15 不使用此规则包');
  });
});
