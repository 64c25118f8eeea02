import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';

jest.setTimeout(120_000);

describeBrowser('console shell (real browser): sign-in, roles, language, errors', () => {
  let s: ConsoleStack;
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-shell-', suite: 'shell' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the development sign-in refuses a bad division code in the form and signs in a valid one; the header shows role, division and id', async () => {
    const page = await s.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: '社会救助工作台' }).waitFor();
    await s.screenshot(page, '01-sign-in');
    await page.getByLabel('行政区划代码').fill('33040');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('不是有效的 6 位行政区划代码').waitFor();
    await signIn(page, { role: 'auditor', division: '330400', id: 'auditor-wu' });
    const header = await page.getByLabel('当前用户').textContent();
    expect(header).toContain('审计');
    expect(header).toContain('330400');
    await s.screenshot(page, '02-signed-in-auditor');
    // The token is in session storage only, never in the URL.
    expect(page.url()).not.toContain('eyJ');
  });

  it('English is one click away and stays for the session', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'intake_officer', division: '330402', id: 'officer-wang' });
    await page.getByLabel('界面语言').getByText('English').click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await s.screenshot(page, '03-english');
  });
});
