/**
 * `npm run bench -- console`: the web console's production build and first load.
 *
 * - Build: BENCH_CONSOLE_BUILDS production builds (`buildConsole`, a Vite process each, as `npm start`
 *   and the image build run it), wall time each and the median.
 * - Bundle: every file of the last build, raw, gzip (level 9, as the console server sends assets)
 *   and brotli (quality 11, what a reverse proxy could send), and the totals.
 * - First load in chromium, BENCH_CONSOLE_LOADS times each (median), a new browser context for every
 *   cold load: navigation start → DOMContentLoaded, and → the sign-in form visible (the division
 *   code input laid out, seen on an animation frame). Against baselines measured in the same run
 *   and the same server: a trivial static HTML page with the same input (what any page costs here),
 *   and the console again in the same context (the bundle from the browser cache). Once on this
 *   machine's loopback, once with the network emulated as a county office link (BENCH_CONSOLE_LINK,
 *   default "10,40": 10 Mbit/s down, 40 ms round trip). Also a cold load that asks for no compression
 *   (Accept-Encoding: identity): what the console cost before its server gzipped the assets.
 *   Scenarios are interleaved round by round.
 *
 * The console server runs with a development sign-in stub and no services behind it: the sign-in
 * page needs only the server's /console/config. Figures vary by machine; compare with the baseline.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../services/console/server/build';
import { startConsoleServer } from '../../services/console/server/console-server';

const BUILDS = Number(process.env.BENCH_CONSOLE_BUILDS ?? 3);
const LOADS = Number(process.env.BENCH_CONSOLE_LOADS ?? 9);
const [LINK_MBIT, LINK_RTT_MS] = (process.env.BENCH_CONSOLE_LINK ?? '10,40').split(',').map(Number);
const CHROMIUM = process.env.BENEFITS_CHROMIUM ?? '/usr/bin/chromium';
const FORM = 'input[aria-label="行政区划代码"]';
const BASELINE_PAGE = 'bench-baseline.html';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number, n = 8) => x.toFixed(0).padStart(n);

/** Records when the sign-in form's input is first laid out (an animation frame after it appears). */
const FORM_PROBE = `(() => {
  const look = () => {
    const e = document.querySelector('${FORM}');
    if (e && e.getBoundingClientRect().width > 0) { window.__formVisibleAt = performance.now(); return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

interface Load {
  dcl: number;
  form: number;
  /** Bytes over the wire (transferSize of the document and every resource). */
  transferred: number;
}

async function measure(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator(FORM).waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction('typeof window.__formVisibleAt === "number"', undefined, { timeout: 60_000 });
  return page.evaluate<Load>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      dcl: nav.domContentLoadedEventEnd - nav.startTime,
      form: window.__formVisibleAt - nav.startTime,
      transferred: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
    };
  })()`);
}

async function newContext(browser: Browser, baseURL: string, link: boolean, uncompressed = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', ...(uncompressed ? { extraHTTPHeaders: { 'Accept-Encoding': 'identity' } } : {}) });
  await context.addInitScript(FORM_PROBE);
  const page = await context.newPage();
  if (link) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LINK_RTT_MS,
      downloadThroughput: (LINK_MBIT * 1e6) / 8,
      uploadThroughput: (LINK_MBIT * 1e6) / 8,
    });
  }
  return { context, page };
}

function bundle(outDir: string): void {
  const files: { name: string; raw: number; gzip: number; br: number }[] = [];
  const walk = (dir: string, prefix = '') => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else {
        const raw = readFileSync(path);
        files.push({
          name: `${prefix}${name}`,
          raw: raw.length,
          gzip: gzipSync(raw, { level: 9 }).length,
          br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        });
      }
    }
  };
  walk(outDir);
  files.sort((a, b) => b.raw - a.raw);
  console.log(`\nbundle (${files.length} files)\n`);
  console.log(`${pad('file', 40)} ${'raw'.padStart(12)} ${'gzip -9'.padStart(12)} ${'brotli 11'.padStart(12)}`);
  for (const f of files) console.log(`${pad(f.name, 40)} ${kib(f.raw).padStart(12)} ${kib(f.gzip).padStart(12)} ${kib(f.br).padStart(12)}`);
  const sum = (k: 'raw' | 'gzip' | 'br') => files.reduce((s, f) => s + f[k], 0);
  console.log(`${pad('total', 40)} ${kib(sum('raw')).padStart(12)} ${kib(sum('gzip')).padStart(12)} ${kib(sum('br')).padStart(12)}`);
}

