import { canonicalJson } from '@benefits/kernel';
import { evaluate, pinnedBandTable, registeredEngine, RULESETS, type EngineResult } from '@benefits/benefits';
import { benefitOfType } from '../benefit-of-type';
import { dibaoRequest, linshiRequest, pinnedBDifference, pinnedDibaoStandard, tefuRequest, traceParameters, type ParameterDifference, type PublishedValues, type TefuMember } from './engine-request';
import type { NotRecomputableCode, PinnedPacks } from './pinned-packs';
import { AuditReadingFailed, auditRecomputationOf, fromReading } from './registered-recomputations';

/**
 * Recomputation of one determination as eligibility recorded it (`<benefit>.EligibilityDetermined.v1`
 * on `determination-<caseId>`): the same engine (`evaluate` of @benefits/benefits) is run on what
 * the event pins — the rule pack (`rulePackId`, i.e. standard version and pack parameters), the
 * ruleset version, the published parameter values (低保标准 B from the recorded trace) and the
 * recorded facts snapshot (the event carries the facts as of `basedOnCaseRevision`) — and the
 * amounts, outcome and trace are compared with what was recorded. Pure: the caller reads the
 * standard streams the packs need (PinnedPacks) and, for a redetermination, the approval date of the
 * schedule issued with it.
 */

// Any benefit's namespace (a benefit id is 2–32 lower-case letters: the shipped three and those registered as
// modules), and the older `eligibility.` namespace of determinations: do not narrow this to known benefit ids.
export const DETERMINED_TYPE = /^[a-z]{2,32}\.EligibilityDetermined\.v1$/;
export const SCHEDULE_ISSUED_TYPE = /^[a-z]{2,32}\.EntitlementScheduleIssued\.v1$/;


export interface RecordedEvent {
  streamId: string;
  streamRevision: number;
  eventId: string;
  type: string;
  data: unknown;
}

export interface StepDifference {
  /** Index of the first trace step that differs (steps before it are identical). */
  index: number;
  stepId: string | null;
  recorded: unknown;
  recomputed: unknown;
}

export type Verdict =
  | { status: 'match'; recordedFen: number; recomputedFen: number }
  | {
      status: 'mismatch';
      recordedFen: number | null;
      recomputedFen: number | null;
      /** Which recorded fields the recomputation contradicts (`amounts`, `outcome`, `trace`, …). */
      differences: string[];
      firstDifferingStep: StepDifference | null;
      /** When the engine refused the recorded facts: its error code. */
      engineError?: string;
      /** When a pinned published value (B) is not what its source entry published. */
      parameterDifference?: ParameterDifference;
    }
  | { status: 'not_recomputable'; reason: { code: NotRecomputableCode; detail: Record<string, unknown> } };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export interface Amount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
}

/** What a determination asserts, whether recorded or recomputed. */
export interface DeterminationOutcome {
  eligible: boolean;
  outcome: string;
  amounts: Amount[];
  capFen: number;
  standardRef: unknown;
  trace: unknown[];
}

const AMOUNT_STEPS = ['tefu.personAmount', 'tefu.complication', 'dibao.amount', 'linshi.jinan.cap', 'linshi.amount', 'linshi.cap', 'linshi.zhichu.band'];

/** The clause the amount rests on: the amount step's, else the first cited clause (as eligibility records it). */
export function amountStandardRef(trace: readonly unknown[]): unknown {
  const steps = trace.filter(isObj);
  const step = steps.find((s) => AMOUNT_STEPS.includes(s.id as string) && isObj(s.clause)) ?? steps.find((s) => isObj(s.clause));
  return step && isObj(step.clause) ? (step.clause.standardRef ?? null) : null;
}

export const periodStartDate = (periodKey: string) => (/^\d{4}$/.test(periodKey) ? `${periodKey}-01-01` : `${periodKey}-01`);
const endedBefore = (date: unknown, periodKey: string) => typeof date === 'string' && date < periodStartDate(periodKey);

export const totalFen = (amounts: readonly { amountFen: number }[], capFen = 0) => amounts.reduce((s, a) => s + a.amountFen, 0) + capFen;

/** JSON as stored: what an event reads back as (undefined fields dropped). */
export const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The first trace step whose canonical JSON differs, or null when both traces are identical. */
export function firstDifferingStep(recorded: readonly unknown[], recomputed: readonly unknown[]): StepDifference | null {
  const n = Math.max(recorded.length, recomputed.length);
  for (let i = 0; i < n; i += 1) {
    const a = recorded[i];
    const b = recomputed[i];
    if (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b)) continue;
    const id = (isObj(a) ? str(a.id) : null) ?? (isObj(b) ? str(b.id) : null);
    return { index: i, stepId: id, recorded: a ?? null, recomputed: b ?? null };
  }
  return null;
}

