/**
 * Commands of a 低保 case: one per step of the application (申请 to 审核确认) and of the active case
 * (复核, change, 停发/恢复, 退出), and their union `DibaoCommand`.
 */
import type { Command } from '@benefits/kernel';
import type { CaseCommandMetadata } from '../shared/case-rules';
import type { HouseholdCategory } from './policy';
import type { AssetsRule, BeneficiaryAmount, CheckPeriod, CheckSource, DibaoMember, ExitReason, IncomeRecord, SinglePersonApplication, StandardRef } from './types';

type Cmd<Type extends string, Data> = Command<Type, Data, CaseCommandMetadata>;

export type CreateCase = Cmd<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    members: DibaoMember[];
    householdCategory: HouseholdCategory;
    singlePerson?: SinglePersonApplication;
    /** The earlier case of the household this re-application follows (after an exit or a rejection). */
    reApplicationOf?: string;
  }
>;
export type AcceptApplication = Cmd<'AcceptApplication', { caseId: string }>;
export type RecordFinancialCheck = Cmd<
  'RecordFinancialCheck',
  {
    caseId: string;
    checkedOn: string;
    result: 'passed' | 'failed';
    /** Which departments' data were matched, each with the reference of its report. */
    sources: { source: CheckSource; reportRef: string }[];
    period: CheckPeriod;
    incomes: IncomeRecord[];
    assets?: AssetsRule;
  }
>;
export type RecordHomeVisit = Cmd<'RecordHomeVisit', { caseId: string; visitedOn: string; investigators: string[]; findings: string; recordRef?: string }>;
export type RecordCommunityReview = Cmd<
  'RecordCommunityReview',
  { caseId: string; heldOn: string; attendance: number; votesFor: number; minutesRef: string }
>;
export type PostPublicNotice = Cmd<'PostPublicNotice', { caseId: string; startedOn: string; location: string }>;
export type RaiseObjection = Cmd<'RaiseObjection', { caseId: string; raisedOn: string; summary: string }>;
export type ResolveObjection = Cmd<
  'ResolveObjection',
  { caseId: string; objectionId: string; outcome: 'dismissed' | 'upheld'; resolution: string }
>;
export type RecordDetermination = Cmd<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    eligible: boolean;
    /** Per beneficiary, per month, in fen (empty when not eligible). */
    amounts: BeneficiaryAmount[];
    /** The household's monthly 低保金 (B × n − Σ incomes), in fen. */
    householdAmountFen: number;
    standardRef: StandardRef | null;
    effectiveFrom: string;
  }
>;
export type ApproveCase = Cmd<'ApproveCase', { caseId: string; determinationId: string }>;
export type RejectCase = Cmd<'RejectCase', { caseId: string; reasons: string[] }>;
export type DeliverRejectionNotice = Cmd<'DeliverRejectionNotice', { caseId: string; deliveredOn: string; method: 'inPerson' | 'post' | 'electronic'; receiptRef: string }>;
export type RecordReview = Cmd<'RecordReview', { caseId: string; reviewedOn: string; householdCategory: HouseholdCategory; findings: string }>;
export type ChangeCircumstances = Cmd<
  'ChangeCircumstances',
  {
    caseId: string;
    /** The date the change holds from (增发/减发 are effective-dated). */
    effectiveFrom: string;
    reason: string;
    period: CheckPeriod;
    incomes: IncomeRecord[];
    /** Members who left the household (death, marriage, moving out). */
    removedMembers: string[];
    /** Members who joined (birth, marriage, moving in); each is reserved like an applicant's member. */
    addedMembers: DibaoMember[];
  }
>;
export type ConfirmAmountChange = Cmd<'ConfirmAmountChange', { caseId: string; determinationId: string }>;
export type SuspendPayment = Cmd<'SuspendPayment', { caseId: string; effectiveFrom: string; reason: string }>;
export type ResumePayment = Cmd<'ResumePayment', { caseId: string; effectiveFrom: string; reason: string }>;
export type ExitCase = Cmd<'ExitCase', { caseId: string; effectiveFrom: string; reason: ExitReason; note: string }>;

export type DibaoCommand =
  | CreateCase
  | AcceptApplication
  | RecordFinancialCheck
  | RecordHomeVisit
  | RecordCommunityReview
  | PostPublicNotice
  | RaiseObjection
  | ResolveObjection
  | RecordDetermination
  | ApproveCase
  | RejectCase
  | DeliverRejectionNotice
  | RecordReview
  | ChangeCircumstances
  | ConfirmAmountChange
  | SuspendPayment
  | ResumePayment
  | ExitCase;
