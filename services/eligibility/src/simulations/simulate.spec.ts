import { decideImport, documentContentHash, foldStandard, parseStandardsDocument, readSeed, tefuJiaxing, type RulePack, type StandardState } from '@benefits/standards';
import type { EventEnvelope } from '@benefits/kernel';
import { CURRENT_RULESET } from '@benefits/benefits';
import { periodicSchedule, type ScheduleBasis } from '../determinations/determination';
import { contextOf, sampleB, seedStandard } from '../determinations/determination.fixtures';
import type { FactsSnapshot } from '../determinations/facts';
import { validateSimulationRequest } from './scenario';
import { scheduleSummary, addPageTotals, createResultHasher, emptyTotals, mergeRows, prepareSimulation, simulatePage, type SimulationContextData } from './simulate';
import type { PageResult, SimulationBasis, SimulationRequest, SummaryRow } from './types';

/**
 * SAMPLE DATA throughout: the 低保标准 of 1,000 yuan and its raise to 1,100 yuan are invented
 * (示例数据（非官方）); the 嘉兴 standard is the shipped seed, and its "changed edition" is that
 * text with one amount edited for the test — never an official figure.
 */

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
const DEATH_QUOTE = '女方年满49周岁的独生子女死亡家庭夫妻的特别扶助金标准为每人每月1000元';
const B = sampleB('330400', '2024-01-01', 100_000);

const jiaxing = seedStandard(JIAXING_FILE, '330400', { effectiveFrom: '2024-01-01' });
const context = contextOf([jiaxing], [B]);

/** A case's basis as the read model holds it: approved ones with the schedule the determination issued. */
function basis(caseId: string, benefit: 'dibao' | 'tefu', facts: FactsSnapshot, approvedOn: string | null): SimulationBasis {
  const common = { caseId, benefit, divisionCode: '330402', facts, rulesetVersion: CURRENT_RULESET[benefit], streamRevision: 3 };
  if (!approvedOn) return { ...common, eligibleNow: false, approvedOn: null, paymentStartFrom: null, horizonEnd: null, scheduleTotals: {}, scheduleLineCounts: {} };
  const schedule: ScheduleBasis = { benefit, caseId, divisionCode: '330402', facts, approvedOn };
  const draft = periodicSchedule(context, schedule);
  return { ...common, rulesetVersion: draft.periods[0].rulesetVersion!, eligibleNow: true, approvedOn, paymentStartFrom: draft.paymentStart.from, horizonEnd: draft.horizonEnd, ...scheduleSummary(draft.lines) };
}

const assets = { kind: 'assessed' as const, ruleId: 'sample-assets', source: { docNo: '示例数据（非官方）', title: null }, meets: true };
const CASES: SimulationBasis[] = [
  // 2 members, 300 yuan of income: 2 × 1,000 − 300 = 1,700 yuan a month.
  basis('case-d1', 'dibao', { assets, members: [{ personRef: 'p1', monthlyIncomeFen: 30_000 }, { personRef: 'p2', monthlyIncomeFen: 0 }] }, '2025-12-10'),
  // Just above the old line (1,050 > 1,000): found ineligible, no schedule.
  basis('case-d2', 'dibao', { assets, members: [{ personRef: 'p3', monthlyIncomeFen: 105_000 }] }, null),
  // Far above any line.
  basis('case-d3', 'dibao', { assets, members: [{ personRef: 'p4', monthlyIncomeFen: 200_000 }] }, null),
  // 特扶, child deceased: 1,000 yuan per person and month.
  basis('case-t1', 'tefu', { family: { familyType: 'childDeceased', childEventDate: '2010-05-01' }, members: [{ personRef: 'p5', role: 'husband', birthDate: '1960-03-01' }, { personRef: 'p6', role: 'wife', birthDate: '1962-04-01' }] }, '2025-12-10'),
  // 特扶, child disabled; the husband turns 60 in September 2026 (no elderly-care subsidy: the raised amount from then).
  basis('case-t2', 'tefu', { family: { familyType: 'childDisabled', childEventDate: '2012-05-01' }, members: [{ personRef: 'p7', role: 'husband', birthDate: '1966-09-15', elderlyCareSubsidy: false }, { personRef: 'p8', role: 'wife', birthDate: '1970-01-20' }] }, '2025-12-10'),
];

