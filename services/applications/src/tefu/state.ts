import { assertNever, LocalDate } from '@benefits/kernel';
import type { EvidenceItem, FactRecord } from '../households/facts';
import type { TefuSuspension } from './payment-suspension';
import { HouseholdMember, TefuFamily, BeneficiaryAmount, DEFAULT_TEFU_POLICY } from './types';
import { DeterminationRecorded, CaseApproved, CaseRejected, EligibilityConfirmed, CaseTerminated, AnnualReviewConfirmed, TefuEvent, changesFacts } from './events';

/** 计生特扶 case state: the case folded from its events (evolve), and queries of it (the determination in force, amounts, the entitlement on a date). */

// ---------------------------------------------------------------------------------------------
// State

/** `active` from the approval (审核确认) on; `terminated` from a termination on. */
export type TefuCaseStatus = 'draft' | 'submitted' | 'active' | 'rejected' | 'terminated';
export const TEFU_CASE_STATUSES = ['draft', 'submitted', 'active', 'rejected', 'terminated'] as const;

export type Determination = DeterminationRecorded['data'];

export interface OpenTefuCase {
  status: TefuCaseStatus;
  caseId: string;
  divisionCode: string;
  members: HouseholdMember[];
  family: TefuFamily;
  /** The date the application was submitted (申请日期), once it was. */
  submittedOn: string | null;
  /** Stream revision of the last event folded (0 for the creation). */
  revision: number;
  /**
   * Revision of the last event eligibility decides on (see `changesFacts`). A determination is
   * current only if based on this revision.
   */
  factsRevision: number;
  /** In the order recorded; the last one is the current one. */
  determinations: Determination[];
  /** Ids of everyone who recorded an event of this case (for maker-checker). */
  recordedBy: string[];
  decision: CaseApproved['data'] | CaseRejected['data'] | null;
  /** Household and person facts in the order recorded (corrections included). */
  facts: FactRecord[];
  /** Evidence named by the case's steps, in the order recorded. */
  evidence: EvidenceItem[];
  /** The latest 资格确认. */
  eligibilityConfirmation: EligibilityConfirmed['data'] | null;
  /** The open 年审 of an active case: its due date, and the date it was found overdue. */
  annualReview: { dueOn: string; overdueRecordedOn: string | null } | null;
  /** Confirmed 年审, in order. */
  annualReviews: AnnualReviewConfirmed['data'][];
  termination: CaseTerminated['data'] | null;
  /** 停发 in force (payment suspended from its date; see payment-suspension.ts); absent or null when none. */
  suspension?: TefuSuspension | null;
}

export type TefuCase = { status: 'none' } | OpenTefuCase;

export function currentDetermination(state: OpenTefuCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

/** The amount of each beneficiary a determination gives: its `amounts`, or the one amount for every member. */
export function amountsOf(determination: Pick<Determination, 'amountPerPersonPerMonthFen' | 'amounts'>, members: readonly HouseholdMember[]): BeneficiaryAmount[] {
  if (determination.amounts) return determination.amounts;
  const amount = determination.amountPerPersonPerMonthFen;
  return amount === null ? [] : members.map((m) => ({ beneficiaryRef: m.personRef, amountFen: amount }));
}

/**
 * The entitlement the case holds on `date`: the approved determination or a later one recorded on
 * the active case (the last recorded whose effectiveFrom is on or before the date). None before the
 * approval, and none from the termination date on.
 */
export function entitlementOn(state: TefuCase, date: string): Determination | null {
  if (state.status !== 'active' && state.status !== 'terminated') return null;
  if (state.termination && date >= state.termination.terminatedOn) return null;
  const approved = state.decision && 'determinationId' in state.decision ? state.decision.determinationId : null;
  const from = state.determinations.findIndex((d) => d.determinationId === approved);
  if (from < 0) return null;
  const inForce = state.determinations.slice(from).filter((d) => d.effectiveFrom <= date);
  return inForce.at(-1) ?? null;
}


// ---------------------------------------------------------------------------------------------
// evolve

export function evolveTefuCase(state: TefuCase, event: TefuEvent): TefuCase {
  if (event.type === 'tefu.CaseCreated.v1') {
    const { caseId, divisionCode, members, family } = event.data;
    return {
      status: 'draft',
      caseId,
      divisionCode,
      members,
      family,
      submittedOn: null,
      revision: 0,
      factsRevision: 0,
      determinations: [],
      recordedBy: event.actor ? [event.actor.id] : [],
      decision: null,
      facts: [],
      evidence: [...family.evidenceRefs.map((reference) => ({ kind: 'other' as const, reference }))],
      eligibilityConfirmation: null,
      annualReview: null,
      annualReviews: [],
      termination: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const revision = state.revision + 1;
  const recordedBy = event.actor && !state.recordedBy.includes(event.actor.id) ? [...state.recordedBy, event.actor.id] : state.recordedBy;
  const next: OpenTefuCase = { ...state, revision, recordedBy, factsRevision: changesFacts(event) ? revision : state.factsRevision };
  switch (event.type) {
    case 'tefu.ApplicationSubmitted.v1':
      return { ...next, status: 'submitted', submittedOn: event.data.effectiveFrom };
    case 'tefu.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'tefu.CaseApproved.v1': {
      // Approvals recorded before activation existed carry no due date: one year after the approval.
      const dueOn = event.data.annualReviewDueOn ?? LocalDate.parse(event.data.effectiveFrom).plusMonths(DEFAULT_TEFU_POLICY.annualReviewIntervalMonths).toString();
      return { ...next, status: 'active', decision: event.data, annualReview: { dueOn, overdueRecordedOn: null } };
    }
    case 'tefu.CaseRejected.v1':
      return { ...next, status: 'rejected', decision: event.data };
    case 'tefu.EligibilityConfirmed.v1':
      return { ...next, eligibilityConfirmation: event.data, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.EvidenceAttached.v1':
      return { ...next, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.FactRecorded.v1': {
      const { caseId: _caseId, ...record } = event.data;
      return { ...next, facts: [...state.facts, record], evidence: [...state.evidence, ...record.evidence] };
    }
    case 'tefu.CaseTerminated.v1':
      return { ...next, status: 'terminated', termination: event.data, annualReview: null, evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.AnnualReviewConfirmed.v1':
      return { ...next, annualReviews: [...state.annualReviews, event.data], evidence: [...state.evidence, ...event.data.evidence] };
    case 'tefu.AnnualReviewScheduled.v1':
      return { ...next, annualReview: { dueOn: event.data.dueOn, overdueRecordedOn: null } };
    case 'tefu.AnnualReviewOverdue.v1':
      return { ...next, annualReview: state.annualReview ? { ...state.annualReview, overdueRecordedOn: event.data.recordedOn } : null };
    case 'tefu.DuplicateCaseOverridden.v1':
      // On the stream for the record (and the approver who decided it is in recordedBy: another approver approves).
      return next;
    case 'tefu.PaymentSuspended.v1':
      return { ...next, suspension: { effectiveFrom: event.data.effectiveFrom, reason: event.data.reason } };
    case 'tefu.PaymentResumed.v1':
      return { ...next, suspension: null };
    default:
      return assertNever(event, 'tefu event');
  }
}
