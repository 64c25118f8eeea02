import type { EngineResult } from '@benefits/benefits';
import type { BenefitId } from '@benefits/standards';
import type { DeterminationContext, LoadedPack } from './context';
import type { BeneficiaryAmount, SnapshotEnvelope } from './determination-events';
import type { FactsSnapshot } from './facts';
import type { ScheduleBasis, ScheduleDraft } from './schedules';

/**
 * What eligibility knows of one benefit, in one place (./benefits/<benefit>.ts): how its fact
 * snapshot is read, the engine request it makes, what a determination records of a result, and how
 * an approval becomes its schedule. determination.ts and schedules.ts are the same for every benefit
 * and look the benefit up in the registry (./benefits/index.ts).
 */
export interface BenefitDetermination<Facts extends object = FactsSnapshot> {
  benefit: BenefitId;
  /** The facts of a snapshot, checked (FACTS_INVALID with the path otherwise). */
  parseFacts(raw: unknown): Facts;
  /** The engine result of a snapshot on its date, under the pack in force then. */
  evaluate(context: DeterminationContext, pack: LoadedPack, snapshot: SnapshotEnvelope<Facts>, rulesetVersion?: string): EngineResult;
  /** What a determination records of an eligible result: amounts per beneficiary and period, or a cap (临时救助 急难型). */
  amounts(snapshot: SnapshotEnvelope<Facts>, result: EngineResult): { amounts: BeneficiaryAmount[]; capFen: number };
  /** How an approval becomes a schedule, and the named policies the schedule records. */
  schedule: PeriodicSchedule<Facts> | OneOffSchedule;
}

/** Paid period by period: each period evaluated on its own facts, standard and parameters. */
export interface PeriodicSchedule<Facts extends object> {
  kind: 'periodic';
  policies: readonly string[];
  /** One period: nothing due (`stopped`, with the reason), or the engine result and the lines it pays. */
  evaluatePeriod(
    context: DeterminationContext,
    pack: LoadedPack,
    basis: ScheduleBasis & { facts: Facts },
    periodKey: string,
  ): { stopped: string } | { result: EngineResult; lines: BeneficiaryAmount[] };
}

/** Paid once (in instalments at most), from the approval. */
export interface OneOffSchedule {
  kind: 'oneOff';
  policies: readonly string[];
  draft(context: DeterminationContext, basis: ScheduleBasis, approvedAmounts: readonly BeneficiaryAmount[]): ScheduleDraft;
}
