import { LocalDate, YearMonth } from '@benefits/kernel';
import type { EngineResult, TraceStep } from '@benefits/benefits';
import type { BenefitId, StandardRef } from '@benefits/standards';
import { DeterminationErrors, packInForce, type DeterminationContext } from './context';
import {
  SCHEDULE_HORIZON_MONTHS,
  SCHEDULE_HORIZON_YEARS,
  type BeneficiaryAmount,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type PeriodRecord,
  type RedeterminationCause,
} from './determination-events';
import { amountStandardRef, parametersOf } from './engine-requests';
import type { FactsSnapshot } from './facts';
import { benefitDetermination } from './benefits';
import { periodStartDate } from './periods';

/**
 * 待遇发放计划 from a case's fact snapshot, for the three benefits: pure functions of
 * the snapshot, the determination context (standards catalog, 低保标准 series) and the approval.
 * The consumer and the redetermination runner around them only read and append.
 *
 * Schedules are evaluated period by period: every month (every year for 北京 特扶) is run through
 * the engine with the facts, standard version and parameter values of that period, so the 60
 * switch, a new B, a new standard version, a death or a termination show in the period they apply
 * to (policy `schedule.periodStart`: a period is decided by the facts holding on its first day).
 */

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
  /** Switchable readings other than the product defaults (a simulation's scenario); absent in determinations. */
  policies?: PolicyChoices;
}

/** The switchable named policies a schedule can be evaluated under (the engine's request `policies`). */
export interface PolicyChoices {
  'tefu.age60'?: 'nextMonth' | 'sameMonth';
}

export { periodStartDate } from './periods';

/** Evaluates one period (`yyyy-mm`, or `yyyy` for yearly 特扶) of a periodically paid benefit. */
export function evaluatePeriod(context: DeterminationContext, basis: ScheduleBasis, periodKey: string): PeriodEvaluation {
  const evaluationDate = periodStartDate(periodKey);
  const pack = packInForce(context, basis.benefit, basis.divisionCode, evaluationDate);
  const { schedule } = benefitDetermination(basis.benefit);
  if (schedule.kind !== 'periodic') throw new Error(`${basis.benefit} is paid once: see its schedule's draft`);
  const outcome = schedule.evaluatePeriod(context, pack, basis, periodKey);
  if ('stopped' in outcome) {
    return {
      record: { periodKey, evaluationDate, outcome: 'stopped', rulePackId: null, rulesetVersion: null, standardRef: null, parameters: [], reasons: [outcome.stopped], totalFen: 0 },
      lines: [],
      result: null,
    };
  }
  const { result, lines } = outcome;
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


export function scheduleEvent(
  scheduleId: string,
  determination: Pick<EligibilityDeterminedData, 'caseId' | 'determinationId' | 'benefit' | 'divisionCode'>,
  approvedOn: string,
  draft: ScheduleDraft,
  supersedesScheduleId: string,
  redetermination?: RedeterminationCause,
): EntitlementScheduleIssuedData {
  const policies = [...benefitDetermination(determination.benefit).schedule.policies];
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
  const { schedule } = benefitDetermination(determination.benefit);
  const draft = schedule.kind === 'oneOff' ? schedule.draft(context, basis, approval.approvedAmounts) : periodicSchedule(context, basis);
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

