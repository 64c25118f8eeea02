import { createHash } from 'node:crypto';
import { canonicalJson, DomainError } from '@benefits/kernel';
import type { EngineResult, TraceStep } from '@benefits/benefits';
import { isWithinDivision, type ParameterEntry, type StandardState } from '@benefits/standards';
import { packInForce, type DeterminationContext } from '../determinations/context';
import { evaluatePeriod, type PeriodEvaluation, type PolicyChoices, type ScheduleBasis } from '../determinations/determination';
import type { DibaoFactsSnapshot } from '../determinations/facts';
import { fundingSplit, sharesFor } from './funding';
import { scenarioContext, scopeMonths, type ScenarioContexts } from './scenario';
import {
  FUNDING_LEVELS,
  type ChangedCase,
  type FirstDifference,
  type FundingColumn,
  type PageResult,
  type PeriodOutcome,
  type SimulationBasis,
  type SimulationRequest,
  type SimulationTotals,
  type SummaryRow,
} from './types';

/**
 * The pure core of a policy simulation: every case of a page, month by month, evaluated with what
 * is in force and with the scenario (policy `simulation.sameFacts`: the facts of the case's latest
 * determination hold through the scope). A period whose inputs the scenario leaves as they are (same
 * rule pack, same 低保标准 entry, same policy choices) is evaluated once, so nothing before a
 * change's month can differ. Cases without a schedule (found ineligible, or not yet approved) are
 * evaluated for every month of the scope as if approved before it (policy
 * `simulation.unapprovedFromScope`); an approved case from its payment start.
 */

export const SIMULATION_POLICIES = {
  sameFacts: 'simulation.sameFacts',
  unapprovedFromScope: 'simulation.unapprovedFromScope',
  yearlyInJanuary: 'simulation.yearlyInJanuary',
} as const;

/**
 * Everything a worker needs to evaluate pages of one simulation: plain data (structured-cloneable),
 * read once by the runner from the read models. `standards` is the catalog as in force now;
 * `dibaoSeries` every entry of the `dibao.standard` series of the divisions in the scope's chain.
 */
export interface SimulationContextData {
  simulationId: string;
  request: SimulationRequest;
  standards: StandardState[];
  dibaoSeries: ParameterEntry[];
}

/** The contexts (in force / scenario) built once per simulation and reused for every page. */
export interface PreparedSimulation {
  simulationId: string;
  request: SimulationRequest;
  months: string[];
  /** The scenario's policy choices per month, with their canonical key. */
  policies: Map<string, { choices: PolicyChoices; key: string }>;
  contexts: ScenarioContexts;
  /** Benefit|division|period|month → whether the scenario leaves the inputs as they are. */
  unchanged: Map<string, boolean>;
}

export function prepareSimulation(data: SimulationContextData): PreparedSimulation {
  const byDivision = new Map<string, ParameterEntry[]>();
  for (const entry of data.dibaoSeries) byDivision.set(entry.divisionCode, [...(byDivision.get(entry.divisionCode) ?? []), entry]);
  const inForce: DeterminationContext = { standards: data.standards, dibaoSeriesOf: (code) => byDivision.get(code) ?? [], builtRequests: true };
  const contexts = scenarioContext(inForce, data.request, data.simulationId);
  const months = scopeMonths(data.request.scope);
  const policies = new Map(months.map((m) => {
    const choices = contexts.policiesFor(m);
    return [m, { choices, key: canonicalJson(choices) }] as const;
  }));
  return { simulationId: data.simulationId, request: data.request, months, policies, contexts, unchanged: new Map() };
}

interface Side {
  fen: number;
  persons: number;
  evaluation: PeriodEvaluation | null;
}

/** The schedule totals and line counts per period a basis carries, from a schedule's lines. */
export function scheduleSummary(lines: readonly { periodKey: string; amountFen: number }[]): Pick<SimulationBasis, 'scheduleTotals' | 'scheduleLineCounts'> {
  const scheduleTotals: Record<string, number> = {};
  const scheduleLineCounts: Record<string, number> = {};
  for (const line of lines) {
    scheduleTotals[line.periodKey] = (scheduleTotals[line.periodKey] ?? 0) + line.amountFen;
    if (line.amountFen > 0) scheduleLineCounts[line.periodKey] = (scheduleLineCounts[line.periodKey] ?? 0) + 1;
  }
  return { scheduleTotals, scheduleLineCounts };
}