/** Compares what was recorded with what was recomputed: amounts, cap, eligibility, outcome, clause and trace. */
export function compareOutcomes(recorded: DeterminationOutcome, recomputed: DeterminationOutcome): Verdict {
  const r = asStored(recorded);
  const c = asStored(recomputed);
  const differences: string[] = [];
  if (r.eligible !== c.eligible) differences.push('eligible');
  if (r.outcome !== c.outcome) differences.push('outcome');
  if (canonicalJson(r.amounts) !== canonicalJson(c.amounts)) differences.push('amounts');
  if (r.capFen !== c.capFen) differences.push('capFen');
  if (canonicalJson(r.standardRef ?? null) !== canonicalJson(c.standardRef ?? null)) differences.push('standardRef');
  const step = firstDifferingStep(r.trace, c.trace);
  if (step) differences.push('trace');
  const recordedFen = totalFen(r.amounts, r.capFen);
  const recomputedFen = totalFen(c.amounts, c.capFen);
  if (differences.length === 0) return { status: 'match', recordedFen, recomputedFen };
  return { status: 'mismatch', recordedFen, recomputedFen, differences, firstDifferingStep: step };
}

function recordedOutcome(data: Obj): DeterminationOutcome | null {
  if (typeof data.eligible !== 'boolean' || !Array.isArray(data.amounts) || !Array.isArray(data.trace)) return null;
  return {
    eligible: data.eligible,
    outcome: String(data.outcome ?? ''),
    amounts: (data.amounts as Obj[]).map((a) => ({ beneficiaryRef: String(a.beneficiaryRef), periodKey: String(a.periodKey), amountFen: Number(a.amountFen) })),
    capFen: typeof data.capFen === 'number' ? data.capFen : 0,
    standardRef: data.standardRef ?? null,
    trace: data.trace as unknown[],
  };
}

const notRecomputable = (code: NotRecomputableCode, detail: Record<string, unknown>): Verdict => ({ status: 'not_recomputable', reason: { code, detail } });

/** The engine's activation label as the recorded trace's first step (`ruleset`) has it. */
function recordedActivationLabel(trace: readonly unknown[]): string | null {
  const first = trace.find((s) => isObj(s) && s.id === 'ruleset');
  const result = isObj(first) && isObj(first.result) ? first.result : null;
  return result ? str(result.activationLabel) : null;
}

export interface RecomputeDeterminationInput {
  event: RecordedEvent;
  /** 审核确认 date of the schedule issued together with a redetermination (same determinationId); null otherwise. */
  approvedOn: string | null;
  /** The published parameter series, to check the pinned B against its entry (unchecked when absent). */
  published?: PublishedValues;
}

/** Recomputes one determination; see the module comment. A module's reading that throws makes it not recomputable, not the job fail. */
export function recomputeDetermination(input: RecomputeDeterminationInput, packs: PinnedPacks): Verdict {
  try {
    return recomputeOne(input, packs);
  } catch (error) {
    if (error instanceof AuditReadingFailed) return notRecomputable('AUDIT_READING_FAILED', error.detail);
    throw error;
  }
}

