import type { CaseEventOf } from '../shared/case-rules';
import type { DuplicateOverridden } from '../shared/duplicate-cases';
import { EarlierSameCause, BeneficiaryAmount } from './types';
import { CreateCase, RecordDetermination } from './commands';

/** 临时救助 case events: what the case stream records, and which of them carry facts the engine reads. */

// ---------------------------------------------------------------------------------------------
// Events

export type ApplicationSubmitted = CaseEventOf<
  'linshi.ApplicationSubmitted.v1',
  Omit<CreateCase['data'], 'earlierSameCause' | 'sameCauseOverrideReason' | 'openCasesOfMembers' | 'duplicateOverride'> & {
    benefit: 'linshi';
    effectiveFrom: string;
    /** Present when the same cause was helped within the period and an officer overrode 一事一救. */
    sameCauseOverride?: { reason: string; earlier: EarlierSameCause[] };
  }
>;
export type DeterminationRecorded = CaseEventOf<'linshi.DeterminationRecorded.v1', RecordDetermination['data']>;
export type AdvanceAidGranted = CaseEventOf<
  'linshi.AdvanceAidGranted.v1',
  { caseId: string; determinationId: string; amountFen: number; capFen: number; effectiveFrom: string; paperworkDueOn: string }
>;
export type CaseApproved = CaseEventOf<
  'linshi.CaseApproved.v1',
  {
    caseId: string;
    benefit: 'linshi';
    divisionCode: string;
    determinationId: string;
    /** The approval date (for 先行救助, the grant date). */
    effectiveFrom: string;
    /** What is paid: one line, or one per instalment (`once:<caseId>:<n>`). */
    approvedAmounts: BeneficiaryAmount[];
    approvedTotalFen: number;
    /** Empty when the amounts are the determination's (or, 急难型, chosen within its cap). */
    overrideReasonCode: string;
    overrideReason?: string;
    advanceAid: boolean;
    instalments: { instalmentNo: number; amountFen: number; plannedOn: string }[];
  }
>;
export type PaperworkCompleted = CaseEventOf<
  'linshi.AdvanceAidPaperworkCompleted.v1',
  { caseId: string; effectiveFrom: string; documentRefs: string[]; note: string; late: boolean }
>;
export type CaseRejected = CaseEventOf<'linshi.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;
export type InstalmentReleased = CaseEventOf<'linshi.InstalmentReleased.v1', { caseId: string; instalmentNo: number; amountFen: number; effectiveFrom: string }>;
export type InKindAidRecorded = CaseEventOf<
  'linshi.InKindAidRecorded.v1',
  { caseId: string; effectiveFrom: string; items: { description: string; quantity: number; unit: string }[]; valueFen?: number }
>;
export type ReferralRecorded = CaseEventOf<'linshi.ReferralRecorded.v1', { caseId: string; effectiveFrom: string; to: string; reason: string }>;
/** An approver allowed this case although the person is in another undecided 临时救助 case (one event per person). */
export type DuplicateCaseOverridden = CaseEventOf<'linshi.DuplicateCaseOverridden.v1', { caseId: string; effectiveFrom: string } & DuplicateOverridden>;

export type LinshiEvent =
  | ApplicationSubmitted
  | DeterminationRecorded
  | AdvanceAidGranted
  | CaseApproved
  | PaperworkCompleted
  | CaseRejected
  | InstalmentReleased
  | InKindAidRecorded
  | ReferralRecorded
  | DuplicateCaseOverridden;
export type LinshiEventType = LinshiEvent['type'];

export const LINSHI_EVENT_TYPES: readonly LinshiEventType[] = [
  'linshi.ApplicationSubmitted.v1',
  'linshi.DeterminationRecorded.v1',
  'linshi.AdvanceAidGranted.v1',
  'linshi.CaseApproved.v1',
  'linshi.AdvanceAidPaperworkCompleted.v1',
  'linshi.CaseRejected.v1',
  'linshi.InstalmentReleased.v1',
  'linshi.InKindAidRecorded.v1',
  'linshi.ReferralRecorded.v1',
  'linshi.DuplicateCaseOverridden.v1',
];

export function isLinshiEventType(type: string): type is LinshiEventType {
  return (LINSHI_EVENT_TYPES as readonly string[]).includes(type);
}

export const LINSHI_FACT_EVENTS: ReadonlySet<string> = new Set(['linshi.ApplicationSubmitted.v1']);
