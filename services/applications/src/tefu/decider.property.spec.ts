import fc from 'fast-check';
import { isDomainError, LocalDate, type Actor } from '@benefits/kernel';
import type { EvidenceItem } from '../households/facts';
import {
  entitlementOn,
  mayActInDivision,
  tefuCaseDecider,
  type OpenTefuCase,
  type TefuCase,
  type TefuCommand,
  type TefuEvent,
} from './decider';

// Random command sequences against the decider, over a case's whole life (application, 资格确认,
// approval, fact changes, 年审 and its tick, termination); after every step the named invariants
// must hold:
//   1. approved ⇒ the determination cited has basedOnCaseRevision equal to the (facts) revision approved;
//   2. approver ≠ recorder (nobody who recorded a step of the case approves or rejects it);
//   3. an active case has a 年审 due date;
//   4. a terminated case has no entitlement from its termination date on, and records nothing more.

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const husbandRef = '0192f3a0-7c1e-7b5e-9a52-000000000002';
const start = new Date('2024-08-05T02:00:00Z');
const actors: Actor[] = [
  { id: 'wang', role: 'intake_officer', divisionCode: '330402' },
  { id: 'li', role: 'case_officer', divisionCode: '330402' },
  { id: 'zhao', role: 'approver', divisionCode: '330402' },
  { id: 'wang', role: 'approver', divisionCode: '330402' },
  { id: 'qian', role: 'approver', divisionCode: '330400' },
  { id: 'zhou', role: 'approver', divisionCode: '330411' },
  { id: 'admin', role: 'admin', divisionCode: '330000' },
];

const [wang, li, zhao, wangApprover, qian, zhou, admin] = actors;
// Each command mostly by the people who would plausibly send it, sometimes by the wrong ones.
const officer = fc.constantFrom(wang, li, wang, li, zhao);
const recorder = fc.constantFrom(li, admin, li, wang);
const decider = fc.constantFrom(zhao, qian, zhao, qian, wangApprover, zhou, li);
const determinationId = fc.constantFrom('det-1', 'det-2', 'det-3', 'det-4', 'det-5', 'det-6', 'det-7', 'det-8');
const factId = fc.constantFrom('f-1', 'f-2', 'f-3', 'f-4', 'f-5');
const subject = fc.constantFrom(wifeRef, husbandRef, husbandRef, 'household');
const pastDate = fc.constantFrom('2024-06-01', '2024-08-01', '2025-01-15', '2025-09-01', '2026-03-01');
const evidence = fc.constantFrom<EvidenceItem[]>([], [{ kind: 'other', reference: 'e:1' }], [{ kind: 'deathCertificate', reference: 'e:2' }]);
// `now` is filled in when the sequence runs: time moves on by 75 days a step.
const meta = (actor: Actor) => ({ now: start, actor });

const createCase = officer.map((a): TefuCommand => ({
  type: 'CreateCase',
  data: {
    caseId,
    divisionCode: '330402',
    members: [
      { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: { personRef: wifeRef, keyVersion: 1, alg: 'A256GCM', iv: 'aQ', tag: 'dA', ct: 'Yw' } },
      { personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', personalData: { personRef: husbandRef, keyVersion: 1, alg: 'A256GCM', iv: 'aQ', tag: 'dA', ct: 'Yw' } },
    ],
    family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] },
  },
  metadata: meta(a),
}));

