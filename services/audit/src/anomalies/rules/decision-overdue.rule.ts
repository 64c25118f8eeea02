import type { AnomalyRule } from '../rule';

/** A9-decision-overdue (ADR 0012 §5): not built yet — null until its rule is written. */
export const decisionOverdueRule: AnomalyRule<any> | null = null;
