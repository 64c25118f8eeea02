import type { Actor, EventEnvelope } from '@benefits/kernel';
import { actorCovers } from '../access';
import { FindingEvents, type FindingState } from './finding';

/**
 * What a reader sees of a finding. A finding is visible to an actor whose division covers at least
 * one of its divisions; the ids of cases in divisions the actor does not cover are never shown —
 * they are replaced by a count ("another division holds an open case"), evidence links other than
 * into the reader's own cases' streams are counted instead of listed, and the id is blanked wherever else it appears.
 */
export const HIDDEN_CASE = '(另一行政区划的案件 / a case of another division)';

export function mayRead(actor: Actor, divisionCodes: readonly string[]): boolean {
  return divisionCodes.some((d) => actorCovers(actor, d));
}

export interface FindingView {
  findingId: string;
  streamId: string;
  ruleId: string;
  status: FindingState['status'];
  summary: { zh: string; en: string };
  amountFen: number | null;
  divisionCodes: string[];
  cases: { caseId: string; divisionCode: string; benefit?: string }[];
  /** Cases of divisions the reader does not cover, counted, never named. */
  otherDivisions: { cases: number; divisionCodes: string[]; note: { zh: string; en: string } } | null;
  evidence: { streamId: string; revision: number; note?: string }[];
  hiddenEvidence: number;
  details: Record<string, unknown>;
  firstScanId: string;
  lastScanId: string;
  raisedAt: string;
  updatedAt: string;
  revision: number;
  assignment: FindingState['assignment'];
  check: FindingState['check'];
  outcome: FindingState['outcome'];
}

export function findingView(state: FindingState, actor: Actor): FindingView {
  const hidden = state.content.cases.filter((c) => !actorCovers(actor, c.divisionCode));
  const hiddenIds = hidden.map((c) => c.caseId);
  const visible = state.content.cases.filter((c) => actorCovers(actor, c.divisionCode));
  // When another division's cases are involved, only links into the reader's own cases are listed:
  // a stream of no case (an account, an envelope) may belong to the other division's beneficiary.
  const visibleIds = visible.map((c) => c.caseId);
  const evidence =
    hidden.length === 0 ? state.content.evidence : state.content.evidence.filter((e) => visibleIds.some((id) => e.streamId.includes(id)));
  const view: FindingView = {
    findingId: state.findingId,
    streamId: `finding-${state.findingId}`,
    ruleId: state.ruleId,
    status: state.status,
    summary: state.content.summary,
    amountFen: state.content.amountFen,
    divisionCodes: state.content.divisionCodes,
    cases: visible,
    otherDivisions:
      hidden.length === 0
        ? null
        : {
            cases: hidden.length,
            divisionCodes: [...new Set(hidden.map((c) => c.divisionCode))].sort(),
            note: { zh: '另一行政区划有在办案件（案件编号不予显示）', en: 'another division holds an open case (its id is not shown)' },
          },
    evidence,
    hiddenEvidence: state.content.evidence.length - evidence.length,
    details: state.content.details,
    firstScanId: state.firstScanId,
    lastScanId: state.lastScanId,
    raisedAt: state.raisedAt,
    updatedAt: state.updatedAt,
    revision: state.revision,
    assignment: state.assignment,
    check: state.check,
    outcome: state.outcome,
  };
  return redact(view, hiddenIds);
}

export interface TimelineEntry {
  revision: number;
  type: string;
  recordedAt: string;
  actor: { id: string; role: string; divisionCode: string } | null;
  scanId?: string;
  contentHash?: string;
  data?: Record<string, unknown>;
}

/** The finding's events: scans that recorded it (by scan id and content hash) and every worklist step with who and when. */
export function timelineOf(events: readonly EventEnvelope[], state: FindingState, actor: Actor): TimelineEntry[] {
  const hiddenIds = state.content.cases.filter((c) => !actorCovers(actor, c.divisionCode)).map((c) => c.caseId);
  // Earlier content may have named other cases: blank every case id the reader does not cover now or then.
  for (const e of events) {
    for (const c of ((e.data as { cases?: { caseId: string; divisionCode: string }[] })?.cases ?? [])) {
      if (!actorCovers(actor, c.divisionCode)) hiddenIds.push(c.caseId);
    }
  }
  const entries = events.map((e): TimelineEntry => {
    const base = { revision: e.streamRevision, type: e.type, recordedAt: e.recordedAt, actor: e.metadata.actor ?? null };
    const d = e.data as Record<string, unknown>;
    if (e.type === FindingEvents.raised || e.type === FindingEvents.seenAgain) return { ...base, scanId: d.scanId as string, contentHash: d.contentHash as string };
    const { findingId: _f, ...rest } = d;
    return { ...base, data: rest };
  });
  return redact(entries, hiddenIds);
}

/** Replaces each hidden case id wherever it appears (ids are UUIDs: safe to replace in JSON text). */
export function redact<T>(value: T, hiddenIds: readonly string[]): T {
  if (hiddenIds.length === 0) return value;
  let text = JSON.stringify(value);
  for (const id of new Set(hiddenIds)) text = text.split(id).join(HIDDEN_CASE);
  return JSON.parse(text) as T;
}

