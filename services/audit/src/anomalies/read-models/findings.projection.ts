import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import { applyFindingEvent, FINDING_EVENT_TYPES, FINDING_STREAM_PREFIX, FindingEvents, type FindingState } from '../finding';

/**
 * `audit.findings`: one document per finding (id = findingId), the finding's stream folded — what
 * the list filters on (rule, status, divisions, scan) and shows. A document carries the revision of
 * the last event it reflects; an event at or below it changes nothing, so a redelivery or a rebuild
 * writes the same documents.
 */
export const FINDINGS_PROJECTION = 'audit.findings';

export const FINDINGS: CollectionSchema = {
  name: 'audit-findings',
  fields: { ruleId: 'string', status: 'string', divisionCodes: 'string[]', scanId: 'string', firstScanId: 'string', raisedAt: 'string' },
};

export interface FindingDoc extends FindingState {
  [key: string]: unknown;
  /** The last scan that recorded the finding (raised or seen again with new content). */
  scanId: string;
  divisionCodes: string[];
}

export function toFindingDoc(state: FindingState): FindingDoc {
  return { ...state, scanId: state.lastScanId, divisionCodes: state.content.divisionCodes };
}

export function findingsProjection(): Projection {
  return {
    name: FINDINGS_PROJECTION,
    collections: [FINDINGS],
    handles: (event) => event.streamId.startsWith(FINDING_STREAM_PREFIX) && FINDING_EVENT_TYPES.has(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const findings = session.collection<FindingDoc>(FINDINGS);
      const findingId = event.streamId.slice(FINDING_STREAM_PREFIX.length);
      const held = await findings.get(findingId);
      if (held && held.revision >= event.streamRevision) return;
      if (!held && event.type !== FindingEvents.raised) return;
      const next = applyFindingEvent(held, event);
      if (next) await findings.upsert(findingId, toFindingDoc(next));
    },
  };
}
