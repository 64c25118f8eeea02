import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../../services/console/server/build';
import { startConsoleServer, type ConsoleService, type RunningConsole } from '../../../services/console/server/console-server';
import { startEmbeddedHarness, type EmbeddedHarness } from '../../support/embedded-harness';

/**
 * A browser suite's world: the four services in one process as `npm start` runs them (the embedded
 * harness, with a clock the test moves), each listening on a port of its own; the console's
 * production build served by the console server with its development sign-in; and Debian's
 * chromium driven by playwright-core. Screenshots go to test-output/screenshots/<suite>/ (not
 * committed). Everything the test does goes through the browser; the harness is there to move the
 * clock and to wait for what the services do in the background.
 */
export const CHROMIUM = process.env.BENEFITS_CHROMIUM ?? '/usr/bin/chromium';
/**
 * The browser suites' `describe`. A missing browser is a broken set-up (`.ci/run` installs Debian's
 * chromium), not a reason to skip: the suite fails in its start-up with the reason.
 */
export const describeBrowser: jest.Describe = describe;

export interface ConsoleStack {
  h: EmbeddedHarness;
  console: RunningConsole;
  browser: Browser;
  url: string;
  screenshotDir: string;
  /**
   * A fresh browser context (its own session storage) at 1366×768, zh-CN, Asia/Shanghai. With
   * `followClock` the page's clock shows the services' instant and follows `setClock`, so deadlines
   * read as the officers would see them on the moved date.
   */
  newPage(options?: { width?: number; height?: number; followClock?: boolean }): Promise<Page>;
  /** Moves the services' clock (applications' commands read it) and every page that follows it. */
  setClock(now: Date): Promise<void>;
  /** Writes a full-page screenshot test-output/screenshots/<suite>/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleStack(options: Parameters<typeof startEmbeddedHarness>[0] & { suite: string }): Promise<ConsoleStack> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install Debian's chromium and fonts-noto-cjk (.ci/run does), or set BENEFITS_CHROMIUM`);
  const h = await startEmbeddedHarness(options);
  const outDir = mkdtempSync(join(tmpdir(), 'benefits-console-build-'));
  let running: RunningConsole | null = null;
  let browser: Browser;
  try {
    const upstreams = {} as Record<ConsoleService, string>;
    for (const name of ['applications', 'eligibility', 'disbursement', 'audit'] as const) {
      await h.apps[name].listen(0, '127.0.0.1');
      upstreams[name] = `http://127.0.0.1:${(h.apps[name].getHttpServer().address() as AddressInfo).port}`;
    }
    const built = await buildConsole(outDir);
    running = await startConsoleServer({
      staticDir: built.outDir,
      upstreams,
      devSignIn: (input) => h.verifier.issueDevToken(input),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  } catch (error) {
    // A failed start (a build or a browser launch on a loaded machine) leaves nothing running behind.
    await running?.close().catch(() => undefined);
    await h.close().catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const server: RunningConsole = running;
  const contexts: BrowserContext[] = [];
  const clockPages: Page[] = [];
  const screenshotDir = resolve(__dirname, '../../../test-output/screenshots', options.suite);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    h,
    console: server,
    browser,
    url: server.url,
    screenshotDir,
    async newPage(size) {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: size?.width ?? 1366, height: size?.height ?? 768 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        acceptDownloads: true,
      });
      // Generous: the machine may be loaded by the rest of the suite.
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      const page = await context.newPage();
      if (size?.followClock) {
        await page.clock.setFixedTime(h.clock.now);
        clockPages.push(page);
      }
      return page;
    },
    async setClock(now) {
      h.clock.now = now;
      for (const page of clockPages) await page.clock.setFixedTime(now);
    },
    async screenshot(page, name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
      await h.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
