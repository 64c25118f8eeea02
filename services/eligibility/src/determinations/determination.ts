import { LocalDate, YearMonth } from '@benefits/kernel';
import type { EngineResult, TraceStep } from '@benefits/benefits';
import type { BenefitId, StandardRef } from '@benefits/standards';
import { bandTableOn, DeterminationErrors, evaluateWith, packInForce, requireDibaoStandard, dibaoStandardOn, type DeterminationContext } from './context';
import { parseFacts, type DibaoFactsSnapshot, type FactsSnapshot, type LinshiFactsSnapshot, type TefuFactsSnapshot } from './facts';

/**
 * 资格认定 and 待遇发放计划 from a case's fact snapshot, for the three benefits: pure functions of
 * the snapshot, the determination context (standards catalog, 低保标准 series) and the approval.
 * The consumer and the redetermination runner around them only read and append.
 *
 * Schedules are evaluated period by period: every month (every year for 北京 特扶) is run through
 * the engine with the facts, standard version and parameter values of that period, so the 60
 * switch, a new B, a new standard version, a death or a termination show in the period they apply
 * to (policy `schedule.periodStart`: a period is decided by the facts holding on its first day).
 */

export const BENEFIT_IDS: readonly BenefitId[] = ['tefu', 'dibao', 'linshi'];

export const determinedType = (benefit: BenefitId) => `${benefit}.EligibilityDetermined.v1`;
export const scheduleIssuedType = (benefit: BenefitId) => `${benefit}.EntitlementScheduleIssued.v1`;
export const isDeterminedType = (type: string) => /^(tefu|dibao|linshi)\.EligibilityDetermined\.v1$/.test(type);
export const isScheduleIssuedType = (type: string) => /^(tefu|dibao|linshi)\.EntitlementScheduleIssued\.v1$/.test(type);
export const determinationStreamId = (caseId: string) => `determination-${caseId}`;

/** Months an issued schedule covers from its first period; the extension continues it. */
export const SCHEDULE_HORIZON_MONTHS = 12;
/** Years a yearly (北京 特扶) schedule covers from its first period. */
export const SCHEDULE_HORIZON_YEARS = 2;

/** The named policies this module applies (shown in each schedule's `policies`). */
export const SCHEDULE_POLICIES = {
  periodStart: 'schedule.periodStart',
  stopAfterPeriod: 'schedule.stopAfterPeriod',
  householdPayee: 'dibao.payee.firstMember',
  linshiDecisionDate: 'linshi.decisionOnApproval',
} as const;

export interface SnapshotEnvelope<F = FactsSnapshot> {
  caseId: string;
  divisionCode: string;
  /** yyyy-mm-dd: the facts hold from this date; the evaluation date of the determination. */
  effectiveFrom: string;
  caseRevision: number;
  facts: F;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  /** `yyyy-mm` (monthly), `yyyy` (yearly), `once:<caseId>[:<n>]` (one-off). */
  periodKey: string;
  amountFen: number;
  /**
   * yyyy-mm-dd: when a staged 临时救助 instalment (`once:<caseId>:<n>`) falls due, from the approval's
   * instalment plan (integration BeneficiaryAmount.due_date). Absent on every other line.
   */
  dueDate?: string;
}

/** Why a determination or schedule was made again for a case that already had one. */
export interface RedeterminationCause {
  kind: 'facts' | 'parameter' | 'standardActivation' | 'manual';
  /** The fact snapshot's event, the parameter entry, the activation, or the request. */
  ref: string;
  /** The first period recomputed; every earlier line is carried over unchanged. */
  fromPeriod: string;
}

export interface EligibilityDeterminedData {
  determinationId: string;
  caseId: string;
  basedOnCaseRevision: number;
  benefit: BenefitId;
  divisionCode: string;
  effectiveFrom: string;
  eligible: boolean;
  outcome: EngineResult['outcome'];
  standardRef: StandardRef | null;
  rulePackId: string;
  rulesetVersion: string;
  /** Per beneficiary, the amount for the period of `effectiveFrom` (one-off: the grant). */
  amounts: BeneficiaryAmount[];
  /** 急难型 临时救助: the cap within which the approver chooses; 0 otherwise. */
  capFen: number;
  parameters: { key: string; value: unknown; source?: unknown }[];
  facts: FactsSnapshot;
  reasons: EngineResult['reasons'];
  trace: TraceStep[];
  /** Set on a redetermination of a case with an issued schedule. */
  redetermination?: RedeterminationCause;
  supersedesDeterminationId?: string;
}

