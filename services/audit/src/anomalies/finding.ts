import { createHash } from 'node:crypto';
import { canonicalJson, type EventEnvelope } from '@benefits/kernel';
import type { AnomalyCandidate } from './rule';
import { AnomalyErrors } from './anomalies.errors';
import type { FindingStatus } from './finding-status';

/**
 * A 疑点 (finding) is a stream of audit's own, `finding-<id>`, with a deterministic id: the first 32
 * hex digits of SHA-256(`ruleId|subjectKey`). A re-scan that finds the same subject appends to the
 * same stream, never a second one. Working through the list is recorded on it too:
 *
 *   audit.FindingRaised.v1     the first scan that found it (content: cases, summary, amount, evidence, details)
 *   audit.FindingSeenAgain.v1  a later scan found it with different content (unchanged content is not re-recorded)
 *   audit.FindingAssigned.v1   an auditor assigned it for 核查 {assignee, note}
 *   audit.FindingChecked.v1    the 核查 result {result: confirmed_on_site | not_confirmed, note, evidenceRef?}
 *   audit.FindingCleared.v1    outcome: cleared {reason}
 *   audit.FindingConfirmed.v1  outcome: confirmed {action: recovery (追缴) | referral (移送), note}
 *
 *   open ─assign─▶ assigned ─check─▶ checked ─outcome─▶ cleared | confirmed
 *   (assign again while open or assigned: re-assignment; check again while checked: a second 核查)
 *
 * Who and when are the event's metadata actor and recorded time.
 */

export const FindingEvents = {
  raised: 'audit.FindingRaised.v1',
  seenAgain: 'audit.FindingSeenAgain.v1',
  assigned: 'audit.FindingAssigned.v1',
  checked: 'audit.FindingChecked.v1',
  cleared: 'audit.FindingCleared.v1',
  confirmed: 'audit.FindingConfirmed.v1',
} as const;

export const FINDING_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(FindingEvents));

export { FINDING_STATUSES, type FindingStatus } from './finding-status';
export type CheckResult = 'confirmed_on_site' | 'not_confirmed';
export type ConfirmedAction = 'recovery' | 'referral';

export const FINDING_STREAM_PREFIX = 'finding-';
const FINDING_ID = /^[0-9a-f]{32}$/;

export function isFindingId(value: unknown): value is string {
  return typeof value === 'string' && FINDING_ID.test(value);
}

/** The finding id of a rule's subject: deterministic, so a re-scan finds the same stream. */
export function findingIdOf(ruleId: string, subjectKey: string): string {
  return createHash('sha256').update(`${ruleId}|${subjectKey}`).digest('hex').slice(0, 32);
}

export const findingStreamId = (findingId: string) => `${FINDING_STREAM_PREFIX}${findingId}`;

/** What a scan records of a candidate (the rule's report, with the divisions that scope it). */
export interface FindingContent {
  cases: { caseId: string; divisionCode: string; benefit?: string }[];
  /** Every division of the cases (and any the rule names): who may see the finding. */
  divisionCodes: string[];
  summary: { zh: string; en: string };
  amountFen: number | null;
  evidence: { streamId: string; revision: number; note?: string }[];
  details: Record<string, unknown>;
}

export function contentOf(candidate: AnomalyCandidate & { divisionCodes?: string[] }): FindingContent {
  const divisions = new Set<string>([...candidate.cases.map((c) => c.divisionCode), ...(candidate.divisionCodes ?? [])]);
  return {
    cases: candidate.cases.map((c) => ({ caseId: c.caseId, divisionCode: c.divisionCode, ...(c.benefit ? { benefit: c.benefit } : {}) })),
    divisionCodes: [...divisions].sort(),
    summary: { zh: candidate.summary.zh, en: candidate.summary.en },
    amountFen: candidate.amountFen ?? null,
    evidence: candidate.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision, ...(e.note ? { note: e.note } : {}) })),
    details: candidate.details ?? {},
  };
}