const SCOPE = { divisionCode: '330400', benefits: ['dibao', 'tefu'] as ('dibao' | 'tefu')[], months: { from: '2026-01', to: '2026-12' } };

function run(request: SimulationRequest, standards: StandardState[] = [jiaxing], pageSize = CASES.length) {
  const data: SimulationContextData = { simulationId: 'sim-test', request, standards, dibaoSeries: [B] };
  const prepared = prepareSimulation(data);
  const rows = new Map<string, SummaryRow>();
  const totals = emptyTotals();
  const hasher = createResultHasher(request);
  const pages: PageResult[] = [];
  for (let i = 0; i < CASES.length; i += pageSize) {
    const page = simulatePage(prepared, CASES.slice(i, i + pageSize));
    pages.push(page);
    mergeRows(rows, page.rows);
    addPageTotals(totals, page);
    hasher.addChanged(page.changed);
  }
  const changed = pages.flatMap((p) => p.changed);
  return { rows: [...rows.values()], totals, changed, pages, hash: hasher.finish(rows.values(), totals) };
}

const raiseB: SimulationRequest = {
  scenario: { title: '示例：低保标准提高到1100元（示例数据）', changes: [{ kind: 'dibaoStandard', divisionCode: '330400', from: '2026-07', fenPerMonth: 110_000 }] },
  scope: SCOPE,
  fundingShares: [{ benefit: 'dibao', divisionCode: '330400', shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 } }],
};

describe('policy simulation: a raised 低保标准 from a month', () => {
  const result = run(raiseB);
  const byCase = new Map(result.changed.map((c) => [c.caseId, c]));

  it('the household just above the old line becomes eligible from the month, and only from it', () => {
    const d2 = byCase.get('case-d2')!;
    expect(d2.change).toBe('newlyEligible');
    expect(d2.months.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(d2.months.every((m) => m.beforeFen === 0 && m.afterFen === 5_000)).toBe(true);
    expect(d2.firstDifference).toMatchObject({ month: '2026-07' });
  });

  it('an eligible household gains members × ΔB from the month, nothing before', () => {
    const d1 = byCase.get('case-d1')!;
    expect(d1.change).toBe('increase');
    expect(d1.months).toHaveLength(6);
    for (const m of d1.months) expect(m.afterFen - m.beforeFen).toBe(2 * 10_000);
    expect(d1.firstDifference?.after.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'dibao.standard' })]));
  });

  it('nothing changes for the far-above household, the 特扶 cases, or any month before July', () => {
    expect([...byCase.keys()].sort()).toEqual(['case-d1', 'case-d2']);
    for (const row of result.rows.filter((r) => r.month < '2026-07')) expect(row.amountAfterFen).toBe(row.amountBeforeFen);
    const july = result.rows.find((r) => r.month === '2026-07' && r.benefit === 'dibao')!;
    expect(july).toMatchObject({ householdsBefore: 1, householdsAfter: 2, newlyEligible: 1, noLongerEligible: 0, personsBefore: 2, personsAfter: 3, differenceFen: 25_000 });
    expect(result.totals).toMatchObject({ changedCases: 2, newlyEligible: 1, noLongerEligible: 0, differenceFen: 6 * 25_000, failures: 0, scheduleMismatches: 0 });
  });

  it('splits amounts by the funding shares given (exact to the fen); without shares they are unallocated', () => {
    const july = result.rows.find((r) => r.month === '2026-07' && r.benefit === 'dibao')!;
    expect(july.byFunding.central.afterFen + july.byFunding.provincial.afterFen + july.byFunding.city.afterFen + july.byFunding.county.afterFen).toBe(july.amountAfterFen);
    expect(july.byFunding.central.afterFen).toBe(Math.round(july.amountAfterFen / 2));
    const tefu = result.rows.find((r) => r.month === '2026-07' && r.benefit === 'tefu')!;
    expect(tefu.byFunding.unallocated.beforeFen).toBe(tefu.amountBeforeFen);
  });

  it('gives the same result hash whatever the page size', () => {
    expect(run(raiseB, [jiaxing], 2).hash).toBe(result.hash);
    expect(run(raiseB, [jiaxing], 1).hash).toBe(result.hash);
    expect(run({ ...raiseB, scenario: { ...raiseB.scenario, title: 'other' } }).hash).not.toBe(result.hash);
  });

  it('takes the current schedule as the before and evaluates only what the scenario changes', () => {
    // 5 cases × 12 months. Approved d1, t1, t2: before = their schedules; d1 is evaluated under the
    // scenario from July (6) and once in force for the trace of its first changed month (1); the
    // 特扶 cases not at all. Unapproved d2, d3: in force every month (24) and the scenario from July (12).
    expect(result.totals.caseMonths).toBe(60);
    expect(result.totals.evaluations).toBe(7 + 24 + 12);
  });

  it('reports a schedule that differs from what is in force where it evaluates both (an outstanding redetermination)', () => {
    const stale = { ...CASES[0], caseId: 'case-stale', scheduleTotals: { ...CASES[0].scheduleTotals, '2026-07': 1 } };
    const prepared = prepareSimulation({ simulationId: 's', request: raiseB, standards: [jiaxing], dibaoSeries: [B] });
    const page = simulatePage(prepared, [stale]);
    expect(page.scheduleMismatches).toEqual([{ caseId: 'case-stale', periodKey: '2026-07', scheduleFen: 1, evaluatedFen: 170_000 }]);
    expect(page.changed[0].months[0]).toMatchObject({ month: '2026-07', beforeFen: 1, afterFen: 190_000 });
  });
});

