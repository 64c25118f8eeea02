import type { EngineResult } from '@benefits/benefits';
import type { BenefitId } from '@benefits/standards';
import { evaluateWith, packInForce, type DeterminationContext } from './context';
import { parseTefuFacts } from './facts';
import { benefitDetermination } from './benefits';
import type { BeneficiaryAmount, EligibilityDeterminedData, SnapshotEnvelope } from './determination-events';
import { amountStandardRef, parametersOf, tefuRequest } from './engine-requests';

/**
 * 资格认定 from a case's fact snapshot, for any benefit — the thin step: resolve the standard and
 * rule pack in force for the case's division on the snapshot's date, run the benefit's engine
 * request (./benefits/<benefit>.ts, one entry per benefit in ./benefits/index.ts), and shape the
 * event to record. Pure functions of the snapshot and the determination context (standards
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
  const facts = parseTefuFacts(snapshot.facts);
  const pack = packInForce(context, 'tefu', snapshot.divisionCode, snapshot.effectiveFrom);
  return evaluateWith(pack, tefuRequest({ ...snapshot, facts }, pack.packId, options));
}

/** The engine result of a snapshot on its date, for any benefit (its rules: ./benefits). */
export function determine(context: DeterminationContext, benefit: BenefitId, snapshot: SnapshotEnvelope, rulesetVersion?: string): EngineResult {
  const pack = packInForce(context, benefit, snapshot.divisionCode, snapshot.effectiveFrom);
  return benefitDetermination(benefit).evaluate(context, pack, snapshot, rulesetVersion);
}

function determinationAmounts(benefit: BenefitId, snapshot: SnapshotEnvelope, result: EngineResult): { amounts: BeneficiaryAmount[]; capFen: number } {
  if (!result.eligible || !result.amount) return { amounts: [], capFen: 0 };
  return benefitDetermination(benefit).amounts(snapshot, result);
}

export function determinationData(determinationId: string, snapshot: SnapshotEnvelope<unknown>, result: EngineResult): EligibilityDeterminedData {
  const benefit = result.benefit;
  const facts = benefitDetermination(benefit).parseFacts(snapshot.facts);
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