export async function main(): Promise<void> {
  console.log(`console bench: ${BUILDS} builds, ${LOADS} loads per scenario; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const dirs: string[] = [];
  const buildMs: number[] = [];
  for (let i = 0; i < BUILDS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'benefits-console-bench-'));
    dirs.push(dir);
    const built = await buildConsole(dir);
    buildMs.push(built.ms);
    console.log(`production build ${i + 1}: ${built.ms} ms (${kib(built.bytes)} of assets)`);
  }
  console.log(`production build: median ${median(buildMs).toFixed(0)} ms`);
  const outDir = dirs.at(-1)!;
  bundle(outDir);

  // The baseline page: the same server, a trivial static file with the same input.
  const served = mkdtempSync(join(tmpdir(), 'benefits-console-bench-served-'));
  dirs.push(served);
  cpSync(outDir, served, { recursive: true });
  writeFileSync(join(served, BASELINE_PAGE), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>基线</title></head><body><form><label>行政区划代码 <input aria-label="行政区划代码"></label></form></body></html>`);
  const nowhere = 'http://127.0.0.1:9';
  const server = await startConsoleServer({
    staticDir: served,
    upstreams: { applications: nowhere, eligibility: nowhere, disbursement: nowhere, audit: nowhere },
    devSignIn: async () => {
      throw new Error('not used by the bench');
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    // Warm the server's gzip cache and the machine's file cache once (not measured).
    {
      const { context, page } = await newContext(browser, server.url, false);
      await measure(page, '/sign-in');
      await context.close();
    }
    for (const link of [false, true]) {
      const results = new Map<string, Load[]>([
        ['console, cold (new context)', []],
        ['console, bundle cached (same context)', []],
        ['console, cold, not compressed', []],
        ['baseline: trivial static page, cold', []],
      ]);
      for (let round = 0; round < LOADS; round++) {
        const order = [0, 1, 2].map((k) => (round + k) % 3);
        for (const which of order) {
          const { context, page } = await newContext(browser, server.url, link, which === 2);
          try {
            if (which === 2) {
              results.get('console, cold, not compressed')!.push(await measure(page, '/sign-in'));
            } else if (which === 0) {
              results.get('console, cold (new context)')!.push(await measure(page, '/sign-in'));
              results.get('console, bundle cached (same context)')!.push(await measure(page, '/sign-in'));
            } else {
              results.get('baseline: trivial static page, cold')!.push(await measure(page, `/${BASELINE_PAGE}`));
            }
          } finally {
            await context.close();
          }
        }
      }
      console.log(`\nfirst load in chromium, ${link ? `emulated link ${LINK_MBIT} Mbit/s, ${LINK_RTT_MS} ms RTT` : 'loopback'}; median of ${LOADS} (ms)\n`);
      console.log(`${pad('scenario', 42)} ${'→ DOMContentLoaded'.padStart(20)} ${'→ sign-in form'.padStart(16)} ${'transferred'.padStart(14)}`);
      for (const [label, loads] of results) {
        console.log(`${pad(label, 42)} ${num(median(loads.map((l) => l.dcl)), 20)} ${num(median(loads.map((l) => l.form)), 16)} ${kib(median(loads.map((l) => l.transferred))).padStart(14)}`);
      }
      const cold = median(results.get('console, cold (new context)')!.map((l) => l.form));
      const base = median(results.get('baseline: trivial static page, cold')!.map((l) => l.form));
      const cached = median(results.get('console, bundle cached (same context)')!.map((l) => l.form));
      console.log(`  → sign-in form: cold ${(cold / base).toFixed(1)}× the baseline page (+${(cold - base).toFixed(0)} ms); with the bundle cached ${(cached / base).toFixed(1)}×`);
    }
  } finally {
    await browser.close();
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
