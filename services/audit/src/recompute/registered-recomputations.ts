import type { EngineResult } from '@benefits/benefits';

type Obj = Record<string, unknown>;

/** A line a determination or a period gives: who, which period, how much. */
export interface AuditAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
}

/**
 * Audit's own reading of a benefit registered as a module (ADR 0019): how the engine request is
 * rebuilt from the facts a determination recorded, and which lines the engine's result gives. A
 * module registers it with the rest of its parts; it is written apart from the module's eligibility
 * code (as audit's reading of the shipped benefits is apart from eligibility's), so that the two can
 * disagree and the disagreement shows as a mismatch. A benefit without one is reported
 * `not_recomputable` (NOT_AN_ENGINE_DETERMINATION), never guessed.
 */
export interface AuditRecomputation {
  benefit: string;
  /** The engine request of a determination made at `effectiveFrom` from the recorded facts. */
  determinationRequest(facts: Obj, at: { packId: string; rulesetVersion: string; effectiveFrom: string }): Obj;
  /** The amounts that determination records, from the engine's result (only called for an eligible result). */
  determinationAmounts(facts: Obj, result: EngineResult, at: { effectiveFrom: string; caseId: string }): AuditAmount[];
  /** A periodic benefit: the request of one period of its schedule (or why it pays nothing) and the lines it gives. */
  period?: {
    request(facts: Obj, at: { packId: string; rulesetVersion: string; periodKey: string; evaluationDate: string; approvedOn: string }): { request: Obj } | { stopped: string };
    lines(facts: Obj, result: EngineResult, periodKey: string): AuditAmount[];
  };
}

const registered = new Map<string, AuditRecomputation>();

/** A module's reading threw on an item: that item is `not_recomputable` (AUDIT_READING_FAILED), the job goes on. */
export class AuditReadingFailed extends Error {
  constructor(readonly detail: { benefit: string; step: string; error: string }) {
    super(`the audit reading of ${detail.benefit} failed at ${detail.step}: ${detail.error}`);
  }
}

/** Runs one part of a module's reading; what it throws becomes an AuditReadingFailed naming the benefit and the step. */
export function fromReading<T>(benefit: string, step: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new AuditReadingFailed({ benefit, step, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Registers a module's recomputation (before the audit service is made). The same one again is a no-op; another under a known benefit is refused. */
export function registerAuditRecomputation(recomputation: AuditRecomputation): void {
  const known = registered.get(recomputation.benefit);
  if (known && known !== recomputation) throw new RangeError(`benefit ${recomputation.benefit} already has an audit recomputation`);
  if (['dibao', 'linshi', 'tefu'].includes(recomputation.benefit)) throw new RangeError(`benefit ${recomputation.benefit} is recomputed by audit's own code`);
  registered.set(recomputation.benefit, recomputation);
}

/** The recomputation a module registered for a benefit, if any. */
export function auditRecomputationOf(benefit: string): AuditRecomputation | undefined {
  return registered.get(benefit);
}