/** One evaluated period of a schedule: what the amount rests on, without the full trace. */
export interface PeriodRecord {
  periodKey: string;
  evaluationDate: string;
  outcome: EngineResult['outcome'] | 'stopped';
  rulePackId: string | null;
  rulesetVersion: string | null;
  standardRef: StandardRef | null;
  /** Parameter values of the period (e.g. B with its source entry). */
  parameters: { key: string; value: unknown; source?: unknown }[];
  reasons: string[];
  totalFen: number;
}

export interface EntitlementScheduleIssuedData {
  scheduleId: string;
  caseId: string;
  determinationId: string;
  benefit: BenefitId;
  divisionCode: string;
  effectiveFrom: string;
  effectiveTo: string;
  standardRef: StandardRef;
  lines: BeneficiaryAmount[];
  supersedesScheduleId: string;
  /** The approval (审核确认) the schedule follows: its date decides the payment start. */
  approvedOn: string;
  paymentStart: { from: string; policy: string };
  /** The last period the schedule covers (`yyyy-mm` / `yyyy`; the one-off key for 临时救助). */
  horizonEnd: string;
  /** Every period evaluated for this schedule (periods carried over from the previous one are not repeated). */
  periods: PeriodRecord[];
  policies: string[];
  redetermination?: RedeterminationCause;
  trace: TraceStep[];
}

// ---------------------------------------------------------------------------------------------
// Requests per benefit

/** The 特扶 evaluation request for a snapshot; `confirmedOn` (审核确认) once the case is approved. */
export function tefuRequest(
  snapshot: SnapshotEnvelope<TefuFactsSnapshot>,
  rulePackId: string,
  options: { confirmedOn?: string; rulesetVersion?: string; evaluationDate?: string; members?: TefuFactsSnapshot['members'] } = {},
) {
  const { family } = snapshot.facts;
  const members = options.members ?? snapshot.facts.members;
  const single = members.length === 1;
  return {
    benefit: 'tefu' as const,
    rulePackId,
    ...(options.rulesetVersion ? { rulesetVersion: options.rulesetVersion } : {}),
    facts: {
      evaluationDate: options.evaluationDate ?? snapshot.effectiveFrom,
      category: family.familyType === 'childDeceased' ? ('death' as const) : ('disability' as const),
      ...(single ? { singleParent: true } : {}),
      // When the family met the conditions other than age (the child's death or disability): 北京's start year.
      conditionsMetOn: family.childEventDate,
      ...(options.confirmedOn ? { confirmedOn: options.confirmedOn } : {}),
      persons: members.map((m) => ({
        personId: m.personRef,
        role: single ? ('parent' as const) : m.role,
        birthDate: m.birthDate,
        ...(m.elderlyCareSubsidy !== undefined ? { elderlyCareSubsidy: m.elderlyCareSubsidy } : {}),
        ...(m.disabledOrDemented !== undefined ? { disabledOrDemented: m.disabledOrDemented } : {}),
      })),
    },
  };
}

function dibaoRequest(context: DeterminationContext, divisionCode: string, facts: DibaoFactsSnapshot, month: string, options: { approvedOn?: string; rulesetVersion?: string }) {
  const b = requireDibaoStandard(context, divisionCode, `${month}-01`);
  return {
    benefit: 'dibao' as const,
    ...(options.rulesetVersion ? { rulesetVersion: options.rulesetVersion } : {}),
    dibaoStandard: b,
    facts: {
      benefitMonth: month,
      members: facts.members.map((m) => ({ personId: m.personRef, monthlyIncome: { fen: m.monthlyIncomeFen }, ...(m.extraNeed ? { extraNeed: m.extraNeed } : {}) })),
      ...(facts.assets ? { assets: facts.assets } : {}),
      ...(facts.singlePerson ? { singlePerson: { ...withoutRef(facts.singlePerson), personId: facts.singlePerson.personRef } } : {}),
      ...(options.approvedOn ? { approvedOn: options.approvedOn } : {}),
    },
  };
}

function withoutRef<T extends { personRef: string }>(value: T): Omit<T, 'personRef'> {
  const { personRef: _ref, ...rest } = value;
  return rest;
}

