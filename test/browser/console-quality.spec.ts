import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';

jest.setTimeout(600_000);

/**
 * The console's quality bar in a real browser, over whatever pages the areas offer when it runs:
 * keyboard-only use (sign-in, menu, a page), an accessible name on every input, button and combobox
 * (Chrome's own accessibility tree, not a guess from attributes), no horizontal scrollbar at
 * 1366×768 and 1280×800 (a 13-inch laptop), and nothing of the session in localStorage or in any
 * URL the browser requests.
 */

const ROLES = ['intake_officer', 'case_officer', 'approver', 'finance_clerk', 'auditor', 'admin'] as const;
const DIVISION = '330402';
/** A 身份证号 shape (17 digits and a check character) anywhere in a URL or storage. */
const RESIDENT_ID = /(?<!\d)\d{17}[\dXx](?!\d)/;

/** How many controls the accessibility check looked at (so a vacuous pass shows). */
let checkedControls = 0;

interface Unnamed {
  where: string;
  element: string;
}

/**
 * Every visible input, button and combobox of the page whose accessible name (as Chrome computes it
 * for screen readers) is empty. Elements Chrome leaves out of the tree (hidden) are skipped.
 */
async function unnamedControls(page: Page, where: string): Promise<Unnamed[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1 })) as { root: { nodeId: number } };
    const { nodeIds } = (await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'input, button, textarea, [role=combobox], [role=button]' })) as { nodeIds: number[] };
    const out: Unnamed[] = [];
    for (const nodeId of nodeIds) {
      try {
        const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as {
          nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
        };
        const node = nodes[0];
        if (!node || node.ignored) continue;
        checkedControls += 1;
        if ((node.name?.value ?? '').trim() !== '') continue;
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', { nodeId })) as { outerHTML: string };
        out.push({ where, element: `${node.role?.value ?? '?'}: ${outerHTML.slice(0, 160)}` });
      } catch (error) {
        // The node left the page while it was being looked at (a re-render): nothing to check.
        if (!/Could not find node|No node with given id/.test(String(error))) throw error;
      }
    }
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Polls `probe` until it returns true (generous deadline: the machine may be loaded). */
async function until(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The page has finished loading: no skeleton, spinner or busy region left. */
async function settled(page: Page): Promise<void> {
  await until('the page to finish loading', async () => (await page.locator('.ant-skeleton, .ant-spin-spinning, [aria-busy="true"]').count()) === 0);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A menu entry by its visible text (its accessible name also carries the icon's). */
const menuEntry = (page: Page, text: string) => page.getByRole('menuitem').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) });

async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })');
}

/** Presses Tab until the focused element matches `test` (at most `max` times); returns its description. */
async function tabTo(page: Page, what: string, test: string, max = 40): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate<string | null>(`(() => { const e = document.activeElement; return e && (${test}) ? (e.getAttribute('aria-label') || e.textContent || e.tagName) : null; })()`);
    if (hit !== null) return hit;
  }
  throw new Error(`Tab did not reach ${what} within ${max} presses`);
}