function recomputeOne(input: RecomputeDeterminationInput, packs: PinnedPacks): Verdict {
  const data = isObj(input.event.data) ? input.event.data : {};
  const recorded = recordedOutcome(data);
  const benefit = str(data.benefit) ?? benefitOfType(input.event.type);
  const rulePackId = str(data.rulePackId);
  const rulesetVersion = str(data.rulesetVersion);
  if (!recorded || !benefit || !rulePackId || !rulesetVersion) {
    return notRecomputable('NOT_AN_ENGINE_DETERMINATION', {
      missing: [!recorded && 'eligible/amounts/trace', !benefit && 'benefit', !rulePackId && 'rulePackId', !rulesetVersion && 'rulesetVersion'].filter(Boolean),
    });
  }
  if (!isObj(data.facts)) return notRecomputable('FACTS_MISSING', { determinationId: data.determinationId ?? null });
  const known = (RULESETS as Record<string, Record<string, unknown>>)[benefit] ?? registeredEngine(benefit)?.rulesets;
  if (!known || !(rulesetVersion in known)) return notRecomputable('RULESET_VERSION_UNKNOWN', { benefit, rulesetVersion });
  const effectiveFrom = str(data.effectiveFrom);
  if (!effectiveFrom) return notRecomputable('NOT_AN_ENGINE_DETERMINATION', { missing: ['effectiveFrom'] });
  const redetermination = isObj(data.redetermination) ? data.redetermination : null;
  const pinned = packs.resolve(rulePackId, recordedActivationLabel(recorded.trace));
  if (!pinned.ok) return notRecomputable(pinned.code, pinned.detail);
  const facts = data.facts;
  const caseId = str(data.caseId) ?? '';
  let request: Obj;
  let periodKey: string | null = null;
  if (redetermination) {
    if (benefit === 'linshi') return notRecomputable('NOT_AN_ENGINE_DETERMINATION', { reason: '临时救助 is never redetermined' });
    periodKey = str(redetermination.fromPeriod);
    if (!periodKey) return notRecomputable('NOT_AN_ENGINE_DETERMINATION', { missing: ['redetermination.fromPeriod'] });
    if (!input.approvedOn) return notRecomputable('APPROVAL_DATE_MISSING', { determinationId: data.determinationId ?? null });
    const built = periodRequest(benefit, facts, pinned.packId, rulesetVersion, periodKey, input.approvedOn, traceParameters(recorded.trace));
    if ('stopped' in built) {
      return compareOutcomes(recorded, { eligible: false, outcome: 'ineligible', amounts: [], capFen: 0, standardRef: null, trace: [] });
    }
    if ('code' in built) return notRecomputable(built.code, built.detail);
    request = built.request;
  } else {
    switch (benefit) {
      case 'tefu':
        request = tefuRequest(facts, pinned.packId, rulesetVersion, { evaluationDate: effectiveFrom });
        break;
      case 'dibao': {
        const b = pinnedDibaoStandard(traceParameters(recorded.trace));
        if (!b) return notRecomputable('DIBAO_STANDARD_NOT_PINNED', { determinationId: data.determinationId ?? null });
        request = dibaoRequest(facts, pinned.packId, rulesetVersion, b, effectiveFrom.slice(0, 7));
        break;
      }
      case 'linshi': {
        const parameters = traceParameters(recorded.trace);
        request = linshiRequest(facts, pinned.packId, rulesetVersion, pinnedDibaoStandard(parameters), effectiveFrom, pinnedBandTable(parameters));
        break;
      }
      default: {
        const own = auditRecomputationOf(benefit);
        if (!own) return notRecomputable('NOT_AN_ENGINE_DETERMINATION', { benefit, reason: 'no audit recomputation is registered for the benefit' });
        request = fromReading(benefit, 'determinationRequest', () => own.determinationRequest(facts, { packId: pinned.packId, rulesetVersion, effectiveFrom }));
      }
    }
  }
  let result: EngineResult;
  try {
    result = evaluate(request, new Map([[pinned.packId, pinned.pack]]));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ENGINE_ERROR';
    return { status: 'mismatch', recordedFen: totalFen(recorded.amounts, recorded.capFen), recomputedFen: null, differences: ['facts'], firstDifferingStep: null, engineError: code };
  }
  const amounts = periodKey ? periodLines(benefit, facts, result, periodKey) : determinationAmounts(benefit, facts, caseId, effectiveFrom, result);
  const verdict = compareOutcomes(recorded, {
    eligible: result.eligible,
    outcome: result.outcome,
    amounts: amounts.amounts,
    capFen: amounts.capFen,
    standardRef: amountStandardRef(result.trace),
    trace: result.trace,
  });
  const parameterDifference = pinnedBDifference(pinnedDibaoStandard(traceParameters(recorded.trace)), input.published);
  if (!parameterDifference) return verdict;
  if (verdict.status === 'match') {
    return { status: 'mismatch', recordedFen: verdict.recordedFen, recomputedFen: verdict.recomputedFen, differences: ['parameters'], firstDifferingStep: null, parameterDifference };
  }
  return verdict.status === 'mismatch' ? { ...verdict, differences: [...verdict.differences, 'parameters'], parameterDifference } : verdict;
}

function stoppedReason(benefit: string, facts: Obj, periodKey: string): string | null {
  if (endedBefore(facts.terminatedOn, periodKey)) return 'CASE_TERMINATED';
  if (benefit === 'tefu') {
    const members = (Array.isArray(facts.members) ? facts.members : []) as Obj[];
    if (members.every((m) => endedBefore(m.deathDate, periodKey))) return 'NO_LIVING_BENEFICIARY';
  }
  return null;
}