function linshiRequest(context: DeterminationContext, divisionCode: string, facts: LinshiFactsSnapshot, decisionDate: string, rulesetVersion?: string) {
  const b = dibaoStandardOn(context, divisionCode, `${decisionDate.slice(0, 7)}-01`);
  // The band table published for the division and in force on the decision date (used by the
  // engine only where the standard delegates the amount); never one from the facts.
  const table = bandTableOn(context, divisionCode, decisionDate);
  return {
    benefit: 'linshi' as const,
    ...(rulesetVersion ? { rulesetVersion } : {}),
    ...(b ? { dibaoStandard: b } : {}),
    ...(table ? { bandTable: table } : {}),
    facts: {
      decisionDate,
      type: facts.type,
      householdMembers: facts.householdMembers,
      ...(facts.group ? { group: facts.group } : {}),
      ...(facts.necessaryExpenditureFen !== undefined ? { necessaryExpenditure: { fen: facts.necessaryExpenditureFen } } : {}),
      ...(facts.severeDisabilityUplift !== undefined ? { severeDisabilityUplift: facts.severeDisabilityUplift } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Determination (at the snapshot's date)

/**
 * Evaluates a 特扶 snapshot under the rule pack of the standard in force for the case's division on
 * the snapshot's date (searching up to the city and province), loaded against the catalog.
 */
export function evaluateSnapshot(
  standards: DeterminationContext['standards'],
  snapshot: SnapshotEnvelope<unknown>,
  options: { confirmedOn?: string; rulesetVersion?: string } = {},
): EngineResult {
  const context: DeterminationContext = { standards, dibaoSeriesOf: () => [] };
  const facts = parseFacts('tefu', snapshot.facts) as TefuFactsSnapshot;
  const pack = packInForce(context, 'tefu', snapshot.divisionCode, snapshot.effectiveFrom);
  return evaluateWith(pack, tefuRequest({ ...snapshot, facts }, pack.packId, options));
}

/** The engine result of a snapshot on its date, for any benefit. */
export function determine(context: DeterminationContext, benefit: BenefitId, snapshot: SnapshotEnvelope, rulesetVersion?: string): EngineResult {
  const pack = packInForce(context, benefit, snapshot.divisionCode, snapshot.effectiveFrom);
  switch (benefit) {
    case 'tefu':
      return evaluateWith(pack, tefuRequest(snapshot as SnapshotEnvelope<TefuFactsSnapshot>, pack.packId, { rulesetVersion }));
    case 'dibao':
      return evaluateWith(pack, dibaoRequest(context, snapshot.divisionCode, snapshot.facts as DibaoFactsSnapshot, snapshot.effectiveFrom.slice(0, 7), { rulesetVersion }));
    case 'linshi':
      return evaluateWith(pack, linshiRequest(context, snapshot.divisionCode, snapshot.facts as LinshiFactsSnapshot, snapshot.effectiveFrom, rulesetVersion));
  }
}

/** The clause the amount rests on: the amount step's, else the first cited clause. */
export function amountStandardRef(result: EngineResult): StandardRef | null {
  const amountSteps = ['tefu.personAmount', 'tefu.complication', 'dibao.amount', 'linshi.jinan.cap', 'linshi.amount', 'linshi.cap', 'linshi.zhichu.band'];
  const step = result.trace.find((s) => amountSteps.includes(s.id) && s.clause) ?? result.trace.find((s) => s.clause);
  return step?.clause?.standardRef ?? null;
}

/** Parameter values the result used, once each; series values (B) with their source entry. */
function parametersOf(result: EngineResult): { key: string; value: unknown; source?: unknown }[] {
  const parameters = new Map<string, { key: string; value: unknown; source?: unknown }>();
  for (const step of result.trace) {
    for (const p of step.parameters) if (!parameters.has(p.key)) parameters.set(p.key, { key: p.key, value: p.value, ...(p.source ? { source: p.source } : {}) });
  }
  return [...parameters.values()];
}

export const oneOffKey = (caseId: string, n?: number) => (n === undefined ? `once:${caseId}` : `once:${caseId}:${n}`);

/** The household's payee for 低保: the first member listed (the applicant, whose 一卡通 account is paid). */
const dibaoPayee = (facts: DibaoFactsSnapshot) => facts.members[0].personRef;

function determinationAmounts(benefit: BenefitId, snapshot: SnapshotEnvelope, result: EngineResult): { amounts: BeneficiaryAmount[]; capFen: number } {
  if (!result.eligible || !result.amount) return { amounts: [], capFen: 0 };
  switch (benefit) {
    case 'tefu': {
      const date = LocalDate.parse(snapshot.effectiveFrom);
      const periodKey = result.amount.period === 'yearly' ? String(date.year) : date.yearMonth().toString();
      return { amounts: (result.amount.perPerson ?? []).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })), capFen: 0 };
    }
    case 'dibao':
      return {
        amounts: [{ beneficiaryRef: dibaoPayee(snapshot.facts as DibaoFactsSnapshot), periodKey: snapshot.effectiveFrom.slice(0, 7), amountFen: result.amount.total.fen }],
        capFen: 0,
      };
    case 'linshi': {
      const facts = snapshot.facts as LinshiFactsSnapshot;
      if (result.amount.nature === 'cap') return { amounts: [], capFen: result.amount.total.fen };
      return { amounts: [{ beneficiaryRef: facts.memberRefs[0], periodKey: oneOffKey(snapshot.caseId), amountFen: result.amount.total.fen }], capFen: 0 };
    }
  }
}

export function determinationData(determinationId: string, snapshot: SnapshotEnvelope<unknown>, result: EngineResult): EligibilityDeterminedData {
  const benefit = result.benefit;
  const facts = parseFacts(benefit, snapshot.facts);
  const typed: SnapshotEnvelope = { ...snapshot, facts };
  const { amounts, capFen } = determinationAmounts(benefit, typed, result);
  return {
    determinationId,
    caseId: snapshot.caseId,
    basedOnCaseRevision: snapshot.caseRevision,
    benefit,
    divisionCode: snapshot.divisionCode,
    effectiveFrom: snapshot.effectiveFrom,
    eligible: result.eligible,
    outcome: result.outcome,
    standardRef: amountStandardRef(result),
    rulePackId: result.rulePackId,
    rulesetVersion: result.rulesetVersion,
    amounts,
    capFen,
    parameters: parametersOf(result),
    facts,
    reasons: result.reasons,
    trace: result.trace,
  };
}

// ---------------------------------------------------------------------------------------------
// Schedules, period by period

export interface PeriodEvaluation {
  record: PeriodRecord;
  lines: BeneficiaryAmount[];
  result: EngineResult | null;
}

export interface ScheduleBasis {
  benefit: BenefitId;
  caseId: string;
  divisionCode: string;
  facts: FactsSnapshot;
  /** 审核确认 date. */
  approvedOn: string;
  rulesetVersion?: string;
}

/** The date a period is decided on: its first day (policy schedule.periodStart). */
export function periodStartDate(periodKey: string): string {
  return /^\d{4}$/.test(periodKey) ? `${periodKey}-01-01` : `${periodKey}-01`;
}

/** Whether a date (death, termination) lies before the period's first day: then nothing is due for the period. */
const endedBefore = (date: string | undefined, periodKey: string) => date !== undefined && date < periodStartDate(periodKey);

/** Evaluates one period (`yyyy-mm`, or `yyyy` for yearly 特扶) of a monthly or yearly benefit. */
export function evaluatePeriod(context: DeterminationContext, basis: ScheduleBasis, periodKey: string): PeriodEvaluation {
  const evaluationDate = periodStartDate(periodKey);
  const stopped = (reason: string): PeriodEvaluation => ({
    record: { periodKey, evaluationDate, outcome: 'stopped', rulePackId: null, rulesetVersion: null, standardRef: null, parameters: [], reasons: [reason], totalFen: 0 },
    lines: [],
    result: null,
  });
  const pack = packInForce(context, basis.benefit, basis.divisionCode, evaluationDate);
  let result: EngineResult;
  let lines: BeneficiaryAmount[] = [];
  switch (basis.benefit) {
    case 'tefu': {
      const facts = basis.facts as TefuFactsSnapshot;
      if (endedBefore(facts.terminatedOn, periodKey)) return stopped('CASE_TERMINATED');
      const members = facts.members.filter((m) => !endedBefore(m.deathDate, periodKey));
      if (members.length === 0) return stopped('NO_LIVING_BENEFICIARY');
      const snapshot = { caseId: basis.caseId, divisionCode: basis.divisionCode, effectiveFrom: evaluationDate, caseRevision: 0, facts };
      result = evaluateWith(pack, tefuRequest(snapshot, pack.packId, { confirmedOn: basis.approvedOn, rulesetVersion: basis.rulesetVersion, evaluationDate, members }));
      if (result.eligible) lines = (result.amount?.perPerson ?? []).filter((p) => p.amount.fen > 0).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen }));
      break;
    }
    case 'dibao': {
      const facts = basis.facts as DibaoFactsSnapshot;
      if (endedBefore(facts.terminatedOn, periodKey)) return stopped('CASE_TERMINATED');
      result = evaluateWith(pack, dibaoRequest(context, basis.divisionCode, facts, periodKey, { approvedOn: basis.approvedOn, rulesetVersion: basis.rulesetVersion }));
      if (result.eligible && result.amount && result.amount.total.fen > 0) lines = [{ beneficiaryRef: dibaoPayee(facts), periodKey, amountFen: result.amount.total.fen }];
      break;
    }
    case 'linshi':
      throw new Error('临时救助 is one-off: see linshiSchedule');
  }
  return {
    record: {
      periodKey,
      evaluationDate,
      outcome: result.outcome,
      rulePackId: result.rulePackId,
      rulesetVersion: result.rulesetVersion,
      standardRef: amountStandardRef(result),
      parameters: parametersOf(result).filter((p) => p.key === 'dibao.standard' || /amount/i.test(p.key)),
      reasons: result.reasons.map((r) => r.code),
      totalFen: lines.reduce((a, l) => a + l.amountFen, 0),
    },
    lines,
    result,
  };
}

