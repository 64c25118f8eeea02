import type { AnomalyRule } from '../rule';

/** A9-public-notice-short (ADR 0012 §5): not built yet — null until its rule is written. */
export const publicNoticeShortRule: AnomalyRule<any> | null = null;