/** SHA-256 of the canonical JSON of the content: a re-scan records the finding again only when it differs. */
export function contentHashOf(content: FindingContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export interface FindingRaisedData extends FindingContent {
  findingId: string;
  ruleId: string;
  subjectKey: string;
  scanId: string;
  asOf: string;
  contentHash: string;
}
export type FindingSeenAgainData = Omit<FindingRaisedData, 'ruleId' | 'subjectKey'>;

export interface FindingStep {
  type: string;
  revision: number;
  actor: { id: string; role: string; divisionCode: string } | null;
  recordedAt: string;
}

export interface FindingState {
  findingId: string;
  ruleId: string;
  subjectKey: string;
  status: FindingStatus;
  content: FindingContent;
  contentHash: string;
  firstScanId: string;
  lastScanId: string;
  raisedAt: string;
  updatedAt: string;
  /** The stream's last revision (the ETag of updates). */
  revision: number;
  assignment: { assignee: string; note: string; by: string | null; at: string } | null;
  check: { result: CheckResult; note: string; evidenceRef: string | null; by: string | null; at: string } | null;
  outcome:
    | { outcome: 'cleared'; reason: string; by: string | null; at: string }
    | { outcome: 'confirmed'; action: ConfirmedAction; note: string; by: string | null; at: string }
    | null;
}

/** Folds a finding stream; null for an empty one. */
export function foldFinding(events: readonly EventEnvelope[]): FindingState | null {
  let state: FindingState | null = null;
  for (const event of events) state = applyFindingEvent(state, event);
  return state;
}

export function applyFindingEvent(state: FindingState | null, event: Pick<EventEnvelope, 'type' | 'data' | 'streamRevision' | 'recordedAt' | 'metadata'>): FindingState | null {
  const by = event.metadata?.actor?.id ?? null;
  const at = event.recordedAt;
  if (event.type === FindingEvents.raised) {
    const d = event.data as FindingRaisedData;
    return {
      findingId: d.findingId,
      ruleId: d.ruleId,
      subjectKey: d.subjectKey,
      status: 'open',
      content: pickContent(d),
      contentHash: d.contentHash,
      firstScanId: d.scanId,
      lastScanId: d.scanId,
      raisedAt: at,
      updatedAt: at,
      revision: event.streamRevision,
      assignment: null,
      check: null,
      outcome: null,
    };
  }
  if (!state) return state;
  const next: FindingState = { ...state, revision: event.streamRevision, updatedAt: at };
  switch (event.type) {
    case FindingEvents.seenAgain: {
      const d = event.data as FindingSeenAgainData;
      return { ...next, content: pickContent(d), contentHash: d.contentHash, lastScanId: d.scanId };
    }
    case FindingEvents.assigned: {
      const d = event.data as { assignee: string; note: string };
      return { ...next, status: 'assigned', assignment: { assignee: d.assignee, note: d.note, by, at } };
    }
    case FindingEvents.checked: {
      const d = event.data as { result: CheckResult; note: string; evidenceRef?: string | null };
      return { ...next, status: 'checked', check: { result: d.result, note: d.note, evidenceRef: d.evidenceRef ?? null, by, at } };
    }
    case FindingEvents.cleared: {
      const d = event.data as { reason: string };
      return { ...next, status: 'cleared', outcome: { outcome: 'cleared', reason: d.reason, by, at } };
    }
    case FindingEvents.confirmed: {
      const d = event.data as { action: ConfirmedAction; note: string };
      return { ...next, status: 'confirmed', outcome: { outcome: 'confirmed', action: d.action, note: d.note, by, at } };
    }
    default:
      return next;
  }
}

function pickContent(d: FindingContent): FindingContent {
  return { cases: d.cases, divisionCodes: d.divisionCodes, summary: d.summary, amountFen: d.amountFen ?? null, evidence: d.evidence, details: d.details ?? {} };
}

// ---------------------------------------------------------------------------------------------
// Worklist steps: pure decisions on the folded state.

export type WorklistCommand =
  | { kind: 'assign'; assignee: string; note: string }
  | { kind: 'check'; result: CheckResult; note: string; evidenceRef?: string }
  | { kind: 'outcome'; outcome: 'cleared'; reason: string }
  | { kind: 'outcome'; outcome: 'confirmed'; action: ConfirmedAction; note: string };

const ALLOWED_FROM: Record<WorklistCommand['kind'], readonly FindingStatus[]> = {
  assign: ['open', 'assigned'],
  check: ['assigned', 'checked'],
  outcome: ['checked'],
};

/** The event a worklist step records, or a typed 409 when the finding's status does not allow it. */
export function decideWorklist(state: FindingState, command: WorklistCommand): { type: string; data: Record<string, unknown> } {
  if (state.status === 'cleared' || state.status === 'confirmed') {
    throw AnomalyErrors.FINDING_CLOSED({ findingId: state.findingId, status: state.status, step: command.kind });
  }
  if (!ALLOWED_FROM[command.kind].includes(state.status)) {
    throw AnomalyErrors.FINDING_TRANSITION_INVALID({ findingId: state.findingId, status: state.status, step: command.kind, allowedFrom: ALLOWED_FROM[command.kind] });
  }
  const findingId = state.findingId;
  switch (command.kind) {
    case 'assign':
      return { type: FindingEvents.assigned, data: { findingId, assignee: command.assignee, note: command.note } };
    case 'check':
      return { type: FindingEvents.checked, data: { findingId, result: command.result, note: command.note, ...(command.evidenceRef ? { evidenceRef: command.evidenceRef } : {}) } };
    case 'outcome':
      return command.outcome === 'cleared'
        ? { type: FindingEvents.cleared, data: { findingId, reason: command.reason } }
        : { type: FindingEvents.confirmed, data: { findingId, action: command.action, note: command.note } };
  }
}
