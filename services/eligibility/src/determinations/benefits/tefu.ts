import { LocalDate } from '@benefits/kernel';
import type { BenefitDetermination } from '../benefit-determination';
import { evaluateWith } from '../context';
import { SCHEDULE_POLICIES } from '../determination-events';
import { tefuRequest } from '../engine-requests';
import { parseTefuFacts, type TefuFactsSnapshot } from '../facts';
import { livingMembersIn, periodStartDate } from '../periods';

/** 计生特扶: per person, monthly (浙江) or yearly (北京); stops with the case's termination and with each member's death. */
export const tefuDetermination: BenefitDetermination<TefuFactsSnapshot> = {
  benefit: 'tefu',
  parseFacts: (raw) => parseTefuFacts(raw),
  evaluate: (_context, pack, snapshot, rulesetVersion) => evaluateWith(pack, tefuRequest(snapshot, pack.packId, { rulesetVersion })),
  amounts(snapshot, result) {
    const date = LocalDate.parse(snapshot.effectiveFrom);
    const periodKey = result.amount!.period === 'yearly' ? String(date.year) : date.yearMonth().toString();
    return { amounts: (result.amount!.perPerson ?? []).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })), capFen: 0 };
  },
  schedule: {
    kind: 'periodic',
    policies: [SCHEDULE_POLICIES.periodStart, SCHEDULE_POLICIES.stopAfterPeriod],
    evaluatePeriod(context, pack, basis, periodKey) {
      const { facts } = basis;
      const due = livingMembersIn(facts, periodKey);
      if ('stopped' in due) return due;
      const { members } = due;
      const evaluationDate = periodStartDate(periodKey);
      const snapshot = { caseId: basis.caseId, divisionCode: basis.divisionCode, effectiveFrom: evaluationDate, caseRevision: 0, facts };
      const request = tefuRequest(snapshot, pack.packId, { confirmedOn: basis.approvedOn, rulesetVersion: basis.rulesetVersion, evaluationDate, members, policies: basis.policies });
      const result = evaluateWith(pack, request, context.builtRequests);
      const lines = result.eligible ? (result.amount?.perPerson ?? []).filter((p) => p.amount.fen > 0).map((p) => ({ beneficiaryRef: p.personId, periodKey, amountFen: p.amount.fen })) : [];
      return { result, lines };
    },
  },
};
