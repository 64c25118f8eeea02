import type { EngineResult, TraceStep } from '@benefits/benefits';
import { isBenefitId, type BenefitId, type StandardRef } from '@benefits/standards';
import type { FactsSnapshot } from './facts';

/** The events of a determination stream (`determination-<caseId>`) and the values they carry. */

export const determinedType = (benefit: BenefitId) => `${benefit}.EligibilityDetermined.v1`;
export const scheduleIssuedType = (benefit: BenefitId) => `${benefit}.EntitlementScheduleIssued.v1`;
/** `<benefit>.EligibilityDetermined.v1` of a known benefit (shipped or registered). */
export const isDeterminedType = (type: string) => isBenefitEventType(type, '.EligibilityDetermined.v1');
/** `<benefit>.EntitlementScheduleIssued.v1` of a known benefit (shipped or registered). */
export const isScheduleIssuedType = (type: string) => isBenefitEventType(type, '.EntitlementScheduleIssued.v1');

function isBenefitEventType(type: string, suffix: string): boolean {
  return type.endsWith(suffix) && isBenefitId(type.slice(0, -suffix.length));
}
export const determinationStreamId = (caseId: string) => `determination-${caseId}`;

/** Months an issued schedule covers from its first period; the extension continues it. */
export const SCHEDULE_HORIZON_MONTHS = 12;
/** Years a yearly (北京 特扶) schedule covers from its first period. */
export const SCHEDULE_HORIZON_YEARS = 2;

/** The named policies this module applies (shown in each schedule's `policies`). */
export const SCHEDULE_POLICIES = {
  periodStart: 'schedule.periodStart',
  stopAfterPeriod: 'schedule.stopAfterPeriod',
  householdPayee: 'dibao.payee.firstMember',
  linshiDecisionDate: 'linshi.decisionOnApproval',
} as const;

export interface SnapshotEnvelope<F = FactsSnapshot> {
  caseId: string;
  divisionCode: string;
  /** yyyy-mm-dd: the facts hold from this date; the evaluation date of the determination. */
  effectiveFrom: string;
  caseRevision: number;
  facts: F;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  /** `yyyy-mm` (monthly), `yyyy` (yearly), `once:<caseId>[:<n>]` (one-off). */
  periodKey: string;
  amountFen: number;
  /**
   * yyyy-mm-dd: when a staged 临时救助 instalment (`once:<caseId>:<n>`) falls due, from the approval's
   * instalment plan (integration BeneficiaryAmount.due_date). Absent on every other line.
   */
  dueDate?: string;
}

/** Why a determination or schedule was made again for a case that already had one. */
export interface RedeterminationCause {
  kind: 'facts' | 'parameter' | 'standardActivation' | 'manual';
  /** The fact snapshot's event, the parameter entry, the activation, or the request. */
  ref: string;
  /** The first period recomputed; every earlier line is carried over unchanged. */
  fromPeriod: string;
}

export interface EligibilityDeterminedData {
  determinationId: string;
  caseId: string;
  basedOnCaseRevision: number;
  benefit: BenefitId;
  divisionCode: string;
  effectiveFrom: string;
  eligible: boolean;
  outcome: EngineResult['outcome'];
  standardRef: StandardRef | null;
  rulePackId: string;
  rulesetVersion: string;
  /** Per beneficiary, the amount for the period of `effectiveFrom` (one-off: the grant). */
  amounts: BeneficiaryAmount[];
  /** 急难型 临时救助: the cap within which the approver chooses; 0 otherwise. */
  capFen: number;
  parameters: { key: string; value: unknown; source?: unknown }[];
  facts: FactsSnapshot;
  reasons: EngineResult['reasons'];
  trace: TraceStep[];
  /** Set on a redetermination of a case with an issued schedule. */
  redetermination?: RedeterminationCause;
  supersedesDeterminationId?: string;
}

/** One evaluated period of a schedule: what the amount rests on, without the full trace. */
export interface PeriodRecord {
  periodKey: string;
  evaluationDate: string;
  outcome: EngineResult['outcome'] | 'stopped';
  rulePackId: string | null;
  rulesetVersion: string | null;
  standardRef: StandardRef | null;
  /** Parameter values of the period (e.g. B with its source entry). */
  parameters: { key: string; value: unknown; source?: unknown }[];
  reasons: string[];
  totalFen: number;
}

export interface EntitlementScheduleIssuedData {
  scheduleId: string;
  caseId: string;
  determinationId: string;
  benefit: BenefitId;
  divisionCode: string;
  effectiveFrom: string;
  effectiveTo: string;
  standardRef: StandardRef;
  lines: BeneficiaryAmount[];
  supersedesScheduleId: string;
  /** The approval (审核确认) the schedule follows: its date decides the payment start. */
  approvedOn: string;
  paymentStart: { from: string; policy: string };
  /** The last period the schedule covers (`yyyy-mm` / `yyyy`; the one-off key for 临时救助). */
  horizonEnd: string;
  /** Every period evaluated for this schedule (periods carried over from the previous one are not repeated). */
  periods: PeriodRecord[];
  policies: string[];
  redetermination?: RedeterminationCause;
  trace: TraceStep[];
}

