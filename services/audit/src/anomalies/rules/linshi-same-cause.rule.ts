import type { AnomalyRule } from '../rule';

/** A4-linshi-same-cause (ADR 0012 §5): not built yet — null until its rule is written. */
export const linshiSameCauseRule: AnomalyRule<any> | null = null;
