import { LocalDate } from '@benefits/kernel';
import type { EngineResult } from '@benefits/benefits';
import type { BenefitId } from '@benefits/standards';
import { evaluateWith, packInForce, type DeterminationContext } from './context';
import { parseFacts, type DibaoFactsSnapshot, type LinshiFactsSnapshot, type TefuFactsSnapshot } from './facts';

import type { BeneficiaryAmount, EligibilityDeterminedData, SnapshotEnvelope } from './determination-events';
import { amountStandardRef, dibaoPayee, dibaoRequest, linshiRequest, oneOffKey, parametersOf, tefuRequest } from './engine-requests';

/**
 * 资格认定 from a case's fact snapshot, for the three benefits — the thin step: resolve the standard
 * and rule pack in force for the case's division on the snapshot's date, run the engine, and shape
 * the event to record. Pure functions of the snapshot and the determination context (standards
 * catalog, 低保标准 series); the consumer and the redetermination runner around them only read and
 * append. The slices: the events and their values (./determination-events), the engine request of
 * each benefit and what is read back from a result (./engine-requests), schedules period by period
 * (./schedules). This module re-exports them, so callers import from one place.
 */

export * from './determination-events';
export * from './engine-requests';
export * from './schedules';

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

