import { toEnginePack, type EnginePack } from '@benefits/benefits';
import { loadRulePack, publishedPackById, RULE_PACKS, standardIdOfPackId, type StandardState } from '@benefits/standards';

/**
 * The rule pack a determination names (`rulePackId`), loaded against the standard version it pins,
 * as catalogued on the `standard-<standardId>` stream — not the version in force today. Loading
 * checks every cited quote against that version's text, as eligibility does.
 */
export type PinnedPack = { ok: true; pack: EnginePack; packId: string; standardId: string; versionId: string } | { ok: false; code: NotRecomputableCode; detail: Record<string, unknown> };

export type NotRecomputableCode =
  | 'NOT_AN_ENGINE_DETERMINATION'
  | 'RULE_PACK_UNKNOWN'
  | 'RULESET_VERSION_UNKNOWN'
  | 'STANDARD_NOT_FOUND'
  | 'STANDARD_VERSION_NOT_FOUND'
  | 'RULE_PACK_NOT_LOADABLE'
  | 'FACTS_MISSING'
  | 'DIBAO_STANDARD_NOT_PINNED'
  | 'APPROVAL_DATE_MISSING'
  | 'SCHEDULE_NOT_FOUND'
  | 'SCHEDULE_LINE_NOT_FOUND'
  | 'ISSUED_SCHEDULE_NOT_FOUND'
  | 'DETERMINATION_NOT_FOUND'
  | 'PERIOD_NOT_EVALUATED'
  | 'PAYMENT_MALFORMED'
  // A module's reading of its facts (registered-recomputations.ts) failed on this item.
  | 'AUDIT_READING_FAILED';

/**
 * The standard ids a pack needs (so a caller can read those streams before recomputing): a shipped
 * pack's, or the one a published pack's id names (published packs are recorded on that stream).
 */
export function standardIdOfPack(rulePackId: string): string | null {
  return RULE_PACKS.find((p) => p.id === rulePackId)?.standard.standardId ?? standardIdOfPackId(rulePackId);
}

export class PinnedPacks {
  private readonly cache = new Map<string, PinnedPack>();

  /** `standardOf` answers from what the caller read: the folded stream, or null when it is absent. */
  constructor(private readonly standardOf: (standardId: string) => StandardState | null) {}

  resolve(rulePackId: string, activationLabel: string | null): PinnedPack {
    const key = `${rulePackId}|${activationLabel ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const resolved = this.load(rulePackId, activationLabel);
    this.cache.set(key, resolved);
    return resolved;
  }

  private load(rulePackId: string, activationLabel: string | null): PinnedPack {
    const named = standardIdOfPack(rulePackId);
    const rulePack = RULE_PACKS.find((p) => p.id === rulePackId) ?? (named ? publishedPackById(this.standardOf(named) ?? {}, rulePackId)?.pack : undefined);
    if (!rulePack) return { ok: false, code: 'RULE_PACK_UNKNOWN', detail: { rulePackId } };
    const { standardId, versionId } = rulePack.standard;
    const standard = this.standardOf(standardId);
    if (!standard) return { ok: false, code: 'STANDARD_NOT_FOUND', detail: { standardId } };
    if (!standard.versions.some((v) => v.versionId === versionId)) return { ok: false, code: 'STANDARD_VERSION_NOT_FOUND', detail: { standardId, versionId } };
    try {
      const loaded = loadRulePack(rulePack, standard);
      return { ok: true, pack: toEnginePack(loaded, activationLabel), packId: rulePack.id, standardId, versionId };
    } catch (error) {
      return { ok: false, code: 'RULE_PACK_NOT_LOADABLE', detail: { rulePackId, standardId, versionId, error: (error as { code?: string }).code ?? String(error) } };
    }
  }
}