const isYearlyKey = (key: string | null) => key !== null && /^\d{4}$/.test(key);

function personsOf(basis: SimulationBasis, evaluation: PeriodEvaluation): number {
  if (evaluation.record.totalFen <= 0) return 0;
  if (basis.benefit === 'dibao') {
    const facts = basis.facts as DibaoFactsSnapshot;
    return facts.singlePerson ? 1 : facts.members.length;
  }
  return evaluation.lines.length;
}

/**
 * Whether the scenario leaves a period's inputs as they are for a benefit and division (same loaded
 * pack, same 低保标准 entry, same policy choices): remembered per simulation, as divisions × periods
 * are few. A pack or B that cannot be found throws, as the evaluation would.
 */
function unchangedInputs(prepared: PreparedSimulation, basis: SimulationBasis, periodKey: string, month: string): boolean {
  const key = `${basis.benefit}|${basis.divisionCode}|${periodKey}|${month}`;
  let unchanged = prepared.unchanged.get(key);
  if (unchanged === undefined) {
    const before = inputsOf(prepared.contexts.inForce, basis, periodKey, '{}');
    const after = inputsOf(prepared.contexts.scenario, basis, periodKey, prepared.policies.get(month)!.key);
    unchanged = before.pack === after.pack && before.key === after.key;
    prepared.unchanged.set(key, unchanged);
  }
  return unchanged;
}

/** The inputs of a period that a scenario can change: the loaded pack, the 低保标准 entry and the policy choices. */
function inputsOf(context: ScenarioContexts['inForce'], basis: SimulationBasis, periodKey: string, policies: string): { pack: unknown; key: string } {
  const date = isYearlyKey(periodKey) ? `${periodKey}-01-01` : `${periodKey}-01`;
  const pack = packInForce(context, basis.benefit, basis.divisionCode, date).pack;
  return { pack, key: `${basis.benefit === 'dibao' ? context.dibaoKey(basis.divisionCode, date) : ''}#${policies}` };
}

function side(context: DeterminationContext, basis: SimulationBasis, schedule: ScheduleBasis, periodKey: string): Side {
  const evaluation = evaluatePeriod(context, schedule, periodKey);
  return { fen: evaluation.record.totalFen, persons: personsOf(basis, evaluation), evaluation };
}

const clauseView = (step: TraceStep | undefined) =>
  step?.clause ? { quote: step.clause.quote, standardRef: step.clause.standardRef, field: step.clause.field, line: step.clause.line } : null;
const stepView = (step: TraceStep | undefined, result: EngineResult | null) => ({
  result: step ? step.result : (result?.outcome ?? 'stopped'),
  parameters: step ? step.parameters.map((p) => ({ key: p.key, value: p.value })) : [],
  clause: clauseView(step),
});

/**
 * The first trace step whose id, parameters or result differ between the two evaluations of a month.
 * The `ruleset` step (which pack and version) is passed over when a later step differs: with another
 * edition it always differs, and the step that moves the amount is the one a reader looks for.
 */
export function firstDifference(month: string, before: EngineResult | null, after: EngineResult | null): FirstDifference {
  const a = before?.trace ?? [];
  const b = after?.trace ?? [];
  const differs = (i: number) => {
    const x = a[i];
    const y = b[i];
    return !(x && y && x.id === y.id && canonicalJson(x.parameters) === canonicalJson(y.parameters) && canonicalJson(x.result) === canonicalJson(y.result));
  };
  const length = Math.max(a.length, b.length);
  const indices = [...Array(length).keys()];
  const index = indices.find((i) => differs(i) && (a[i] ?? b[i])!.id !== 'ruleset') ?? indices.find(differs);
  if (index === undefined) return { month, stepId: 'schedule.stopped', titleZh: '停发', before: stepView(undefined, before), after: stepView(undefined, after) };
  const step = (b[index] ?? a[index])!;
  return { month, stepId: step.id, titleZh: step.titleZh, before: stepView(a[index], before), after: stepView(b[index], after) };
}

