import type { BenefitId, RulePack } from '@benefits/standards';
import type { FactsSnapshot } from '../determinations/facts';

/**
 * Policy simulation (政策测算): what a proposed 低保标准, a standard edition not yet in force or
 * another reading of a named policy would pay, case by case, compared with what is in force. The
 * types every part of the simulation shares: the request, the basis of one case as the
 * `eligibility.simulation-basis` read model holds it, and the results.
 */

/** Benefits a simulation re-evaluates: the periodic ones (临时救助 is a one-off grant decided at approval). */
export const SIMULATION_BENEFITS = ['dibao', 'tefu'] as const;
export type SimulationBenefit = (typeof SIMULATION_BENEFITS)[number];

/** The four levels of government that share a benefit's cost (支出责任), as disbursement publishes them. */
export const FUNDING_LEVELS = ['central', 'provincial', 'city', 'county'] as const;
export type FundingLevel = (typeof FUNDING_LEVELS)[number];
/** Basis points (万分比) per level, summing to 10000. */
export type FundingShares = Record<FundingLevel, number>;

/** One change a scenario makes to what is in force. */
export type ScenarioChange =
  | {
      /** A proposed 低保标准 B for a division from a month (a new entry of its `dibao.standard` series). */
      kind: 'dibaoStandard';
      divisionCode: string;
      /** yyyy-mm: the first month of the proposed B. */
      from: string;
      fenPerMonth: number;
      /** Where the proposal comes from (a draft notice, a memo); free text, shown in the trace source. */
      note?: string;
    }
  | {
      /**
       * A standard edition that is imported but not in force (a draft, or a version not yet activated),
       * taken as activated for a division from a date. Its rule pack: the one given here (checked against
       * the catalogued text of that version like any pack), else a published or shipped pack of that version.
       */
      kind: 'standardEdition';
      standardId: string;
      versionId: string;
      divisionCode: string;
      /** yyyy-mm-dd */
      effectiveFrom: string;
      rulePack?: RulePack;
    }
  | {
      /** Another reading of a switchable named policy, from a month (default: the whole scope). */
      kind: 'policy';
      choices: { 'tefu.age60'?: 'nextMonth' | 'sameMonth' };
      from?: string;
    };

export interface Scenario {
  title: string;
  description?: string;
  changes: ScenarioChange[];
}

export interface SimulationScope {
  /** A county, city or province: the cases of the division and every division under it. */
  divisionCode: string;
  benefits: SimulationBenefit[];
  /** yyyy-mm, inclusive; at most 36 months. */
  months: { from: string; to: string };
}

/** Funding shares for the split by level, per benefit and division (the most specific division applies). */
export interface FundingShareEntry {
  benefit: SimulationBenefit;
  divisionCode: string;
  shares: FundingShares;
}

export interface SimulationRequest {
  scenario: Scenario;
  scope: SimulationScope;
  /** Without an entry for a case's benefit and division, its amounts are counted as `unallocated`. */
  fundingShares?: FundingShareEntry[];
}

/**
 * One case as the simulation reads it (read model `eligibility.simulation-basis`, one document per
 * case with a determination of a periodic benefit): the facts of its latest determination and, once
 * approved, the schedule in force.
 */
export interface SimulationBasis {
  caseId: string;
  benefit: SimulationBenefit;
  divisionCode: string;
  facts: FactsSnapshot;
  rulesetVersion: string;
  /** Whether the latest determination found the household eligible. */
  eligibleNow: boolean;
  /** 审核确认 date of the schedule in force; null while the case has no schedule (refused, pending). */
  approvedOn: string | null;
  /** First period of the schedule in force (`yyyy-mm`, `yyyy` for yearly 特扶); null without a schedule. */
  paymentStartFrom: string | null;
  horizonEnd: string | null;
  /**
   * Period totals of the schedule in force (periodKey → fen): the "before" of every period the
   * schedule covers (the simulation compares with the current schedules).
   */
  scheduleTotals: Record<string, number>;
  /** Lines with an amount per period of the schedule in force (periodKey → count): the persons paid (特扶). */
  scheduleLineCounts: Record<string, number>;
  /** Revision of the last event of `determination-<caseId>` this basis reflects. */
  streamRevision: number;
}

