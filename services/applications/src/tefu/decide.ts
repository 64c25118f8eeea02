import { isDeepStrictEqual } from 'node:util';
import { Errors, LocalDate } from '@benefits/kernel';
import { deathDateOf, HOUSEHOLD, HOUSEHOLD_FACTS, MEMBER_FACTS, type Fact } from '../households/facts';
import { requireHouseholdDivision } from '../households/divisions';
import { requireDivision, requireNotAfter, requireRole, today } from '../shared/case-rules';
import { TefuErrors } from './errors';
import { decideDuplicates, DUPLICATE_OVERRIDE_ROLES } from '../shared/duplicate-cases';
import type { CreateCase, SubmitApplication, RecordDetermination, ApproveCase, RejectCase, ConfirmEligibility, AttachEvidence, RecordFact, TerminateCase, ConfirmAnnualReview, MarkAnnualReviewOverdue, TefuCommand } from './commands';
import { DuplicateCaseOverridden, TefuEvent } from './events';
import { Determination, OpenTefuCase, TefuCase, currentDetermination } from './state';
import { OFFICER_ROLES, DETERMINATION_ROLES, TICK_ROLES, requireNotTerminated, requireUndecided, requireSubmitted, requireSubmittedOrActive, requireActive, requireDecisionMaker, policyOf, requireChildAfterParenthood, requireEvidence } from './decide-guards';
import { takeStep, type CaseWorkflow } from '../shared/workflow/engine';
import { resumePayment, suspendPayment, SUSPENSION_ROLES } from './payment-suspension';

/**
 * Deciding 计生特扶 commands: one function per command, returning the events to record, and the step
 * table for the case-workflow engine (../shared/workflow/engine.ts), which checks that the case
 * exists and who takes the step. 特扶 checks the status in its own words (CASE_NOT_SUBMITTED,
 * CASE_NOT_ACTIVE, CASE_TERMINATED), so every step says `in: 'own'` (the state machine is drawn in
 * decider.ts).
 */

// ---------------------------------------------------------------------------------------------
// decide

export function createCase(command: CreateCase, state: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { caseId, divisionCode, members, family, openCasesOfMembers, duplicateOverride } = command.data;
  // A second open case for a person is an approver's decision; everything else is intake's.
  requireRole(actor, duplicateOverride === undefined ? OFFICER_ROLES : DUPLICATE_OVERRIDE_ROLES, command.type);
  requireDivision(actor, divisionCode);
  if (state.status !== 'none') throw TefuErrors.CASE_ALREADY_EXISTS({ caseId });
  requireHouseholdDivision(divisionCode, 'divisionCode');
  if (members.length < 1 || members.length > 2) {
    throw Errors.VALIDATION_FAILED({ issues: [{ path: 'members', message: 'one or two spouses' }] });
  }
  const roles = members.map((m) => m.role);
  if (new Set(roles).size !== roles.length) throw TefuErrors.DUPLICATE_MEMBER_ROLE({ roles });
  const refs = members.map((m) => m.personRef);
  if (new Set(refs).size !== refs.length) throw TefuErrors.DUPLICATE_MEMBER();
  const on = today(command.metadata);
  members.forEach((m, i) => requireNotAfter(m.birthDate, on, `members.${i}.birthDate`));
  requireNotAfter(family.childEventDate, on, 'family.childEventDate');
  requireChildAfterParenthood(members, family.childEventDate);
  const overridden = openCasesOfMembers === undefined ? [] : decideDuplicates('tefu', members, openCasesOfMembers, duplicateOverride);
  return [
    {
      type: 'tefu.CaseCreated.v1',
      data: { caseId, benefit: 'tefu', divisionCode, members, family, effectiveFrom: on.toString() },
      actor,
    },
    ...overridden.map((o): DuplicateCaseOverridden => ({ type: 'tefu.DuplicateCaseOverridden.v1', data: { caseId, effectiveFrom: on.toString(), ...o }, actor })),
  ];
}

