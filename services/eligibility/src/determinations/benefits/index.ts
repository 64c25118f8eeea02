import type { BenefitId } from '@benefits/standards';
import type { BenefitDetermination } from '../benefit-determination';
import { DeterminationErrors } from '../context';
import type { FactsSnapshot } from '../facts';
import { dibaoDetermination } from './dibao';
import { linshiDetermination } from './linshi';
import { tefuDetermination } from './tefu';

/** Every benefit eligibility determines: one entry per benefit (a new benefit adds its file and its line). */
export const BENEFIT_DETERMINATIONS: { readonly [B in BenefitId]: BenefitDetermination } = {
  tefu: tefuDetermination,
  dibao: dibaoDetermination,
  linshi: linshiDetermination,
};

/** The benefit's determination rules, for code that handles any benefit through the shared interface. */
export function benefitDetermination(benefit: BenefitId | string): BenefitDetermination {
  const rules = Object.hasOwn(BENEFIT_DETERMINATIONS, benefit) ? BENEFIT_DETERMINATIONS[benefit as BenefitId] : undefined;
  if (!rules) throw DeterminationErrors.FACTS_INVALID({ benefit, reason: 'unknown benefit' });
  return rules;
}

/** The facts of a snapshot of a benefit, checked (FACTS_INVALID with the path, or for an unknown benefit). */
export function parseFacts(benefit: string, raw: unknown): FactsSnapshot {
  return benefitDetermination(benefit).parseFacts(raw);
}
