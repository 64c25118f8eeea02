/**
 * Checks the deciding functions of a 低保 case share beyond the engine's (case exists, actor, status:
 * ../shared/workflow/engine.ts): incomes must fall in the 核对 period, an approval must cite the
 * current eligible determination; and the next 复核 date by category.
 */
import { Errors, LocalDate, YearMonth } from '@benefits/kernel';
import { CaseErrors } from '../shared/case-errors';
import { DibaoErrors } from './errors';
import type { DibaoPolicy, HouseholdCategory } from './policy';
import { currentDetermination, type Determination, type DibaoStatus, type OpenDibaoCase } from './state';
import type { CheckPeriod, IncomeRecord } from './types';
import type { CaseApproved } from './events';

/** Statuses of an application not yet decided. */
export const PENDING: ReadonlySet<DibaoStatus> = new Set(['applied', 'accepted', 'checked', 'visited', 'reviewed', 'publicNotice']);

export function checkIncomes(period: CheckPeriod, incomes: readonly IncomeRecord[], memberRefs: readonly string[]): void {
  const from = YearMonth.parse(period.from);
  const to = YearMonth.parse(period.to);
  if (to.compare(from) < 0) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'period', message: 'the period ends before it starts' }] });
  incomes.forEach((income, i) => {
    const month = YearMonth.parse(income.month);
    if (month.compare(from) < 0 || month.compare(to) > 0 || !memberRefs.includes(income.personRef)) {
      throw DibaoErrors.INCOME_OUTSIDE_CHECK_PERIOD({ path: `incomes.${i}` });
    }
    if (!Number.isSafeInteger(income.amountFen) || income.amountFen < 0) throw Errors.INVALID_AMOUNT({ path: `incomes.${i}.amountFen` });
  });
}

export function citeCurrentDetermination(state: OpenDibaoCase, determinationId: string): Determination {
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw CaseErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) {
    throw CaseErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  }
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw CaseErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  if (!cited.eligible) throw CaseErrors.DETERMINATION_NOT_ELIGIBLE({ determinationId });
  return cited;
}

/**
 * 审核确认 of an amount (the first approval, or a confirmed change): the cited determination's amount,
 * from when it holds and is paid, and the next 复核.
 */
export function approvalEvent(
  state: OpenDibaoCase,
  cited: Determination,
  actor: CaseApproved['actor'],
  when: Pick<CaseApproved['data'], 'effectiveFrom' | 'paymentFrom' | 'nextReviewDueOn' | 'change'>,
): CaseApproved {
  const { change, ...dates } = when;
  return {
    type: 'dibao.CaseApproved.v1',
    data: {
      caseId: state.caseId,
      benefit: 'dibao',
      divisionCode: state.divisionCode,
      determinationId: cited.determinationId,
      basedOnCaseRevision: cited.basedOnCaseRevision,
      householdAmountFen: cited.householdAmountFen,
      effectiveFrom: dates.effectiveFrom,
      paymentFrom: dates.paymentFrom,
      ...(change ? { change } : {}),
      nextReviewDueOn: dates.nextReviewDueOn,
    },
    actor,
  };
}

export function nextReview(policy: DibaoPolicy, from: string, category: HouseholdCategory): string {
  return LocalDate.parse(from).plusMonths(policy.reviewIntervalMonths[category]).toString();
}
