import type { AnomalyRule } from '../rule';

/** A3-officer-relative (ADR 0012 §5): not built yet — null until its rule is written. */
export const officerRelativeRule: AnomalyRule<any> | null = null;
