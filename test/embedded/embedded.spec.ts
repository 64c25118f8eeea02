import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePortRange } from '@benefits/testing';
import { readFileSync } from 'node:fs';
import { createDevTokenVerifier } from '@benefits/identity';
import { sampleTefuHousehold } from '../support/sample-household';
import { systemClock, today } from '@benefits/kernel';
import { endOf } from '../support/child-exit';

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
    // The console on the port after the four services' (its default, base - 1, may be another suite's).
    env: { ...process.env, BENEFITS_DATA_DIR: dataDir, BENEFITS_PORT_BASE: String(portBase), BENEFITS_CONSOLE_PORT: String(portBase + 4), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = endOf(child).then((end) => end.code);
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, what: string, ms = 120_000, step?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (step) await step();
    if (predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, step ? 300 : 100));
  }
}

// Each test starts `npm start` (compiling on the fly): generous limits for a loaded machine.
jest.setTimeout(300_000);

describe('embedded default (npm start)', () => {
  let dataDir: string;
  let portBase: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-embedded-'));
    // Five consecutive free ports: the four services and the console after them.
    portBase = await freePortRange(5);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the four services in one process, prints their URLs and stops in one order', async () => {
    const run = startEmbedded(dataDir, portBase);
    try {
      await waitFor(() => run.output().includes('embedded mode:'), 'start-up (the console comes last)');
      for (const [i, name] of ['applications', 'eligibility', 'disbursement', 'audit'].entries()) {
        expect(run.output()).toContain(`http://127.0.0.1:${portBase + i}`);
        const ready = await fetch(`http://127.0.0.1:${portBase + i}/health/ready`);
        expect({ name, status: ready.status }).toEqual({ name, status: 200 });
        const docs = await fetch(`http://127.0.0.1:${portBase + i}/docs/openapi.json`);
        expect(((await docs.json()) as { info: { title: string } }).info.title).toContain(name);
        // Each service's own metrics, without a token (docs/operations/metrics.md).
        const metrics = await fetch(`http://127.0.0.1:${portBase + i}/metrics`);
        const text = await metrics.text();
        const foreign = text.split('\n').filter((line) => line.startsWith('benefits_') && !line.includes(`service="${name}"`));
        expect({ name, status: metrics.status, foreign }).toEqual({ name, status: 200, foreign: [] });
        expect(text).toMatch(/^benefits_projection_lag_seconds\{[^}]*projection="[a-z]/m);
      }
      // The consumers report to their own service: lag per topic (the event log is partition 0).
      expect(await (await fetch(`http://127.0.0.1:${portBase + 1}/metrics`)).text()).toMatch(/^benefits_consumer_lag_messages\{consumer="eligibility",topic="[^"]+",partition="0"[^}]*\} \d+/m);

      // The web console: built at start-up, served at its printed URL, passing /api/<service> through;
      // its development sign-in issues a token the services accept.
      const consoleUrl = `http://127.0.0.1:${portBase + 4}`;
      expect(run.output()).toMatch(new RegExp(`console\\s+${consoleUrl.replace(/\./g, '\\.')}`));
      const page = await fetch(`${consoleUrl}/cases`);
      expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
      expect(await page.text()).toContain('社会救助工作台');
      const signIn = await fetch(`${consoleUrl}/console/dev-sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'auditor', division: '330400' }) });
      expect(signIn.status).toBe(201);
      const { token } = (await signIn.json()) as { token: string };
      const whoami = await fetch(`${consoleUrl}/api/applications/whoami`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await whoami.json()).toEqual({ actor: { id: 'dev-auditor-330400', role: 'auditor', divisionCode: '330400' } });

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
    const base = await freePortRange(5);
    const url = (path: string) => `http://127.0.0.1:${base}${path}`;
    const run = startEmbedded(dir, base);
    let caseId = '';
    try {
      await waitFor(() => run.output().includes('embedded mode:'), 'start-up');
      const tokens = await createDevTokenVerifier({ dataDir: dir });
      const token = await tokens.issueDevToken({ sub: 'officer-wang', role: 'intake_officer', division: '330402' });
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const created = await fetch(url('/cases/tefu'), {
        method: 'POST',
        headers,
        body: JSON.stringify(sampleTefuHousehold('wife')),
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

  it('runs the README flow over HTTP: one 计生特扶 case from application to payment and audit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benefits-flow-'));
    const base = await freePortRange(5);
    const at = (offset: number, path: string) => `http://127.0.0.1:${base + offset}${path}`;
    const [A, E, D, U] = [0, 1, 2, 3];
    const run = startEmbedded(dir, base);
    try {
      await waitFor(() => run.output().includes('embedded mode:'), 'start-up');
      const authority = await createDevTokenVerifier({ dataDir: dir });
      const as = async (sub: string, role: string, division: string) => ({
        Authorization: `Bearer ${await authority.issueDevToken({ sub, role, division })}`,
        'Content-Type': 'application/json',
      });
      const admin = await as('admin-1', 'admin', '330400');
      const intake = await as('officer-wang', 'intake_officer', '330402');
      const approver = await as('approver-zhao', 'approver', '330402');
      const clerk = await as('clerk-qian', 'finance_clerk', '330402');
      const auditor = await as('auditor-sun', 'auditor', '330402');
      const call = async (offset: number, path: string, init: RequestInit) => {
        const res = await fetch(at(offset, path), init);
        return { status: res.status, body: (await res.json()) as any };
      };

      const seed = readFileSync(join(root, 'libs/standards/data/seeds/001_40e26111df30cc0a.txt'), 'utf8');
      const imported = await call(E, '/standards/import?division=330400&sourceName=001_40e26111df30cc0a.txt', {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'text/plain' },
        body: seed,
      });
      expect(imported.status).toBe(201);
      const created = await call(A, '/cases/tefu', {
        method: 'POST',
        headers: intake,
        body: JSON.stringify(sampleTefuHousehold()),
      });
      expect(created.status).toBe(201);
      const caseId: string = created.body.caseId;
      expect((await call(A, `/cases/${caseId}/submit`, { method: 'POST', headers: { ...intake, 'If-Match': '"0"' }, body: '{}' })).status).toBe(200);

      let determinationId = '';
      await waitFor(() => determinationId !== '', 'the determination', 30_000, async () => {
        const view = await call(A, `/cases/${caseId}`, { headers: approver });
        determinationId = view.body.determinations?.at(-1)?.determinationId ?? '';
      });
      const approved = await call(A, `/cases/${caseId}/approve`, {
        method: 'POST',
        headers: { ...approver, 'If-Match': '"2"' },
        body: JSON.stringify({ determinationId }),
      });
      expect(approved.status).toBe(200);

      // Zhejiang pays from the month after approval.
      const period = today(systemClock).yearMonth().plusMonths(1).toString();
      const body = JSON.stringify({ benefit: 'tefu', divisionCode: '330402', period });
      let first = { status: 0, body: { counts: { created: 0 } } as any };
      await waitFor(() => first.body.counts?.created > 0, 'the schedule to reach disbursement', 30_000, async () => {
        first = await call(D, '/disbursement/runs', { method: 'POST', headers: clerk, body });
      });
      expect(first.body).toMatchObject({ counts: { created: 2, createdFen: 200_000 } });
      const again = await call(D, '/disbursement/runs', { method: 'POST', headers: clerk, body });
      expect(again.body).toMatchObject({ counts: { created: 0, alreadyExisted: 2 } });

      const history = await call(U, `/audit/cases/${caseId}/history`, { headers: auditor });
      expect(history.status).toBe(200);
      expect(history.body.chain.intact).toBe(true);
      expect(history.body.payments).toHaveLength(2);
      for (const payment of history.body.payments) {
        expect(payment.trace).toMatchObject({ determinationId, standardRef: { itemNo: '52' }, consistent: true });
      }
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
