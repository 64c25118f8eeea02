import { registeredEngine } from '@benefits/benefits';
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

/** Benefits added as modules of their own (registered at start; see `registerBenefitDetermination`). */
const added = new Map<string, BenefitDetermination>();

/**
 * Registers the determination rules of a benefit added as a module (docs/benefits/adding-a-benefit.md):
 * its engine must be registered with @benefits/benefits first (`registerBenefitEngine`), which makes
 * the benefit known to the standards catalog. The same rules again are a no-op; other rules under a
 * known benefit are refused.
 */
export function registerBenefitDetermination<Facts extends object>(rules: BenefitDetermination<Facts>): void {
  const known = Object.hasOwn(BENEFIT_DETERMINATIONS, rules.benefit) ? BENEFIT_DETERMINATIONS[rules.benefit] : added.get(rules.benefit);
  if (known && known !== (rules as unknown as BenefitDetermination)) throw new RangeError(`benefit ${rules.benefit} already has determination rules`);
  if (!registeredEngine(rules.benefit)) throw new RangeError(`benefit ${rules.benefit} has no registered engine (registerBenefitEngine first)`);
  added.set(rules.benefit, rules as unknown as BenefitDetermination);
}

/** The benefits paid period by period (their schedules are extended and redetermined): 特扶, 低保 and registered periodic ones. */
export function periodicBenefits(): BenefitId[] {
  return [...Object.values(BENEFIT_DETERMINATIONS), ...added.values()].filter((rules) => rules.schedule.kind === 'periodic').map((rules) => rules.benefit);
}

/** Whether eligibility determines this benefit (shipped or registered). */
export function hasBenefitDetermination(benefit: string): boolean {
  return Object.hasOwn(BENEFIT_DETERMINATIONS, benefit) || added.has(benefit);
}

/** The benefit's determination rules, for code that handles any benefit through the shared interface. */
export function benefitDetermination(benefit: BenefitId | string): BenefitDetermination {
  const rules = Object.hasOwn(BENEFIT_DETERMINATIONS, benefit) ? BENEFIT_DETERMINATIONS[benefit as BenefitId] : added.get(benefit);
  if (!rules) throw DeterminationErrors.FACTS_INVALID({ benefit, reason: 'unknown benefit' });
  return rules;
}

/** The facts of a snapshot of a benefit, checked (FACTS_INVALID with the path, or for an unknown benefit). */
export function parseFacts(benefit: string, raw: unknown): FactsSnapshot {
  return benefitDetermination(benefit).parseFacts(raw);
}
