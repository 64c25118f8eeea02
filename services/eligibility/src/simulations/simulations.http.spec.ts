import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { canonicalJson, newId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { READ_MODELS } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { readSeed } from '@benefits/standards';
import type { DeterminationsConsumer } from '../determinations/determinations.consumer';
import { caseDeterminations } from '../determinations/redetermination';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';
import { pageEvaluator, type PageEvaluator } from './pool';
import { SimulationRunner } from './runner';
import { simulateCommand } from '../cli/simulate-command';

jest.setTimeout(180_000);

/** SAMPLE DATA: the 低保标准 of 1,000 yuan and the proposed 1,100 yuan are invented (示例数据（非官方）). */
const SAMPLE = { docNo: '示例数据（非官方）' };
const ASSETS = { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true };

describe('policy simulation over HTTP (eligibility service)', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  let app: INestApplication;
  let consumer: DeterminationsConsumer;
  let tokens: Record<string, string>;
  const http = () => t.http();
  const as = (who: string) => t.as(who);
  const ctx = () => ({ eventId: newId() }) as DeliveryContext;
  const header = (caseId: string) => ({ eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2025-11-20T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId });

  /** A case through the consumer as applications would send it: facts, then (when eligible) the approval. */
  async function createCase(benefit: 'dibao' | 'tefu', value: unknown, approve: boolean): Promise<string> {
    const caseId = newId();
    const facts: IntegrationEvent<'CaseFactsSnapshotted'> = { header: header(caseId), caseId, benefit, divisionCode: '330402', effectiveFrom: '2025-11-20', caseRevision: 1, factsJson: canonicalJson(value) };
    await consumer.onFacts(facts, ctx());
    if (approve) {
      const [d] = caseDeterminations(await store.readStream(`determination-${caseId}`)).determinations;
      const approved: IntegrationEvent<'CaseApproved'> = { header: header(caseId), caseId, benefit, divisionCode: '330402', determinationId: d.determinationId, effectiveFrom: '2025-12-10', overrideReasonCode: '', approvedAmounts: [] };
      await consumer.onApproved(approved, ctx());
    }
    return caseId;
  }
  const household = (...incomesFen: number[]) => ({ members: incomesFen.map((fen) => ({ personRef: newId(), monthlyIncomeFen: fen })), assets: ASSETS });
  const couple = (type: 'childDeceased' | 'childDisabled') => ({
    members: [
      { personRef: newId(), role: 'wife', birthDate: '1966-01-10' },
      { personRef: newId(), role: 'husband', birthDate: '1964-11-02' },
    ],
    family: { familyType: type, childEventDate: '2020-05-10' },
  });

  const raiseB = {
    scenario: { title: '示例：低保标准自2026年7月提高到1100元（示例数据，非官方）', changes: [{ kind: 'dibaoStandard', divisionCode: '330400', from: '2026-07', fenPerMonth: 110_000 }] },
    scope: { divisionCode: '330400', benefits: ['dibao', 'tefu'], months: { from: '2026-01', to: '2026-12' } },
    fundingShares: [{ benefit: 'dibao', divisionCode: '330400', shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 } }],
  };
  let eligibleCase: string;
  let justAbove: string;

  /** Every stream's last revision, from the whole log: what a simulation must leave as it is. */
  async function heads(): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    let after: Parameters<EventStore['readAll']>[0]['after'] = 'start';
    for (;;) {
      const page = await store.readAll({ after, maxCount: 500 });
      for (const e of page.events) result.set(e.streamId, e.streamRevision);
      if (page.events.length === 0) return result;
      after = page.continueAfter;
    }
  }

  async function waitDone(simulationId: string, who = 'admin') {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await http().get(`/eligibility/simulations/${simulationId}`).set(as(who)).expect(200);
      if (res.body.status !== 'running') return res.body;
      if (Date.now() > deadline) throw new Error(`simulation ${simulationId} still running`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-simulation-', {
      tokens: {
        admin: { role: 'admin', division: '330400', sub: 'admin-jx' },
        finance: { role: 'finance_clerk', division: '330400', sub: 'finance-jx' },
        auditor: { role: 'auditor', division: '330400', sub: 'auditor-jx' },
        officer: { role: 'case_officer', division: '330402', sub: 'officer-1' },
        otherAdmin: { role: 'admin', division: '110000', sub: 'admin-bj' },
      },
    });
    ({ store, app, consumer, tokens } = t);
    await http().post('/standards/import?division=330400&sourceName=jiaxing.txt').set(as('admin')).set('Content-Type', 'text/plain').send(readSeed('001_40e26111df30cc0a.txt')).expect(201);
    await http().post('/parameters/dibao.standard').set(as('admin')).send({ divisionCode: '330400', effectiveFrom: '2024-01-01', value: { fen: 100_000 }, source: SAMPLE, sampleData: true }).expect(201);
    // 2 members, 300 yuan of income: 1,700 yuan a month; 4 more eligible households; one just above the line; 特扶 couples.
    eligibleCase = await createCase('dibao', household(30_000, 0), true);
    for (let i = 0; i < 4; i += 1) await createCase('dibao', household(10_000 * i), true);
    justAbove = await createCase('dibao', household(105_000), false);
    await createCase('tefu', couple('childDeceased'), true);
    await createCase('tefu', couple('childDisabled'), true);
  });

  afterAll(() => t?.close());

  let simulationId: string;
  let resultHash: string;

  it('runs a raised B off the request path and records it on its own stream only', async () => {
    const before = await heads();
    const res = await http().post('/eligibility/simulations').set(as('admin')).send(raiseB).expect(202);
    expect(res.headers.location).toBe(`/eligibility/simulations/${res.body.simulationId}`);
    simulationId = res.body.simulationId;
    const view = await waitDone(simulationId);
    expect(view).toMatchObject({ status: 'completed', requestedBy: { id: 'admin-jx', role: 'admin' }, totals: { cases: 8, changedCases: 6, newlyEligible: 1, noLongerEligible: 0, failures: 0, scheduleMismatches: 0 } });
    resultHash = view.resultHash;
    expect(resultHash).toMatch(/^[0-9a-f]{64}$/);
    const after = await heads();
    for (const [streamId, revision] of before) expect({ streamId, revision: after.get(streamId) }).toEqual({ streamId, revision });
    const added = [...after.keys()].filter((s) => !before.has(s));
    expect(added).toEqual([`simulation-${simulationId}`]);
  });

  it('gives rows per month, division and benefit, and pages of changed cases with the first differing step', async () => {
    const { body } = await http().get(`/eligibility/simulations/${simulationId}/rows?benefit=dibao`).set(as('finance')).expect(200);
    const june = body.rows.find((r: { month: string }) => r.month === '2026-06');
    const july = body.rows.find((r: { month: string }) => r.month === '2026-07');
    expect(june.amountAfterFen).toBe(june.amountBeforeFen);
    expect(july).toMatchObject({ divisionCode: '330402', householdsBefore: 5, householdsAfter: 6, newlyEligible: 1 });
    expect(july.byFunding.central.afterFen + july.byFunding.provincial.afterFen + july.byFunding.city.afterFen + july.byFunding.county.afterFen).toBe(july.amountAfterFen);
    const first = await http().get(`/eligibility/simulations/${simulationId}/changes?limit=4`).set(as('auditor')).expect(200);
    expect(first.body.items).toHaveLength(4);
    const second = await http().get(`/eligibility/simulations/${simulationId}/changes?limit=4&cursor=${encodeURIComponent(first.body.nextCursor)}`).set(as('auditor')).expect(200);
    const all = [...first.body.items, ...second.body.items];
    expect(all).toHaveLength(6);
    expect(all.map((c: { caseId: string }) => c.caseId)).toEqual([...all.map((c: { caseId: string }) => c.caseId)].sort());
    const eligible = all.find((c: { caseId: string }) => c.caseId === eligibleCase);
    expect(eligible).toMatchObject({ change: 'increase', differenceFen: 6 * 2 * 10_000, firstDifference: { month: '2026-07', stepId: 'dibao.standard' } });
    expect(all.find((c: { caseId: string }) => c.caseId === justAbove)).toMatchObject({ change: 'newlyEligible', afterFen: 6 * 5_000 });
    const newly = await http().get(`/eligibility/simulations/${simulationId}/changes?change=newlyEligible`).set(as('admin')).expect(200);
    expect(newly.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([justAbove]);
  });

  it('exports the result as a workbook', async () => {
    const res = await http()
      .get(`/eligibility/simulations/${simulationId}/export.xlsx`)
      .set(as('finance'))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['说明', '汇总', '变化案件']);
    expect(workbook.getWorksheet('变化案件')!.rowCount).toBe(1 + 6);
    const about = workbook.getWorksheet('说明')!;
    expect(JSON.stringify(about.getSheetValues())).toContain(resultHash);
  });

  it('replays to the same result hash after the caseload and the published B moved on', async () => {
    await createCase('dibao', household(0), true);
    await http().post('/parameters/dibao.standard').set(as('admin')).send({ divisionCode: '330400', effectiveFrom: '2026-03-01', value: { fen: 105_000 }, source: SAMPLE, sampleData: true }).expect(201);
    const res = await http().post(`/eligibility/simulations/${simulationId}/replays`).set(as('auditor')).expect(202);
    const replay = await waitDone(res.body.simulationId, 'auditor');
    expect(replay).toMatchObject({ status: 'completed', replayOf: simulationId, originalHash: resultHash, sameHashAsOriginal: true, resultHash });
    // The same request now reads the moved caseload and B: another result.
    const again = await http().post('/eligibility/simulations').set(as('admin')).send(raiseB).expect(202);
    const fresh = await waitDone(again.body.simulationId);
    expect(fresh.resultHash).not.toBe(resultHash);
  });

  it('gives the same hash in one thread with small pages as in the worker pool', async () => {
    const runner = new SimulationRunner(store, app.get(READ_MODELS) as ReadModels, pageEvaluator(1), { pageSize: 2 });
    try {
      const actor = { id: 'admin-jx', role: 'admin', divisionCode: '330400' };
      const pooled = await http().post('/eligibility/simulations').set(as('admin')).send(raiseB).expect(202);
      const a = await waitDone(pooled.body.simulationId);
      const started = await runner.start(raiseB, actor, 'corr-single');
      const b = await runner.waitUntilDone(started.simulationId, 120_000);
      expect(b.resultHash).toBe(a.resultHash);
      expect(b.threads).toBe(1);
    } finally {
      await runner.close();
    }
  });

  it('resumes a run its process left unfinished: nothing recorded twice, the hash of an uninterrupted run, replayable', async () => {
    const readModels = app.get(READ_MODELS) as ReadModels;
    const actor = { id: 'admin-jx', role: 'admin', divisionCode: '330400' };
    const small = { pageSize: 2, casesPerEvent: 2, changesPerEvent: 1 };
    // A process that stops after three pages: its fourth page never comes back and nothing it would
    // write after that reaches the store (as when the process is gone).
    let crashed = false;
    const dead = new Promise<never>(() => undefined);
    const dying = new Proxy(store, {
      get(target, property) {
        if (property === 'appendToStream') return (...args: Parameters<EventStore['appendToStream']>) => (crashed ? dead : target.appendToStream(...args));
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const inner = pageEvaluator(1);
    let submitted = 0;
    const stopping: PageEvaluator = {
      threads: 1,
      begin: (data) => {
        const submit = inner.begin(data);
        return (cases) => {
          submitted += 1;
          if (submitted <= 3) return submit(cases);
          crashed = true;
          return dead;
        };
      },
      close: () => inner.close(),
    };
    const first = new SimulationRunner(dying, readModels, stopping, small);
    const { simulationId: interrupted } = await first.start(raiseB, actor, 'corr-interrupted');
    const deadline = Date.now() + 60_000;
    while (!crashed) {
      if (Date.now() > deadline) throw new Error('the first run did not reach its fourth page');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = await store.readStream(`simulation-${interrupted}`);
    const types = before.map((e) => e.type);
    expect(types).toContain('eligibility.SimulationCaseloadRecorded.v1');
    expect(types).toContain('eligibility.SimulationChangesRecorded.v1');
    expect(types).not.toContain('eligibility.SimulationCompleted.v1');

    // Another process: not resumed while the run may still be alive elsewhere, then resumed.
    const second = new SimulationRunner(store, readModels, pageEvaluator(1), small);
    try {
      expect(await second.resumeInterrupted()).toEqual([]);
      expect(await second.resumeInterrupted({ idleMs: 0 })).toEqual([interrupted]);
      const resumed = await second.waitUntilDone(interrupted, 120_000);
      expect(resumed).toMatchObject({ status: 'completed', resumes: 1 });
      const events = await store.readStream(`simulation-${interrupted}`);
      expect(events.filter((e) => e.type === 'eligibility.SimulationResumed.v1')).toHaveLength(1);
      const cases = events.filter((e) => e.type === 'eligibility.SimulationCaseloadRecorded.v1').flatMap((e) => (e.data as { cases: [string, number][] }).cases.map(([id]) => id));
      const changed = events.filter((e) => e.type === 'eligibility.SimulationChangesRecorded.v1').flatMap((e) => (e.data as { changed: { caseId: string }[] }).changed.map((c) => c.caseId));
      expect(new Set(cases).size).toBe(cases.length);
      expect(new Set(changed).size).toBe(changed.length);
      expect(cases.length).toBe(resumed.totals!.cases);
      expect(changed.length).toBe(resumed.totals!.changedCases);
      // The same request run without interruption, now: the same result.
      const uninterrupted = await second.start(raiseB, actor, 'corr-uninterrupted');
      expect((await second.waitUntilDone(uninterrupted.simulationId, 120_000)).resultHash).toBe(resumed.resultHash);
      const replay = await second.replay(interrupted, actor, 'corr-replay-resumed');
      expect(await second.waitUntilDone(replay.simulationId, 120_000)).toMatchObject({ sameHashAsOriginal: true, resultHash: resumed.resultHash });
    } finally {
      await second.close();
    }
  });

  it('runs from the command line with progress, totals, the hash and the workbook', async () => {
    const server = await app.listen(0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
    try {
      writeFileSync(join(dir, 'request.json'), JSON.stringify(raiseB));
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {}, progressIntervalMs: 100 };
      const common = ['--url', `http://127.0.0.1:${port}`, '--token', tokens.admin];
      const code = await simulateCommand(['simulate', '--scenario', join(dir, 'request.json'), '--out', join(dir, 'result.xlsx'), ...common], io);
      expect({ code, err: err.join('') }).toMatchObject({ code: 0 });
      const text = out.join('');
      expect(text).toMatch(/completed/);
      expect(text).toMatch(/结果哈希 result hash: [0-9a-f]{64}/);
      expect(readFileSync(join(dir, 'result.xlsx')).subarray(0, 2).toString()).toBe('PK');
      expect(err.join('')).toMatch(/simulation recorded/);
      const id = /simulation ([0-9a-f-]{36}): completed/.exec(text)![1];
      out.length = 0;
      expect(await simulateCommand(['replay', id, ...common], io)).toBe(0);
      expect(out.join('')).toMatch(/same hash/);
      expect(await simulateCommand(['simulate', ...common], io)).toBe(2);
      // Eligibility named by --url: disbursement's address cannot be guessed, so funding shares need it named.
      err.length = 0;
      expect(await simulateCommand(['simulate', '--scenario', join(dir, 'request.json'), '--funding-from-disbursement', ...common], io)).toBe(2);
      expect(err.join('')).toContain('needs --disbursement-url');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses roles, divisions and bad requests with typed errors, writing nothing', async () => {
    const before = await heads();
    await http().post('/eligibility/simulations').set(as('officer')).send(raiseB).expect(403);
    expect((await http().post('/eligibility/simulations').set(as('otherAdmin')).send(raiseB).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect((await http().post('/eligibility/simulations').set(as('admin')).send({ ...raiseB, scope: { ...raiseB.scope, months: { from: '2026-12', to: '2026-01' } } }).expect(422)).body.code).toBe('SIMULATION_SCOPE_INVALID');
    expect((await http().post('/eligibility/simulations').set(as('admin')).send({ ...raiseB, extra: 1 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await http().get(`/eligibility/simulations/${newId()}`).set(as('admin')).expect(404)).body.code).toBe('SIMULATION_NOT_FOUND');
    expect((await http().get(`/eligibility/simulations/${simulationId}`).set(as('otherAdmin')).expect(404)).body.code).toBe('SIMULATION_NOT_FOUND');
    await http().get(`/eligibility/simulations/${simulationId}`).set(as('officer')).expect(403);
    const after = await heads();
    expect([...after.entries()]).toEqual([...before.entries()]);
  });
});
