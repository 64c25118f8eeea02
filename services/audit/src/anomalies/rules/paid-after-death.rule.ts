import type { AnomalyRule } from '../rule';

/** A1-paid-after-death (ADR 0012 §5): not built yet — null until its rule is written. */
export const paidAfterDeathRule: AnomalyRule<any> | null = null;