/** One period of one case, before (what is in force) and after (the scenario). */
export interface PeriodOutcome {
  /** yyyy-mm (a yearly 北京 特扶 amount is counted in January of its year). */
  month: string;
  beforeFen: number;
  afterFen: number;
  personsBefore: number;
  personsAfter: number;
}

/** Where the evaluation first differs: the first trace step whose parameters or result differ. */
export interface FirstDifference {
  month: string;
  stepId: string;
  titleZh: string;
  before: { result: unknown; parameters: { key: string; value: unknown }[]; clause: { itemNo?: string; quote: string; standardRef: unknown } | null };
  after: { result: unknown; parameters: { key: string; value: unknown }[]; clause: { itemNo?: string; quote: string; standardRef: unknown } | null };
}

/** A case whose amount changes in at least one month of the scope. */
export interface ChangedCase {
  caseId: string;
  benefit: SimulationBenefit;
  divisionCode: string;
  /** 'newlyEligible' | 'noLongerEligible' | 'increase' | 'decrease' | 'mixed' (over the scope). */
  change: 'newlyEligible' | 'noLongerEligible' | 'increase' | 'decrease' | 'mixed';
  beforeFen: number;
  afterFen: number;
  differenceFen: number;
  /** Only the months that differ. */
  months: PeriodOutcome[];
  firstDifference: FirstDifference | null;
}

export type FundingColumn = FundingLevel | 'unallocated';

/** One row of the summary: a month, a county-level division and a benefit. */
export interface SummaryRow {
  month: string;
  divisionCode: string;
  benefit: SimulationBenefit;
  householdsBefore: number;
  householdsAfter: number;
  personsBefore: number;
  personsAfter: number;
  newlyEligible: number;
  noLongerEligible: number;
  amountBeforeFen: number;
  amountAfterFen: number;
  differenceFen: number;
  byFunding: Record<FundingColumn, { beforeFen: number; afterFen: number }>;
}

/** What one page of cases gives; pages are merged in case-id order. */
export interface PageResult {
  /** Cases evaluated and case-months (periods) compared. */
  cases: number;
  caseMonths: number;
  /** Engine evaluations run (a period whose inputs the scenario leaves unchanged is evaluated once). */
  evaluations: number;
  rows: SummaryRow[];
  changed: ChangedCase[];
  /** Canonical JSON of each changed case, in the same order: what the result hash reads (`addPage`). */
  changedCanonical: string[];
  /**
   * Periods where an evaluation of what is in force differs from the issued schedule (an outstanding
   * redetermination); checked wherever the simulation evaluates what is in force for a scheduled period.
   */
  scheduleMismatches: { caseId: string; periodKey: string; scheduleFen: number; evaluatedFen: number }[];
  /** Cases that could not be evaluated (no standard in force, no B …) with the error code: never dropped silently. */
  failures: { caseId: string; code: string; message: string }[];
  /** sha256 hex of the page's changed cases (canonical JSON lines); the result hash does not use it. */
  digest: string;
}

export interface SimulationTotals {
  cases: number;
  caseMonths: number;
  evaluations: number;
  changedCases: number;
  newlyEligible: number;
  noLongerEligible: number;
  amountBeforeFen: number;
  amountAfterFen: number;
  differenceFen: number;
  scheduleMismatches: number;
  failures: number;
}

export type SimulationStatus = 'running' | 'completed' | 'failed';

export type { BenefitId };

/** A simulation as the API shows it (the runner's view of its read model document). */
export interface SimulationView {
  simulationId: string;
  status: SimulationStatus;
  request: SimulationRequest;
  requestedBy: { id: string; role: string; divisionCode: string };
  requestedAt: string;
  completedAt: string | null;
  /** While running in this process: pages and cases evaluated so far. */
  progress: { pagesDone: number; casesDone: number };
  casesRecorded: number;
  /** How often the run was resumed after its process stopped. */
  resumes: number;
  totals: SimulationTotals | null;
  resultHash: string | null;
  durationMs: number | null;
  threads: number | null;
  replayOf: string | null;
  originalHash: string | null;
  sameHashAsOriginal: boolean | null;
  scheduleMismatches: PageResult['scheduleMismatches'];
  failures: PageResult['failures'];
  error: { code: string; message: string } | null;
}