interface CaseOutcome {
  months: PeriodOutcome[];
  changed: ChangedCase | null;
  mismatches: PageResult['scheduleMismatches'];
  evaluations: number;
}

/** Persons a period pays for: the household (低保), the persons with a line (特扶). */
function schedulePersons(basis: SimulationBasis, periodKey: string): number {
  const fen = basis.scheduleTotals[periodKey] ?? 0;
  if (fen <= 0) return 0;
  if (basis.benefit === 'dibao') {
    const facts = basis.facts as DibaoFactsSnapshot;
    return facts.singlePerson ? 1 : facts.members.length;
  }
  return basis.scheduleLineCounts[periodKey] ?? 0;
}

/**
 * One case through the scope's months. "Before" is the schedule in force for the periods it covers
 * (from the payment start to its horizon) and what is in force evaluated for the others (beyond the
 * horizon; cases without a schedule). "After" is evaluated only where the scenario changes a
 * period's inputs; elsewhere it is the before. Where a period is evaluated both ways and covered by
 * the schedule, the in-force evaluation is checked against the schedule (`scheduleMismatches`).
 * Throws a DomainError when a month cannot be evaluated.
 */
export function simulateCase(prepared: PreparedSimulation, basis: SimulationBasis): CaseOutcome {
  const { contexts } = prepared;
  const approved = basis.approvedOn !== null && basis.paymentStartFrom !== null;
  const yearly = isYearlyKey(basis.paymentStartFrom);
  const schedule: ScheduleBasis = {
    benefit: basis.benefit,
    caseId: basis.caseId,
    divisionCode: basis.divisionCode,
    facts: basis.facts,
    approvedOn: basis.approvedOn ?? '',
    rulesetVersion: basis.rulesetVersion,
  };
  const months: PeriodOutcome[] = [];
  const mismatches: CaseOutcome['mismatches'] = [];
  let evaluations = 0;
  let first: FirstDifference | null = null;
  for (const month of prepared.months) {
    if (yearly && !month.endsWith('-01')) continue;
    const periodKey = yearly ? month.slice(0, 4) : month;
    if (approved && periodKey < basis.paymentStartFrom!) continue;
    const policy = prepared.policies.get(month)!;
    const unchanged = unchangedInputs(prepared, basis, periodKey, month);
    const covered = approved && periodKey <= basis.horizonEnd!;
    let before: Side | null = covered ? { fen: basis.scheduleTotals[periodKey] ?? 0, persons: schedulePersons(basis, periodKey), evaluation: null } : null;
    const evaluateBefore = (): Side => {
      evaluations += 1;
      const evaluated = side(contexts.inForce, basis, schedule, periodKey);
      if (covered && evaluated.fen !== (basis.scheduleTotals[periodKey] ?? 0)) {
        mismatches.push({ caseId: basis.caseId, periodKey, scheduleFen: basis.scheduleTotals[periodKey] ?? 0, evaluatedFen: evaluated.fen });
      }
      return evaluated;
    };
    before ??= evaluateBefore();
    let after = before;
    if (!unchanged) {
      evaluations += 1;
      after = side(contexts.scenario, basis, { ...schedule, policies: policy.choices }, periodKey);
    }
    months.push({ month, beforeFen: before.fen, afterFen: after.fen, personsBefore: before.persons, personsAfter: after.persons });
    if (!first && before.fen !== after.fen) {
      const traced = before.evaluation ? before : evaluateBefore();
      first = firstDifference(month, traced.evaluation?.result ?? null, after.evaluation?.result ?? null);
    }
  }
  const differing = months.filter((m) => m.beforeFen !== m.afterFen);
  if (differing.length === 0) return { months, changed: null, mismatches, evaluations };
  const beforeFen = months.reduce((s, m) => s + m.beforeFen, 0);
  const afterFen = months.reduce((s, m) => s + m.afterFen, 0);
  return {
    months,
    changed: {
      caseId: basis.caseId,
      benefit: basis.benefit,
      divisionCode: basis.divisionCode,
      change: changeKind(differing),
      beforeFen,
      afterFen,
      differenceFen: afterFen - beforeFen,
      months: differing,
      firstDifference: first,
    },
    mismatches,
    evaluations,
  };
}

