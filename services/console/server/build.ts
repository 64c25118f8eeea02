import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The console's production build (Vite), run by `npm start` before the console is served and by the
 * browser suites into a folder of their own. A separate process: Vite is ESM and keeps its own
 * workers. Takes about a second here.
 */
export const CONSOLE_ROOT = resolve(__dirname, '..');
export const DEFAULT_CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

export interface ConsoleBuild {
  outDir: string;
  ms: number;
  /** Bytes of the built assets (uncompressed). */
  bytes: number;
  /** True when the folder already held the build of the same sources and nothing was built. */
  reused?: boolean;
}

const REPO = resolve(CONSOLE_ROOT, '..', '..');

/**
 * What the console's build is made of, as one hash: every source file of the workspace's libs and
 * services (the console bundles the services' schema files and several libs; tests excluded), the
 * Vite configuration and the locked dependency versions. Deliberately wider than the bundle: a
 * change to server-only code rebuilds too, but no change to what the console bundles is missed.
 */
export function consoleSourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
        walk(path);
      } else if (entry.isFile() && !/\.(spec|test)\.tsx?$/.test(entry.name)) {
        hash.update(relative(REPO, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(join(REPO, 'libs'));
  walk(join(REPO, 'services'));
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.base.json']) {
    const path = join(REPO, file);
    if (existsSync(path)) hash.update(file).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

/** Where the hash of the sources an output folder was built from is kept (outside the folder, which is served). */
function stampOf(outDir: string): string {
  const key = createHash('sha256').update(resolve(outDir)).digest('hex').slice(0, 16);
  return join(REPO, 'node_modules', '.cache', 'benefits-console-build', `${key}.json`);
}

/**
 * The console's build in `outDir`, reusing what is there when it was built from the same sources
 * (`consoleSourcesHash`) and its index.html is still in place — `npm start` after a restart skips the
 * build (several seconds on a busy machine); otherwise `buildConsole`.
 */
export async function buildConsoleIfStale(outDir = DEFAULT_CONSOLE_DIST): Promise<ConsoleBuild> {
  const started = Date.now();
  const sources = consoleSourcesHash();
  const stamp = stampOf(outDir);
  try {
    const recorded = JSON.parse(readFileSync(stamp, 'utf8')) as { sources?: string; outDir?: string };
    if (recorded.sources === sources && recorded.outDir === resolve(outDir) && existsSync(join(outDir, 'index.html'))) {
      return { outDir, ms: Date.now() - started, bytes: assetBytes(outDir), reused: true };
    }
  } catch {
    // No stamp (first build) or an unreadable one: build.
  }
  const built = await buildConsole(outDir);
  // Written only after a successful build; a failed or interrupted build leaves no stamp and is redone.
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, JSON.stringify({ sources, outDir: resolve(outDir), builtAt: new Date().toISOString() }));
  return { ...built, ms: Date.now() - started };
}

function assetBytes(outDir: string): number {
  const assets = join(outDir, 'assets');
  return existsSync(assets) ? readdirSync(assets).reduce((sum, f) => sum + statSync(join(assets, f)).size, 0) : 0;
}

const BUILD_TIMEOUT_MS = 180_000;

export async function buildConsole(outDir = DEFAULT_CONSOLE_DIST): Promise<ConsoleBuild> {
  const started = Date.now();
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((ok, fail) => {
    // --bypass-lock: Vite refuses a second build of the same project while one runs (a lock under
    // its cache folder), but every build here has an output folder of its own (browser suites run
    // side by side, `npm start` next to them), so they do not collide.
    const child = spawn(process.execPath, [vite, 'build', '--bypass-lock', '--config', join(CONSOLE_ROOT, 'vite.config.mts')], {
      cwd: CONSOLE_ROOT,
      // NODE_ENV is fixed: Vite takes it from the environment, and under jest (NODE_ENV=test) the
      // build would otherwise carry React's and antd's development code (larger, slower, warnings).
      env: { ...process.env, NODE_ENV: 'production', BENEFITS_CONSOLE_OUT_DIR: outDir, NODE_OPTIONS: '', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    // A build that hangs (a starved machine) is stopped rather than left behind: 3 minutes is far
    // beyond the second or two it takes.
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      ok(exitCode);
    });
  });
  if (code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    throw new Error(`console build failed (exit ${code}):\n${output.join('').slice(-4000)}`);
  }
  return { outDir, ms: Date.now() - started, bytes: assetBytes(outDir) };
}
