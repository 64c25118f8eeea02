import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePortRange } from '@benefits/testing';
import { loadBenefitModules } from '@benefits/http';
import { sampleResidentId } from '../support/sample-household';
import { endOf } from '../support/child-exit';

const root = resolve(__dirname, '../..');
const EXAMPLE = 'test/fixtures/example-benefit/index.ts';

// The process test starts `npm start` (compiling on the fly): generous limits for a loaded machine.
jest.setTimeout(300_000);

describe('BENEFITS_MODULES: benefits added as modules, named by the deployment', () => {
  it('loads nothing without the variable, and refuses a path that cannot be loaded or has no registerBenefitModule', () => {
    expect(loadBenefitModules({}, root)).toEqual([]);
    expect(() => loadBenefitModules({ BENEFITS_MODULES: 'test/fixtures/no-such-module.ts' }, root)).toThrow(
      expect.objectContaining({ code: 'BENEFIT_MODULE_INVALID', details: expect.objectContaining({ path: 'test/fixtures/no-such-module.ts' }) }),
    );
    expect(() => loadBenefitModules({ BENEFITS_MODULES: 'test/fixtures/example-benefit/rules/engine.ts' }, root)).toThrow(
      expect.objectContaining({ code: 'BENEFIT_MODULE_INVALID', details: expect.objectContaining({ reason: 'the module does not export registerBenefitModule()' }) }),
    );
  });

  it('npm start with the example module serves its cases next to the shipped benefits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'benefits-modules-'));
    const portBase = await freePortRange(5);
    const child = spawn(process.execPath, ['tools/run-ts.js', 'services/main.ts'], {
      cwd: root,
      env: { ...process.env, BENEFITS_DATA_DIR: dataDir, BENEFITS_PORT_BASE: String(portBase), BENEFITS_CONSOLE_PORT: String(portBase + 4), BENEFITS_MODULES: EXAMPLE, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = endOf(child).then((end) => end.code);
    try {
      const deadline = Date.now() + 240_000;
      while (!output.includes('embedded mode:')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start-up did not finish:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toContain(`benefit modules ${EXAMPLE} (BENEFITS_MODULES)`);
      const doc = (await (await fetch(`http://127.0.0.1:${portBase}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/cases/example', '/cases/example/{caseId}/approve', '/cases/tefu']));
      const signIn = await fetch(`http://127.0.0.1:${portBase + 4}/console/dev-sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'intake_officer', division: '339902' }),
      });
      const { token } = (await signIn.json()) as { token: string };
      const created = await fetch(`http://127.0.0.1:${portBase}/cases/example`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ divisionCode: '339902', members: [{ name: '样例丙', residentId: sampleResidentId('1940-01-01', '033', '339902'), birthDate: '1940-01-01' }] }),
      });
      expect({ status: created.status, body: await created.json() }).toMatchObject({ status: 201, body: { revision: 0, status: 'submitted' } });
      const evaluate = await fetch(`http://127.0.0.1:${portBase + 1}/eligibility/evaluate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ benefit: 'example', rulePackId: 'x', facts: { evaluationDate: '2026-03-01', persons: [] } }),
      });
      // Eligibility knows the module's request schema too (the facts name no resident: refused by it).
      expect({ status: evaluate.status, code: ((await evaluate.json()) as { code: string }).code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    } finally {
      child.kill('SIGTERM');
    }
    try {
      expect(await exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm start with a module path that cannot be loaded stops with the error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'benefits-modules-bad-'));
    const portBase = await freePortRange(5);
    const child = spawn(process.execPath, ['tools/run-ts.js', 'services/main.ts'], {
      cwd: root,
      env: { ...process.env, BENEFITS_DATA_DIR: dataDir, BENEFITS_PORT_BASE: String(portBase), BENEFITS_CONSOLE_PORT: String(portBase + 4), BENEFITS_MODULES: 'test/fixtures/no-such-module.ts', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = endOf(child).then((end) => end.code);
    // A deadline of its own, so a start that does not stop fails here and leaves no process behind.
    const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 240_000).unref());
    try {
      const code = await Promise.race([exited, timeout]);
      expect(code).not.toBe('timeout');
      expect(code).not.toBe(0);
      expect(output).toContain('BENEFIT_MODULE_INVALID');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
