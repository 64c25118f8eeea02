import type { ParsedItem } from '../parser/types';
import { itemDefinesBenefit, type BenefitId } from '../benefits';
import { divisionChain } from '../divisions';
import { ownEffectiveFrom, type ActivationRecord, type StandardState, type VersionRecord } from './catalog';
import type { ActivationLabel } from './events';

export interface InForceQuery {
  divisionCode: string;
  benefit: BenefitId;
  /** yyyy-mm-dd */
  date: string;
}

/** What a determination pins: the standard, version and item, and the hash of the item's text. */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface InForceResult {
  standardId: string;
  versionId: string;
  /** The division the standard belongs to. */
  standardDivisionCode: string;
  /** The division at which the lookup found it: the requested one, or its city or province. */
  resolvedAt: string;
  inherited: boolean;
  /** `document`: final and dated, in force by itself; `activation`: made usable by an authorised user. */
  basis: 'document' | 'activation';
  effectiveFrom: string;
  activation: { eventId: string; label: ActivationLabel; labelZh: string; reason: string; activatedBy: ActivationRecord['activatedBy'] } | null;
  title: string | null;
  status: VersionRecord['status'];
  /** The items that define the benefit, with their standardRef. */
  items: { item: ParsedItem; standardRef: StandardRef }[];
}

interface Candidate {
  standard: StandardState;
  version: VersionRecord;
  effectiveFrom: string;
  activation: ActivationRecord | null;
  recordedAt: string;
  streamRevision: number;
}

export function standardRef(version: Pick<VersionRecord, 'standardId' | 'versionId'>, item: ParsedItem): StandardRef {
  return { standardId: version.standardId, versionId: version.versionId, itemNo: item.number, contentHash: item.contentHash };
}

/**
 * The standard version in force for a division, benefit and date.
 *
 * Divisions are searched from the requested one up to its city and province; the first level that
 * has an applicable version wins (a county with its own standard never falls back to its city's).
 * At one level the candidates are the final, dated versions of that level's standards from their
 * stated effective date, and every activation for exactly that division from its effective date;
 * a version that contains no item for the benefit is not a candidate. Among candidates the latest
 * effective date wins — so a new edition supersedes the old one from its effective date and the old
 * one still answers for dates before it; on equal dates the later-recorded event wins.
 */
export function resolveInForce(standards: readonly StandardState[], query: InForceQuery): InForceResult | null {
  for (const level of divisionChain(query.divisionCode)) {
    const candidates: Candidate[] = [];
    for (const standard of standards) {
      if (standard.divisionCode === level) {
        for (const version of standard.versions) {
          const from = ownEffectiveFrom(version);
          if (from !== null && from <= query.date) {
            candidates.push({ standard, version, effectiveFrom: from, activation: null, recordedAt: version.recordedAt, streamRevision: version.streamRevision });
          }
        }
      }
      for (const activation of standard.activations) {
        if (activation.divisionCode !== level || activation.effectiveFrom > query.date) continue;
        const version = standard.versions.find((v) => v.versionId === activation.versionId);
        if (version) {
          candidates.push({ standard, version, effectiveFrom: activation.effectiveFrom, activation, recordedAt: activation.recordedAt, streamRevision: activation.streamRevision });
        }
      }
    }
    const applicable = candidates.filter((c) => c.version.items.some((item) => itemDefinesBenefit(item, query.benefit)));
    if (applicable.length === 0) continue;
    applicable.sort(
      (a, b) =>
        a.effectiveFrom.localeCompare(b.effectiveFrom) || a.recordedAt.localeCompare(b.recordedAt) || a.streamRevision - b.streamRevision,
    );
    const winner = applicable[applicable.length - 1];
    const { version, activation } = winner;
    return {
      standardId: version.standardId,
      versionId: version.versionId,
      standardDivisionCode: winner.standard.divisionCode,
      resolvedAt: level,
      inherited: level !== query.divisionCode,
      basis: activation ? 'activation' : 'document',
      effectiveFrom: winner.effectiveFrom,
      activation: activation && {
        eventId: activation.eventId,
        label: activation.label,
        labelZh: activation.labelZh,
        reason: activation.reason,
        activatedBy: activation.activatedBy,
      },
      title: version.document.title?.value ?? null,
      status: version.status,
      items: version.items.filter((item) => itemDefinesBenefit(item, query.benefit)).map((item) => ({ item, standardRef: standardRef(version, item) })),
    };
  }
  return null;
}
