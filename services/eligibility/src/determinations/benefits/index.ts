import type { BenefitId } from '@benefits/standards';
import type { BenefitDetermination } from '../benefit-determination';
import { DeterminationErrors } from '../context';
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
export function benefitDetermination(benefit: BenefitId): BenefitDetermination {
  const rules = Object.hasOwn(BENEFIT_DETERMINATIONS, benefit) ? BENEFIT_DETERMINATIONS[benefit] : undefined;
  if (!rules) throw DeterminationErrors.FACTS_INVALID({ benefit, reason: 'unknown benefit' });
  return rules;
}
