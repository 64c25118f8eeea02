import { defineError, type Actor, type NewEvent } from '@benefits/kernel';
import type { ParseWarning } from '../parser/types';
import { StandardsErrors } from '../errors';
import { StandardEventTypes, type StandardVersionPublishedData, type StandardWarningAcknowledgedData } from './events';

/**
 * Parse warnings gate activation: every warning the parser recorded with a version must be
 * acknowledged — checked against the source by an authorised user, with a note — before the version
 * can be activated. A corrected document is a new version (new content hash) with its own warnings.
 */

export const WarningErrors = {
  WARNING_NOT_FOUND: defineError('WARNING_NOT_FOUND', 404, '该标准版本没有这条解析提示', 'this standard version has no such parse warning'),
  WARNING_ALREADY_ACKNOWLEDGED: defineError(
    'WARNING_ALREADY_ACKNOWLEDGED',
    409,
    '这条解析提示已经确认过，无需再次确认',
    'this parse warning has already been acknowledged',
  ),
  ACKNOWLEDGEMENT_NOTE_REQUIRED: defineError(
    'ACKNOWLEDGEMENT_NOTE_REQUIRED',
    400,
    '确认解析提示时须填写核对说明（例如「第37行系页眉，已核对原件，无遗漏」）',
    'acknowledging a parse warning needs a note saying what was checked',
  ),
  ACKNOWLEDGEMENT_NOTE_TOO_LONG: defineError(
    'ACKNOWLEDGEMENT_NOTE_TOO_LONG',
    400,
    '核对说明过长（最多1000字）',
    'the note is too long (at most 1000 characters)',
  ),
  STANDARD_WARNINGS_UNACKNOWLEDGED: defineError(
    'STANDARD_WARNINGS_UNACKNOWLEDGED',
    409,
    '该标准版本尚有未确认的解析提示，须逐条核对确认（或导入更正后的文件）后才能启用',
    'this standard version has parse warnings nobody has acknowledged; acknowledge each (or import a corrected document) before activating it',
  ),
} as const;

/** Longest note kept with an acknowledgement. */
export const ACKNOWLEDGEMENT_NOTE_MAX = 1000;

/**
 * The id of the `index`-th (0-based) warning of a version: the version id and the warning's 1-based
 * position. A version's warnings are recorded once, in the published event, and never change, so the
 * id is stable and can be derived for versions published before acknowledgements existed.
 */
export function warningIdFor(versionId: string, index: number): string {
  return `${versionId}-${index + 1}`;
}

export const WARNING_ID_PATTERN = /^[0-9a-f]{16}-[1-9]\d{0,5}$/;

/** A parse warning as recorded, maybe with the last line of the span it concerns (newer parsers). */
type RecordedWarning = ParseWarning & { endLine?: number };

export interface Acknowledgement {
  by: Actor;
  at: string;
  note: string;
  eventId: string;
  streamRevision: number;
}

export interface VersionWarning {
  warningId: string;
  line: number;
  endLine: number | null;
  code: string;
  message: string;
  acknowledged: Acknowledgement | null;
}

export type AcknowledgementRecord = StandardWarningAcknowledgedData & { eventId: string; streamRevision: number; recordedAt: string };

/** What the warning functions need of a folded standard (acknowledgements absent in documents stored before they existed). */
interface WithAcknowledgements {
  acknowledgements?: readonly AcknowledgementRecord[];
}

/** Every warning of a version with its id and, once acknowledged, by whom, when and why. */
export function versionWarnings(state: WithAcknowledgements, version: Pick<StandardVersionPublishedData, 'versionId' | 'warnings'>): VersionWarning[] {
  const acknowledged = new Map<string, AcknowledgementRecord>();
  for (const a of state.acknowledgements ?? []) if (a.versionId === version.versionId && !acknowledged.has(a.warningId)) acknowledged.set(a.warningId, a);
  return ((version.warnings ?? []) as RecordedWarning[]).map((w, index) => {
    const warningId = warningIdFor(version.versionId, index);
    const a = acknowledged.get(warningId);
    return {
      warningId,
      line: w.line,
      endLine: typeof w.endLine === 'number' ? w.endLine : null,
      code: w.code,
      message: w.message,
      acknowledged: a ? { by: a.acknowledgedBy, at: a.at, note: a.note, eventId: a.eventId, streamRevision: a.streamRevision } : null,
    };
  });
}

/** The warnings of a version nobody has acknowledged yet. */
export function openWarnings(state: WithAcknowledgements, version: Pick<StandardVersionPublishedData, 'versionId' | 'warnings'>): VersionWarning[] {
  return versionWarnings(state, version).filter((w) => w.acknowledged === null);
}

/** Refuses (409 STANDARD_WARNINGS_UNACKNOWLEDGED, listing them) while any warning of the version is open. */
export function assertNoOpenWarnings(state: WithAcknowledgements & { standardId: string }, version: Pick<StandardVersionPublishedData, 'versionId' | 'warnings'>): void {
  const open = openWarnings(state, version);
  if (open.length === 0) return;
  throw WarningErrors.STANDARD_WARNINGS_UNACKNOWLEDGED({
    standardId: state.standardId,
    versionId: version.versionId,
    openWarnings: open.map((w) => ({ warningId: w.warningId, line: w.line, endLine: w.endLine, code: w.code, message: w.message })),
  });
}

export interface AcknowledgeWarningCommand {
  versionId: string;
  warningId: string;
  note: string;
  actor: Actor;
  /** ISO timestamp of the decision (the caller's clock). */
  at: string;
  correlationId: string;
}

interface AcknowledgeState extends WithAcknowledgements {
  standardId: string;
  versions: readonly Pick<StandardVersionPublishedData, 'versionId' | 'warnings'>[];
}

/** An authorised user's acknowledgement of one parse warning; refusals are typed and write nothing. */
export function decideAcknowledgeWarning(
  state: AcknowledgeState | null,
  command: AcknowledgeWarningCommand,
): NewEvent<typeof StandardEventTypes.WarningAcknowledged, StandardWarningAcknowledgedData> {
  const note = command.note.trim();
  if (note.length === 0) throw WarningErrors.ACKNOWLEDGEMENT_NOTE_REQUIRED();
  if (note.length > ACKNOWLEDGEMENT_NOTE_MAX) throw WarningErrors.ACKNOWLEDGEMENT_NOTE_TOO_LONG({ maxLength: ACKNOWLEDGEMENT_NOTE_MAX, length: note.length });
  if (!state) throw StandardsErrors.STANDARD_NOT_FOUND();
  const version = state.versions.find((v) => v.versionId === command.versionId);
  if (!version) throw StandardsErrors.VERSION_NOT_FOUND({ standardId: state.standardId, versionId: command.versionId });
  const warning = versionWarnings(state, version).find((w) => w.warningId === command.warningId);
  if (!warning) throw WarningErrors.WARNING_NOT_FOUND({ standardId: state.standardId, versionId: version.versionId, warningId: command.warningId });
  if (warning.acknowledged) {
    throw WarningErrors.WARNING_ALREADY_ACKNOWLEDGED({
      warningId: warning.warningId,
      acknowledgedBy: warning.acknowledged.by,
      at: warning.acknowledged.at,
      note: warning.acknowledged.note,
    });
  }
  return {
    type: StandardEventTypes.WarningAcknowledged,
    data: {
      standardId: state.standardId,
      versionId: version.versionId,
      warningId: warning.warningId,
      code: warning.code,
      line: warning.line,
      note,
      acknowledgedBy: command.actor,
      at: command.at,
    },
    metadata: { correlationId: command.correlationId, actor: command.actor },
  };
}