export function submitApplication(command: SubmitApplication, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  requireUndecided(state);
  if (state.status !== 'draft') throw TefuErrors.CASE_ALREADY_SUBMITTED({ caseId: state.caseId });
  return [{ type: 'tefu.ApplicationSubmitted.v1', data: { caseId: state.caseId, effectiveFrom: today(command.metadata).toString() }, actor }];
}

export function validAmount(fen: unknown): boolean {
  return typeof fen === 'number' && Number.isSafeInteger(fen) && fen >= 0;
}

export function recordDetermination(command: RecordDetermination, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const data: Determination = { ...command.data, caseId: state.caseId };
  if (data.amounts === undefined) delete data.amounts;
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    // The same determination delivered again: already recorded, nothing to do.
    if (isDeepStrictEqual(earlier, data)) return [];
    throw TefuErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireSubmittedOrActive(state);
  const { amountPerPersonPerMonthFen: perPerson, amounts } = data;
  if (perPerson !== null && !validAmount(perPerson)) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: perPerson });
  if (perPerson === null && !amounts) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: null, amounts: null });
  if (amounts) {
    const members = new Set(state.members.map((m) => m.personRef));
    const refs = amounts.map((a) => a.beneficiaryRef);
    if (amounts.some((a) => !validAmount(a.amountFen)) || new Set(refs).size !== refs.length || refs.some((r) => !members.has(r))) {
      throw Errors.INVALID_AMOUNT({ amounts });
    }
    if (perPerson !== null && amounts.some((a) => a.amountFen !== perPerson)) throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: perPerson, amounts });
  }
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'tefu.DeterminationRecorded.v1', data, actor }];
}

export function approveCase(command: ApproveCase, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { determinationId } = command.data;
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw TefuErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) {
    throw TefuErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  }
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  const policy = policyOf(command.metadata);
  if (policy.requireEligibilityConfirmation && state.eligibilityConfirmation?.factsRevision !== state.factsRevision) {
    throw TefuErrors.ELIGIBILITY_NOT_CONFIRMED({ caseId: state.caseId, factsRevision: state.factsRevision });
  }
  const on = today(command.metadata);
  return [
    {
      type: 'tefu.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        determinationId,
        basedOnCaseRevision: cited.basedOnCaseRevision,
        amountPerPersonPerMonthFen: cited.amountPerPersonPerMonthFen,
        ...(cited.amounts ? { amounts: cited.amounts } : {}),
        effectiveFrom: on.toString(),
        annualReviewDueOn: on.plusMonths(policy.annualReviewIntervalMonths).toString(),
      },
      actor,
    },
  ];
}

export function rejectCase(command: RejectCase, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const reasons = command.data.reasons.map((r) => r.trim()).filter((r) => r !== '');
  if (reasons.length === 0) throw TefuErrors.REJECTION_REASON_REQUIRED();
  return [{ type: 'tefu.CaseRejected.v1', data: { caseId: state.caseId, reasons, effectiveFrom: today(command.metadata).toString() }, actor }];
}

export function confirmEligibility(command: ConfirmEligibility, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  requireSubmitted(state);
  requireEvidence(command.data.evidence);
  return [
    {
      type: 'tefu.EligibilityConfirmed.v1',
      data: { caseId: state.caseId, evidence: command.data.evidence, factsRevision: state.factsRevision, effectiveFrom: today(command.metadata).toString() },
      actor,
    },
  ];
}

export function attachEvidence(command: AttachEvidence, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  requireEvidence(command.data.evidence);
  return [{ type: 'tefu.EvidenceAttached.v1', data: { caseId: state.caseId, evidence: command.data.evidence, effectiveFrom: today(command.metadata).toString() }, actor }];
}

