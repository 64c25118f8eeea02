import { DomainError, Errors, YearMonth } from '@benefits/kernel';
import {
  decideActivation,
  isWithinDivision,
  loadRulePack,
  RULE_PACKS,
  type ParameterEntry,
  type RulePack,
  type StandardState,
} from '@benefits/standards';
import { dibaoStandardOn, type DeterminationContext } from '../determinations/context';
import type { PolicyChoices } from '../determinations/determination';
import { SimulationRequestSchema } from './request.schema';
import { FUNDING_LEVELS, type Scenario, type SimulationRequest } from './types';

export { SimulationRequestSchema } from './request.schema';

/**
 * A simulation request checked before anything is written, and the determination context of its
 * scenario: what is in force, with the proposed 低保标准 entries added to the series, the standard
 * edition taken as activated, and the policy choices from their month. Pure.
 */

export const MAX_SIMULATION_MONTHS = 36;

export const SimulationErrors = {
  SIMULATION_SCOPE_INVALID: (details: Record<string, unknown>) =>
    new DomainError('SIMULATION_SCOPE_INVALID', 422, '测算范围不正确', 'the simulation scope is not valid', details),
  SCENARIO_STANDARD_UNKNOWN: (details: Record<string, unknown>) =>
    new DomainError('SCENARIO_STANDARD_UNKNOWN', 422, '情景引用的服务标准或版本不在目录中', 'the scenario names a standard or version that is not in the catalog', details),
  SCENARIO_EDITION_INVALID: (details: Record<string, unknown>) =>
    new DomainError('SCENARIO_EDITION_INVALID', 422, '情景中的标准版本不能按此启用', 'the scenario cannot take this standard version as activated', details),
  SCENARIO_NO_RULE_PACK: (details: Record<string, unknown>) =>
    new DomainError('SCENARIO_NO_RULE_PACK', 422, '情景中的标准版本没有可用的规则包', 'no rule pack for the scenario standard version (give one in the change)', details),
  SCENARIO_RULE_PACK_INVALID: (details: Record<string, unknown>) =>
    new DomainError('SCENARIO_RULE_PACK_INVALID', 422, '情景规则包与标准原文不符', 'the scenario rule pack does not match the catalogued text', details),
  FUNDING_SHARES_INVALID: (details: Record<string, unknown>) =>
    new DomainError('INVALID_FUNDING_SHARES', 422, '支出责任分担比例不正确（四级合计须为10000个基点）', 'the funding shares are not valid (the four levels must sum to 10000 basis points)', details),
};

/** The months of a scope, in order. */
export function scopeMonths(scope: SimulationRequest['scope']): string[] {
  return YearMonth.range(YearMonth.parse(scope.months.from), YearMonth.parse(scope.months.to)).map((m) => m.toString());
}

/**
 * The request as given, checked: its shape (VALIDATION_FAILED with paths), the scope (at most 36
 * months, from ≤ to, benefits once each), funding shares summing to 10000, and each standard edition
 * against the catalog (the version exists, may be activated for the division, and has a rule pack
 * whose quotes are in its text). Throws a typed error; nothing is written by a refused request.
 */
