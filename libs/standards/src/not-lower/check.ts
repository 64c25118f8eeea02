import { divisionChain } from '../divisions';
import type { RulePack } from '../rule-packs/types';

/**
 * 不低于: a lower level may raise a higher level's standard but never set it lower (001 L26,
 * 002 L93–L97; 万州 「只增不减」 004 L9). The check compares values of the same key between a
 * division and each of its higher levels and reports every place where the lower one is smaller.
 */
export interface LevelValue {
  divisionCode: string;
  key: string;
  /** Comparable magnitude: fen for money, basis points for rates. */
  value: number;
  /** What set it: a rule-pack id, a parameter entry id… */
  source: string;
}

export interface NotLowerViolation {
  key: string;
  divisionCode: string;
  value: number;
  source: string;
  higherDivisionCode: string;
  higherValue: number;
  higherSource: string;
  shortfall: number;
}

export function checkNotLower(values: readonly LevelValue[]): NotLowerViolation[] {
  const violations: NotLowerViolation[] = [];
  for (const lower of values) {
    const higherLevels = divisionChain(lower.divisionCode).slice(1);
    for (const higher of values) {
      if (higher.key !== lower.key || !higherLevels.includes(higher.divisionCode)) continue;
      if (lower.value < higher.value) {
        violations.push({
          key: lower.key,
          divisionCode: lower.divisionCode,
          value: lower.value,
          source: lower.source,
          higherDivisionCode: higher.divisionCode,
          higherValue: higher.value,
          higherSource: higher.source,
          shortfall: higher.value - lower.value,
        });
      }
    }
  }
  return violations.sort((a, b) => a.divisionCode.localeCompare(b.divisionCode) || a.key.localeCompare(b.key));
}

/** The benefit floors of rule packs (parameters marked `floor`), keyed by benefit and parameter. */
export function packFloors(packs: readonly RulePack[]): LevelValue[] {
  return packs.flatMap((pack) =>
    pack.parameters
      .filter((p) => p.floor)
      .flatMap((p) => {
        const value = p.value.kind === 'money' ? p.value.fen : p.value.kind === 'rate' ? p.value.bp : null;
        return value === null ? [] : [{ divisionCode: pack.jurisdiction.divisionCode, key: `${pack.benefit}:${p.key}`, value, source: pack.id }];
      }),
  );
}