/** The periods from `from` to `to` inclusive (months `yyyy-mm` or years `yyyy`). */
export function periodRange(from: string, to: string): string[] {
  if (/^\d{4}$/.test(from)) {
    const out: string[] = [];
    for (let y = Number(from); y <= Number(to); y += 1) out.push(String(y));
    return out;
  }
  if (to < from) return [];
  return YearMonth.range(YearMonth.parse(from), YearMonth.parse(to)).map((m) => m.toString());
}

/** The period after `periodKey` shifted by n (months or years). */
export function shiftPeriod(periodKey: string, n: number): string {
  return /^\d{4}$/.test(periodKey) ? String(Number(periodKey) + n) : YearMonth.parse(periodKey).plusMonths(n).toString();
}

/** The first period whose first day is on or after a date (a change dated mid-period applies from the next one). */
export function firstPeriodOnOrAfter(date: string, yearly: boolean): string {
  if (yearly) return date.endsWith('-01-01') ? date.slice(0, 4) : String(Number(date.slice(0, 4)) + 1);
  const month = date.slice(0, 7);
  return date.endsWith('-01') ? month : shiftPeriod(month, 1);
}

export interface ScheduleDraft {
  lines: BeneficiaryAmount[];
  periods: PeriodRecord[];
  paymentStart: { from: string; policy: string };
  standardRef: StandardRef;
  horizonEnd: string;
  effectiveFrom: string;
  effectiveTo: string;
  trace: TraceStep[];
}

