import { readSeed } from '@benefits/standards';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { openDialog } from './steps/dialog';
import { signIn } from './steps/sign-in';
import { activateStandardVersion, importStandardViaUi } from './steps/standards';
import { pickOption } from './steps/select';
import { acknowledgeButtons, acknowledgeWarningsViaUi } from './steps/standards-warnings';

jest.setTimeout(240_000);

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
/** The 嘉兴 text with the heading of one item removed (as a lossy conversion might): the parser warns about what follows. */
const JIAXING_WITHOUT_A_HEADING = readSeed(JIAXING_FILE).replace('(1) 免费孕前优生健康检查\n', '');
const NOTE = '已核对原件：该处标题在转换中丢失，条目内容无遗漏（测试）';

describeBrowser('standards (real browser): parse warnings must be acknowledged before a version is activated', () => {
  let s: ConsoleStack;
  let versionId = '';
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-warnings-', suite: 'standards-warnings' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an admin imports a document with a parse warning; 启用 is refused with the open warnings listed', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division: '330400', id: 'admin-zhao' });
    const imported = await importStandardViaUi(page, { division: '330400', sourceName: 'jiaxing-missing-heading.txt', text: JIAXING_WITHOUT_A_HEADING });
    expect(imported.created).toBe(true);
    versionId = imported.versionId;

    const warnings = page.getByTestId('parse-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toMatch(/解析提示 \d+ 条，其中 \d+ 条未确认：确认前不能启用此版本/);
    // Whatever the parser calls it (a missing heading, a sub-item without its parent…): a code in capitals with its line.
    const code = ((await warnings.getByRole('table', { name: '解析提示列表' }).locator('tbody code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(await acknowledgeButtons(page).count()).toBeGreaterThan(0);
    // The activation form says so before anything is sent.
    await page.getByTestId('activation-open-warnings').waitFor();

    const form = page.getByRole('form', { name: '启用版本' });
    await pickOption(page, form.getByRole('combobox', { name: '启用的版本' }), versionId);
    await form.getByLabel('适用区划代码').fill('330402');
    await form.getByLabel('启用日期').fill('2025-03-01');
    await form.getByLabel('启用理由').fill('南湖区试行（测试）');
    await form.getByRole('button', { name: /启\s*用/ }).click();
    const refusal = page.locator('[data-error-code="STANDARD_WARNINGS_UNACKNOWLEDGED"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('STANDARD_WARNINGS_UNACKNOWLEDGED');
    const listed = form.getByTestId('open-warnings');
    await listed.waitFor();
    expect(await listed.textContent()).toMatch(new RegExp(`第 \\d+(–\\d+)? 行 ${code}`));
    await s.screenshot(page, '01-activation-refused-open-warnings');
  });

  it('an admin of another city and a case officer see the warnings but cannot acknowledge them', async () => {
    const other = await s.newPage();
    await signIn(other, { role: 'admin', division: '330100', id: 'admin-hangzhou' });
    await other.goto('/standards/bps-330400');
    await other.getByTestId('parse-warnings').waitFor();
    expect(await other.getByTestId('parse-warnings').textContent()).toContain('待确认');
    expect(await acknowledgeButtons(other).count()).toBe(0);

    const officer = await s.newPage();
    await signIn(officer, { role: 'case_officer', division: '330402', id: 'officer-li' });
    await officer.goto('/standards/bps-330400');
    await officer.getByTestId('parse-warnings').waitFor();
    expect(await acknowledgeButtons(officer).count()).toBe(0);
  });

  it('the admin acknowledges each warning with a note on the standard page; then 启用 succeeds', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division: '330400', id: 'admin-zhao' });
    await page.goto('/standards/bps-330400');
    await page.getByTestId('parse-warnings').waitFor();

    // A note is required: the dialog does not send an empty one.
    const dialog = await openDialog(page, acknowledgeButtons(page).first(), '确认解析提示');
    // Pressing 确认 with no note sends nothing, so a press that showed nothing may be repeated.
    for (let press = 1; ; press += 1) {
      await dialog.getByRole('button', { name: /^确\s*认$/ }).click();
      const shown = await dialog.getByText('请填写核对说明').waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (press >= 3) throw new Error('no 请填写核对说明 after three presses of 确认');
    }
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    const acknowledged = await acknowledgeWarningsViaUi(page, NOTE);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.every((id) => id.startsWith(`${versionId}-`))).toBe(true);
    const report = page.getByTestId('parse-warnings');
    await report.getByText(/均已确认/).waitFor();
    expect(await report.textContent()).toContain(NOTE);
    expect(await report.textContent()).toContain('admin-zhao');
    await s.screenshot(page, '02-warnings-acknowledged');

    expect(await page.getByTestId('activation-open-warnings').count()).toBe(0);
    await activateStandardVersion(page, { versionId, division: '330402', effectiveFrom: '2025-03-01', reason: '南湖区试行（测试）' });
    await s.screenshot(page, '03-activated');
  });
});
