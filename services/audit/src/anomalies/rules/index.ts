import type { AnomalyRule } from '../rule';
import { paidAfterDeathRule } from './paid-after-death.rule';
import { duplicateEnrolmentRule } from './duplicate-enrolment.rule';
import { linshiSameCauseRule } from './linshi-same-cause.rule';
import { officerRelativeRule } from './officer-relative.rule';
import { paidDiffersFromRecomputedRule } from './paid-differs-from-recomputed.rule';
import { envelopeFundsUnsettledRule } from './envelope-funds-unsettled.rule';
import { sharedBankAccountRule } from './shared-bank-account.rule';
import { publicNoticeShortRule } from './public-notice-short.rule';
import { advanceAidPaperworkOverdueRule } from './advance-aid-paperwork-overdue.rule';
import { decisionOverdueRule } from './decision-overdue.rule';

/** Every 疑点 rule the product ships, in the order lists show them (ADR 0012 §5). */
export const ANOMALY_RULES: readonly AnomalyRule<any>[] = [
  paidAfterDeathRule,
  duplicateEnrolmentRule,
  linshiSameCauseRule,
  officerRelativeRule,
  paidDiffersFromRecomputedRule,
  envelopeFundsUnsettledRule,
  sharedBankAccountRule,
  publicNoticeShortRule,
  advanceAidPaperworkOverdueRule,
  decisionOverdueRule,
].filter((rule): rule is AnomalyRule<any> => rule !== null);
