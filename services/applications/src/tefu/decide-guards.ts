import { LocalDate, type Actor } from '@benefits/kernel';
import type { EvidenceItem } from '../households/facts';
import { mayActInDivision, requireDivision } from '../shared/case-rules';
import { TefuErrors } from './errors';
import { TefuPolicy, DEFAULT_TEFU_POLICY } from './types';
import { TefuCommandMetadata } from './commands';
import type { OpenTefuCase } from './state';

/** Who may do what on a 计生特扶 case, and the checks the deciding functions share. */

// ---------------------------------------------------------------------------------------------
// Who may do what

export const OFFICER_ROLES = ['intake_officer', 'case_officer'] as const;
/** Until eligibility publishes determinations over Kafka, a case officer (or an admin) records them. */
export const DETERMINATION_ROLES = ['case_officer', 'admin'] as const;
/** The 年审 tick: an administrator (or the scheduler acting as one). */
export const TICK_ROLES = ['admin'] as const;

/** Reading and working a case both need the case's division or a parent (../shared/case-rules.ts). */
export { mayActInDivision, requireDivision };

export function requireNotTerminated(state: OpenTefuCase): void {
  if (state.status === 'terminated') {
    throw TefuErrors.CASE_TERMINATED({ caseId: state.caseId, terminatedOn: state.termination?.terminatedOn, reason: state.termination?.reason });
  }
}

export function requireUndecided(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status === 'active' || state.status === 'rejected') {
    throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  }
}

export function requireSubmitted(state: OpenTefuCase): void {
  requireUndecided(state);
  if (state.status !== 'submitted') throw TefuErrors.CASE_NOT_SUBMITTED({ caseId: state.caseId, status: state.status });
}

/** Submitted or active: a case whose facts eligibility decides on. */
export function requireSubmittedOrActive(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  if (state.status === 'draft') throw TefuErrors.CASE_NOT_SUBMITTED({ caseId: state.caseId, status: state.status });
}

export function requireActive(state: OpenTefuCase): void {
  requireNotTerminated(state);
  if (state.status !== 'active') throw TefuErrors.CASE_NOT_ACTIVE({ caseId: state.caseId, status: state.status });
}

/** 审核确认: the approver role, the case's division or a parent, and no step of the case recorded by them. */
export function requireDecisionMaker(actor: Actor, state: OpenTefuCase): void {
  if (actor.role !== 'approver') throw TefuErrors.APPROVER_ROLE_REQUIRED({ role: actor.role });
  requireDivision(actor, state.divisionCode);
  requireSubmitted(state);
  if (state.recordedBy.includes(actor.id)) throw TefuErrors.MAKER_CHECKER_VIOLATION({ caseId: state.caseId, actorId: actor.id });
}

export function policyOf(metadata: TefuCommandMetadata): TefuPolicy {
  return metadata.policy ?? DEFAULT_TEFU_POLICY;
}

/**
 * A plausibility reading, not a rule of the policy (docs/operations/http-edge.md): nobody has a
 * child before this age, so the child's death or disability cannot be dated earlier than the
 * elder spouse's birth date plus these years. It refuses typing errors (a year off by decades),
 * never a real family.
 */
export const MINIMUM_PARENT_AGE_YEARS = 14;

export function requireChildAfterParenthood(members: readonly { birthDate: string }[], childEventDate: string): void {
  const births = members.map((m) => LocalDate.parse(m.birthDate));
  if (births.length === 0) return;
  const earliest = births.reduce((a, b) => (b.isBefore(a) ? b : a));
  const earliestPossible = earliest.plusYears(MINIMUM_PARENT_AGE_YEARS);
  if (LocalDate.parse(childEventDate).isBefore(earliestPossible)) {
    throw TefuErrors.CHILD_EVENT_BEFORE_PARENTHOOD({
      path: 'family.childEventDate',
      childEventDate,
      earliestPossible: earliestPossible.toString(),
      minimumParentAgeYears: MINIMUM_PARENT_AGE_YEARS,
    });
  }
}

export function requireEvidence(evidence: readonly EvidenceItem[]): void {
  if (evidence.length === 0) throw TefuErrors.EVIDENCE_REQUIRED();
}
