import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@benefits/testing';
import { createDevTokenVerifier, residentIdCheckChar } from '@benefits/identity';

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

  it('keeps every acknowledged command across kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benefits-kill9-'));
    const base = await freePort();
    const url = (path: string) => `http://127.0.0.1:${base}${path}`;
    const run = startEmbedded(dir, base);
    let caseId = '';
    try {
      await waitFor(() => run.output().includes('embedded mode:'), 'start-up');
      const tokens = await createDevTokenVerifier({ dataDir: dir });
      const token = await tokens.issueDevToken({ sub: 'officer-wang', role: 'intake_officer', division: '330402' });
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const id = (birth: string, seq: string) => {
        const first17 = `330402${birth.replace(/-/g, '')}${seq}`;
        return first17 + residentIdCheckChar(first17);
      };
      const created = await fetch(url('/cases/tefu'), {
        method: 'POST',
        headers,
        body: JSON.stringify({
          divisionCode: '330402',
          members: [{ role: 'wife', name: '示例甲', residentId: id('1970-03-15', '002'), birthDate: '1970-03-15' }],
          family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample'] },
        }),
      });
      expect(created.status).toBe(201);
      caseId = ((await created.json()) as { caseId: string }).caseId;
      const submitted = await fetch(url(`/cases/${caseId}/submit`), { method: 'POST', headers: { ...headers, 'If-Match': '"0"' }, body: '{}' });
      expect(submitted.status).toBe(200);
    } finally {
      run.child.kill('SIGKILL');
    }
    expect(await run.exited).toBeNull();

    // The dead process left its lock behind; the next start takes it over and finds both commands.
    const again = startEmbedded(dir, base);
    try {
      await waitFor(() => again.output().includes('embedded mode:'), 'the restart after kill -9');
      const tokens = await createDevTokenVerifier({ dataDir: dir });
      const token = await tokens.issueDevToken({ sub: 'auditor-1', role: 'intake_officer', division: '330402' });
      const res = await fetch(url(`/cases/${caseId}`), { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { timeline: { type: string }[] };
      expect(body.timeline.map((e) => e.type).slice(0, 2)).toEqual(['tefu.CaseCreated.v1', 'tefu.ApplicationSubmitted.v1']);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
