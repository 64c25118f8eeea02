import { DomainError, fold, type Actor, type EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';
import type { BenefitWorkflow, CaseSummary, FactsSnapshotData } from '../integration/benefit-workflow';
import { isTefuEventType, tefuCaseDecider, type TefuEvent } from './decider';
import { TefuCases } from './tefu-cases';

/**
 * The 计生特扶 workflow as the integration plumbing sees it. When an application is submitted, the
 * case's facts as of that revision are published as `tefu.CaseFactsSnapshotted.v1`: a full
 * snapshot, never a delta, and no personal data — members are personRefs with role and date of
 * birth (the rules compute ages from it).
 */

export const CASE_FACTS_SNAPSHOTTED = 'tefu.CaseFactsSnapshotted.v1';

export interface TefuFactsSnapshot {
  members: { personRef: string; role: 'wife' | 'husband'; birthDate: string }[];
  family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string };
}

export type CaseFactsSnapshottedData = FactsSnapshotData<TefuFactsSnapshot> & { benefit: 'tefu' };

/** Events that change what eligibility decides on: each one publishes a snapshot. */
const FACT_EVENTS: ReadonlySet<string> = new Set(['tefu.ApplicationSubmitted.v1']);

function toTefuEvent(envelope: EventEnvelope): TefuEvent {
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as TefuEvent;
}

/** The snapshot as of `upTo` (a case stream read from its start), or null when that event publishes none. */
export function caseFactsSnapshot(caseEvents: readonly EventEnvelope[], upTo: number): CaseFactsSnapshottedData | null {
  const events = caseEvents.filter((e) => e.streamRevision <= upTo);
  const last = events[events.length - 1];
  if (!last || last.streamRevision !== upTo || !FACT_EVENTS.has(last.type) || !events.every((e) => isTefuEventType(e.type))) return null;
  const state = fold(tefuCaseDecider, events.map(toTefuEvent));
  if (state.status === 'none') return null;
  return {
    caseId: state.caseId,
    benefit: 'tefu',
    divisionCode: state.divisionCode,
    effectiveFrom: (last.data as { effectiveFrom: string }).effectiveFrom,
    caseRevision: upTo,
    facts: {
      members: state.members.map(({ personRef, role, birthDate }) => ({ personRef, role, birthDate })),
      family: { familyType: state.family.familyType, childEventDate: state.family.childEventDate },
    },
  };
}

/**
 * Who records a determination that arrived from eligibility: the service, acting in the case's
 * division (no person acted). Its id appears in the case's recordedBy, never an approver's.
 */
export function eligibilityActor(divisionCode: string): Actor {
  return { id: 'service:eligibility', role: 'admin', divisionCode };
}

/** A determination that no longer fits the case is ignored (architecture: stale → ignored). */
const IGNORED = new Set(['DETERMINATION_STALE', 'CASE_ALREADY_DECIDED']);

/** The per-person monthly amount the case records, when every beneficiary has the same one. */
export function recordableAmount(event: IntegrationEvent<'EligibilityDetermined'>): number | null {
  if (!event.eligible || event.amounts.length === 0 || !event.standardRef) return null;
  const amounts = new Set(event.amounts.map((a) => a.amountFen));
  if (amounts.size !== 1) {
    throw new Error(`determination ${event.determinationId} gives different amounts per person; a 特扶 case records one amount per person per month`);
  }
  return event.amounts[0].amountFen;
}

async function recordDetermination(store: EventStore, event: IntegrationEvent<'EligibilityDetermined'>): Promise<void> {
  // Not eligible (or not computable): nothing the case's determination record can hold yet.
  const amount = recordableAmount(event);
  if (amount === null) return;
  const cases = new TefuCases(store);
  const { state, revision } = await cases.load(event.caseId);
  const { standardId, versionId, itemNo, contentHash } = event.standardRef!;
  try {
    await cases.update(
      {
        type: 'RecordDetermination',
        data: {
          caseId: event.caseId,
          determinationId: event.determinationId,
          basedOnCaseRevision: event.basedOnCaseRevision,
          amountPerPersonPerMonthFen: amount,
          standardRef: { standardId, versionId, itemNo, contentHash },
          effectiveFrom: event.effectiveFrom,
        },
        metadata: { now: new Date(), actor: eligibilityActor(state.divisionCode) },
      },
      revision,
      { correlationId: event.header?.correlationId || event.caseId },
    );
  } catch (error) {
    if (error instanceof DomainError && IGNORED.has(error.code)) return;
    throw error;
  }
}

/** The case-list line of a 特扶 case. */
export function tefuCaseSummary(caseEvents: readonly EventEnvelope[]): CaseSummary | null {
  if (caseEvents.length === 0 || !caseEvents.every((e) => isTefuEventType(e.type))) return null;
  const state = fold(tefuCaseDecider, caseEvents.map(toTefuEvent));
  if (state.status === 'none') return null;
  const first = caseEvents[0];
  const last = caseEvents[caseEvents.length - 1];
  return {
    caseId: state.caseId,
    benefit: 'tefu',
    divisionCode: state.divisionCode,
    status: state.status,
    revision: last.streamRevision,
    openedOn: (first.data as { effectiveFrom: string }).effectiveFrom,
    updatedAt: last.recordedAt,
    due: [],
  };
}

export const tefuWorkflow: BenefitWorkflow = {
  benefit: 'tefu',
  ownsEventType: isTefuEventType,
  factEvents: FACT_EVENTS,
  snapshot: caseFactsSnapshot,
  summary: tefuCaseSummary,
  recordDetermination,
};
