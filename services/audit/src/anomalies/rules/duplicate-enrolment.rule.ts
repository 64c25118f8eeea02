import type { AnomalyRule } from '../rule';

/** A4-duplicate-enrolment (ADR 0012 §5): not built yet — null until its rule is written. */
export const duplicateEnrolmentRule: AnomalyRule<any> | null = null;
