import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { isDomainError, newId, type Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import type { AnomalyCandidate, AnomalyRule } from './rule';
import { AnomalyEngine } from './scan';
import { findingIdOf, findingStreamId, foldFinding, FindingEvents } from './finding';
import { FINDINGS, FINDINGS_PROJECTION, findingsProjection, type FindingDoc } from './read-models/findings.projection';

const auditor: Actor = { id: 'auditor-1', role: 'auditor', divisionCode: '330400' };

/** A rule whose candidates the test sets. */
function fakeRule(id: string, candidates: () => AnomalyCandidate[]): AnomalyRule<{ threshold: number }> {
  return {
    id,
    title: { zh: '测试规则', en: 'test rule' },
    description: { zh: '测试', en: 'test' },
    configSchema: z.object({ threshold: z.number().int().min(0) }).strict(),
    defaults: { threshold: 3 },
    async *scan(context) {
      let examined = 0;
      for (const c of candidates()) {
        examined += 1;
        context.progress(examined);
        yield { ...c, details: { ...(c.details ?? {}), threshold: context.config.threshold } };
      }
    },
  };
}

const candidate = (subjectKey: string, divisionCode: string, amountFen = 100): AnomalyCandidate => ({
  subjectKey,
  cases: [{ caseId: `c-${subjectKey}`, divisionCode, benefit: 'dibao' }],
  summary: { zh: `疑点 ${subjectKey}`, en: `finding ${subjectKey}` },
  amountFen,
  evidence: [{ streamId: `case-${subjectKey}`, revision: 0 }],
});

describe('anomaly scan engine', () => {
  let dir: string;
  let store: EventStore;
  let readModels: ReadModels;
  let rulesFile: string;
  let found: AnomalyCandidate[];
  const engineWith = (rules: AnomalyRule<any>[]) =>
    new AnomalyEngine({
      store,
      source: store,
      readModels,
      vault: async () => ({ fingerprintsOf: async () => new Map(), keyedFingerprint: () => 'x' }),
      rules,
      rulesFile,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'benefits-anomaly-scan-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [findingsProjection()], pollIntervalMs: 20 });
    rulesFile = join(dir, 'anomaly-rules.json');
  });
  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    writeFileSync(rulesFile, JSON.stringify({ $comment: 'test', 'T1-test': { threshold: 5 } }));
    found = [candidate('a', '330402'), candidate('b', '330411'), candidate('outside', '110101')];
  });

  it('records the scan, raises one finding per subject, skips out-of-scope candidates and applies the configuration', async () => {
    const engine = engineWith([fakeRule('T1-test', () => found)]);
    const started = await engine.start({ divisionCode: '330400', asOf: '2025-03-31' }, auditor, 'corr-1');
    expect(started.status).toBe('running');
    const scan = await engine.completion(started.scanId);
    expect(scan).toMatchObject({ status: 'completed', divisionCode: '330400', rules: ['T1-test'], asOf: '2025-03-31' });
    expect(scan.counts).toMatchObject({ candidates: 3, raised: 2, outOfScope: 1, findings: 2, examined: 3 });
    expect(scan.resultHash).toMatch(/^[0-9a-f]{64}$/);
    const events = await store.readStream(findingStreamId(findingIdOf('T1-test', 'a')));
    expect(events.map((e) => e.type)).toEqual([FindingEvents.raised]);
    expect(events[0].data).toMatchObject({ ruleId: 'T1-test', subjectKey: 'a', scanId: scan.scanId, divisionCodes: ['330402'], details: { threshold: 5 } });
    expect(events[0].metadata.actor).toEqual(auditor);
  });

  it('a re-scan records a finding again only when its content changed, and the result hash follows the content', async () => {
    const engine = engineWith([fakeRule('T1-test', () => found)]);
    const first = await engine.completion((await engine.start({ divisionCode: '330400', asOf: '2025-04-30' }, auditor, 'c')).scanId);
    expect(first.counts).toMatchObject({ raised: 0, unchanged: 2 });
    found = [candidate('a', '330402', 250), candidate('b', '330411')];
    const second = await engine.completion((await engine.start({ divisionCode: '330400', asOf: '2025-04-30' }, auditor, 'c')).scanId);
    expect(second.counts).toMatchObject({ raised: 0, seenAgain: 1, unchanged: 1 });
    expect(second.resultHash).not.toBe(first.resultHash);
    const state = foldFinding(await store.readStream(findingStreamId(findingIdOf('T1-test', 'a'))));
    expect(state).toMatchObject({ status: 'open', lastScanId: second.scanId, content: { amountFen: 250 } });
    expect(state!.revision).toBe(1);
  });

  it('keeps the read model audit.findings: one document per finding, filterable by rule, status and division', async () => {
    const view = await readModels.fresh(FINDINGS_PROJECTION);
    const page = await view.collection<FindingDoc>(FINDINGS).find({ filter: { ruleId: 'T1-test', divisionCodes: { startsWith: '330411' } } });
    expect(page.items.map((d) => d.subjectKey)).toEqual(['b']);
    expect(page.items[0]).toMatchObject({ status: 'open', divisionCodes: ['330411'] });
    expect(await view.collection(FINDINGS).count({ ruleId: 'T1-test' })).toBe(2);
  });

  it('a bad configuration file is a typed error at start-up and at scan time', async () => {
    writeFileSync(rulesFile, JSON.stringify({ 'T1-test': { threshold: -1 } }));
    expect(() => engineWith([fakeRule('T1-test', () => found)])).toThrow(expect.objectContaining({ code: 'ANOMALY_RULES_CONFIG_INVALID' }));
    writeFileSync(rulesFile, JSON.stringify({ 'T9-unknown': {} }));
    expect(() => engineWith([fakeRule('T1-test', () => found)])).toThrow(expect.objectContaining({ code: 'ANOMALY_RULES_CONFIG_INVALID' }));
    writeFileSync(rulesFile, JSON.stringify({}));
    const engine = engineWith([fakeRule('T1-test', () => found)]);
    writeFileSync(rulesFile, '{ not json');
    await expect(engine.start({ divisionCode: '330400' }, auditor, 'c')).rejects.toMatchObject({ code: 'ANOMALY_RULES_CONFIG_INVALID' });
  });

  it('an unknown rule is refused before anything is recorded', async () => {
    const engine = engineWith([fakeRule('T1-test', () => found)]);
    const error = await engine.start({ divisionCode: '330400', rules: ['nope'] }, auditor, 'c').catch((e: unknown) => e);
    expect(isDomainError(error, 'ANOMALY_RULE_UNKNOWN')).toBe(true);
  });

  it('a failed rule fails the scan; started again with the same id it resumes after the rules already completed', async () => {
    let failing = true;
    const flaky: AnomalyRule<any> = {
      ...fakeRule('T2-flaky', () => [candidate('f', '330402')]),
      async *scan() {
        if (failing) throw new Error('read model unavailable');
        yield candidate('f', '330402');
      },
    };
    let firstRuns = 0;
    const counting = fakeRule('T1-test', () => {
      firstRuns += 1;
      return found;
    });
    const engine = engineWith([counting, flaky]);
    const scanId = newId();
    const failed = await engine.completion((await engine.start({ divisionCode: '330400', asOf: '2025-05-31', scanId }, auditor, 'c')).scanId);
    expect(failed).toMatchObject({ status: 'failed', error: { ruleId: 'T2-flaky', code: 'SCAN_FAILED' } });
    failing = false;
    await expect(engine.start({ divisionCode: '330402', asOf: '2025-05-31', scanId }, auditor, 'c')).rejects.toMatchObject({ code: 'ANOMALY_SCAN_MISMATCH' });
    const resumed = await engine.completion((await engine.start({ divisionCode: '330400', asOf: '2025-05-31', scanId }, auditor, 'c')).scanId);
    expect(resumed).toMatchObject({ status: 'completed', attempt: 2 });
    expect(firstRuns).toBe(1);
    expect(resumed.progress.map((p) => [p.ruleId, p.state])).toEqual([
      ['T1-test', 'done'],
      ['T2-flaky', 'done'],
    ]);
    await expect(engine.start({ divisionCode: '330400', asOf: '2025-05-31', scanId }, auditor, 'c')).rejects.toMatchObject({ code: 'ANOMALY_SCAN_COMPLETED' });
  });
});