function changeKind(differing: readonly PeriodOutcome[]): ChangedCase['change'] {
  if (differing.every((m) => m.beforeFen === 0)) return 'newlyEligible';
  if (differing.every((m) => m.afterFen === 0)) return 'noLongerEligible';
  if (differing.every((m) => m.afterFen > m.beforeFen)) return 'increase';
  if (differing.every((m) => m.afterFen < m.beforeFen)) return 'decrease';
  return 'mixed';
}

const rowKey = (row: Pick<SummaryRow, 'month' | 'divisionCode' | 'benefit'>) => `${row.month}|${row.divisionCode}|${row.benefit}`;

const FUNDING_COLUMNS: readonly FundingColumn[] = [...FUNDING_LEVELS, 'unallocated'];

function emptyFunding(): SummaryRow['byFunding'] {
  return Object.fromEntries(FUNDING_COLUMNS.map((c) => [c, { beforeFen: 0, afterFen: 0 }])) as SummaryRow['byFunding'];
}

function emptyRow(month: string, divisionCode: string, benefit: SummaryRow['benefit']): SummaryRow {
  return {
    month,
    divisionCode,
    benefit,
    householdsBefore: 0,
    householdsAfter: 0,
    personsBefore: 0,
    personsAfter: 0,
    newlyEligible: 0,
    noLongerEligible: 0,
    amountBeforeFen: 0,
    amountAfterFen: 0,
    differenceFen: 0,
    byFunding: emptyFunding(),
  };
}