/** The 嘉兴 text with the death-family amount edited (SAMPLE, for the test only), imported as another version. */
function editedEdition(): { standards: StandardState[]; versionId: string; pack: RulePack } {
  const text = readSeed(JIAXING_FILE).replace(DEATH_QUOTE, DEATH_QUOTE.replace('1000元', '1100元'));
  const admin = { id: 'admin-1', role: 'admin', divisionCode: '330400' };
  const decision = decideImport(jiaxing, {
    parsed: parseStandardsDocument(text, { sourceName: 'edited.txt' }),
    contentHash: documentContentHash(text),
    divisionCode: '330400',
    sourceName: 'edited.txt',
    actor: admin,
    correlationId: 'c',
  });
  if (decision.kind !== 'publish') throw new Error('the edited text did not import');
  const event = { eventId: 'e-edited', type: decision.event.type, streamId: `standard-${jiaxing.standardId}`, streamRevision: 99, position: '99', recordedAt: '2026-05-01T00:00:00.000Z', data: decision.event.data, metadata: {} } as unknown as EventEnvelope;
  const state = foldStandard([event])!;
  // The edition as a draft (征求意见稿): imported, never in force by itself until activated.
  const draft = state.versions.map((v) => ({ ...v, notInForceReason: 'draft' as const }));
  const merged: StandardState = { ...jiaxing, versions: [...jiaxing.versions, ...draft] };
  const versionId = state.versions[0].versionId;
  const pack: RulePack = {
    ...tefuJiaxing,
    id: 'tefu-330400-edited-sample',
    standard: { standardId: jiaxing.standardId, versionId },
    parameters: tefuJiaxing.parameters.map((p) =>
      p.key === 'tefu.death.amount' ? { ...p, value: { kind: 'money', fen: 110_000, per: 'person-month' }, citation: { ...p.citation, quote: DEATH_QUOTE.replace('1000元', '1100元') } } : p,
    ),
  };
  return { standards: [merged], versionId, pack };
}

