import type { AnomalyRule } from '../rule';

/** A9-advance-aid-paperwork-overdue (ADR 0012 §5): not built yet — null until its rule is written. */
export const advanceAidPaperworkOverdueRule: AnomalyRule<any> | null = null;
