import type { BenefitId } from '@benefits/standards';
import { DIBAO_RULESET_VERSION, evaluateDibao } from './dibao/engine';
import { evaluateLinshi, LINSHI_RULESET_VERSION } from './linshi/engine';
import { evaluateTefu, TEFU_RULESET_VERSION } from './tefu/engine';

/**
 * Every ruleset version this library can run, per benefit. A released version is frozen: its
 * module is never edited again and its recorded corpus (src/__corpus__) must recompute identically.
 * A change of behaviour adds a new version next to it (see README, "Ruleset versions").
 */
export const RULESETS = {
  tefu: { [TEFU_RULESET_VERSION]: evaluateTefu },
  dibao: { [DIBAO_RULESET_VERSION]: evaluateDibao },
  linshi: { [LINSHI_RULESET_VERSION]: evaluateLinshi },
} as const;

/** The version new determinations use. */
export const CURRENT_RULESET: Readonly<Record<BenefitId, string>> = {
  tefu: TEFU_RULESET_VERSION,
  dibao: DIBAO_RULESET_VERSION,
  linshi: LINSHI_RULESET_VERSION,
};
