import type { AnomalyRule } from '../rule';

/** A8-shared-bank-account (ADR 0012 §5): not built yet — null until its rule is written. */
export const sharedBankAccountRule: AnomalyRule<any> | null = null;
