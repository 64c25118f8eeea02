import { DuplicateCaseErrors } from './duplicate-cases.errors';

/**
 * 重复享受: one person, one open case of a benefit at a time (ADR 0011, "One person, one payment per
 * benefit and period"). The command handler looks up, through the per-person index
 * (open-case-index.ts), which other open cases of the benefit hold each member, and hands them to the
 * decider with the command; this pure rule decides.
 *
 * An override is an explicit decision, made by an `approver` (the decider checks the role), with a
 * reason; it is recorded on the new case's stream as one `<benefit>.DuplicateCaseOverridden.v1`
 * event per member concerned. No rule of 低保, 特扶 or 临时救助 that we know of allows two open cases,
 * so the reason must cite the legal basis (the law, regulation or policy clause) that allows it;
 * the mechanism exists so that such a case is recorded rather than entered under a second identity.
 */

/** Other open cases of the benefit that hold a person (as found by the index, this case excluded). */
export interface OpenCasesOfPerson {
  personRef: string;
  caseIds: string[];
}

export interface DuplicateOverride {
  /** Why two open cases are allowed: must cite the legal basis. */
  reason: string;
}

/** What a `<benefit>.DuplicateCaseOverridden.v1` event records (with the caseId and effectiveFrom). */
export interface DuplicateOverridden {
  personRef: string;
  otherCaseIds: string[];
  reason: string;
}

export const DUPLICATE_OVERRIDE_ROLES = ['approver'] as const;
export const MAX_OVERRIDE_REASON_LENGTH = 2000;

/**
 * Refuses a member held by another open case (409 PERSON_HAS_OPEN_CASE, which members and the
 * other case ids in the details) unless an override is given; with one, returns what to record.
 * An override without a reason, or with nothing to override, is refused too.
 */
export function decideDuplicates(
  benefit: string,
  members: readonly { personRef: string }[],
  open: readonly OpenCasesOfPerson[],
  override: DuplicateOverride | undefined,
): DuplicateOverridden[] {
  const conflicts = members
    .map((m, i) => ({ index: i, personRef: m.personRef, caseIds: unique(open.filter((o) => o.personRef === m.personRef).flatMap((o) => o.caseIds)) }))
    .filter((c) => c.caseIds.length > 0);
  if (override === undefined) {
    if (conflicts.length > 0) {
      throw DuplicateCaseErrors.PERSON_HAS_OPEN_CASE({
        benefit,
        members: conflicts.map((c) => `members.${c.index}`),
        otherCaseIds: unique(conflicts.flatMap((c) => c.caseIds)),
      });
    }
    return [];
  }
  const reason = typeof override.reason === 'string' ? override.reason.trim() : '';
  if (reason === '' || reason.length > MAX_OVERRIDE_REASON_LENGTH) {
    throw DuplicateCaseErrors.DUPLICATE_OVERRIDE_REASON_REQUIRED({ path: 'duplicateOverride.reason', maxLength: MAX_OVERRIDE_REASON_LENGTH });
  }
  if (conflicts.length === 0) throw DuplicateCaseErrors.DUPLICATE_OVERRIDE_NOT_NEEDED({ benefit });
  return conflicts.map((c) => ({ personRef: c.personRef, otherCaseIds: c.caseIds, reason }));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