export function recordFact(command: RecordFact, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { caseId: _caseId, ...record } = command.data;
  requireNotTerminated(state);
  if (state.status === 'rejected') throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  const on = today(command.metadata);
  const { fact, subject } = record;
  const member = state.members.find((m) => m.personRef === subject);
  const allowed = subject === HOUSEHOLD ? HOUSEHOLD_FACTS : member ? MEMBER_FACTS : null;
  if (!allowed) throw TefuErrors.FACT_SUBJECT_UNKNOWN({ subject });
  if (!allowed.has(fact.kind)) throw TefuErrors.FACT_SUBJECT_INVALID({ subject, kind: fact.kind });
  if (state.facts.some((r) => r.factId === record.factId)) throw TefuErrors.FACT_ID_REUSED({ factId: record.factId });
  requireNotAfter(record.effectiveFrom, on, 'effectiveFrom');
  if (member && record.effectiveFrom < member.birthDate) throw TefuErrors.FACT_BEFORE_BIRTH({ effectiveFrom: record.effectiveFrom, birthDate: member.birthDate });
  if (record.supersedes !== null) {
    const corrected = state.facts.find((r) => r.factId === record.supersedes);
    if (!corrected) throw TefuErrors.FACT_NOT_FOUND({ factId: record.supersedes });
    if (corrected.subject !== subject || corrected.fact.kind !== fact.kind) {
      throw TefuErrors.CORRECTION_MISMATCH({ supersedes: record.supersedes, subject: corrected.subject, kind: corrected.fact.kind });
    }
    if (state.facts.some((r) => r.supersedes === record.supersedes)) throw TefuErrors.FACT_ALREADY_SUPERSEDED({ factId: record.supersedes });
  }
  checkFactValue(fact, state, on);
  if (fact.kind === 'death' && record.supersedes === null && deathDateOf(state.facts, subject) !== null) {
    throw TefuErrors.MEMBER_ALREADY_DECEASED({ personRef: subject });
  }
  const events: TefuEvent[] = [{ type: 'tefu.FactRecorded.v1', data: { caseId: state.caseId, ...record }, actor }];
  // The death of the last living member ends a submitted or active case, from the date of death.
  if (fact.kind === 'death' && (state.status === 'submitted' || state.status === 'active')) {
    const facts = [...state.facts, record];
    const deaths = state.members.map((m) => deathDateOf(facts, m.personRef));
    if (deaths.every((d): d is string => d !== null)) {
      const terminatedOn = deaths.reduce((a, b) => (a > b ? a : b));
      events.push({
        type: 'tefu.CaseTerminated.v1',
        data: { caseId: state.caseId, reason: 'death', terminatedOn, evidence: record.evidence, effectiveFrom: terminatedOn },
        actor,
      });
    }
  }
  return events;
}

export function checkFactValue(fact: Fact, state: OpenTefuCase, on: LocalDate): void {
  switch (fact.kind) {
    case 'hukou':
      requireHouseholdDivision(fact.divisionCode, 'fact.divisionCode');
      return;
    case 'income':
      if (!validAmount(fact.amountFen)) throw Errors.INVALID_AMOUNT({ amountFen: fact.amountFen });
      if (fact.month > on.yearMonth().toString()) throw TefuErrors.DATE_IN_FUTURE({ field: 'fact.month', date: fact.month, today: on.toString() });
      return;
    case 'asset':
      if (!validAmount(fact.valueFen)) throw Errors.INVALID_AMOUNT({ valueFen: fact.valueFen });
      return;
    case 'childDisability':
      if (state.family.familyType !== 'childDisabled') throw TefuErrors.FACT_NOT_APPLICABLE({ kind: fact.kind, familyType: state.family.familyType });
      return;
    default:
      return;
  }
}

export function terminateCase(command: TerminateCase, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  requireSubmittedOrActive(state);
  const { reason, eventDate, evidence } = command.data;
  requireEvidence(evidence);
  requireNotAfter(eventDate, today(command.metadata), 'eventDate');
  if (reason === 'childRecovered' && state.family.familyType !== 'childDisabled') {
    throw TefuErrors.FACT_NOT_APPLICABLE({ kind: reason, familyType: state.family.familyType });
  }
  return [{ type: 'tefu.CaseTerminated.v1', data: { caseId: state.caseId, reason, terminatedOn: eventDate, evidence, effectiveFrom: eventDate }, actor }];
}

