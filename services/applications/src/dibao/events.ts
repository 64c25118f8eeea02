/**
 * Events of a 低保 case: what each step recorded, their union `DibaoEvent`, the list of event types
 * with its guard, and the events after which eligibility gets a new facts snapshot.
 */
import type { CaseEventOf } from '../shared/case-rules';
import type { HouseholdCategory } from './policy';
import type { ChangeCircumstances, RecordDetermination, RecordFinancialCheck } from './commands';
import type { DibaoMember, ExitReason, SinglePersonApplication } from './types';

export type ApplicationSubmitted = CaseEventOf<
  'dibao.ApplicationSubmitted.v1',
  {
    caseId: string;
    benefit: 'dibao';
    divisionCode: string;
    members: DibaoMember[];
    householdCategory: HouseholdCategory;
    singlePerson?: SinglePersonApplication;
    reApplicationOf?: string;
    effectiveFrom: string;
  }
>;
export type ApplicationAccepted = CaseEventOf<
  'dibao.ApplicationAccepted.v1',
  { caseId: string; effectiveFrom: string; homeVisitDueOn: string; processDueOn: string }
>;
export type FinancialCheckRecorded = CaseEventOf<
  'dibao.FinancialCheckRecorded.v1',
  Omit<RecordFinancialCheck['data'], 'checkedOn'> & { effectiveFrom: string }
>;
export type HomeVisitConducted = CaseEventOf<
  'dibao.HomeVisitConducted.v1',
  { caseId: string; effectiveFrom: string; investigators: string[]; findings: string; recordRef?: string; communityReviewDueOn: string }
>;
export type CommunityReviewHeld = CaseEventOf<
  'dibao.CommunityReviewHeld.v1',
  { caseId: string; effectiveFrom: string; attendance: number; votesFor: number; minutesRef: string; publicNoticeDueOn: string }
>;
export type PublicNoticePosted = CaseEventOf<
  'dibao.PublicNoticePosted.v1',
  { caseId: string; noticeNo: number; location: string; effectiveFrom: string; startedOn: string; endsOn: string; decisionDueOn: string }
>;
export type PublicNoticeObjectionRaised = CaseEventOf<
  'dibao.PublicNoticeObjectionRaised.v1',
  { caseId: string; objectionId: string; noticeNo: number; effectiveFrom: string; summary: string }
>;
export type PublicNoticeObjectionResolved = CaseEventOf<
  'dibao.PublicNoticeObjectionResolved.v1',
  { caseId: string; objectionId: string; outcome: 'dismissed' | 'upheld'; resolution: string; effectiveFrom: string }
>;
export type DeterminationRecorded = CaseEventOf<'dibao.DeterminationRecorded.v1', Omit<RecordDetermination['data'], never>>;
export type CaseApproved = CaseEventOf<
  'dibao.CaseApproved.v1',
  {
    caseId: string;
    benefit: 'dibao';
    divisionCode: string;
    determinationId: string;
    basedOnCaseRevision: number;
    householdAmountFen: number;
    /** The approval date (审核确认), or for a confirmed change the date the new amount holds from. */
    effectiveFrom: string;
    /** The first day of the first month paid: the month after approval, or the change's month. */
    paymentFrom: string;
    /** Absent on the first approval; `increase` / `decrease` / `unchanged` on a confirmed change. */
    change?: 'increase' | 'decrease' | 'unchanged';
    nextReviewDueOn: string;
  }
>;
export type CaseRejected = CaseEventOf<'dibao.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string; noticeDueOn: string }>;
export type RejectionNoticeDelivered = CaseEventOf<
  'dibao.RejectionNoticeDelivered.v1',
  { caseId: string; effectiveFrom: string; method: 'inPerson' | 'post' | 'electronic'; receiptRef: string }
>;
export type ReviewCompleted = CaseEventOf<
  'dibao.ReviewCompleted.v1',
  { caseId: string; effectiveFrom: string; householdCategory: HouseholdCategory; findings: string; nextReviewDueOn: string }
>;
export type CircumstancesChanged = CaseEventOf<'dibao.CircumstancesChanged.v1', ChangeCircumstances['data']>;
/**
 * 停发 / 恢复. Published as integration events PaymentSuspended / PaymentResumed (by name);
 * `divisionCode` is there for the consumers (additive: absent on events recorded before).
 */
export type PaymentSuspended = CaseEventOf<'dibao.PaymentSuspended.v1', { caseId: string; effectiveFrom: string; reason: string; divisionCode?: string }>;
export type PaymentResumed = CaseEventOf<'dibao.PaymentResumed.v1', { caseId: string; effectiveFrom: string; reason: string; divisionCode?: string }>;
export type CaseExited = CaseEventOf<'dibao.CaseExited.v1', { caseId: string; effectiveFrom: string; reason: ExitReason; note: string }>;

export type DibaoEvent =
  | ApplicationSubmitted
  | ApplicationAccepted
  | FinancialCheckRecorded
  | HomeVisitConducted
  | CommunityReviewHeld
  | PublicNoticePosted
  | PublicNoticeObjectionRaised
  | PublicNoticeObjectionResolved
  | DeterminationRecorded
  | CaseApproved
  | CaseRejected
  | RejectionNoticeDelivered
  | ReviewCompleted
  | CircumstancesChanged
  | PaymentSuspended
  | PaymentResumed
  | CaseExited;
export type DibaoEventType = DibaoEvent['type'];

export const DIBAO_EVENT_TYPES: readonly DibaoEventType[] = [
  'dibao.ApplicationSubmitted.v1',
  'dibao.ApplicationAccepted.v1',
  'dibao.FinancialCheckRecorded.v1',
  'dibao.HomeVisitConducted.v1',
  'dibao.CommunityReviewHeld.v1',
  'dibao.PublicNoticePosted.v1',
  'dibao.PublicNoticeObjectionRaised.v1',
  'dibao.PublicNoticeObjectionResolved.v1',
  'dibao.DeterminationRecorded.v1',
  'dibao.CaseApproved.v1',
  'dibao.CaseRejected.v1',
  'dibao.RejectionNoticeDelivered.v1',
  'dibao.ReviewCompleted.v1',
  'dibao.CircumstancesChanged.v1',
  'dibao.PaymentSuspended.v1',
  'dibao.PaymentResumed.v1',
  'dibao.CaseExited.v1',
];

export function isDibaoEventType(type: string): type is DibaoEventType {
  return (DIBAO_EVENT_TYPES as readonly string[]).includes(type);
}

/** Case events after which eligibility gets a new facts snapshot. */
export const DIBAO_FACT_EVENTS: ReadonlySet<string> = new Set(['dibao.FinancialCheckRecorded.v1', 'dibao.CircumstancesChanged.v1', 'dibao.CaseExited.v1']);
