import type { Actor } from '@benefits/kernel';
import type { EvidenceItem, FactKind, FactRecord } from '../households/facts';
import type { PaymentResumed, PaymentSuspended } from './payment-suspension';
import type { DuplicateOverridden } from '../shared/duplicate-cases';
import { HouseholdMember, TefuFamily, BeneficiaryAmount, TerminationReason } from './types';
import { RecordDetermination } from './commands';

/** 计生特扶 case events: what the case stream records, and which events change the facts the engine reads. */

// ---------------------------------------------------------------------------------------------
// Events

/**
 * A 特扶 event as the decider sees it: type, data and who recorded it. The actor is stored in the
 * event's metadata (not in `data`); the decider needs it for maker-checker.
 */
export interface TefuEventOf<Type extends string, Data> {
  type: Type;
  data: Data;
  actor: Actor | null;
}

export type CaseCreated = TefuEventOf<
  'tefu.CaseCreated.v1',
  { caseId: string; benefit: 'tefu'; divisionCode: string; members: HouseholdMember[]; family: TefuFamily; effectiveFrom: string }
>;
export type ApplicationSubmitted = TefuEventOf<'tefu.ApplicationSubmitted.v1', { caseId: string; effectiveFrom: string }>;
export type DeterminationRecorded = TefuEventOf<'tefu.DeterminationRecorded.v1', RecordDetermination['data']>;
export type CaseApproved = TefuEventOf<
  'tefu.CaseApproved.v1',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    amountPerPersonPerMonthFen: number | null;
    amounts?: BeneficiaryAmount[];
    effectiveFrom: string;
    /** The approval activates the case; its first 年审 is due on this date (additive field). */
    annualReviewDueOn?: string;
  }
>;
export type CaseRejected = TefuEventOf<'tefu.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;
export type EligibilityConfirmed = TefuEventOf<
  'tefu.EligibilityConfirmed.v1',
  { caseId: string; evidence: EvidenceItem[]; factsRevision: number; effectiveFrom: string }
>;
export type EvidenceAttached = TefuEventOf<'tefu.EvidenceAttached.v1', { caseId: string; evidence: EvidenceItem[]; effectiveFrom: string }>;
export type FactRecorded = TefuEventOf<'tefu.FactRecorded.v1', { caseId: string } & FactRecord>;
export type CaseTerminated = TefuEventOf<
  'tefu.CaseTerminated.v1',
  { caseId: string; reason: TerminationReason; terminatedOn: string; evidence: EvidenceItem[]; effectiveFrom: string }
>;
export type AnnualReviewConfirmed = TefuEventOf<
  'tefu.AnnualReviewConfirmed.v1',
  { caseId: string; dueOn: string; confirmedOn: string; evidence: EvidenceItem[]; effectiveFrom: string }
>;
export type AnnualReviewScheduled = TefuEventOf<'tefu.AnnualReviewScheduled.v1', { caseId: string; dueOn: string; effectiveFrom: string }>;
export type AnnualReviewOverdue = TefuEventOf<'tefu.AnnualReviewOverdue.v1', { caseId: string; dueOn: string; recordedOn: string; effectiveFrom: string }>;
/** An approver allowed this case although the person is in another open 特扶 case (one event per person). */
export type DuplicateCaseOverridden = TefuEventOf<'tefu.DuplicateCaseOverridden.v1', { caseId: string; effectiveFrom: string } & DuplicateOverridden>;

export type TefuEvent =
  | CaseCreated
  | ApplicationSubmitted
  | DeterminationRecorded
  | CaseApproved
  | CaseRejected
  | EligibilityConfirmed
  | EvidenceAttached
  | FactRecorded
  | CaseTerminated
  | AnnualReviewConfirmed
  | AnnualReviewScheduled
  | AnnualReviewOverdue
  | DuplicateCaseOverridden
  | PaymentSuspended
  | PaymentResumed;
export type TefuEventType = TefuEvent['type'];

export const TEFU_EVENT_TYPES: readonly TefuEventType[] = [
  'tefu.CaseCreated.v1',
  'tefu.ApplicationSubmitted.v1',
  'tefu.DeterminationRecorded.v1',
  'tefu.CaseApproved.v1',
  'tefu.CaseRejected.v1',
  'tefu.EligibilityConfirmed.v1',
  'tefu.EvidenceAttached.v1',
  'tefu.FactRecorded.v1',
  'tefu.CaseTerminated.v1',
  'tefu.AnnualReviewConfirmed.v1',
  'tefu.AnnualReviewScheduled.v1',
  'tefu.AnnualReviewOverdue.v1',
  'tefu.DuplicateCaseOverridden.v1',
  'tefu.PaymentSuspended.v1',
  'tefu.PaymentResumed.v1',
];

export function isTefuEventType(type: string): type is TefuEventType {
  return (TEFU_EVENT_TYPES as readonly string[]).includes(type);
}

/** Fact kinds the 特扶 rules read (they change the facts revision and publish a snapshot). */
export const ENGINE_FACT_KINDS: ReadonlySet<FactKind> = new Set(['elderlyCareSubsidy', 'disabledOrDemented', 'death', 'childDisability']);

/** Whether an event changes what eligibility decides on (everything but its own output and process steps). */
export function changesFacts(event: Pick<TefuEvent, 'type' | 'data'>): boolean {
  switch (event.type) {
    case 'tefu.CaseCreated.v1':
    case 'tefu.ApplicationSubmitted.v1':
    case 'tefu.CaseApproved.v1':
    case 'tefu.CaseRejected.v1':
    case 'tefu.CaseTerminated.v1':
      return true;
    case 'tefu.FactRecorded.v1':
      return ENGINE_FACT_KINDS.has((event.data as FactRecorded['data']).fact.kind);
    default:
      return false;
  }
}