/**
 * The request of one period of a periodic schedule (eligibility's `evaluatePeriod`): decided on the
 * period's first day, with the approval date, the members alive then, and — for 低保 — the B pinned
 * in the period's recorded parameters.
 */
export function periodRequest(
  benefit: string,
  facts: Obj,
  packId: string,
  rulesetVersion: string,
  periodKey: string,
  approvedOn: string,
  parameters: readonly { key: string; value: unknown; source?: unknown }[],
): { request: Obj } | { stopped: string } | { code: NotRecomputableCode; detail: Record<string, unknown> } {
  const stopped = stoppedReason(benefit, facts, periodKey);
  if (stopped) return { stopped };
  const evaluationDate = periodStartDate(periodKey);
  if (benefit === 'tefu') {
    const members = ((Array.isArray(facts.members) ? facts.members : []) as TefuMember[]).filter((m) => !endedBefore(m.deathDate, periodKey));
    return { request: tefuRequest(facts, packId, rulesetVersion, { evaluationDate, confirmedOn: approvedOn, members }) };
  }
  if (benefit === 'dibao') {
    const b = pinnedDibaoStandard(parameters);
    if (!b) return { code: 'DIBAO_STANDARD_NOT_PINNED', detail: { periodKey } };
    return { request: dibaoRequest(facts, packId, rulesetVersion, b, periodKey, approvedOn) };
  }
  const own = auditRecomputationOf(benefit)?.period;
  if (own) return fromReading(benefit, 'period.request', () => own.request(facts, { packId, rulesetVersion, periodKey, evaluationDate, approvedOn }));
  return { code: 'NOT_AN_ENGINE_DETERMINATION', detail: { benefit, periodKey } };
}

/** The lines one period gives (eligibility's `evaluatePeriod`): 特扶 per person (zero amounts left out), 低保 the household total to its payee. */
export function periodLines(benefit: string, facts: Obj, result: EngineResult, periodKey: string): { amounts: Amount[]; capFen: number } {
  if (!result.eligible || !result.amount) return { amounts: [], capFen: 0 };
  if (benefit === 'tefu') {
    return { amounts: (result.amount.perPerson ?? []).filter((p) => p.amount.fen > 0).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })), capFen: 0 };
  }
  if (benefit === 'dibao' && result.amount.total.fen > 0) return { amounts: [{ beneficiaryRef: dibaoPayee(facts), periodKey, amountFen: result.amount.total.fen }], capFen: 0 };
  const own = auditRecomputationOf(benefit)?.period;
  return { amounts: own ? fromReading(benefit, 'period.lines', () => own.lines(facts, result, periodKey)) : [], capFen: 0 };
}

const dibaoPayee = (facts: Obj) => String(((Array.isArray(facts.members) ? facts.members : []) as Obj[])[0]?.personRef ?? '');

/** A determination's amounts at its date (eligibility's `determinationAmounts`). */
function determinationAmounts(benefit: string, facts: Obj, caseId: string, effectiveFrom: string, result: EngineResult): { amounts: Amount[]; capFen: number } {
  if (!result.eligible || !result.amount) return { amounts: [], capFen: 0 };
  switch (benefit) {
    case 'tefu': {
      const periodKey = result.amount.period === 'yearly' ? effectiveFrom.slice(0, 4) : effectiveFrom.slice(0, 7);
      return { amounts: (result.amount.perPerson ?? []).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })), capFen: 0 };
    }
    case 'dibao':
      return { amounts: [{ beneficiaryRef: dibaoPayee(facts), periodKey: effectiveFrom.slice(0, 7), amountFen: result.amount.total.fen }], capFen: 0 };
    case 'linshi': {
      if (result.amount.nature === 'cap') return { amounts: [], capFen: result.amount.total.fen };
      const refs = (Array.isArray(facts.memberRefs) ? facts.memberRefs : []) as string[];
      return { amounts: [{ beneficiaryRef: refs[0] ?? '', periodKey: `once:${caseId}`, amountFen: result.amount.total.fen }], capFen: 0 };
    }
    default: {
      const own = auditRecomputationOf(benefit);
      return { amounts: own ? fromReading(benefit, 'determinationAmounts', () => own.determinationAmounts(facts, result, { effectiveFrom, caseId })) : [], capFen: 0 };
    }
  }
}
