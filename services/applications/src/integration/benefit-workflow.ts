import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';

/** The benefits applications runs a case workflow for. */
export type BenefitId = 'tefu' | 'dibao' | 'linshi';

/**
 * A full, effective-dated snapshot of the facts eligibility decides on, as of one case revision.
 * Published as `<benefit>.CaseFactsSnapshotted.v1` on `facts-<caseId>`; never personal data in clear.
 */
export interface FactsSnapshotData<Facts = unknown> {
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  /** yyyy-mm-dd: the facts hold from this date (the evaluation date). */
  effectiveFrom: string;
  /** The case revision the facts are as of; a determination cites it as basedOnCaseRevision. */
  caseRevision: number;
  facts: Facts;
}

/** A due date a case carries (年审, 公示 end, paperwork deadline, review, …) and whether it is met. */
export interface CaseDueItem {
  /** Stable identifier of the kind of deadline, e.g. `tefu.annualReview`, `dibao.publicNotice`. */
  kind: string;
  /** yyyy-mm-dd: the last day the step may be done on time. */
  dueOn: string;
}

/**
 * One line of the cross-benefit case list (GET /cases): what officers filter and sort on. Built by
 * the benefit's workflow from the case stream alone; no personal data.
 */
export interface CaseSummary {
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  /** The benefit's own status word (e.g. `draft`, `submitted`, `active`, `terminated`). */
  status: string;
  /** Stream revision the summary is as of (the case's ETag). */
  revision: number;
  /** yyyy-mm-dd of the first event (申请日期 / 登记日期). */
  openedOn: string;
  /** RFC 3339 recorded time of the last event. */
  updatedAt: string;
  /** Open deadlines only (met ones are dropped); overdue = dueOn before today in Asia/Shanghai. */
  due: CaseDueItem[];
}

/**
 * What the shared integration plumbing of applications needs from one benefit's case workflow:
 * which case events publish a facts snapshot, how to build it, and how to record a determination
 * that eligibility published for a case of this benefit. Each benefit module exports one; the
 * registry in `../workflows.ts` lists them.
 */
export interface BenefitWorkflow {
  benefit: BenefitId;
  /** Whether a domain event type belongs to this benefit's case streams (e.g. `tefu.`-prefixed). */
  ownsEventType(type: string): boolean;
  /** Case events after which a facts snapshot is published. */
  factEvents: ReadonlySet<string>;
  /** The snapshot as of `upTo` (the case stream read from its start), or null when that event publishes none. */
  snapshot(caseEvents: readonly EventEnvelope[], upTo: number): FactsSnapshotData | null;
  /** The case-list line of a case (its stream read from the start), or null when the stream is not a case of this benefit. */
  summary(caseEvents: readonly EventEnvelope[]): CaseSummary | null;
  /** Records eligibility's determination on the case (idempotent; stale ones are ignored). */
  recordDetermination(store: EventStore, event: IntegrationEvent<'EligibilityDetermined'>): Promise<void>;
}

export const factsSnapshotType = (benefit: BenefitId) => `${benefit}.CaseFactsSnapshotted.v1`;
export const caseFactsStreamId = (caseId: string) => `facts-${caseId}`;
