import { fold, type EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';
import type { BenefitWorkflow, CaseSummary, FactsSnapshotData } from '../integration/benefit-workflow';
import { deathDateOf, factOn, HOUSEHOLD } from '../households/facts';
import { ENGINE_FACT_KINDS, isTefuEventType, tefuCaseDecider, type BeneficiaryAmount, type OpenTefuCase, type TefuEvent, type TerminationReason } from './decider';
import { caseSummaryOf, eligibilityActor, openCaseStateOf, recordDeterminationOnCase } from '../shared/case-workflow';
import { TefuCases } from './tefu-cases';

/**
 * The 计生特扶 workflow as the integration plumbing sees it. When an application is submitted, and
 * after every effective-dated change of a fact the rules read on a submitted or active case
 * (养老服务补贴, 失能/失智, a member's death, the child's disability grade, termination), the case's
 * facts as of that revision are published as `tefu.CaseFactsSnapshotted.v1`: a full snapshot,
 * never a delta, effective from the change's date, and no personal data — members are personRefs
 * with role and date of birth (the rules compute ages from it).
 */

export const CASE_FACTS_SNAPSHOTTED = 'tefu.CaseFactsSnapshotted.v1';

export interface TefuFactsSnapshot {
  /** Optional fields appear only once a fact about them was recorded. */
  members: {
    personRef: string;
    role: 'wife' | 'husband';
    birthDate: string;
    elderlyCareSubsidy?: boolean;
    disabledOrDemented?: boolean;
    deathDate?: string;
  }[];
  family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string; childDisabilityGrade?: 1 | 2 | 3 | 4 };
  /** From this date on nothing is due (the snapshot of a termination). */
  terminatedOn?: string;
  terminationReason?: TerminationReason;
}

export type CaseFactsSnapshottedData = FactsSnapshotData<TefuFactsSnapshot> & { benefit: 'tefu' };

/**
 * Events after which a snapshot may be published: the submission, a fact the rules read (on a
 * submitted or active case), and a termination. `caseFactsSnapshot` says null for the others.
 */
const FACT_EVENTS: ReadonlySet<string> = new Set(['tefu.ApplicationSubmitted.v1', 'tefu.FactRecorded.v1', 'tefu.CaseTerminated.v1']);

function toTefuEvent(envelope: EventEnvelope): TefuEvent {
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as TefuEvent;
}

/**
 * The date a snapshot's facts hold from. Submission: its date. A termination: the termination date.
 * A fact change: its effective date (the earlier of it and the corrected record's, for a correction)
 * — on a case not yet approved, never before the submission, which is when the application's facts
 * are evaluated.
 */
function snapshotDate(state: OpenTefuCase, last: TefuEvent): string | null {
  switch (last.type) {
    case 'tefu.ApplicationSubmitted.v1':
      return last.data.effectiveFrom;
    case 'tefu.CaseTerminated.v1':
      return last.data.terminatedOn;
    case 'tefu.FactRecorded.v1': {
      if (!ENGINE_FACT_KINDS.has(last.data.fact.kind) || state.submittedOn === null) return null;
      const corrected = last.data.supersedes ? state.facts.find((r) => r.factId === last.data.supersedes) : undefined;
      const from = corrected && corrected.effectiveFrom < last.data.effectiveFrom ? corrected.effectiveFrom : last.data.effectiveFrom;
      return state.status === 'submitted' && from < state.submittedOn ? state.submittedOn : from;
    }
    default:
      return null;
  }
}

/** The facts eligibility reads, as effective on `date`; optional fields only where a fact was recorded. */
export function tefuFacts(state: OpenTefuCase, date: string): TefuFactsSnapshot {
  const members = state.members.map(({ personRef, role, birthDate }) => {
    const subsidy = factOn(state.facts, personRef, 'elderlyCareSubsidy', date);
    const disabled = factOn(state.facts, personRef, 'disabledOrDemented', date);
    const deathDate = deathDateOf(state.facts, personRef);
    return {
      personRef,
      role,
      birthDate,
      ...(subsidy ? { elderlyCareSubsidy: subsidy.receiving } : {}),
      ...(disabled ? { disabledOrDemented: disabled.value } : {}),
      ...(deathDate ? { deathDate } : {}),
    };
  });
  const grade = factOn(state.facts, HOUSEHOLD, 'childDisability', date);
  return {
    members,
    family: { familyType: state.family.familyType, childEventDate: state.family.childEventDate, ...(grade ? { childDisabilityGrade: grade.grade } : {}) },
    ...(state.termination ? { terminatedOn: state.termination.terminatedOn, terminationReason: state.termination.reason } : {}),
  };
}