describeBrowser('console quality (real browser): keyboard, accessible names, laptop screens, no session data in URLs or localStorage', () => {
  let s: ConsoleStack;
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-quality-', suite: 'quality' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('keyboard only: sign in with Tab, typing and Enter, then reach the menu and open a page', async () => {
    const page = await s.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: '社会救助工作台' }).waitFor();
    // Role: Tab to the picker, open it with the arrow key, move to 审核确认 and take it with Enter.
    await tabTo(page, 'the role picker', "e.getAttribute('role') === 'combobox'");
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-dropdown:visible').waitFor();
    for (let i = 0; i < ROLES.length; i++) {
      const active = (await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').textContent()) ?? '';
      if (active.includes('(approver)')) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await until('审核确认 to be chosen', async () => ((await page.getByRole('main').textContent()) ?? '').includes('(approver)'));
    await tabTo(page, 'the division code', "e.getAttribute('aria-label') === '行政区划代码'");
    await page.keyboard.type(DIVISION);
    await tabTo(page, 'the staff id', "e.getAttribute('aria-label') === '工号（可选）'");
    await page.keyboard.type('keyboard-approver');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /退\s*出/ }).waitFor();
    expect(await page.getByLabel('当前用户').textContent()).toContain('keyboard-approver');
    await s.screenshot(page, '01-keyboard-signed-in');

    // The menu: Tab into it, move with the arrow keys, open an entry with Enter.
    const startUrl = page.url();
    await tabTo(page, 'the menu', "e.getAttribute('role') === 'menu' || e.getAttribute('role') === 'menuitem' || !!e.closest('[role=menu]')");
    const items = await page.getByRole('menuitem').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    // Down the menu past the page already open (the role's home), then Enter.
    for (let i = 0; i < items.length + 1; i++) {
      await page.keyboard.press('ArrowDown');
      const onOther = await page.evaluate<boolean>("(() => { const e = document.activeElement; return !!e && e.getAttribute('role') === 'menuitem' && !e.classList.contains('ant-menu-item-selected'); })()");
      if (onOther) break;
    }
    await page.keyboard.press('Enter');
    await until('the menu entry to open its page', async () => page.url() !== startUrl);
    await settled(page);
    await s.screenshot(page, '02-keyboard-menu-page');
    // Focus is still somewhere visible and keyboard-reachable on the page (not lost to <body>).
    await tabTo(page, 'a control of the page', "e !== document.body");
  });

  it('every input, button and combobox has an accessible name, and no page scrolls sideways at 1366×768 or 1280×800 (every menu page of every role)', async () => {
    const unnamed: Unnamed[] = [];
    const overflow: string[] = [];
    const visited: string[] = [];
    const signInPage = await s.newPage();
    await signInPage.goto('/sign-in');
    await signInPage.getByRole('button', { name: /登\s*录/ }).waitFor();
    unnamed.push(...(await unnamedControls(signInPage, '/sign-in')));
    for (const size of [{ width: 1366, height: 768 }, { width: 1280, height: 800 }]) {
      await signInPage.setViewportSize(size);
      const o = await horizontalOverflow(signInPage);
      if (o.scrollWidth > o.clientWidth) overflow.push(`/sign-in at ${size.width}×${size.height}: ${o.scrollWidth} > ${o.clientWidth}`);
    }

    for (const role of ROLES) {
      const page = await s.newPage();
      await signIn(page, { role, division: DIVISION, id: `quality-${role}` });
      await settled(page);
      unnamed.push(...(await unnamedControls(page, `${role} home ${new URL(page.url()).pathname}`)));
      const entries = await page.getByRole('menuitem').allTextContents();
      for (const [n, entry] of entries.entries()) {
        await menuEntry(page, entry).click();
        await settled(page);
        const path = new URL(page.url()).pathname;
        visited.push(`${role} ${entry} ${path}`);
        unnamed.push(...(await unnamedControls(page, `${role} ${path}`)));
        for (const size of [{ width: 1366, height: 768 }, { width: 1280, height: 800 }]) {
          await page.setViewportSize(size);
          await settled(page);
          const o = await horizontalOverflow(page);
          if (o.scrollWidth > o.clientWidth) overflow.push(`${role} ${path} at ${size.width}×${size.height}: ${o.scrollWidth} > ${o.clientWidth}`);
        }
        await page.setViewportSize({ width: 1366, height: 768 });
        if (n === 0 || role === 'admin') await s.screenshot(page, `10-${role}-${path.replace(/\//g, '_')}`);
      }
    }
    console.log(`quality: ${checkedControls} controls checked for a name on ${visited.length} menu pages:\n  ${visited.join('\n  ')}`);
    expect(visited.length).toBeGreaterThan(0);
    expect(checkedControls).toBeGreaterThan(visited.length * 3);
    // Unique by place and element, so a shared component missing a name shows once per page.
    expect([...new Set(unnamed.map((u) => `${u.where} → ${u.element}`))]).toEqual([]);
    expect(overflow).toEqual([]);
  });

  it('keeps the token and personal data out of localStorage and out of every URL the browser requests', async () => {
    const page = await s.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await signIn(page, { role: 'admin', division: DIVISION, id: 'quality-admin-storage' });
    for (const entry of await page.getByRole('menuitem').allTextContents()) {
      await menuEntry(page, entry).click();
      await settled(page);
    }
    await page.reload();
    await page.getByRole('button', { name: /退\s*出/ }).waitFor();
    const storage = await page.evaluate<{ local: Record<string, string>; session: Record<string, string> }>(
      '({ local: Object.fromEntries(Object.entries(localStorage)), session: Object.fromEntries(Object.entries(sessionStorage)) })',
    );
    expect(storage.local).toEqual({});
    const token = storage.session['benefits.console.token'];
    expect(token?.split('.')).toHaveLength(3);
    for (const value of Object.values(storage.session)) expect(value).not.toMatch(RESIDENT_ID);
    expect(requested.length).toBeGreaterThan(5);
    const [header, payload, signature] = token.split('.');
    for (const url of requested) {
      expect(url).not.toContain(header + '.' + payload);
      expect(url).not.toContain(signature);
      expect(url).not.toMatch(/[?&](access_token|token|id_token)=/);
      expect(decodeURIComponent(url)).not.toMatch(RESIDENT_ID);
    }
    // Signing out leaves nothing of the session behind.
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('benefits.console.token')")).toBeNull();
  });
});