function periodBounds(first: string, last: string): { effectiveFrom: string; effectiveTo: string } {
  if (/^\d{4}$/.test(first)) return { effectiveFrom: `${first}-01-01`, effectiveTo: `${last}-12-31` };
  return { effectiveFrom: YearMonth.parse(first).firstDay().toString(), effectiveTo: YearMonth.parse(last).lastDay().toString() };
}

/**
 * A monthly (yearly) schedule: from the payment start the engine gives for the approval
 * (tefu.paymentStart / dibao.gap) to `horizonEnd`, every period evaluated on its own. With
 * `previous` and `fromPeriod`, the lines before `fromPeriod` are carried over from the previous
 * schedule unchanged and only the periods from `fromPeriod` on are evaluated again.
 */
export function periodicSchedule(
  context: DeterminationContext,
  basis: ScheduleBasis,
  options: { horizonEnd?: string; previous?: Pick<EntitlementScheduleIssuedData, 'lines' | 'paymentStart' | 'horizonEnd' | 'standardRef'>; fromPeriod?: string } = {},
): ScheduleDraft {
  let paymentStart = options.previous?.paymentStart;
  let trace: TraceStep[] = [];
  if (!paymentStart) {
    // The payment start comes from the engine run for the approval: the month after 审核确认 (Zhejiang 特扶, 低保) or the year after the conditions were met (北京 特扶).
    const firstMonth = LocalDate.parse(basis.approvedOn).yearMonth().plusMonths(1).toString();
    const probe = evaluatePeriod(context, basis, firstMonth);
    const start = probe.result?.amount?.paymentStart;
    if (!start) throw DeterminationErrors.NO_PAYMENT_START({ caseId: basis.caseId, approvedOn: basis.approvedOn, outcome: probe.record.outcome, reasons: probe.record.reasons });
    paymentStart = start;
    trace = probe.result!.trace.filter((s) => s.id.endsWith('.paymentStart'));
  }
  const yearly = /^\d{4}$/.test(paymentStart.from);
  const horizonEnd =
    options.horizonEnd ?? options.previous?.horizonEnd ?? shiftPeriod(paymentStart.from, (yearly ? SCHEDULE_HORIZON_YEARS : SCHEDULE_HORIZON_MONTHS) - 1);
  const from = options.fromPeriod && options.fromPeriod > paymentStart.from ? options.fromPeriod : paymentStart.from;
  const carried = (options.previous?.lines ?? []).filter((l) => l.periodKey < from);
  const evaluated = periodRange(from, horizonEnd).map((p) => evaluatePeriod(context, basis, p));
  const standardRef = evaluated.map((e) => e.record.standardRef).find((r): r is StandardRef => r !== null) ?? options.previous?.standardRef;
  if (!standardRef) throw DeterminationErrors.NOT_ELIGIBLE({ caseId: basis.caseId, reason: 'no period of the schedule rests on a clause' });
  return {
    lines: [...carried, ...evaluated.flatMap((e) => e.lines)],
    periods: evaluated.map((e) => e.record),
    paymentStart,
    standardRef,
    horizonEnd,
    ...periodBounds(paymentStart.from, horizonEnd),
    trace,
  };
}

