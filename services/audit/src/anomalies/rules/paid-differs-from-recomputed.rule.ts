import type { AnomalyRule } from '../rule';

/** A5-paid-differs-from-recomputed (ADR 0012 §5): not built yet — null until its rule is written. */
export const paidDiffersFromRecomputedRule: AnomalyRule<any> | null = null;
