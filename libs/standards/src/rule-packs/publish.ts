import { createHash } from 'node:crypto';
import { canonicalJson, type Actor, type NewEvent } from '@benefits/kernel';
import type { BenefitId } from '../benefits';
import type { PublishedRulePackRecord, StandardState } from '../catalog/catalog';
import { StandardEventTypes, type RulePackPublishedData } from '../catalog/events';
import { StandardsErrors } from '../errors';
import { loadRulePack, type LoadedRulePack } from './load';
import { READINGS } from './readings';
import type { RulePack } from './types';

/**
 * Publishing a rule pack (规则包发布): a pack is data — parameters with their printed value, unit,
 * item, field and verbatim quote, and the named readings it applies — recorded on the stream of the
 * standard it cites. Publication checks it against that version's catalogued text (a quote that is
 * not in the item refuses the pack, all problems at once) and never edits a published pack: the same
 * id with the same content is recognised, with other content refused; a correction is a new id,
 * which then replaces the earlier pack for the same benefit and version.
 */

/**
 * `<benefit>-<division code of the standard>-<edition>`, e.g. `tefu-330400-2023` (the shipped packs'
 * form). The benefit part has the shape of a benefit id; publication checks it names the pack's benefit.
 */
export const RULE_PACK_ID = /^([a-z]{2,32})-(\d{6})-([a-z0-9][a-z0-9.-]{0,47})$/;

export function rulePackHash(pack: RulePack): string {
  return createHash('sha256').update(canonicalJson(pack)).digest('hex');
}

/** The standard stream a pack id names (`tefu-330400-2023` → `bps-330400`), or null for a malformed id. */
export function standardIdOfPackId(packId: string): string | null {
  const match = RULE_PACK_ID.exec(packId);
  return match ? `bps-${match[2]}` : null;
}

export interface PublishRulePackCommand {
  pack: RulePack;
  actor: Actor;
  correlationId: string;
  /** Packs shipped with the product: their ids are taken (a published pack cannot shadow one under the same id). */
  shipped: readonly RulePack[];
  /**
   * Problems an engine finds with the pack's parameters (unknown keys, wrong kinds, missing keys).
   * The catalog does not know the engines; the caller passes their verdict.
   */
  shapeProblems?: readonly { key: string; problem: string; expected?: string }[];
}

export type PublishRulePackDecision =
  | { kind: 'unchanged'; record: PublishedRulePackRecord | null; loaded: LoadedRulePack }
  | { kind: 'publish'; loaded: LoadedRulePack; event: NewEvent<typeof StandardEventTypes.RulePackPublished, RulePackPublishedData> };

/** The packs published on a standard, latest first for each benefit and version. */
export function publishedPacks(state: Pick<StandardState, 'rulePacks'>): readonly PublishedRulePackRecord[] {
  return state.rulePacks ?? [];
}

/** The pack in use for a benefit and version of this standard: the latest one published, if any. */
export function publishedPackFor(state: Pick<StandardState, 'rulePacks'>, benefit: BenefitId, versionId: string): RulePack | null {
  const candidates = publishedPacks(state).filter((r) => r.pack.benefit === benefit && r.versionId === versionId);
  return candidates.length > 0 ? candidates[candidates.length - 1].pack : null;
}

/** A published pack by id on this standard. */
export function publishedPackById(state: Pick<StandardState, 'rulePacks'>, packId: string): PublishedRulePackRecord | null {
  return publishedPacks(state).find((r) => r.pack.id === packId) ?? null;
}

export function decidePublishRulePack(state: StandardState | null, command: PublishRulePackCommand): PublishRulePackDecision {
  const { pack } = command;
  const match = RULE_PACK_ID.exec(pack.id);
  if (!match || match[1] !== pack.benefit || `bps-${match[2]}` !== pack.standard.standardId) {
    throw StandardsErrors.RULE_PACK_ID_INVALID({ packId: pack.id, benefit: pack.benefit, standardId: pack.standard.standardId, expected: `${pack.benefit}-<division>-<edition>` });
  }
  if (!state || state.standardId !== pack.standard.standardId) throw StandardsErrors.STANDARD_NOT_FOUND({ standardId: pack.standard.standardId });
  if (pack.jurisdiction.divisionCode !== state.divisionCode) {
    throw StandardsErrors.RULE_PACK_ID_INVALID({ packId: pack.id, jurisdiction: pack.jurisdiction.divisionCode, standardDivision: state.divisionCode });
  }
  const unknownReadings = pack.readings.filter((id) => !(id in READINGS));
  if (unknownReadings.length > 0 || (command.shapeProblems?.length ?? 0) > 0) {
    throw StandardsErrors.RULE_PACK_SHAPE_INVALID({
      packId: pack.id,
      problems: [...unknownReadings.map((id) => ({ key: id, problem: 'unknown-reading', expected: Object.keys(READINGS).join(', ') })), ...(command.shapeProblems ?? [])],
    });
  }
  // Every quote in its item, every value printed in its own quote (throws RULE_PACK_INVALID with all problems).
  const loaded = loadRulePack(pack, state);
  const packHash = rulePackHash(pack);
  const shipped = command.shipped.find((p) => p.id === pack.id);
  if (shipped) {
    if (rulePackHash(shipped) === packHash) return { kind: 'unchanged', record: null, loaded };
    throw StandardsErrors.RULE_PACK_EXISTS({ packId: pack.id, shipped: true });
  }
  const existing = publishedPackById(state, pack.id);
  if (existing) {
    if (existing.packHash === packHash) return { kind: 'unchanged', record: existing, loaded };
    throw StandardsErrors.RULE_PACK_EXISTS({ packId: pack.id, publishedAt: existing.recordedAt, packHash: existing.packHash });
  }
  const previous = publishedPackFor(state, pack.benefit, pack.standard.versionId) ?? command.shipped.find((p) => p.benefit === pack.benefit && p.standard.standardId === pack.standard.standardId && p.standard.versionId === pack.standard.versionId) ?? null;
  return {
    kind: 'publish',
    loaded,
    event: {
      type: StandardEventTypes.RulePackPublished,
      data: { standardId: state.standardId, versionId: pack.standard.versionId, pack, packHash, supersedes: previous?.id ?? null, publishedBy: command.actor },
      metadata: { correlationId: command.correlationId, actor: command.actor },
    },
  };
}