const submitCommand = officer.map((a): TefuCommand => ({ type: 'SubmitApplication', data: { caseId }, metadata: meta(a) }));
// -1: the case's facts revision when the command runs (as eligibility would send); others mostly stale.
const determinationCommand = fc.tuple(recorder, determinationId, fc.constantFrom(-1, -1, -1, 0, 1, 2, 5), fc.constantFrom(85_000, 100_000), fc.boolean(), pastDate).map(
  ([a, id, basedOn, amount, perBeneficiary, from]): TefuCommand => ({
    type: 'RecordDetermination',
    data: {
      caseId,
      determinationId: id,
      basedOnCaseRevision: basedOn,
      amountPerPersonPerMonthFen: perBeneficiary ? null : amount,
      ...(perBeneficiary ? { amounts: [{ beneficiaryRef: wifeRef, amountFen: amount }, { beneficiaryRef: husbandRef, amountFen: 100_000 }] } : {}),
      standardRef: { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'a'.repeat(64) },
      effectiveFrom: from,
    },
    metadata: meta(a),
  }),
);
// 'current': the latest determination when the command runs (as an approver would cite it).
const approveCommand = fc.tuple(decider, fc.constantFrom('current', 'current', 'current', 'det-1', 'det-2')).map(([a, id]): TefuCommand => ({ type: 'ApproveCase', data: { caseId, determinationId: id }, metadata: meta(a) }));
const rejectCommand = decider.map((a): TefuCommand => ({ type: 'RejectCase', data: { caseId, reasons: ['材料不全'] }, metadata: meta(a) }));
const confirmCommand = fc.tuple(officer, evidence).map(([a, items]): TefuCommand => ({ type: 'ConfirmEligibility', data: { caseId, evidence: items }, metadata: meta(a) }));
const factCommand = fc
  .tuple(officer, factId, subject, pastDate, fc.constantFrom('elderlyCareSubsidy', 'disabledOrDemented', 'death', 'childDisability'), fc.boolean(), fc.option(factId, { nil: null }))
  .map(([a, id, who, from, kind, flag, supersedes]): TefuCommand => ({
    type: 'RecordFact',
    data: {
      caseId,
      factId: id,
      subject: who,
      fact:
        kind === 'elderlyCareSubsidy'
          ? { kind, receiving: flag }
          : kind === 'disabledOrDemented'
            ? { kind, value: flag }
            : kind === 'death'
              ? { kind }
              : { kind: 'childDisability', grade: flag ? 1 : 3 },
      effectiveFrom: from,
      supersedes,
      evidence: [],
    },
    metadata: meta(a),
  }));
const terminateCommand = fc
  .tuple(officer, fc.constantFrom('newBirth', 'adoption', 'childRecovered') as fc.Arbitrary<'newBirth' | 'adoption' | 'childRecovered'>, pastDate, evidence)
  .map(([a, reason, on, items]): TefuCommand => ({ type: 'TerminateCase', data: { caseId, reason, eventDate: on, evidence: items }, metadata: meta(a) }));
const reviewCommand = fc.tuple(officer, evidence).map(([a, items]): TefuCommand => ({ type: 'ConfirmAnnualReview', data: { caseId, evidence: items }, metadata: meta(a) }));
const tickCommand = fc.constantFrom(admin, admin, li).map((a): TefuCommand => ({ type: 'MarkAnnualReviewOverdue', data: { caseId, today: 'now' }, metadata: meta(a) }));

const command: fc.Arbitrary<TefuCommand> = fc.oneof(
  { arbitrary: createCase, weight: 1 },
  { arbitrary: submitCommand, weight: 3 },
  { arbitrary: determinationCommand, weight: 5 },
  { arbitrary: approveCommand, weight: 5 },
  { arbitrary: rejectCommand, weight: 1 },
  { arbitrary: confirmCommand, weight: 1 },
  { arbitrary: factCommand, weight: 2 },
  { arbitrary: terminateCommand, weight: 1 },
  { arbitrary: reviewCommand, weight: 1 },
  { arbitrary: tickCommand, weight: 4 },
);

/** Starts with a creation, so that sequences get somewhere. */
const sequence = fc.tuple(createCase, fc.array(command, { minLength: 6, maxLength: 40 })).map(([first, rest]) => [first, ...rest]);

/** The command as sent on step `i`: 75 days after the previous one; the tick ticks on that day. */
function at(cmd: TefuCommand, i: number, state: TefuCase): TefuCommand {
  const now = new Date(start.getTime() + i * 75 * 86_400_000);
  const withNow = { ...cmd, metadata: { ...cmd.metadata, now } } as TefuCommand;
  if (withNow.type === 'ApproveCase' && withNow.data.determinationId === 'current') {
    const current = state.status === 'none' ? undefined : state.determinations.at(-1)?.determinationId;
    return { ...withNow, data: { ...withNow.data, determinationId: current ?? 'det-none' } };
  }
  if (withNow.type === 'RecordDetermination' && withNow.data.basedOnCaseRevision === -1) {
    return { ...withNow, data: { ...withNow.data, basedOnCaseRevision: state.status === 'none' ? 0 : state.factsRevision } };
  }
  if (withNow.type === 'MarkAnnualReviewOverdue') return { ...withNow, data: { ...withNow.data, today: LocalDate.ofInstant(now).toString() } };
  return withNow;
}

