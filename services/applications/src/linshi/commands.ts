import type { Command } from '@benefits/kernel';
import type { CaseCommandMetadata } from '../shared/case-rules';
import type { DuplicateOverride, OpenCasesOfPerson } from '../shared/duplicate-cases';
import { LinshiType, LinshiCause, LinshiMember, ExpenditureEvidence, EarlierSameCause, BeneficiaryAmount, StandardRef } from './types';

/** 临时救助 case commands: what officers and approvers ask of a case. */

// ---------------------------------------------------------------------------------------------
// Commands

type Cmd<Type extends string, Data> = Command<Type, Data, CaseCommandMetadata>;

export type CreateCase = Cmd<
  'CreateCase',
  {
    caseId: string;
    divisionCode: string;
    type: LinshiType;
    members: LinshiMember[];
    cause: LinshiCause;
    causeDescription: string;
    occurredOn: string;
    group?: 'g1' | 'g2';
    necessaryExpenditureFen?: number;
    expenditureEvidence: ExpenditureEvidence[];
    severeDisabilityUplift?: boolean;
    bandTableId?: string;
    /** Earlier applications for the same cause within the period (from the cause index). */
    earlierSameCause: EarlierSameCause[];
    /** Why the same cause is helped again (一事一救 override). */
    sameCauseOverrideReason?: string;
    /**
     * Other undecided 临时救助 cases holding a member (重复享受), found by the command handler in the
     * per-person index; absent (the rule not applied) only when the decider is asked before the lookup.
     */
    openCasesOfMembers?: OpenCasesOfPerson[];
    /** An approver's recorded decision to allow a second undecided case (must cite the legal basis). */
    duplicateOverride?: DuplicateOverride;
  }
>;
export type RecordDetermination = Cmd<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    eligible: boolean;
    amounts: BeneficiaryAmount[];
    /** 急难型: the cap within which the officer chooses (0 when not applicable). */
    capFen: number;
    standardRef: StandardRef | null;
    effectiveFrom: string;
  }
>;
export type GrantAdvanceAid = Cmd<'GrantAdvanceAid', { caseId: string; determinationId: string; amountFen: number }>;
export type CompletePaperwork = Cmd<'CompletePaperwork', { caseId: string; completedOn: string; documentRefs: string[]; note: string }>;
export type ApproveCase = Cmd<
  'ApproveCase',
  {
    caseId: string;
    determinationId: string;
    /** Default: the determination's total. */
    amountFen?: number;
    /** 一次审批、分阶段救助: two or more instalments adding up to the amount. */
    instalments?: { amountFen: number; plannedOn: string }[];
    overrideReasonCode?: string;
    overrideReason?: string;
  }
>;
export type RejectCase = Cmd<'RejectCase', { caseId: string; reasons: string[] }>;
export type ReleaseInstalment = Cmd<'ReleaseInstalment', { caseId: string; instalmentNo: number; releasedOn: string }>;
export type RecordInKindAid = Cmd<
  'RecordInKindAid',
  { caseId: string; providedOn: string; items: { description: string; quantity: number; unit: string }[]; valueFen?: number }
>;
export type RecordReferral = Cmd<'RecordReferral', { caseId: string; referredOn: string; to: string; reason: string }>;

export type LinshiCommand =
  | CreateCase
  | RecordDetermination
  | GrantAdvanceAid
  | CompletePaperwork
  | ApproveCase
  | RejectCase
  | ReleaseInstalment
  | RecordInKindAid
  | RecordReferral;
