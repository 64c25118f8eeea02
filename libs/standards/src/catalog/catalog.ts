import { Errors, LocalDate, type Actor, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { contentHash } from '../normalise';
import type { ParsedDocument, RepairKind } from '../parser/types';
import { divisionCodeLevel, isWithinDivision } from '../divisions';
import { StandardsErrors } from '../errors';
import {
  ACTIVATION_LABELS_ZH,
  StandardEventTypes,
  standardIdFor,
  versionIdFor,
  type ActivationLabel,
  type NotInForceReason,
  type RulePackPublishedData,
  type StandardActivatedData,
  type StandardVersionPublishedData,
  type StandardWarningAcknowledgedData,
} from './events';
import { assertNoOpenWarnings, type AcknowledgementRecord } from './warnings';

export * from './warnings';

/** Where a recorded event sits: enough to order events and to say what was known when. */
export interface Recorded {
  eventId: string;
  streamRevision: number;
  recordedAt: string;
}

export type VersionRecord = StandardVersionPublishedData & Recorded;
export type ActivationRecord = StandardActivatedData & Recorded;
export type PublishedRulePackRecord = RulePackPublishedData & Recorded;

/** One standard folded from its stream. */
export interface StandardState {
  standardId: string;
  divisionCode: string;
  versions: VersionRecord[];
  activations: ActivationRecord[];
  /** Parse warnings acknowledged, in stream order (absent in catalog documents stored before acknowledgements existed). */
  acknowledgements: AcknowledgementRecord[];
  /** Rule packs published for its versions, in stream order (absent in catalog documents stored before packs were published). */
  rulePacks?: PublishedRulePackRecord[];
}

export function foldStandard(events: readonly EventEnvelope[]): StandardState | null {
  let state: StandardState | null = null;
  for (const event of events) {
    const recorded: Recorded = { eventId: event.eventId, streamRevision: event.streamRevision, recordedAt: event.recordedAt };
    if (event.type === StandardEventTypes.VersionPublished) {
      const data = event.data as StandardVersionPublishedData;
      state ??= { standardId: data.standardId, divisionCode: data.divisionCode, versions: [], activations: [], acknowledgements: [], rulePacks: [] };
      state.versions.push({ ...data, ...recorded });
    } else if (event.type === StandardEventTypes.Activated && state) {
      state.activations.push({ ...(event.data as StandardActivatedData), ...recorded });
    } else if (event.type === StandardEventTypes.WarningAcknowledged && state) {
      state.acknowledgements.push({ ...(event.data as StandardWarningAcknowledgedData), ...recorded });
    } else if (event.type === StandardEventTypes.RulePackPublished && state) {
      (state.rulePacks ??= []).push({ ...(event.data as RulePackPublishedData), ...recorded });
    }
  }
  return state;
}

/** The date from which a version is in force without an activation, or null if it never is. */
export function ownEffectiveFrom(version: Pick<StandardVersionPublishedData, 'notInForceReason' | 'effectiveFrom'>): string | null {
  return version.notInForceReason === null ? version.effectiveFrom : null;
}

/**
 * A version is in force by itself only if the document says it is final and states when it takes
 * effect. Drafts (征求意见稿), undated documents and dated ones that do not show they are final need an
 * activation (a draft is reported as a draft even when undated; 瓯海, with neither status nor date, as undated).
 * A final status the parser inferred (文号 + signing date, no draft label) counts as final; an
 * inferred effective date does not count as stated.
 */
export function notInForceReason(parsed: ParsedDocument): NotInForceReason | null {
  const status = parsed.document.status?.value ?? null;
  if (status === 'draft') return 'draft';
  const effective = parsed.document.effectiveDate;
  if (effective === null || effective.inferred) return 'undated';
  if (status === null) return 'status-unknown';
  return null;
}

export interface ImportCommand {
  parsed: ParsedDocument;
  /** contentHash() of the source text. */
  contentHash: string;
  divisionCode: string;
  sourceName: string | null;
  actor: Actor;
  correlationId: string;
  /** The other standards of the catalog: the same document cannot belong to two divisions. */
  otherStandards?: readonly StandardState[];
}

export type ImportDecision =
  | { kind: 'unchanged'; standardId: string; versionId: string }
  | { kind: 'publish'; standardId: string; versionId: string; event: NewEvent<typeof StandardEventTypes.VersionPublished, StandardVersionPublishedData> };

const LEVEL_OF_DOCUMENT: Record<string, ReturnType<typeof divisionCodeLevel>> = {
  province: 'province',
  city: 'city',
  district: 'county',
  county: 'county',
};

/**
 * Decides what importing a parsed document does to its standard's stream: nothing when a version
 * with the same content hash exists (idempotent), otherwise one immutable version event.
 */
export function decideImport(state: StandardState | null, command: ImportCommand): ImportDecision {
  const standardId = standardIdFor(command.divisionCode);
  const versionId = versionIdFor(command.contentHash);
  const existing = state?.versions.find((v) => v.contentHash === command.contentHash);
  if (existing) return { kind: 'unchanged', standardId, versionId: existing.versionId };

  const statedLevel = command.parsed.document.division?.value.level ?? null;
  if (statedLevel !== null && LEVEL_OF_DOCUMENT[statedLevel] !== divisionCodeLevel(command.divisionCode)) {
    throw StandardsErrors.DIVISION_LEVEL_MISMATCH({
      divisionCode: command.divisionCode,
      codeLevel: divisionCodeLevel(command.divisionCode),
      documentDivision: command.parsed.document.division?.value,
    });
  }

  for (const other of command.otherStandards ?? []) {
    const same = other.standardId !== standardId && other.versions.find((v) => v.contentHash === command.contentHash);
    if (same) {
      throw StandardsErrors.DOCUMENT_ALREADY_IMPORTED({ standardId: other.standardId, versionId: same.versionId, divisionCode: other.divisionCode });
    }
  }

  const reason = notInForceReason(command.parsed);
  const effectiveDate = command.parsed.document.effectiveDate;
  const effectiveFrom = effectiveDate && !effectiveDate.inferred ? effectiveDate.value : null;
  const ownFrom = reason === null ? effectiveFrom : null;
  const supersedes = ownFrom === null || !state ? null : latestOwnVersionOn(state, ownFrom)?.versionId ?? null;
  const repairCounts: Partial<Record<RepairKind, number>> = {};
  for (const repair of command.parsed.repairs) repairCounts[repair.kind] = (repairCounts[repair.kind] ?? 0) + 1;

  const data: StandardVersionPublishedData = {
    standardId,
    versionId,
    divisionCode: command.divisionCode,
    contentHash: command.contentHash,
    sourceName: command.sourceName,
    status: command.parsed.document.status?.value ?? null,
    effectiveFrom,
    notInForceReason: reason,
    supersedes,
    document: command.parsed.document,
    items: command.parsed.items,
    repairCounts,
    warnings: command.parsed.warnings,
  };
  return {
    kind: 'publish',
    standardId,
    versionId,
    event: {
      type: StandardEventTypes.VersionPublished,
      data,
      metadata: { correlationId: command.correlationId, actor: command.actor },
    },
  };
}

function latestOwnVersionOn(state: StandardState, date: string): VersionRecord | undefined {
  return state.versions
    .filter((v) => {
      const from = ownEffectiveFrom(v);
      return from !== null && from <= date;
    })
    .sort((a, b) => (ownEffectiveFrom(a) as string).localeCompare(ownEffectiveFrom(b) as string) || a.streamRevision - b.streamRevision)
    .pop();
}

export interface ActivateCommand {
  versionId: string;
  divisionCode: string;
  effectiveFrom: string;
  reason: string;
  actor: Actor;
  correlationId: string;
}

function activationLabel(version: VersionRecord): ActivationLabel {
  switch (version.notInForceReason) {
    case 'draft':
      return 'activated-draft';
    case 'undated':
      return 'activated-undated';
    case 'status-unknown':
      return 'activated-unconfirmed';
    case null:
      return 'activated-final';
  }
}

/**
 * An explicit, labelled decision of an authorised user that a version applies to a division from a date.
 * Refused (409 STANDARD_WARNINGS_UNACKNOWLEDGED, listing them) while any parse warning of the version
 * is not acknowledged; activations recorded before this rule stay valid.
 */
export function decideActivation(
  state: StandardState | null,
  command: ActivateCommand,
): NewEvent<typeof StandardEventTypes.Activated, StandardActivatedData> {
  if (!LocalDate.isValid(command.effectiveFrom)) throw Errors.INVALID_DATE({ effectiveFrom: command.effectiveFrom });
  if (!state) throw StandardsErrors.STANDARD_NOT_FOUND();
  const version = state.versions.find((v) => v.versionId === command.versionId);
  if (!version) throw StandardsErrors.VERSION_NOT_FOUND({ standardId: state.standardId, versionId: command.versionId });
  if (!isWithinDivision(command.divisionCode, state.divisionCode)) {
    throw StandardsErrors.ACTIVATION_OUTSIDE_STANDARD({ standardDivision: state.divisionCode, divisionCode: command.divisionCode });
  }
  assertNoOpenWarnings(state, version);
  const label = activationLabel(version);
  return {
    type: StandardEventTypes.Activated,
    data: {
      standardId: state.standardId,
      versionId: version.versionId,
      divisionCode: command.divisionCode,
      effectiveFrom: command.effectiveFrom,
      reason: command.reason,
      label,
      labelZh: ACTIVATION_LABELS_ZH[label],
      activatedBy: command.actor,
    },
    metadata: { correlationId: command.correlationId, actor: command.actor },
  };
}

/** contentHash of a whole source document (see {@link contentHash}). */
export function documentContentHash(text: string): string {
  return contentHash(text);
}
