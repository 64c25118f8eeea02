import { DomainError, LocalDate, YearMonth } from '@benefits/kernel';
import { evaluate, toEnginePack, withSupplements, type EngineResult, type TraceStep } from '@benefits/benefits';
import { assertPackUsable, loadRulePack, resolveInForce, RULE_PACKS, type StandardRef, type StandardState } from '@benefits/standards';

/**
 * 计生特扶 determinations from a case's fact snapshot: pure functions of the snapshot, the standards
 * catalog (as folded from its streams) and the approval date. The consumer around them only reads
 * and appends.
 */

export const ELIGIBILITY_DETERMINED = 'tefu.EligibilityDetermined.v1';
export const ENTITLEMENT_SCHEDULE_ISSUED = 'tefu.EntitlementScheduleIssued.v1';

/** Months an issued schedule covers from the payment start; the next schedule continues it. */
export const SCHEDULE_HORIZON_MONTHS = 12;

export const determinationStreamId = (caseId: string) => `determination-${caseId}`;

/** The facts applications publishes for a 特扶 case (no personal data: personRefs and dates only). */
export interface TefuFactsSnapshot {
  members: { personRef: string; role: 'wife' | 'husband'; birthDate: string }[];
  family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string };
}

export interface SnapshotEnvelope {
  caseId: string;
  divisionCode: string;
  /** yyyy-mm-dd: the facts hold from this date; the evaluation date. */
  effectiveFrom: string;
  caseRevision: number;
  facts: TefuFactsSnapshot;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
}

export interface EligibilityDeterminedData {
  determinationId: string;
  caseId: string;
  basedOnCaseRevision: number;
  benefit: 'tefu';
  divisionCode: string;
  effectiveFrom: string;
  eligible: boolean;
  outcome: EngineResult['outcome'];
  standardRef: StandardRef | null;
  rulePackId: string;
  rulesetVersion: string;
  /** Per beneficiary, the monthly amount as evaluated for the month of `effectiveFrom`. */
  amounts: BeneficiaryAmount[];
  parameters: { key: string; value: unknown }[];
  facts: TefuFactsSnapshot;
  reasons: EngineResult['reasons'];
  trace: TraceStep[];
}

export interface EntitlementScheduleIssuedData {
  scheduleId: string;
  caseId: string;
  determinationId: string;
  benefit: 'tefu';
  divisionCode: string;
  effectiveFrom: string;
  effectiveTo: string;
  standardRef: StandardRef;
  lines: BeneficiaryAmount[];
  supersedesScheduleId: string;
  /** The approval (审核确认) the schedule follows: its date decides the payment start. */
  approvedOn: string;
  paymentStart: { from: string; policy: string };
  trace: TraceStep[];
}

export const DeterminationErrors = {
  NO_STANDARD_IN_FORCE: (details: Record<string, unknown>) =>
    new DomainError('NO_STANDARD_IN_FORCE', 422, '该地区该日期没有生效的服务标准', 'no standard in force for this division and date', details),
  NO_RULE_PACK: (details: Record<string, unknown>) =>
    new DomainError('NO_RULE_PACK', 422, '生效的服务标准没有对应的规则包', 'no rule pack for the standard version in force', details),
  NO_PAYMENT_START: (details: Record<string, unknown>) =>
    new DomainError('NO_PAYMENT_START', 422, '无法确定发放起始月', 'the engine gave no payment start', details),
};

/** The evaluation request for a snapshot; `confirmedOn` (审核确认) once the case is approved. */
export function tefuRequest(snapshot: SnapshotEnvelope, rulePackId: string, options: { confirmedOn?: string; rulesetVersion?: string } = {}) {
  const { members, family } = snapshot.facts;
  const single = members.length === 1;
  return {
    benefit: 'tefu' as const,
    rulePackId,
    ...(options.rulesetVersion ? { rulesetVersion: options.rulesetVersion } : {}),
    facts: {
      evaluationDate: snapshot.effectiveFrom,
      category: family.familyType === 'childDeceased' ? ('death' as const) : ('disability' as const),
      ...(single ? { singleParent: true } : {}),
      ...(options.confirmedOn ? { confirmedOn: options.confirmedOn } : {}),
      persons: members.map((m) => ({ personId: m.personRef, role: single ? ('parent' as const) : m.role, birthDate: m.birthDate })),
    },
  };
}

