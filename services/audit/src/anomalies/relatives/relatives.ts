import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import { AnomalyErrors } from '../anomalies.errors';

/**
 * 近亲属备案: the officers' relatives register. One stream per officer, `officer-relatives-<officerId>`:
 *
 *   audit.RelativeDeclared.v1   {officerId, officerDivisionCode, relativeId, fingerprint, relation, note}
 *   audit.RelativeWithdrawn.v1  {officerId, relativeId, reason}   (declared in error; no longer counts)
 *
 * A relative is identified by the vault's HMAC fingerprint of their 身份证号, computed from the
 * number submitted over HTTP; the number itself is never stored or shown (nor is the fingerprint
 * shown: readers see the relativeId, the relation and who declared it when).
 */
export const RelativeEvents = {
  declared: 'audit.RelativeDeclared.v1',
  withdrawn: 'audit.RelativeWithdrawn.v1',
} as const;

export const RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'parentInLaw', 'childInLaw', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATIVES_STREAM_PREFIX = 'officer-relatives-';
export const OFFICER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;
export const relativesStreamId = (officerId: string) => `${RELATIVES_STREAM_PREFIX}${officerId}`;

export interface DeclaredRelative {
  relativeId: string;
  fingerprint: string;
  relation: Relation;
  note: string;
  declaredAt: string;
  declaredBy: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

export interface OfficerRelatives {
  officerId: string;
  /** The officer's division when they last declared (scope of who reads the register). */
  divisionCode: string;
  relatives: DeclaredRelative[];
  revision: number;
}

export function foldRelatives(events: readonly EventEnvelope[]): OfficerRelatives | null {
  let state: OfficerRelatives | null = null;
  for (const e of events) state = applyRelativeEvent(state, e);
  return state;
}

function applyRelativeEvent(state: OfficerRelatives | null, e: Pick<EventEnvelope, 'type' | 'data' | 'streamRevision' | 'recordedAt' | 'metadata'>): OfficerRelatives | null {
  const d = e.data as Record<string, any>;
  const by = e.metadata?.actor?.id ?? null;
  if (e.type === RelativeEvents.declared) {
    const base: OfficerRelatives = state ?? { officerId: d.officerId, divisionCode: d.officerDivisionCode, relatives: [], revision: e.streamRevision };
    return {
      ...base,
      divisionCode: d.officerDivisionCode ?? base.divisionCode,
      revision: e.streamRevision,
      relatives: [
        ...base.relatives,
        { relativeId: d.relativeId, fingerprint: d.fingerprint, relation: d.relation, note: d.note ?? '', declaredAt: e.recordedAt, declaredBy: by, withdrawnAt: null, withdrawnBy: null, withdrawReason: null },
      ],
    };
  }
  if (!state) return state;
  if (e.type === RelativeEvents.withdrawn) {
    return {
      ...state,
      revision: e.streamRevision,
      relatives: state.relatives.map((r) => (r.relativeId === d.relativeId && r.withdrawnAt === null ? { ...r, withdrawnAt: e.recordedAt, withdrawnBy: by, withdrawReason: d.reason } : r)),
    };
  }
  return { ...state, revision: e.streamRevision };
}

export function decideDeclare(state: OfficerRelatives | null, fingerprint: string): void {
  if (state?.relatives.some((r) => r.fingerprint === fingerprint && r.withdrawnAt === null)) {
    const held = state.relatives.find((r) => r.fingerprint === fingerprint && r.withdrawnAt === null)!;
    throw AnomalyErrors.RELATIVE_ALREADY_DECLARED({ officerId: state.officerId, relativeId: held.relativeId });
  }
}

export function decideWithdraw(state: OfficerRelatives | null, officerId: string, relativeId: string): void {
  if (!state?.relatives.some((r) => r.relativeId === relativeId && r.withdrawnAt === null)) throw AnomalyErrors.RELATIVE_NOT_DECLARED({ officerId, relativeId });
}

/** What readers see: no fingerprint. */
export function relativesView(state: OfficerRelatives) {
  return {
    officerId: state.officerId,
    divisionCode: state.divisionCode,
    revision: state.revision,
    relatives: state.relatives.map(({ fingerprint: _f, ...r }) => r),
  };
}

// ---------------------------------------------------------------------------------------------
// Read model `audit.officer-relatives`: the register folded, one document per officer.

export const OFFICER_RELATIVES_PROJECTION = 'audit.officer-relatives';
export const OFFICER_RELATIVES: CollectionSchema = { name: 'audit-officer-relatives', fields: { divisionCode: 'string', activeCount: 'number' } };

export interface OfficerRelativesDoc extends OfficerRelatives {
  [key: string]: unknown;
  activeCount: number;
}

export function officerRelativesProjection(): Projection {
  return {
    name: OFFICER_RELATIVES_PROJECTION,
    collections: [OFFICER_RELATIVES],
    handles: (event) => event.streamId.startsWith(RELATIVES_STREAM_PREFIX) && (event.type === RelativeEvents.declared || event.type === RelativeEvents.withdrawn),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const docs = session.collection<OfficerRelativesDoc>(OFFICER_RELATIVES);
      const officerId = event.streamId.slice(RELATIVES_STREAM_PREFIX.length);
      const held = await docs.get(officerId);
      if (held && held.revision >= event.streamRevision) return;
      const next = applyRelativeEvent(held, event);
      if (next) await docs.upsert(officerId, { ...next, activeCount: next.relatives.filter((r) => r.withdrawnAt === null).length });
    },
  };
}
