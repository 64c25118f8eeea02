import { LocalDate } from '@benefits/kernel';
import type { BenefitDetermination } from '../benefit-determination';
import { DeterminationErrors, evaluateWith, packInForce, type DeterminationContext } from '../context';
import { SCHEDULE_POLICIES, type BeneficiaryAmount, type PeriodRecord } from '../determination-events';
import { amountStandardRef, linshiRequest, oneOffKey, parametersOf } from '../engine-requests';
import { parseLinshiFacts, type LinshiFactsSnapshot } from '../facts';
import type { ScheduleBasis, ScheduleDraft } from '../schedules';

/**
 * 临时救助: one-off. The determination records the amount (支出型) or the cap (急难型) on the snapshot's
 * date; the schedule is made at approval (linshiSchedule below).
 */
export const linshiDetermination: BenefitDetermination<LinshiFactsSnapshot> = {
  benefit: 'linshi',
  parseFacts: (raw) => parseLinshiFacts(raw),
  evaluate: (context, pack, snapshot, rulesetVersion) => evaluateWith(pack, linshiRequest(context, snapshot.divisionCode, snapshot.facts, snapshot.effectiveFrom, rulesetVersion)),
  amounts(snapshot, result) {
    if (result.amount!.nature === 'cap') return { amounts: [], capFen: result.amount!.total.fen };
    return { amounts: [{ beneficiaryRef: snapshot.facts.memberRefs[0], periodKey: oneOffKey(snapshot.caseId), amountFen: result.amount!.total.fen }], capFen: 0 };
  },
  schedule: { kind: 'oneOff', policies: [SCHEDULE_POLICIES.linshiDecisionDate], draft: (context, basis, approvedAmounts) => linshiSchedule(context, basis, approvedAmounts) },
};

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
