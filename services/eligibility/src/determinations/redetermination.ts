import type { EventEnvelope } from '@benefits/kernel';
import type { EngineResult } from '@benefits/benefits';
import type { DeterminationContext } from './context';
import {
  determinationData,
  evaluatePeriod,
  firstPeriodOnOrAfter,
  isDeterminedType,
  isScheduleIssuedType,
  periodicSchedule,
  periodStartDate,
  scheduleEvent,
  shiftPeriod,
  SCHEDULE_HORIZON_MONTHS,
  SCHEDULE_HORIZON_YEARS,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type RedeterminationCause,
  type ScheduleBasis,
} from './determination';
import type { FactsSnapshot } from './facts';

/**
 * Redetermination of a case that already has an issued schedule (an approved, active case): from
 * a period on, every period is evaluated again with the facts, standard version and parameter
 * values in force then; the lines before it are carried over unchanged. The result is a new
 * determination and a superseding schedule, appended together. Pure: the caller reads the case's
 * determination stream and the context, and appends what this returns.
 */

export interface CaseDeterminations {
  determinations: EligibilityDeterminedData[];
  schedules: EntitlementScheduleIssuedData[];
}

export function caseDeterminations(history: readonly EventEnvelope[]): CaseDeterminations {
  return {
    determinations: history.filter((e) => isDeterminedType(e.type)).map((e) => e.data as EligibilityDeterminedData),
    schedules: history.filter((e) => isScheduleIssuedType(e.type)).map((e) => e.data as EntitlementScheduleIssuedData),
  };
}

export const latest = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/** Whether a schedule pays by the year (北京 特扶). */
export const isYearly = (schedule: Pick<EntitlementScheduleIssuedData, 'paymentStart'>) => /^\d{4}$/.test(schedule.paymentStart.from);

/** The first period a change dated `date` affects, in the schedule's period kind. */
export function fromPeriodFor(schedule: Pick<EntitlementScheduleIssuedData, 'paymentStart'>, date: string): string {
  return firstPeriodOnOrAfter(date, isYearly(schedule));
}

export interface RedeterminationInput {
  determinationId: string;
  scheduleId: string;
  cause: RedeterminationCause;
  /** New facts (a fact snapshot for an active case); otherwise the latest determination's facts. */
  facts?: FactsSnapshot;
  caseRevision?: number;
}

export interface Redetermined {
  determination: EligibilityDeterminedData;
  schedule: EntitlementScheduleIssuedData;
}

/**
 * The new determination and superseding schedule, or null when the case has no periodic schedule
 * (not approved yet, or 临时救助, which is one-off) or the change starts after the schedule's
 * horizon (the next extension evaluates those periods anyway).
 */
export function redetermine(context: DeterminationContext, history: CaseDeterminations, input: RedeterminationInput): Redetermined | null {
  const schedule = latest(history.schedules);
  const previous = latest(history.determinations);
  if (!schedule || !previous || schedule.benefit === 'linshi') return null;
  const fromPeriod = input.cause.fromPeriod < schedule.paymentStart.from ? schedule.paymentStart.from : input.cause.fromPeriod;
  if (fromPeriod > schedule.horizonEnd) return null;
  const facts = input.facts ?? previous.facts;
  const basis: ScheduleBasis = {
    benefit: schedule.benefit,
    caseId: schedule.caseId,
    divisionCode: schedule.divisionCode,
    facts,
    approvedOn: schedule.approvedOn,
    rulesetVersion: previous.rulesetVersion,
  };
  const first = evaluatePeriod(context, basis, fromPeriod);
  const effectiveFrom = periodStartDate(fromPeriod);
  const result: EngineResult = first.result ?? {
    benefit: schedule.benefit,
    rulesetVersion: previous.rulesetVersion,
    rulePackId: previous.rulePackId,
    eligible: false,
    outcome: 'ineligible',
    reasons: first.record.reasons.map((code) => ({
      code,
      zh: code === 'CASE_TERMINATED' ? '案件已终止，自终止的次期起停发' : '扶助对象均已死亡，自死亡的次期起停发',
      en: code === 'CASE_TERMINATED' ? 'the case ended; nothing is due from the period after' : 'no beneficiary is alive; nothing is due from the period after',
      clause: null,
      policy: 'schedule.stopAfterPeriod',
    })),
    amount: null,
    trace: [],
  };
  const base = determinationData(
    input.determinationId,
    { caseId: schedule.caseId, divisionCode: schedule.divisionCode, effectiveFrom, caseRevision: input.caseRevision ?? previous.basedOnCaseRevision, facts },
    result,
  );
  const determination: EligibilityDeterminedData = {
    ...base,
    // The amounts of the first recomputed period, as the schedule has them.
    amounts: first.lines,
    redetermination: { ...input.cause, fromPeriod },
    supersedesDeterminationId: previous.determinationId,
  };
  const draft = periodicSchedule(context, basis, { previous: schedule, fromPeriod });
  return {
    determination,
    schedule: scheduleEvent(input.scheduleId, determination, schedule.approvedOn, draft, schedule.scheduleId, { ...input.cause, fromPeriod }),
  };
}

/**
 * The next horizon of a schedule that runs out within `leadMonths` of `asOfMonth`: the same
 * lines, plus the periods up to one more horizon, each evaluated on its own. Null when the
 * schedule still reaches far enough, or pays nothing after its end (terminated).
 */
export function extendHorizon(
  context: DeterminationContext,
  history: CaseDeterminations,
  input: { scheduleId: string; asOfMonth: string; leadMonths: number },
): EntitlementScheduleIssuedData | null {
  const schedule = latest(history.schedules);
  const determination = latest(history.determinations);
  if (!schedule || !determination || schedule.benefit === 'linshi') return null;
  const yearly = isYearly(schedule);
  const threshold = yearly ? shiftPeriod(input.asOfMonth, input.leadMonths).slice(0, 4) : shiftPeriod(input.asOfMonth, input.leadMonths);
  if (schedule.horizonEnd > threshold) return null;
  const last = latest(schedule.periods);
  if (last && last.outcome === 'stopped') return null;
  const horizonEnd = shiftPeriod(schedule.horizonEnd, yearly ? SCHEDULE_HORIZON_YEARS : SCHEDULE_HORIZON_MONTHS);
  const basis: ScheduleBasis = {
    benefit: schedule.benefit,
    caseId: schedule.caseId,
    divisionCode: schedule.divisionCode,
    facts: determination.facts,
    approvedOn: schedule.approvedOn,
    rulesetVersion: determination.rulesetVersion,
  };
  const draft = periodicSchedule(context, basis, { previous: schedule, fromPeriod: shiftPeriod(schedule.horizonEnd, 1), horizonEnd });
  return {
    ...scheduleEvent(input.scheduleId, determination, schedule.approvedOn, draft, schedule.scheduleId),
    effectiveFrom: schedule.effectiveFrom,
  };
}
