import type { Actor, Command, CommandMetadata } from '@benefits/kernel';
import type { EvidenceItem, FactRecord } from '../households/facts';
import type { ResumePayment, SuspendPayment } from './payment-suspension';
import type { DuplicateOverride, OpenCasesOfPerson } from '../shared/duplicate-cases';
import { HouseholdMember, TefuFamily, StandardRef, BeneficiaryAmount, TERMINATION_REASONS, TefuPolicy } from './types';

/** 计生特扶 case commands: what officers, approvers and the 年审 tick ask of a case. */

// ---------------------------------------------------------------------------------------------
// Commands

/** Every 特扶 command is made by someone: the verified actor, never a field of the request body. */
export interface TefuCommandMetadata extends CommandMetadata {
  actor: Actor;
  /** The service's settings; DEFAULT_TEFU_POLICY when absent. */
  policy?: TefuPolicy;
}

export type CreateCase = Command<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    members: HouseholdMember[];
    family: TefuFamily;
    /**
     * Other open 特扶 cases holding a member (重复享受), found by the command handler in the per-person
     * index; absent (the rule not applied) only when the decider is asked before the lookup.
     */
    openCasesOfMembers?: OpenCasesOfPerson[];
    /** An approver's recorded decision to allow a second open case (must cite the legal basis). */
    duplicateOverride?: DuplicateOverride;
  },
  TefuCommandMetadata
>;
export type SubmitApplication = Command<'SubmitApplication', { caseId: string }, TefuCommandMetadata>;
export type RecordDetermination = Command<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    /** The case revision eligibility decided on; it must still be the case's facts revision. */
    basedOnCaseRevision: number;
    /** The amount every beneficiary gets, or null when they differ (then `amounts` says). */
    amountPerPersonPerMonthFen: number | null;
    /** Per beneficiary (additive field: absent on determinations recorded with one amount). */
    amounts?: BeneficiaryAmount[];
    standardRef: StandardRef;
    /** The first day the amount applies. */
    effectiveFrom: string;
  },
  TefuCommandMetadata
>;
export type ApproveCase = Command<'ApproveCase', { caseId: string; determinationId: string }, TefuCommandMetadata>;
export type RejectCase = Command<'RejectCase', { caseId: string; reasons: string[] }, TefuCommandMetadata>;
/** 资格确认: an officer confirms the conditions on the evidence, before the approval. */
export type ConfirmEligibility = Command<'ConfirmEligibility', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
export type AttachEvidence = Command<'AttachEvidence', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
/** An effective-dated household or person fact, or a correction of one (`supersedes`). */
export type RecordFact = Command<'RecordFact', { caseId: string } & FactRecord, TefuCommandMetadata>;
export type TerminateCase = Command<
  'TerminateCase',
  { caseId: string; reason: (typeof TERMINATION_REASONS)[number]; eventDate: string; evidence: EvidenceItem[] },
  TefuCommandMetadata
>;
/** 年审: the annual confirmation of the conditions is done. */
export type ConfirmAnnualReview = Command<'ConfirmAnnualReview', { caseId: string; evidence: EvidenceItem[] }, TefuCommandMetadata>;
/** The tick: records that the 年审 due date has passed (once per due date). */
export type MarkAnnualReviewOverdue = Command<'MarkAnnualReviewOverdue', { caseId: string; today: string }, TefuCommandMetadata>;

export type TefuCommand =
  | CreateCase
  | SubmitApplication
  | RecordDetermination
  | ApproveCase
  | RejectCase
  | ConfirmEligibility
  | AttachEvidence
  | RecordFact
  | TerminateCase
  | ConfirmAnnualReview
  | MarkAnnualReviewOverdue
  | SuspendPayment
  | ResumePayment;