/**
 * 临时救助 after approval: one-off lines `once:<caseId>[:<n>]`. The engine runs again with the
 * approval date as the decision date (linshi.cap.basis: B of the month of decision). 急难型: the
 * approver's amounts, whose sum must not exceed the cap; 支出型: the amounts chosen (within the
 * determined amount), or the determined amount to the first member when none were chosen.
 */
export function linshiSchedule(
  context: DeterminationContext,
  basis: ScheduleBasis,
  approvedAmounts: readonly BeneficiaryAmount[],
): ScheduleDraft {
  const facts = basis.facts as LinshiFactsSnapshot;
  const pack = packInForce(context, 'linshi', basis.divisionCode, basis.approvedOn);
  const result = evaluateWith(pack, linshiRequest(context, basis.divisionCode, facts, basis.approvedOn, basis.rulesetVersion));
  if (!result.eligible || !result.amount) throw DeterminationErrors.NOT_ELIGIBLE({ caseId: basis.caseId, outcome: result.outcome, reasons: result.reasons.map((r) => r.code) });
  const limit = result.amount.total.fen;
  const chosen = approvedAmounts.filter((a) => a.amountFen !== 0);
  let lines: BeneficiaryAmount[];
  if (chosen.length === 0) {
    if (result.amount.nature === 'cap') throw DeterminationErrors.APPROVED_AMOUNTS_REQUIRED({ caseId: basis.caseId, capFen: limit });
    lines = [{ beneficiaryRef: facts.memberRefs[0], periodKey: oneOffKey(basis.caseId), amountFen: limit }];
  } else {
    const keyPattern = new RegExp(`^once:${basis.caseId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:[1-9]\\d{0,2})?$`);
    for (const a of chosen) {
      if (!keyPattern.test(a.periodKey) || !facts.memberRefs.includes(a.beneficiaryRef) || !Number.isSafeInteger(a.amountFen) || a.amountFen < 0 || !validDueDate(a, basis.approvedOn)) {
        throw DeterminationErrors.APPROVED_AMOUNTS_INVALID({ caseId: basis.caseId, line: a, expectedPeriodKey: `once:${basis.caseId}[:<n>]`, memberRefs: facts.memberRefs });
      }
    }
    const sum = chosen.reduce((s, a) => s + a.amountFen, 0);
    if (sum > limit) throw DeterminationErrors.APPROVED_AMOUNT_OVER_CAP({ caseId: basis.caseId, approvedFen: sum, capFen: limit, nature: result.amount.nature });
    // An instalment keeps its planned due date (disbursement pays it in that month's run, not before).
    lines = chosen.map(({ beneficiaryRef, periodKey, amountFen, dueDate }) => ({ beneficiaryRef, periodKey, amountFen, ...(dueDate ? { dueDate } : {}) }));
  }
  const standardRef = amountStandardRef(result);
  if (!standardRef) throw DeterminationErrors.NOT_ELIGIBLE({ caseId: basis.caseId, reason: 'the amount rests on no clause' });
  const record: PeriodRecord = {
    periodKey: oneOffKey(basis.caseId),
    evaluationDate: basis.approvedOn,
    outcome: result.outcome,
    rulePackId: result.rulePackId,
    rulesetVersion: result.rulesetVersion,
    standardRef,
    parameters: parametersOf(result),
    reasons: result.reasons.map((r) => r.code),
    totalFen: lines.reduce((a, l) => a + l.amountFen, 0),
  };
  return {
    lines,
    periods: [record],
    paymentStart: { from: basis.approvedOn, policy: SCHEDULE_POLICIES.linshiDecisionDate },
    standardRef,
    horizonEnd: oneOffKey(basis.caseId),
    effectiveFrom: basis.approvedOn,
    effectiveTo: basis.approvedOn,
    trace: result.trace,
  };
}

