import type { Actor } from '@benefits/kernel';
import type { DocumentMetadata, DocumentStatus, ParsedItem, ParseWarning, RepairKind } from '../parser/types';
import type { RulePack } from '../rule-packs/types';

/** Event type names: namespaced, versioned, stable strings. */
export const StandardEventTypes = {
  VersionPublished: 'standards.StandardVersionPublished.v1',
  Activated: 'standards.StandardActivated.v1',
  WarningAcknowledged: 'standards.StandardWarningAcknowledged.v1',
  RulePackPublished: 'standards.RulePackPublished.v1',
} as const;

/** Stream of one standard: every version of one division's basic-public-service standard. */
export function standardStreamId(standardId: string): string {
  return `standard-${standardId}`;
}

/**
 * A standard is the series of editions one division publishes (嘉兴's 2023 edition, then its
 * 2025 edition…), so its id is derived from the division code. A version's id is derived from the
 * document's content hash, which makes importing the same text twice recognisable.
 */
export function standardIdFor(divisionCode: string): string {
  return `bps-${divisionCode}`;
}

export function versionIdFor(documentContentHash: string): string {
  return documentContentHash.slice(0, 16);
}

/** Why a version is not in force on its own; null when it is (final, with a stated effective date). */
export type NotInForceReason = 'draft' | 'undated' | 'status-unknown';

export interface StandardVersionPublishedData {
  standardId: string;
  versionId: string;
  divisionCode: string;
  /** contentHash() of the whole source text: the same text, however wrapped, hashes the same. */
  contentHash: string;
  sourceName: string | null;
  status: DocumentStatus | null;
  /** The effective date the document states (never inferred); null when it states none. */
  effectiveFrom: string | null;
  notInForceReason: NotInForceReason | null;
  /** The version of this standard in force on its own at `effectiveFrom` when this one was published. */
  supersedes: string | null;
  document: DocumentMetadata;
  items: ParsedItem[];
  repairCounts: Partial<Record<RepairKind, number>>;
  warnings: ParseWarning[];
}

/** How an activation is labelled wherever its standard is used (determinations, traces, lists). */
export type ActivationLabel = 'activated-draft' | 'activated-undated' | 'activated-unconfirmed' | 'activated-final';

export const ACTIVATION_LABELS_ZH: Readonly<Record<ActivationLabel, string>> = {
  'activated-draft': '征求意见稿，经授权启用',
  'activated-undated': '文件未注明施行日期，经授权启用',
  'activated-unconfirmed': '文件未注明是否正式稿，经授权启用',
  'activated-final': '经授权启用',
};

export interface StandardActivatedData {
  standardId: string;
  versionId: string;
  /** The division for which the version becomes usable: the standard's own or one under it. */
  divisionCode: string;
  effectiveFrom: string;
  reason: string;
  label: ActivationLabel;
  labelZh: string;
  activatedBy: Actor;
}

/**
 * An authorised user has checked one parse warning of a version against the source and says why it
 * does not matter (or what they verified). The warning is named by its id (see `warningIdFor`); its
 * code and line are repeated so the event reads on its own.
 */
export interface StandardWarningAcknowledgedData {
  standardId: string;
  versionId: string;
  warningId: string;
  code: string;
  line: number;
  /** Required free text, e.g. 「第37行系页眉，已核对原件，无遗漏」. */
  note: string;
  acknowledgedBy: Actor;
  /** ISO timestamp of the decision. */
  at: string;
}

/**
 * An authorised user published a rule pack for one version of this standard: the pack as given
 * (checked against the version's catalogued text when it was published), never edited afterwards —
 * a correction is a new pack id. The latest pack published for a benefit and version is the one
 * determinations use from then on; earlier ones stay readable for recomputation.
 */
export interface RulePackPublishedData {
  standardId: string;
  versionId: string;
  pack: RulePack;
  /** sha256 of the pack's canonical JSON: publishing the same pack again is recognisable. */
  packHash: string;
  /** The pack this one replaces for the same benefit and version, if any. */
  supersedes: string | null;
  publishedBy: Actor;
}

export type StandardEvent =
  | { type: typeof StandardEventTypes.VersionPublished; data: StandardVersionPublishedData }
  | { type: typeof StandardEventTypes.Activated; data: StandardActivatedData }
  | { type: typeof StandardEventTypes.WarningAcknowledged; data: StandardWarningAcknowledgedData }
  | { type: typeof StandardEventTypes.RulePackPublished; data: RulePackPublishedData };