export function validateSimulationRequest(body: unknown, base: { standards: readonly StandardState[] }): SimulationRequest {
  const parsed = SimulationRequestSchema.safeParse(body);
  if (!parsed.success) throw Errors.VALIDATION_FAILED({ issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  const request = parsed.data as SimulationRequest;
  const { scope } = request;
  if (scope.months.from > scope.months.to) throw SimulationErrors.SIMULATION_SCOPE_INVALID({ reason: 'months.from is after months.to', months: scope.months });
  const count = scopeMonths(scope).length;
  if (count > MAX_SIMULATION_MONTHS) throw SimulationErrors.SIMULATION_SCOPE_INVALID({ reason: `at most ${MAX_SIMULATION_MONTHS} months`, months: count });
  if (new Set(scope.benefits).size !== scope.benefits.length) throw SimulationErrors.SIMULATION_SCOPE_INVALID({ reason: 'a benefit is listed twice', benefits: scope.benefits });
  (request.fundingShares ?? []).forEach((entry, index) => {
    const sum = FUNDING_LEVELS.reduce((s, l) => s + entry.shares[l], 0);
    if (sum !== 10_000) throw SimulationErrors.FUNDING_SHARES_INVALID({ path: `fundingShares.${index}.shares`, sum });
  });
  scenarioContext({ standards: base.standards, dibaoSeriesOf: () => [] }, request, 'validation');
  return request;
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';
const SIMULATION_ACTOR = (simulationId: string) => ({ id: `simulation:${simulationId}`, role: 'admin', divisionCode: '000000' });

/** The scenario's standards: each edition taken as activated for its division from its date (after every real activation). */
function scenarioStandards(standards: readonly StandardState[], scenario: Scenario, simulationId: string): { standards: StandardState[]; packs: RulePack[] } {
  const copy = standards.map((s) => ({ ...s, activations: [...s.activations] }));
  const packs: RulePack[] = [];
  scenario.changes.forEach((change, index) => {
    if (change.kind !== 'standardEdition') return;
    const standard = copy.find((s) => s.standardId === change.standardId);
    const version = standard?.versions.find((v) => v.versionId === change.versionId);
    if (!standard || !version) throw SimulationErrors.SCENARIO_STANDARD_UNKNOWN({ path: `scenario.changes.${index}`, standardId: change.standardId, versionId: change.versionId });
    let activated;
    try {
      activated = decideActivation(standard, {
        versionId: change.versionId,
        divisionCode: change.divisionCode,
        effectiveFrom: change.effectiveFrom,
        reason: `政策测算（未启用）/ simulation ${simulationId}`,
        actor: SIMULATION_ACTOR(simulationId),
        correlationId: simulationId,
      });
    } catch (error) {
      if (error instanceof DomainError) throw SimulationErrors.SCENARIO_EDITION_INVALID({ path: `scenario.changes.${index}`, cause: { code: error.code, message: error.messageEn, details: error.details } });
      throw error;
    }
    standard.activations.push({ ...activated.data, eventId: `simulation:${simulationId}:${index}`, streamRevision: Number.MAX_SAFE_INTEGER, recordedAt: FAR_FUTURE });
    const given = change.rulePack as RulePack | undefined;
    if (given) {
      if (given.standard?.standardId !== change.standardId || given.standard?.versionId !== change.versionId) {
        throw SimulationErrors.SCENARIO_RULE_PACK_INVALID({ path: `scenario.changes.${index}.rulePack.standard`, expected: { standardId: change.standardId, versionId: change.versionId } });
      }
      try {
        loadRulePack(given, standard);
      } catch (error) {
        if (error instanceof DomainError) throw SimulationErrors.SCENARIO_RULE_PACK_INVALID({ path: `scenario.changes.${index}.rulePack`, cause: { code: error.code, details: error.details } });
        throw SimulationErrors.SCENARIO_RULE_PACK_INVALID({ path: `scenario.changes.${index}.rulePack`, reason: String(error) });
      }
      packs.push(given);
    } else if (!RULE_PACKS.some((p) => p.standard.standardId === change.standardId && p.standard.versionId === change.versionId)) {
      throw SimulationErrors.SCENARIO_NO_RULE_PACK({ path: `scenario.changes.${index}`, standardId: change.standardId, versionId: change.versionId });
    }
  });
  return { standards: copy, packs };
}

/** The proposed 低保标准 as entries of the `dibao.standard` series (they win over a published entry of the same month). */
export function scenarioDibaoEntries(scenario: Scenario, simulationId: string): ParameterEntry[] {
  return scenario.changes.flatMap((change, index) =>
    change.kind !== 'dibaoStandard'
      ? []
      : [
          {
            entryId: `simulation:${simulationId}:${index}`,
            name: 'dibao.standard',
            divisionCode: change.divisionCode,
            effectiveFrom: `${change.from}-01`,
            effectiveTo: null,
            value: { fen: change.fenPerMonth },
            source: { docNo: '政策测算拟议值（未公布）/ proposed in a simulation', title: change.note ?? scenario.title },
            sampleData: false,
            supersedes: null,
            correctionReason: null,
            publishedBy: SIMULATION_ACTOR(simulationId),
            eventId: `simulation:${simulationId}:${index}`,
            streamRevision: Number.MAX_SAFE_INTEGER,
            recordedAt: FAR_FUTURE,
          } as ParameterEntry,
        ],
  );
}

/** A context whose 低保标准 lookups are remembered per division and date (the context never changes during a run). */
export function memoisedContext(context: DeterminationContext): DeterminationContext & { dibaoKey: (divisionCode: string, date: string) => string } {
  const keys = new Map<string, string>();
  const series = new Map<string, readonly ParameterEntry[]>();
  const memo: DeterminationContext = {
    ...context,
    dibaoSeriesOf: (code) => {
      let entries = series.get(code);
      if (!entries) series.set(code, (entries = context.dibaoSeriesOf(code)));
      return entries;
    },
  };
  return {
    ...memo,
    dibaoKey: (code, on) => {
      const key = `${code}|${on}`;
      let value = keys.get(key);
      if (value === undefined) {
        const b = dibaoStandardOn(memo, code, on);
        value = b ? `${b.value.fen}|${b.entryId}|${b.divisionCode}` : '';
        keys.set(key, value);
      }
      return value;
    },
  };
}

export interface ScenarioContexts {
  inForce: ReturnType<typeof memoisedContext>;
  scenario: ReturnType<typeof memoisedContext>;
  /** The policy choices the scenario makes for a month (empty: the product defaults). */
  policiesFor: (month: string) => PolicyChoices;
}

/** What is in force, and the scenario: the same catalog and series with the scenario's changes. */
export function scenarioContext(inForce: DeterminationContext, request: SimulationRequest, simulationId: string): ScenarioContexts {
  const { standards, packs } = scenarioStandards(inForce.standards, request.scenario, simulationId);
  const proposed = scenarioDibaoEntries(request.scenario, simulationId);
  const scenario: DeterminationContext = {
    ...inForce,
    // Without an edition the scenario keeps the same catalog copy, so both sides share loaded packs.
    standards: request.scenario.changes.some((c) => c.kind === 'standardEdition') ? standards : inForce.standards,
    dibaoSeriesOf: (code) => {
      const own = proposed.filter((e) => e.divisionCode === code);
      return own.length === 0 ? inForce.dibaoSeriesOf(code) : [...inForce.dibaoSeriesOf(code), ...own];
    },
    ...(inForce.bandTableSeriesOf ? { bandTableSeriesOf: inForce.bandTableSeriesOf } : {}),
    rulePacks: [...packs, ...(inForce.rulePacks ?? [])],
  };
  const policyChanges = request.scenario.changes.filter((c): c is Extract<Scenario['changes'][number], { kind: 'policy' }> => c.kind === 'policy');
  return {
    inForce: memoisedContext(inForce),
    scenario: memoisedContext(scenario),
    policiesFor: (month) => Object.assign({}, ...policyChanges.filter((c) => !c.from || c.from <= month).map((c) => c.choices)) as PolicyChoices,
  };
}

/** Whether a division is in the scope's division (the scope's own code or one under it). */
export const inScope = (request: SimulationRequest, divisionCodeOfCase: string) => isWithinDivision(divisionCodeOfCase, request.scope.divisionCode);