/** Adds one case-month to its row; each amount is split by the funding shares on its own (so paging never changes a split). */
function addToRow(row: SummaryRow, m: PeriodOutcome, shares: ReturnType<typeof sharesFor>): void {
  if (m.beforeFen > 0) row.householdsBefore += 1;
  if (m.afterFen > 0) row.householdsAfter += 1;
  row.personsBefore += m.personsBefore;
  row.personsAfter += m.personsAfter;
  if (m.beforeFen === 0 && m.afterFen > 0) row.newlyEligible += 1;
  if (m.beforeFen > 0 && m.afterFen === 0) row.noLongerEligible += 1;
  row.amountBeforeFen += m.beforeFen;
  row.amountAfterFen += m.afterFen;
  row.differenceFen += m.afterFen - m.beforeFen;
  if (m.beforeFen === 0 && m.afterFen === 0) return;
  const before = fundingSplit(m.beforeFen, shares);
  const after = m.afterFen === m.beforeFen ? before : fundingSplit(m.afterFen, shares);
  for (const column of FUNDING_COLUMNS) {
    row.byFunding[column].beforeFen += before[column];
    row.byFunding[column].afterFen += after[column];
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Evaluates one page of cases (in case-id order) month by month, in force and under the scenario. */
export function simulatePage(prepared: PreparedSimulation, cases: readonly SimulationBasis[]): PageResult {
  const rows = new Map<string, SummaryRow>();
  const changed: ChangedCase[] = [];
  const scheduleMismatches: PageResult['scheduleMismatches'] = [];
  const failures: PageResult['failures'] = [];
  let evaluations = 0;
  let caseMonths = 0;
  let evaluated = 0;
  for (const basis of cases) {
    if (!prepared.request.scope.benefits.includes(basis.benefit) || !isWithinDivision(basis.divisionCode, prepared.request.scope.divisionCode)) continue;
    let outcome: CaseOutcome;
    try {
      outcome = simulateCase(prepared, basis);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failures.push({ caseId: basis.caseId, code: error.code, message: `${error.messageZh} / ${error.messageEn}` });
      continue;
    }
    evaluated += 1;
    evaluations += outcome.evaluations;
    caseMonths += outcome.months.length;
    const shares = sharesFor(prepared.request.fundingShares, basis.benefit, basis.divisionCode);
    for (const m of outcome.months) {
      const key = rowKey({ month: m.month, divisionCode: basis.divisionCode, benefit: basis.benefit });
      let row = rows.get(key);
      if (!row) rows.set(key, (row = emptyRow(m.month, basis.divisionCode, basis.benefit)));
      addToRow(row, m, shares);
    }
    if (outcome.changed) changed.push(outcome.changed);
    scheduleMismatches.push(...outcome.mismatches);
  }
  const pageRows = [...rows.values()].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
  const changedCanonical = changed.map((c) => canonicalJson(c));
  return {
    cases: evaluated,
    caseMonths,
    evaluations,
    rows: pageRows,
    changed,
    changedCanonical,
    scheduleMismatches,
    failures,
    digest: sha256(changedCanonical.join('\n')),
  };
}

/** Adds the rows of a page to the running summary (same month, division and benefit are summed). */
export function mergeRows(into: Map<string, SummaryRow>, rows: readonly SummaryRow[]): void {
  for (const row of rows) {
    const key = rowKey(row);
    const stored = into.get(key);
    if (!stored) {
      into.set(key, structuredClone(row));
      continue;
    }
    for (const field of ['householdsBefore', 'householdsAfter', 'personsBefore', 'personsAfter', 'newlyEligible', 'noLongerEligible', 'amountBeforeFen', 'amountAfterFen', 'differenceFen'] as const) {
      stored[field] += row[field];
    }
    for (const column of Object.keys(stored.byFunding) as FundingColumn[]) {
      stored.byFunding[column].beforeFen += row.byFunding[column].beforeFen;
      stored.byFunding[column].afterFen += row.byFunding[column].afterFen;
    }
  }
}

export function emptyTotals(): SimulationTotals {
  return { cases: 0, caseMonths: 0, evaluations: 0, changedCases: 0, newlyEligible: 0, noLongerEligible: 0, amountBeforeFen: 0, amountAfterFen: 0, differenceFen: 0, scheduleMismatches: 0, failures: 0 };
}

/** Adds a page's counts and amounts to the running totals (in place). */
export function addPageTotals(into: SimulationTotals, page: PageResult): void {
  into.cases += page.cases;
  into.caseMonths += page.caseMonths;
  into.evaluations += page.evaluations;
  into.changedCases += page.changed.length;
  into.newlyEligible += page.changed.filter((c) => c.change === 'newlyEligible').length;
  into.noLongerEligible += page.changed.filter((c) => c.change === 'noLongerEligible').length;
  for (const row of page.rows) {
    into.amountBeforeFen += row.amountBeforeFen;
    into.amountAfterFen += row.amountAfterFen;
    into.differenceFen += row.differenceFen;
  }
  into.scheduleMismatches += page.scheduleMismatches.length;
  into.failures += page.failures.length;
}

/**
 * The result hash, computed as the pages arrive (in case-id order): sha256 over the canonical
 * request, every changed case (canonical JSON, one per line, in case-id order), the summary rows
 * sorted by month, division and benefit, and the totals. It does not depend on the page size or on
 * how many threads evaluated the pages, so a replay with other settings gives the same hash.
 */
export function createResultHasher(request: SimulationRequest) {
  const hash = createHash('sha256');
  hash.update(`request\n${canonicalJson(request)}\nchanged\n`);
  return {
    addChanged(cases: readonly ChangedCase[]): void {
      for (const c of cases) hash.update(`${canonicalJson(c)}\n`);
    },
    /** A page's changed cases, as the page serialised them (the same bytes as addChanged). */
    addPage(page: Pick<PageResult, 'changedCanonical'>): void {
      for (const line of page.changedCanonical) hash.update(`${line}\n`);
    },
    finish(rows: Iterable<SummaryRow>, totals: SimulationTotals): string {
      const sorted = [...rows].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
      hash.update(`rows\n${canonicalJson(sorted)}\ntotals\n${canonicalJson(withoutEvaluations(totals))}\n`);
      return hash.digest('hex');
    },
  };
}

/** Evaluations depend on the page's reuse of identical inputs only, but are a cost figure, not a result: not hashed. */
function withoutEvaluations(totals: SimulationTotals): Omit<SimulationTotals, 'evaluations'> {
  const { evaluations: _e, ...rest } = totals;
  return rest;
}

/**
 * The result hash of a whole result held in memory (tests, small runs): the same value as
 * {@link createResultHasher} fed page by page.
 */
export function resultHash(request: SimulationRequest, changedInOrder: readonly ChangedCase[], rows: Iterable<SummaryRow>, totals: SimulationTotals): string {
  const hasher = createResultHasher(request);
  hasher.addChanged(changedInOrder);
  return hasher.finish(rows, totals);
}