/**
 * Evaluates a snapshot under the 特扶 rule pack of the standard in force for the case's division on
 * the snapshot's date (searching up to the city and province), loaded against the catalog.
 */
export function evaluateSnapshot(
  standards: readonly StandardState[],
  snapshot: SnapshotEnvelope,
  options: { confirmedOn?: string; rulesetVersion?: string } = {},
): EngineResult {
  const query = { divisionCode: snapshot.divisionCode, benefit: 'tefu' as const, date: snapshot.effectiveFrom };
  const inForce = resolveInForce(standards, query);
  if (!inForce) throw DeterminationErrors.NO_STANDARD_IN_FORCE(query);
  const pack = RULE_PACKS.find((p) => p.benefit === 'tefu' && p.standard.standardId === inForce.standardId && p.standard.versionId === inForce.versionId);
  if (!pack) throw DeterminationErrors.NO_RULE_PACK({ ...query, standardId: inForce.standardId, versionId: inForce.versionId });
  const loaded = loadRulePack(withSupplements(pack), standards.find((s) => s.standardId === inForce.standardId) ?? null);
  const usable = assertPackUsable(loaded, inForce);
  const packs = new Map([[pack.id, toEnginePack(loaded, usable.activationLabel)]]);
  return evaluate(tefuRequest(snapshot, pack.id, options), packs);
}

/** The clause the amount rests on: the per-person amount step's, else the first cited clause. */
export function amountStandardRef(result: EngineResult): StandardRef | null {
  const amountStep = result.trace.find((s) => s.id === 'tefu.personAmount' && s.clause);
  const step = amountStep ?? result.trace.find((s) => s.clause);
  return step?.clause?.standardRef ?? null;
}

export function determinationData(determinationId: string, snapshot: SnapshotEnvelope, result: EngineResult): EligibilityDeterminedData {
  const month = LocalDate.parse(snapshot.effectiveFrom).yearMonth().toString();
  const parameters = new Map<string, unknown>();
  for (const step of result.trace) for (const p of step.parameters) if (!parameters.has(p.key)) parameters.set(p.key, p.value);
  return {
    determinationId,
    caseId: snapshot.caseId,
    basedOnCaseRevision: snapshot.caseRevision,
    benefit: 'tefu',
    divisionCode: snapshot.divisionCode,
    effectiveFrom: snapshot.effectiveFrom,
    eligible: result.eligible,
    outcome: result.outcome,
    standardRef: amountStandardRef(result),
    rulePackId: result.rulePackId,
    rulesetVersion: result.rulesetVersion,
    amounts: (result.amount?.perPerson ?? []).map((p) => ({ beneficiaryRef: p.personId, periodKey: month, amountFen: p.amount.fen })),
    parameters: [...parameters].map(([key, value]) => ({ key, value })),
    facts: snapshot.facts,
    reasons: result.reasons,
    trace: result.trace,
  };
}

/**
 * The schedule after approval: the engine run again on the determination's facts, pinned to its
 * ruleset version, with the approval date as 审核确认 — which decides the payment start month — and
 * one line per beneficiary and month for SCHEDULE_HORIZON_MONTHS months from it.
 */
export function scheduleData(
  scheduleId: string,
  determination: EligibilityDeterminedData,
  approvedOn: string,
  result: EngineResult,
): EntitlementScheduleIssuedData | null {
  if (!result.eligible || !result.amount?.perPerson?.length || result.amount.period !== 'monthly') return null;
  const start = result.amount.paymentStart;
  if (!start) throw DeterminationErrors.NO_PAYMENT_START({ determinationId: determination.determinationId, approvedOn });
  const standardRef = amountStandardRef(result);
  if (!standardRef) return null;
  const first = YearMonth.parse(start.from);
  const last = first.plusMonths(SCHEDULE_HORIZON_MONTHS - 1);
  const months = YearMonth.range(first, last).map((m) => m.toString());
  const lines = months.flatMap((periodKey) => result.amount!.perPerson!.map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })));
  return {
    scheduleId,
    caseId: determination.caseId,
    determinationId: determination.determinationId,
    benefit: 'tefu',
    divisionCode: determination.divisionCode,
    effectiveFrom: first.firstDay().toString(),
    effectiveTo: last.lastDay().toString(),
    standardRef,
    lines,
    supersedesScheduleId: '',
    approvedOn,
    paymentStart: start,
    trace: result.trace.filter((s) => s.id === 'tefu.paymentStart'),
  };
}