/** The next due date after `dueOn`: one interval on, and past `today` if the review was very late. */
export function nextDueOn(dueOn: string, today: LocalDate, months: number): string {
  let next = LocalDate.parse(dueOn).plusMonths(months);
  while (!next.isAfter(today)) next = next.plusMonths(months);
  return next.toString();
}

export function confirmAnnualReview(command: ConfirmAnnualReview, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  requireActive(state);
  requireEvidence(command.data.evidence);
  const on = today(command.metadata);
  const { dueOn } = state.annualReview!;
  const effectiveFrom = on.toString();
  return [
    { type: 'tefu.AnnualReviewConfirmed.v1', data: { caseId: state.caseId, dueOn, confirmedOn: effectiveFrom, evidence: command.data.evidence, effectiveFrom }, actor },
    {
      type: 'tefu.AnnualReviewScheduled.v1',
      data: { caseId: state.caseId, dueOn: nextDueOn(dueOn, on, policyOf(command.metadata).annualReviewIntervalMonths), effectiveFrom },
      actor,
    },
  ];
}

export function markAnnualReviewOverdue(command: MarkAnnualReviewOverdue, state: OpenTefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const tickDate = command.data.today;
  requireNotAfter(tickDate, today(command.metadata), 'today');
  // Only an active case has a 年审 due; a tick passing other cases writes nothing.
  if (state.status !== 'active' || !state.annualReview) return [];
  const { dueOn, overdueRecordedOn } = state.annualReview;
  if (!(dueOn < tickDate) || overdueRecordedOn !== null) return [];
  return [{ type: 'tefu.AnnualReviewOverdue.v1', data: { caseId: state.caseId, dueOn, recordedOn: tickDate, effectiveFrom: tickDate }, actor }];
}

// ---------------------------------------------------------------------------------------------
// The step table

type TefuStep = Exclude<TefuCommand, { type: 'CreateCase' }>;

/** 审核确认: the approver role, the case's division or above, a submitted case, nobody who recorded a step of it. */
const decisionMaker = (command: ApproveCase | RejectCase, state: OpenTefuCase) => requireDecisionMaker(command.metadata.actor, state);

export const TEFU_WORKFLOW: CaseWorkflow<TefuStep, OpenTefuCase, TefuEvent, undefined> = {
  pending: new Set(['draft', 'submitted']),
  makers: (state) => state.recordedBy,
  steps: {
    SubmitApplication: { by: OFFICER_ROLES, in: 'own', decide: submitApplication },
    RecordDetermination: { by: DETERMINATION_ROLES, in: 'own', decide: recordDetermination },
    ApproveCase: { by: decisionMaker, in: 'own', decide: approveCase },
    RejectCase: { by: decisionMaker, in: 'own', decide: rejectCase },
    ConfirmEligibility: { by: OFFICER_ROLES, in: 'own', decide: confirmEligibility },
    AttachEvidence: { by: OFFICER_ROLES, in: 'own', decide: attachEvidence },
    RecordFact: { by: OFFICER_ROLES, in: 'own', decide: recordFact },
    TerminateCase: { by: OFFICER_ROLES, in: 'own', decide: terminateCase },
    ConfirmAnnualReview: { by: OFFICER_ROLES, in: 'own', decide: confirmAnnualReview },
    MarkAnnualReviewOverdue: { by: TICK_ROLES, in: 'own', decide: markAnnualReviewOverdue },
    SuspendPayment: { by: SUSPENSION_ROLES, in: 'own', decide: suspendPayment },
    ResumePayment: { by: SUSPENSION_ROLES, in: 'own', decide: resumePayment },
  },
};

/** Decides a command on a case: the application creates it, every later step goes through the engine. */
export function decideTefu(command: TefuCommand, state: TefuCase): TefuEvent[] {
  return command.type === 'CreateCase' ? createCase(command, state) : takeStep(TEFU_WORKFLOW, command, state, undefined);
}
