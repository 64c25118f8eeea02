import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
  const assets = join(outDir, 'assets');
  const bytes = existsSync(assets) ? readdirSync(assets).reduce((sum, f) => sum + statSync(join(assets, f)).size, 0) : 0;
  return { outDir, ms: Date.now() - started, bytes };
}
