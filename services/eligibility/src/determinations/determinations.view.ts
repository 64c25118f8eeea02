import { ageOn, LocalDate } from '@benefits/kernel';
import type { TraceStep } from '@benefits/benefits';
import { BIRTH_DATE_ROLES } from '@benefits/identity';
import type { EligibilityDeterminedData, EntitlementScheduleIssuedData } from './determination';
import type { CaseDeterminations } from './redetermination';

/**
 * What GET /eligibility/cases/{caseId}/determinations shows to a reader of a role
 * (docs/operations/masking.md). Intake officers, case officers and approvers see the recorded
 * events as they are. Every other role (finance, audit, administrators) sees each member's age on
 * the determination's date instead of the birth date, and the traces without anything that pins
 * the birth date: the birth date itself, the dates a person turns an age (`dateOfTurning60`, the
 * date the age condition is met), the month the 60 switch takes effect, the 29 February reading,
 * and the turning date quoted in a reason. The recorded events are not changed: the view is built from a copy.
 */

export type BirthDateDisclosure = 'exact' | 'age';

export interface CaseDeterminationsView extends CaseDeterminations {
  caseId: string;
  /** `exact`: members' birth dates as recorded; `age`: `ageYears` on the determination's date instead. */
  memberBirthDates: BirthDateDisclosure;
}

export const birthDateDisclosure = (role: string): BirthDateDisclosure => (BIRTH_DATE_ROLES.includes(role) ? 'exact' : 'age');

/** Trace fact keys whose value is the birth date or a date computed from it. */
const BIRTH_DERIVED_FACTS = /^(birthDate|dateOfTurning.*|ageConditionMetOn)$/;
/**
 * Result keys of age steps computed from the birth date: `tefu.wifeAge` `since` (the day the age is
 * reached), `tefu.age60` `from` (the month of turning 60 or the month after: the birth month, even
 * when it lies years ahead). The step keeps its verdict (`met`, `aged60OrOver`).
 */
const BIRTH_DERIVED_RESULTS = ['since', 'from'];
/** The reading that is cited only for a 29 February birth: it names the birth day. */
const BIRTH_DAY_POLICIES = ['age.feb29.march1'];
/** Reasons whose texts quote the date a person reaches an age. */
const BIRTH_DERIVED_REASONS = ['TEFU_WIFE_UNDER_MIN_AGE'];
const WITHHELD = { zh: '（日期不向本角色显示）', en: '(date withheld for this role)' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function without(value: Obj, drop: (key: string) => boolean): Obj {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !drop(key)));
}

/** A trace step without the birth date and the dates derived from it (an age step keeps `ageOnDate` and `evaluationDate`). */
export function ageOnlyStep(step: TraceStep): TraceStep {
  const ageStep = Object.keys(step.facts).some((key) => BIRTH_DERIVED_FACTS.test(key));
  if (!ageStep) return step;
  return {
    ...step,
    facts: without(step.facts, (key) => BIRTH_DERIVED_FACTS.test(key)) as TraceStep['facts'],
    result: isObj(step.result) ? (without(step.result, (key) => BIRTH_DERIVED_RESULTS.includes(key)) as TraceStep['result']) : step.result,
    policies: step.policies.filter((p) => !BIRTH_DAY_POLICIES.includes(p)),
  };
}

const ISO_DATE = /\d{4}-\d{2}-\d{2}/g;

function ageOnlyReasons(reasons: EligibilityDeterminedData['reasons']): EligibilityDeterminedData['reasons'] {
  return reasons.map((reason) =>
    BIRTH_DERIVED_REASONS.includes(reason.code) ? { ...reason, zh: reason.zh.replace(ISO_DATE, WITHHELD.zh), en: reason.en.replace(ISO_DATE, WITHHELD.en) } : reason,
  );
}

function ageYears(birthDate: unknown, on: string): number | null {
  if (typeof birthDate !== 'string' || !LocalDate.isValid(birthDate)) return null;
  const birth = LocalDate.parse(birthDate);
  const date = LocalDate.parse(on);
  return date.isBefore(birth) ? null : ageOn(birth, date);
}

/** A determination with each member's `birthDate` replaced by `ageYears` on the determination's date. */
export function ageOnlyDetermination(determination: EligibilityDeterminedData): EligibilityDeterminedData {
  const facts = determination.facts as unknown as Obj;
  const members = Array.isArray(facts.members)
    ? facts.members.map((m: unknown) => {
        if (!isObj(m) || !('birthDate' in m)) return m;
        const { birthDate, ...rest } = m;
        return { ...rest, ageYears: ageYears(birthDate, determination.effectiveFrom) };
      })
    : undefined;
  return {
    ...determination,
    facts: (members ? { ...facts, members } : facts) as unknown as EligibilityDeterminedData['facts'],
    reasons: ageOnlyReasons(determination.reasons),
    trace: determination.trace.map(ageOnlyStep),
  };
}

export function ageOnlySchedule(schedule: EntitlementScheduleIssuedData): EntitlementScheduleIssuedData {
  return { ...schedule, trace: schedule.trace.map(ageOnlyStep) };
}

/** The answer of the determinations read route for a reader of `role`. */
export function caseDeterminationsView(role: string, caseId: string, folded: CaseDeterminations): CaseDeterminationsView {
  const memberBirthDates = birthDateDisclosure(role);
  if (memberBirthDates === 'exact') return { caseId, memberBirthDates, ...folded };
  return {
    caseId,
    memberBirthDates,
    determinations: folded.determinations.map(ageOnlyDetermination),
    schedules: folded.schedules.map(ageOnlySchedule),
  };
}