/** A due date, when a line has one: only on an instalment (`once:<caseId>:<n>`), a real date, not before the approval. */
function validDueDate(line: BeneficiaryAmount, approvedOn: string): boolean {
  if (!line.dueDate) return true;
  return /:\d+$/.test(line.periodKey) && LocalDate.isValid(line.dueDate) && line.dueDate >= approvedOn;
}

export function scheduleEvent(
  scheduleId: string,
  determination: Pick<EligibilityDeterminedData, 'caseId' | 'determinationId' | 'benefit' | 'divisionCode'>,
  approvedOn: string,
  draft: ScheduleDraft,
  supersedesScheduleId: string,
  redetermination?: RedeterminationCause,
): EntitlementScheduleIssuedData {
  const policies: string[] =
    determination.benefit === 'linshi'
      ? [SCHEDULE_POLICIES.linshiDecisionDate]
      : [SCHEDULE_POLICIES.periodStart, SCHEDULE_POLICIES.stopAfterPeriod, ...(determination.benefit === 'dibao' ? [SCHEDULE_POLICIES.householdPayee] : [])];
  return {
    scheduleId,
    caseId: determination.caseId,
    determinationId: determination.determinationId,
    benefit: determination.benefit,
    divisionCode: determination.divisionCode,
    effectiveFrom: draft.effectiveFrom,
    effectiveTo: draft.effectiveTo,
    standardRef: draft.standardRef,
    lines: draft.lines,
    supersedesScheduleId,
    approvedOn,
    paymentStart: draft.paymentStart,
    horizonEnd: draft.horizonEnd,
    periods: draft.periods,
    policies,
    ...(redetermination ? { redetermination } : {}),
    trace: draft.trace,
  };
}

/** The schedule for an approval citing a determination (any benefit). */
export function scheduleForApproval(
  context: DeterminationContext,
  scheduleId: string,
  determination: EligibilityDeterminedData,
  approval: { approvedOn: string; approvedAmounts: readonly BeneficiaryAmount[] },
  supersedesScheduleId: string,
): EntitlementScheduleIssuedData | null {
  if (!determination.eligible) return null;
  const basis: ScheduleBasis = {
    benefit: determination.benefit,
    caseId: determination.caseId,
    divisionCode: determination.divisionCode,
    facts: determination.facts,
    approvedOn: approval.approvedOn,
    rulesetVersion: determination.rulesetVersion,
  };
  const draft = determination.benefit === 'linshi' ? linshiSchedule(context, basis, approval.approvedAmounts) : periodicSchedule(context, basis);
  return scheduleEvent(scheduleId, determination, approval.approvedOn, draft, supersedesScheduleId);
}

/**
 * Compatibility wrapper for the 特扶 schedule after approval, evaluated month by month against the
 * catalog. Returns null when the determination gives nothing to pay.
 */
export function scheduleData(
  scheduleId: string,
  determination: EligibilityDeterminedData,
  approvedOn: string,
  standards: DeterminationContext['standards'],
): EntitlementScheduleIssuedData | null {
  return scheduleForApproval({ standards, dibaoSeriesOf: () => [] }, scheduleId, determination, { approvedOn, approvedAmounts: [] }, '');
}
