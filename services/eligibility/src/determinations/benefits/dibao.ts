import type { BenefitDetermination } from '../benefit-determination';
import { evaluateWith } from '../context';
import { SCHEDULE_POLICIES } from '../determination-events';
import { dibaoPayee, dibaoRequest } from '../engine-requests';
import { parseDibaoFacts, type DibaoFactsSnapshot } from '../facts';
import { endedBefore } from '../periods';

/** 低保: the household's monthly amount (B × members − income, with the standard's rules), paid to the first member listed. */
export const dibaoDetermination: BenefitDetermination<DibaoFactsSnapshot> = {
  benefit: 'dibao',
  parseFacts: (raw) => parseDibaoFacts(raw),
  evaluate: (context, pack, snapshot, rulesetVersion) =>
    evaluateWith(pack, dibaoRequest(context, snapshot.divisionCode, snapshot.facts, snapshot.effectiveFrom.slice(0, 7), { rulesetVersion })),
  amounts: (snapshot, result) => ({
    amounts: [{ beneficiaryRef: dibaoPayee(snapshot.facts), periodKey: snapshot.effectiveFrom.slice(0, 7), amountFen: result.amount!.total.fen }],
    capFen: 0,
  }),
  schedule: {
    kind: 'periodic',
    policies: [SCHEDULE_POLICIES.periodStart, SCHEDULE_POLICIES.stopAfterPeriod, SCHEDULE_POLICIES.householdPayee],
    evaluatePeriod(context, pack, basis, periodKey) {
      const { facts } = basis;
      if (endedBefore(facts.terminatedOn, periodKey)) return { stopped: 'CASE_TERMINATED' };
      const request = dibaoRequest(context, basis.divisionCode, facts, periodKey, { approvedOn: basis.approvedOn, rulesetVersion: basis.rulesetVersion });
      const result = evaluateWith(pack, request, context.builtRequests);
      const lines = result.eligible && result.amount && result.amount.total.fen > 0 ? [{ beneficiaryRef: dibaoPayee(facts), periodKey, amountFen: result.amount.total.fen }] : [];
      return { result, lines };
    },
  },
};