/** The snapshot as of `upTo` (a case stream read from its start), or null when that event publishes none. */
export function caseFactsSnapshot(caseEvents: readonly EventEnvelope[], upTo: number): CaseFactsSnapshottedData | null {
  const events = caseEvents.filter((e) => e.streamRevision <= upTo);
  const last = events[events.length - 1];
  if (!last || last.streamRevision !== upTo || !FACT_EVENTS.has(last.type) || !events.every((e) => isTefuEventType(e.type))) return null;
  const tefuEvents = events.map(toTefuEvent);
  const state = fold(tefuCaseDecider, tefuEvents);
  if (state.status === 'none') return null;
  const effectiveFrom = snapshotDate(state, tefuEvents[tefuEvents.length - 1]);
  if (effectiveFrom === null) return null;
  return {
    caseId: state.caseId,
    benefit: 'tefu',
    divisionCode: state.divisionCode,
    effectiveFrom,
    caseRevision: upTo,
    facts: tefuFacts(state, effectiveFrom),
  };
}

/**
 * Who records a determination that arrived from eligibility: the service, acting in the case's
 * division (no person acted). Its id appears in the case's recordedBy, never an approver's.
 */
export { eligibilityActor };

/**
 * A determination that no longer fits the case is ignored (architecture: stale → ignored): based on
 * an older facts revision, or arriving after a rejection or a termination.
 */
const IGNORED = new Set(['DETERMINATION_STALE', 'CASE_ALREADY_DECIDED', 'CASE_TERMINATED']);

/**
 * The monthly amount of each beneficiary for the month of the determination's `effectiveFrom` (the
 * first line of a beneficiary when that month has none), and the common amount when they are all
 * equal (else null). Null when the determination gives nothing to record (not eligible).
 */
export function recordableAmounts(event: IntegrationEvent<'EligibilityDetermined'>): { amountPerPersonPerMonthFen: number | null; amounts: BeneficiaryAmount[] } | null {
  if (!event.eligible || event.amounts.length === 0 || !event.standardRef) return null;
  const month = event.effectiveFrom.slice(0, 7);
  const byBeneficiary = new Map<string, number>();
  for (const line of event.amounts) {
    if (!byBeneficiary.has(line.beneficiaryRef) || line.periodKey === month) byBeneficiary.set(line.beneficiaryRef, line.amountFen);
  }
  const amounts = [...byBeneficiary].map(([beneficiaryRef, amountFen]) => ({ beneficiaryRef, amountFen }));
  const distinct = new Set(amounts.map((a) => a.amountFen));
  return { amountPerPersonPerMonthFen: distinct.size === 1 ? amounts[0].amountFen : null, amounts };
}

/**
 * The per-person monthly amount when every beneficiary has the same one. Kept for callers of the
 * one-amount record; the consumer records per-beneficiary amounts (`recordableAmounts`).
 */
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
  const recordable = recordableAmounts(event);
  if (recordable === null) return;
  const cases = new TefuCases(store);
  const { standardId, versionId, itemNo, contentHash } = event.standardRef!;
  await recordDeterminationOnCase(cases, event, IGNORED, (metadata) => ({
    type: 'RecordDetermination' as const,
    metadata,
    data: {
      caseId: event.caseId,
      determinationId: event.determinationId,
      basedOnCaseRevision: event.basedOnCaseRevision,
      amountPerPersonPerMonthFen: recordable.amountPerPersonPerMonthFen,
      amounts: recordable.amounts,
      standardRef: { standardId, versionId, itemNo, contentHash },
      effectiveFrom: event.effectiveFrom,
    },
  }));
}

/** The kind of the 年审 due item in case summaries. */
export const ANNUAL_REVIEW_DUE = 'tefu.annualReview';

/**
 * The case-list line of a 特扶 case: its status and, for an active case, the open 年审 (overdue
 * when its dueOn is before today; an overdue review stays open until confirmed).
 */
export function tefuCaseSummary(caseEvents: readonly EventEnvelope[]): CaseSummary | null {
  const state = openCaseStateOf(caseEvents, isTefuEventType, toTefuEvent, (events) => fold(tefuCaseDecider, events));
  if (!state) return null;
  const openedOn = (caseEvents[0].data as { effectiveFrom: string }).effectiveFrom;
  const due = state.status === 'active' && state.annualReview ? [{ kind: ANNUAL_REVIEW_DUE, dueOn: state.annualReview.dueOn }] : [];
  return caseSummaryOf(state, caseEvents, 'tefu', openedOn, due);
}

export const tefuWorkflow: BenefitWorkflow = {
  benefit: 'tefu',
  ownsEventType: isTefuEventType,
  factEvents: FACT_EVENTS,
  snapshot: caseFactsSnapshot,
  summary: tefuCaseSummary,
  recordDetermination,
};
