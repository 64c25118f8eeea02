import type { AnomalyRule } from '../rule';

/** A6-envelope-funds-unsettled (ADR 0012 §5): not built yet — null until its rule is written. */
export const envelopeFundsUnsettledRule: AnomalyRule<any> | null = null;
