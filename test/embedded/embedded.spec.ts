import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@benefits/testing';

const root = resolve(__dirname, '../..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `npm start`'s entry point as the user would, in its own data directory. */
function startEmbedded(dataDir: string, portBase: number): Running {
  const child = spawn(process.execPath, ['tools/run-ts.js', 'services/main.ts'], {
    cwd: root,
    env: { ...process.env, BENEFITS_DATA_DIR: dataDir, BENEFITS_PORT_BASE: String(portBase), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, what: string, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('embedded default (npm start)', () => {
  let dataDir: string;
  let portBase: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-embedded-'));
    // Four consecutive ports; a free one is a good guess for its neighbours on a test machine.
    portBase = await freePort();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the four services in one process, prints their URLs and stops in one order', async () => {
    const run = startEmbedded(dataDir, portBase);
    try {
      await waitFor(() => /audit\s+http:/.test(run.output()), 'the audit URL');
      for (const [i, name] of ['applications', 'eligibility', 'disbursement', 'audit'].entries()) {
        expect(run.output()).toContain(`http://127.0.0.1:${portBase + i}`);
        const ready = await fetch(`http://127.0.0.1:${portBase + i}/health/ready`);
        expect({ name, status: ready.status }).toEqual({ name, status: 200 });
        const docs = await fetch(`http://127.0.0.1:${portBase + i}/docs/openapi.json`);
        expect(((await docs.json()) as { info: { title: string } }).info.title).toContain(name);
      }

      // A second process on the same data directory is refused: one process owns ./.data.
      const second = startEmbedded(dataDir, portBase + 10);
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toContain('DATA_DIRECTORY_LOCKED');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    const stops = run.output().match(/stopped (\w+)/g);
    expect(stops).toEqual(['stopped audit', 'stopped disbursement', 'stopped eligibility', 'stopped applications']);
    expect(run.output()).toContain('event store closed');

    // The lock is released on shutdown: the same directory starts again.
    const again = startEmbedded(dataDir, portBase);
    try {
      await waitFor(() => /audit\s+http:/.test(again.output()), 'the restart');
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
  });
});