function checkStep(before: TefuCase, cmd: TefuCommand, events: TefuEvent[]): void {
  if (before.status === 'terminated') expect(events).toEqual([]);
  for (const event of events) {
    if (event.type !== 'tefu.CaseApproved.v1' && event.type !== 'tefu.CaseRejected.v1') continue;
    const prior = before as OpenTefuCase;
    const decidedBy = cmd.metadata.actor;
    // Approver ≠ recorder; the approver role; the case's division or a parent.
    expect(prior.recordedBy).not.toContain(decidedBy.id);
    expect(decidedBy.role).toBe('approver');
    expect(mayActInDivision(decidedBy.divisionCode, prior.divisionCode)).toBe(true);
    expect(prior.status).toBe('submitted');
    if (event.type === 'tefu.CaseApproved.v1') {
      // Approved ⇒ the determination cited is the current one and based on the revision approved.
      const cited = prior.determinations.at(-1)!;
      expect(cited.determinationId).toBe(event.data.determinationId);
      expect(cited.basedOnCaseRevision).toBe(prior.factsRevision);
      expect(event.data.basedOnCaseRevision).toBe(prior.factsRevision);
      expect(event.data.amountPerPersonPerMonthFen).toBe(cited.amountPerPersonPerMonthFen);
    }
  }
}

function checkState(state: TefuCase): void {
  if (state.status === 'none') return;
  // An active case has a 年审 due date.
  if (state.status === 'active') expect(state.annualReview?.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // A terminated case has no entitlement from its termination date on.
  if (state.status === 'terminated') {
    const on = LocalDate.parse(state.termination!.terminatedOn);
    for (const date of [on, on.plusDays(1), on.plusMonths(1), on.plusYears(5)]) expect(entitlementOn(state, date.toString())).toBeNull();
    expect(state.annualReview).toBeNull();
  }
}

describe('计生特扶 case invariants under random command sequences', () => {
  it('hold after every step; refusals are DomainErrors and change nothing', () => {
    const reached = { approvals: 0, terminations: 0, reviews: 0, overdue: 0, activeDeterminations: 0 };
    fc.assert(
      fc.property(sequence, (commands) => {
        const history: TefuEvent[] = [];
        let state = tefuCaseDecider.initialState();
        commands.forEach((sent, i) => {
          const cmd = at(sent, i, state);
          let events: TefuEvent[];
          try {
            events = tefuCaseDecider.decide(cmd, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            return;
          }
          checkStep(state, cmd, events);
          if (state.status === 'rejected') expect(events).toEqual([]);
          const wasActive = state.status === 'active';
          for (const event of events) state = tefuCaseDecider.evolve(state, event);
          history.push(...events);
          checkState(state);
          for (const e of events) {
            if (e.type === 'tefu.CaseApproved.v1') reached.approvals += 1;
            if (e.type === 'tefu.CaseTerminated.v1') reached.terminations += 1;
            if (e.type === 'tefu.AnnualReviewConfirmed.v1') reached.reviews += 1;
            if (e.type === 'tefu.AnnualReviewOverdue.v1') reached.overdue += 1;
            if (e.type === 'tefu.DeterminationRecorded.v1' && wasActive) reached.activeDeterminations += 1;
          }
          if (state.status !== 'none') expect(state.revision).toBe(history.length - 1);
          expect(history.filter((e) => e.type === 'tefu.CaseApproved.v1' || e.type === 'tefu.CaseRejected.v1').length).toBeLessThanOrEqual(1);
          expect(history.filter((e) => e.type === 'tefu.CaseTerminated.v1').length).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 2000, seed: 20240722 },
    );
    // The generator does reach every part of the life of a case, so the invariants were exercised.
    if (process.env.PROPERTY_STATS) console.log(reached);
    expect(reached.approvals).toBeGreaterThan(10);
    expect(reached.terminations).toBeGreaterThan(10);
    expect(reached.reviews).toBeGreaterThan(5);
    expect(reached.overdue).toBeGreaterThan(5);
    expect(reached.activeDeterminations).toBeGreaterThan(3);
  });
});
