import type { EventEnvelope } from '@benefits/kernel';
import { benefitOfType } from '../benefit-of-type';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';

/**
 * Which streams belong to a case, so a case history reads those streams by id instead of scanning
 * the log for them. One document per stream (id = stream id), written when the stream's first event
 * (revision 0) is seen: the whole document comes from that one event, so applying it again — a
 * redelivery, a replica that received it twice, a rebuild — writes the same document.
 *
 * The projection follows what audit reads: the process's event store, or in the separate-process
 * mode the replica of every service's log, so `firstPosition` is a position of that source and can
 * be given back to it as `asKnownAt`.
 */
export const CASE_STREAMS_PROJECTION = 'audit.case-streams';

export const CASE_STREAMS: CollectionSchema = {
  name: 'audit-case-streams',
  fields: { caseId: 'string', streamId: 'string', kind: 'string', divisionCode: 'string?', benefit: 'string?' },
};

/** The stream families of a case; `facts` holds the household's effective-dated facts (applications). */
export type CaseStreamKind = 'case' | 'facts' | 'determination' | 'entitlement' | 'payment';

export interface CaseStreamDoc {
  [key: string]: unknown;
  caseId: string;
  streamId: string;
  kind: CaseStreamKind;
  /** Position (in the projection's source) and recorded time of the stream's first event. */
  firstPosition: string;
  firstRecordedAt: string;
  firstEventType: string;
  /**
   * On the `case-` stream's document only: the case's division and benefit from its first event
   * (`data.divisionCode`, `data.benefit`, else the benefit its type's namespace names when this
   * process knows it — a benefit registered as a module), for division scope without reading the
   * stream. Cases of a module projected before audit knew the module keep `benefit: null` until the
   * projection is rebuilt (`npx benefits projections rebuild audit.case-streams`).
   */
  divisionCode?: string | null;
  benefit?: string | null;
}

/** The case's own document (`case-<caseId>`), which carries its division and benefit. */
export function caseDocId(caseId: string): string {
  return `case-${caseId}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_STREAM = new RegExp(`^(case|facts|determination|entitlement|payment)-(${UUID})(?:$|-)`);
const UUID_ONLY = new RegExp(`^${UUID}$`);

/**
 * The case a stream belongs to, from its first event. Streams are `<kind>-<caseId>[-…]`; a
 * determination stream may instead be named after the determination (`determination-<determinationId>`),
 * and then only the event's `data.caseId` tells the case — so for determinations that field wins.
 */
export function caseStreamOf(event: Pick<EventEnvelope, 'streamId' | 'data'>): { caseId: string; kind: CaseStreamKind } | null {
  const match = CASE_STREAM.exec(event.streamId);
  if (!match) return null;
  const kind = match[1] as CaseStreamKind;
  if (kind === 'determination') {
    const cited = (event.data as { caseId?: unknown } | null)?.caseId;
    if (typeof cited === 'string' && UUID_ONLY.test(cited)) return { caseId: cited, kind };
  }
  return { caseId: match[2], kind };
}

export function caseStreamsProjection(): Projection {
  return {
    name: CASE_STREAMS_PROJECTION,
    collections: [CASE_STREAMS],
    handles: (event) => event.streamRevision === 0 && CASE_STREAM.test(event.streamId),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const owner = caseStreamOf(event);
      if (!owner) return;
      await session.collection<CaseStreamDoc>(CASE_STREAMS).upsert(event.streamId, {
        caseId: owner.caseId,
        streamId: event.streamId,
        kind: owner.kind,
        firstPosition: event.position,
        firstRecordedAt: event.recordedAt,
        firstEventType: event.type,
        ...(owner.kind === 'case' ? caseScopeOf(event.data, event.type) : {}),
      });
    },
  };
}

/** The division and benefit of a case, from its first event (the benefit from the event's namespace when the data does not name it, as a module's may not). */
function caseScopeOf(data: unknown, type: string): { divisionCode: string | null; benefit: string | null } {
  const d = (data ?? {}) as { divisionCode?: unknown; benefit?: unknown };
  return {
    divisionCode: typeof d.divisionCode === 'string' ? d.divisionCode : null,
    benefit: typeof d.benefit === 'string' ? d.benefit : benefitOfType(type),
  };
}
