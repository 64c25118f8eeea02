import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePortRange } from '@benefits/testing';
import { endOf } from '../support/child-exit';

/**
 * The README's walk-through of a 临时救助, a 计生特扶 and a 低保 case, run as written: the shell blocks
 * marked `<!-- walkthrough:<name> -->` are taken from README.md and run in bash (each after the
 * `env` block, as the README says to in every new shell) against `npm start`'s entry point in a
 * data directory of its own. The 低保 case's 公示 stays posted 7 days: for the last block the product
 * is restarted on the same data with its clock — and the clock of the shell's node commands — moved
 * 8 days on (a preloaded module shifting Date), which is what running that block 8 days later means.
 */

const root = resolve(__dirname, '../..');
const README = readFileSync(join(root, 'README.md'), 'utf8');

function block(name: string): string {
  const match = new RegExp(`<!-- walkthrough:${name} -->\\s*\\n\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(README);
  if (!match) throw new Error(`README.md has no walk-through block ${name}`);
  return match[1];
}

/** Shifts Date (now and new Date()) by BENEFITS_WALKTHROUGH_SHIFT_DAYS; loaded with --require. */
const SHIFT_CLOCK = `'use strict';
const days = Number(process.env.BENEFITS_WALKTHROUGH_SHIFT_DAYS || 0);
if (days) {
  const shift = days * 86400000;
  const Real = Date;
  class Shifted extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + shift); else super(...args); }
    static now() { return Real.now() + shift; }
  }
  globalThis.Date = Shifted;
}
`;

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['tools/run-ts.js', 'services/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = endOf(child).then((end) => end.code);
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the env block and one walk-through block in one bash, stopping at the first failing command. */
function runBlock(name: string, env: NodeJS.ProcessEnv, ms = 900_000): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-e', '-c', `${block('env')}\n${block(name)}`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`walk-through block ${name} did not finish in ${ms} ms:\n${output}`));
    }, ms);
    void endOf(child).then(({ code }) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

// npm start compiles on the fly, each npx call starts node: generous limits for a loaded machine.
jest.setTimeout(3_600_000);

describe('README walk-through: a 临时救助, a 计生特扶 and a 低保 case to payment (npm start)', () => {
  let dir: string;
  let portBase: number;
  let running: Running | null = null;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'benefits-walkthrough-'));
    writeFileSync(join(dir, 'shift-clock.cjs'), SHIFT_CLOCK);
    // The four services listen on the base port and the three after it.
    portBase = await freePortRange(4);
    env = {
      ...process.env,
      BENEFITS_DATA_DIR: join(dir, 'data'),
      BENEFITS_PORT_BASE: String(portBase),
      BENEFITS_CONSOLE_PORT: '0',
      NODE_OPTIONS: '',
      // The blocks write their files (a sample calendar, bank files) under $OUT.
      OUT: mkdtempSync(join(dir, 'out-')),
    };
  });

  afterAll(async () => {
    if (running) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function startProduct(extra: NodeJS.ProcessEnv = {}): Promise<void> {
    // A port taken by another suite between the check and the start: start again on other ports (the
    // blocks read BENEFITS_PORT_BASE, so they follow).
    for (let attempt = 1; ; attempt++) {
      running = start({ ...env, ...extra });
      const run = running;
      await waitFor(() => run.output().includes('embedded mode:') || run.child.exitCode !== null, 'npm start', 600_000);
      if (run.output().includes('embedded mode:')) return;
      await run.exited;
      running = null;
      if (attempt >= 3 || !run.output().includes('EADDRINUSE')) throw new Error(`npm start ended:\n${run.output()}`);
      portBase = await freePortRange(4);
      env.BENEFITS_PORT_BASE = String(portBase);
    }
  }

  async function stopProduct(): Promise<void> {
    const run = running!;
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    running = null;
  }

  const expectOk = (name: string, result: { code: number | null; output: string }) => {
    if (result.code !== 0) throw new Error(`walk-through block ${name} failed (exit ${result.code}):\n${result.output}`);
  };

  it('runs every block as written and ends with a payment of each benefit in an exported bank file', async () => {
    await startProduct();

    const setup = await runBlock('setup', env);
    expectOk('setup', setup);
    expect(setup.output).toMatch(/201 activated/);
    const nextYear = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)) + 1;
    expect(setup.output).toMatch(new RegExp(`^${nextYear} `, 'm'));

    const linshi = await runBlock('linshi', env);
    expectOk('linshi', linshi);
    expect(linshi.output).toMatch(/^run linshi-110105-\d{4}-\d{2}-1$/m);
    expect(linshi.output).toMatch(/^payment-\S+ \d+ 元$/m);
    expect(linshi.output).toMatch(/200 envelope approved/);
    expect(linshi.output).toMatch(/笔数 lines 1 /);

    const tefu = await runBlock('tefu', env);
    expectOk('tefu', tefu);
    expect(tefu.output).toMatch(/^run tefu-330402-\d{4}-\d{2}-1$/m);
    // One payment per parent, at the amount of item 52 of the sample standard (1,000 元 a month).
    expect(tefu.output.match(/^payment-\S+ 1000 元$/gm)).toHaveLength(2);
    expect(tefu.output).toMatch(/^second run tefu-330402-\d{4}-\d{2}-2: \{"created":0,"alreadyExisted":2,/m);

    const started = await runBlock('dibao-start', env);
    expectOk('dibao-start', started);
    expect(started.output).toMatch(/"status":"publicNotice"} ← public-notice/);

    // 8 days later: the same data, the product's clock and the shell's node commands moved on.
    await stopProduct();
    const later = { NODE_OPTIONS: `--require ${join(dir, 'shift-clock.cjs')}`, BENEFITS_WALKTHROUGH_SHIFT_DAYS: '8' };
    await startProduct(later);
    const finished = await runBlock('dibao-finish', { ...env, ...later });
    expectOk('dibao-finish', finished);
    expect(finished.output).toMatch(/"status":"active"} ← approve/);
    expect(finished.output).toMatch(/^run dibao-330402-\d{4}-\d{2}-1$/m);
    // Sample figures: B × 2 − 300 元 average income = 1,700 元 for the month after approval.
    expect(finished.output).toMatch(/^payment-\S+ 1700 元$/m);
    expect(finished.output).toMatch(/200 envelope approved/);
    expect(finished.output).toMatch(/笔数 lines 1 /);
    await stopProduct();
  });
});