describe('policy simulation: a standard edition not in force', () => {
  const edition = editedEdition();
  const request = (rulePack?: RulePack): SimulationRequest => ({
    scenario: { title: '示例：修订版标准（示例数据）', changes: [{ kind: 'standardEdition', standardId: jiaxing.standardId, versionId: edition.versionId, divisionCode: '330400', effectiveFrom: '2026-07-01', ...(rulePack ? { rulePack } : {}) }] },
    scope: { ...SCOPE, benefits: ['tefu'] },
  });

  it('that changes the 特扶 death-family amount shows exactly the cases of that category', () => {
    const result = run(request(edition.pack), edition.standards);
    expect(result.changed.map((c) => c.caseId)).toEqual(['case-t1']);
    const t1 = result.changed[0];
    expect(t1.months.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    for (const m of t1.months) expect(m.afterFen - m.beforeFen).toBe(2 * 10_000);
    expect(t1.firstDifference?.after.clause?.quote).toContain('1100元');
    expect(result.totals.failures).toBe(0);
  });

  it('is checked against the catalog: a quote not in the edition refuses the request', () => {
    const wrong = { ...edition.pack, parameters: edition.pack.parameters.map((p) => (p.key === 'tefu.death.amount' ? { ...p, citation: { ...p.citation, quote: '每人每月1234元' } } : p)) };
    expect(() => validateSimulationRequest(request(wrong), { standards: edition.standards })).toThrow(expect.objectContaining({ code: 'SCENARIO_RULE_PACK_INVALID' }));
    expect(() => validateSimulationRequest(request(), { standards: edition.standards })).toThrow(expect.objectContaining({ code: 'SCENARIO_NO_RULE_PACK' }));
    const unknown = { ...request(edition.pack), scenario: { title: 't', changes: [{ kind: 'standardEdition' as const, standardId: 'bps-999999', versionId: 'x', divisionCode: '330400', effectiveFrom: '2026-07-01' }] } };
    expect(() => validateSimulationRequest(unknown, { standards: edition.standards })).toThrow(expect.objectContaining({ code: 'SCENARIO_STANDARD_UNKNOWN' }));
    expect(validateSimulationRequest(request(edition.pack), { standards: edition.standards }).scope.benefits).toEqual(['tefu']);
  });
});

describe('policy simulation: another reading of a named policy', () => {
  it('tefu.age60 sameMonth moves the raised amount of a person turning 60 one month earlier, nothing else', () => {
    const result = run({ scenario: { title: '示例：年满60周岁当月起按高档（示例）', changes: [{ kind: 'policy', choices: { 'tefu.age60': 'sameMonth' } }] }, scope: { ...SCOPE, benefits: ['tefu'] } });
    expect(result.changed.map((c) => c.caseId)).toEqual(['case-t2']);
    expect(result.changed[0].months).toEqual([expect.objectContaining({ month: '2026-09' })]);
    expect(result.changed[0].firstDifference?.stepId).toMatch(/^tefu\./);
  });
});

describe('simulation requests are checked before anything runs', () => {
  const base = { standards: [jiaxing] };
  it.each([
    ['months reversed', { ...raiseB, scope: { ...SCOPE, months: { from: '2026-12', to: '2026-01' } } }, 'SIMULATION_SCOPE_INVALID'],
    ['over 36 months', { ...raiseB, scope: { ...SCOPE, months: { from: '2026-01', to: '2029-02' } } }, 'SIMULATION_SCOPE_INVALID'],
    ['linshi is one-off', { ...raiseB, scope: { ...SCOPE, benefits: ['linshi'] } }, 'VALIDATION_FAILED'],
    ['bad month', { ...raiseB, scope: { ...SCOPE, months: { from: '2026-13', to: '2026-12' } } }, 'VALIDATION_FAILED'],
    ['fractional fen', { ...raiseB, scenario: { title: 'x', changes: [{ kind: 'dibaoStandard', divisionCode: '330400', from: '2026-07', fenPerMonth: 1.5 }] } }, 'VALIDATION_FAILED'],
    ['shares not summing to 10000', { ...raiseB, fundingShares: [{ benefit: 'dibao', divisionCode: '330400', shares: { central: 5000, provincial: 2000, city: 1500, county: 1000 } }] }, 'INVALID_FUNDING_SHARES'],
    ['no change', { ...raiseB, scenario: { title: 'x', changes: [] } }, 'VALIDATION_FAILED'],
  ])('%s', (_name, body, code) => {
    expect(() => validateSimulationRequest(body, base)).toThrow(expect.objectContaining({ code }));
  });
});
