import { fold, givenWhenThen, type Actor } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import type { EvidenceItem, Fact, FactRecord } from '../households/facts';
import {
  DEFAULT_TEFU_POLICY,
  entitlementOn,
  tefuCaseDecider,
  type CaseApproved,
  type CaseCreated,
  type DeterminationRecorded,
  type FactRecorded,
  type HouseholdMember,
  type TefuCommand,
  type TefuCommandMetadata,
  type TefuEvent,
  type TefuPolicy,
} from './decider';

// The case after the application: 资格确认, activation by approval, facts that change over the years,
// 年审, and termination. Given/when/then on the pure decider.

const spec = givenWhenThen(tefuCaseDecider);

// 10:00 on 5 August 2024 in Asia/Shanghai.
const now = new Date('2024-08-05T02:00:00Z');
const today = '2024-08-05';

const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const caseOfficer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const admin: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330400' };
const otherAdmin: Actor = { id: 'admin-2', role: 'admin', divisionCode: '330100' };

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const husbandRef = '0192f3a0-7c1e-7b5e-9a52-000000000002';
const sealed = (personRef: string): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' });
const wife: HouseholdMember = { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wifeRef) };
const husband: HouseholdMember = { personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', personalData: sealed(husbandRef) };
const standardRef = { standardId: 'jiaxing-basic-public-services', versionId: '2023', itemNo: '52', contentHash: 'a'.repeat(64) };
const evidence: EvidenceItem[] = [{ kind: 'deathCertificate', reference: 'evidence:death-certificate-001' }];

const meta = (actor: Actor, at: Date = now, policy?: TefuPolicy): TefuCommandMetadata => ({ now: at, actor, ...(policy ? { policy } : {}) });

const createdOf = (familyType: 'childDeceased' | 'childDisabled' = 'childDeceased'): CaseCreated => ({
  type: 'tefu.CaseCreated.v1',
  data: { caseId, benefit: 'tefu', divisionCode: '330402', members: [wife, husband], family: { familyType, childEventDate: '2023-05-10', evidenceRefs: ['e:1'] }, effectiveFrom: today },
  actor: intake,
});
const created = createdOf();
const submitted: TefuEvent = { type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: today }, actor: intake };
const determined = (id = 'det-1', basedOnCaseRevision = 1, extra: Partial<DeterminationRecorded['data']> = {}): DeterminationRecorded => ({
  type: 'tefu.DeterminationRecorded.v1',
  data: { caseId, determinationId: id, basedOnCaseRevision, amountPerPersonPerMonthFen: 80_000, standardRef, effectiveFrom: today, ...extra },
  actor: caseOfficer,
});
const approved: CaseApproved = {
  type: 'tefu.CaseApproved.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 80_000, effectiveFrom: today, annualReviewDueOn: '2025-08-05' },
  actor: approver,
};
const active = [created, submitted, determined(), approved];

const record = (fact: Fact, data: Partial<FactRecord> = {}): FactRecord => ({
  factId: 'f-1',
  subject: husbandRef,
  fact,
  effectiveFrom: '2024-08-01',
  supersedes: null,
  evidence: [],
  ...data,
});
const recordFact = (r: FactRecord, actor: Actor = caseOfficer, at: Date = now): TefuCommand => ({ type: 'RecordFact', data: { caseId, ...r }, metadata: meta(actor, at) });
const factRecorded = (r: FactRecord, actor: Actor = caseOfficer): FactRecorded => ({ type: 'tefu.FactRecorded.v1', data: { caseId, ...r }, actor });

describe('计生特扶 case: ConfirmEligibility (资格确认)', () => {
  const confirm = (actor: Actor = caseOfficer, items = evidence): TefuCommand => ({ type: 'ConfirmEligibility', data: { caseId, evidence: items }, metadata: meta(actor) });
  const confirmed: TefuEvent = { type: 'tefu.EligibilityConfirmed.v1', data: { caseId, evidence, factsRevision: 1, effectiveFrom: today }, actor: caseOfficer };

  it('records the evidence checked on the submitted case, at its facts revision; the determination stays current', () => {
    spec.given([created, submitted, determined()]).when(confirm()).then([confirmed]);
    expect(fold(tefuCaseDecider, [created, submitted, determined(), confirmed])).toMatchObject({ factsRevision: 1, eligibilityConfirmation: confirmed.data });
  });

  it('refuses without evidence, before submission, after the decision, and for other roles or divisions', () => {
    spec.given([created, submitted]).when(confirm(caseOfficer, [])).thenThrows('EVIDENCE_REQUIRED');
    spec.given([created]).when(confirm()).thenThrows('CASE_NOT_SUBMITTED');
    spec.given(active).when(confirm()).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([created, submitted]).when(confirm(approver)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([created, submitted]).when(confirm({ ...caseOfficer, divisionCode: '330411' })).thenThrows('DIVISION_NOT_ALLOWED');
  });

  it('when the policy requires it, the approval needs a 资格确认 on the current facts', () => {
    const strict: TefuPolicy = { ...DEFAULT_TEFU_POLICY, requireEligibilityConfirmation: true };
    const approve: TefuCommand = { type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: meta(approver, now, strict) };
    spec.given([created, submitted, determined()]).when(approve).thenThrows('ELIGIBILITY_NOT_CONFIRMED');
    spec.given([created, submitted, determined(), confirmed]).when(approve).then([approved]);
    // The confirmer may not approve (maker-checker covers every step).
    const confirmedByApprover = { ...confirmed, actor: { ...approver, role: 'case_officer' } };
    spec.given([created, submitted, determined(), confirmedByApprover]).when(approve).thenThrows('MAKER_CHECKER_VIOLATION');
  });
});

describe('计生特扶 case: approval activates the case', () => {
  it('makes the case active with its first 年审 due one interval after the approval', () => {
    const state = fold(tefuCaseDecider, active);
    expect(state).toMatchObject({ status: 'active', annualReview: { dueOn: '2025-08-05', overdueRecordedOn: null } });
    const sixMonths: TefuCommand = { type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: meta(approver, now, { ...DEFAULT_TEFU_POLICY, annualReviewIntervalMonths: 6 }) };
    spec.given([created, submitted, determined()]).when(sixMonths).then([{ ...approved, data: { ...approved.data, annualReviewDueOn: '2025-02-05' } }]);
  });

  it('copies per-beneficiary amounts of the cited determination', () => {
    const amounts = [
      { beneficiaryRef: wifeRef, amountFen: 80_000 },
      { beneficiaryRef: husbandRef, amountFen: 100_000 },
    ];
    const approve: TefuCommand = { type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: meta(approver) };
    spec
      .given([created, submitted, determined('det-1', 1, { amountPerPersonPerMonthFen: null, amounts })])
      .when(approve)
      .then([{ ...approved, data: { ...approved.data, amountPerPersonPerMonthFen: null, amounts } }]);
  });
});

describe('计生特扶 case: RecordDetermination on an active case', () => {
  const subsidy = record({ kind: 'elderlyCareSubsidy', receiving: true });
  const changed = [...active, factRecorded(subsidy)];
  const redetermine = (basedOnCaseRevision: number, extra = {}): TefuCommand => ({
    type: 'RecordDetermination',
    data: { caseId, determinationId: 'det-2', basedOnCaseRevision, amountPerPersonPerMonthFen: 80_000, standardRef, effectiveFrom: '2024-08-01', ...extra },
    metadata: meta({ id: 'service:eligibility', role: 'admin', divisionCode: '330402' }),
  });

  it('records a determination on the facts after a change as the current entitlement, without re-approval', () => {
    spec.given(changed).when(redetermine(4)).then([{ ...determined('det-2', 4), data: { ...determined('det-2', 4).data, effectiveFrom: '2024-08-01' }, actor: { id: 'service:eligibility', role: 'admin', divisionCode: '330402' } }]);
  });

  it('refuses one based on the facts before the change (DETERMINATION_STALE)', () => {
    spec.given(changed).when(redetermine(3)).thenThrows('DETERMINATION_STALE');
  });

  it('takes per-beneficiary amounts; refuses amounts for non-members, duplicates, or disagreeing with the one amount', () => {
    const amounts = [
      { beneficiaryRef: wifeRef, amountFen: 80_000 },
      { beneficiaryRef: husbandRef, amountFen: 100_000 },
    ];
    spec.given(changed).when(redetermine(4, { amountPerPersonPerMonthFen: null, amounts })).then([
      { type: 'tefu.DeterminationRecorded.v1', data: { ...determined('det-2', 4).data, effectiveFrom: '2024-08-01', amountPerPersonPerMonthFen: null, amounts }, actor: { id: 'service:eligibility', role: 'admin', divisionCode: '330402' } },
    ]);
    spec.given(changed).when(redetermine(4, { amountPerPersonPerMonthFen: null, amounts: [{ beneficiaryRef: 'someone', amountFen: 1 }] })).thenThrows('INVALID_AMOUNT');
    spec.given(changed).when(redetermine(4, { amountPerPersonPerMonthFen: null, amounts: [amounts[0], amounts[0]] })).thenThrows('INVALID_AMOUNT');
    spec.given(changed).when(redetermine(4, { amountPerPersonPerMonthFen: 80_000, amounts })).thenThrows('INVALID_AMOUNT');
    spec.given(changed).when(redetermine(4, { amountPerPersonPerMonthFen: null })).thenThrows('INVALID_AMOUNT');
  });
});

describe('计生特扶 case: RecordFact (effective-dated, corrections supersede)', () => {
  const subsidy = record({ kind: 'elderlyCareSubsidy', receiving: true });

  it('records a fact the rules read on an active case and moves the facts revision', () => {
    spec.given(active).when(recordFact(subsidy)).then([factRecorded(subsidy)]);
    expect(fold(tefuCaseDecider, [...active, factRecorded(subsidy)])).toMatchObject({ factsRevision: 4, revision: 4 });
  });

  it('records household facts that the rules do not read without moving the facts revision', () => {
    const income = record({ kind: 'income', source: 'pension', month: '2024-07', amountFen: 250_000 }, { subject: wifeRef, effectiveFrom: '2024-07-01' });
    const asset = record({ kind: 'asset', assetKind: 'deposit', label: '定期存款', valueFen: 5_000_000 }, { factId: 'f-2', subject: 'household' });
    const hukou = record({ kind: 'hukou', divisionCode: '330411' }, { factId: 'f-3', subject: wifeRef });
    spec.given([created, submitted, determined()]).when(recordFact(income)).then([factRecorded(income)]);
    spec.given([created, submitted, determined()]).when(recordFact(asset)).then([factRecorded(asset)]);
    spec.given([created, submitted, determined()]).when(recordFact(hukou)).then([factRecorded(hukou)]);
    expect(fold(tefuCaseDecider, [created, submitted, determined(), factRecorded(income)])).toMatchObject({ factsRevision: 1 });
  });

  it('corrects a record: the correction cites it, both stay in the history', () => {
    const correction = record({ kind: 'elderlyCareSubsidy', receiving: false }, { factId: 'f-2', supersedes: 'f-1', effectiveFrom: '2024-07-01' });
    spec.given([...active, factRecorded(subsidy)]).when(recordFact(correction)).then([factRecorded(correction)]);
    const state = fold(tefuCaseDecider, [...active, factRecorded(subsidy), factRecorded(correction)]);
    expect(state.status !== 'none' && state.facts.map((f) => f.factId)).toEqual(['f-1', 'f-2']);
  });

  it('refuses corrections of an unknown record, of another subject or kind, or of a record already corrected', () => {
    const given = [...active, factRecorded(subsidy)];
    spec.given(given).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: false }, { factId: 'f-2', supersedes: 'f-9' }))).thenThrows('FACT_NOT_FOUND');
    spec.given(given).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: false }, { factId: 'f-2', supersedes: 'f-1', subject: wifeRef }))).thenThrows('CORRECTION_MISMATCH');
    spec.given(given).when(recordFact(record({ kind: 'disabledOrDemented', value: true }, { factId: 'f-2', supersedes: 'f-1' }))).thenThrows('CORRECTION_MISMATCH');
    const corrected = [...given, factRecorded(record({ kind: 'elderlyCareSubsidy', receiving: false }, { factId: 'f-2', supersedes: 'f-1' }))];
    spec.given(corrected).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: true }, { factId: 'f-3', supersedes: 'f-1' }))).thenThrows('FACT_ALREADY_SUPERSEDED');
    spec.given(given).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: false }))).thenThrows('FACT_ID_REUSED');
  });

  it('refuses unknown subjects, facts about the wrong subject, dates after today or before birth, unknown divisions, bad amounts', () => {
    spec.given(active).when(recordFact(record({ kind: 'death' }, { subject: 'someone-else' }))).thenThrows('FACT_SUBJECT_UNKNOWN');
    spec.given(active).when(recordFact(record({ kind: 'death' }, { subject: 'household' }))).thenThrows('FACT_SUBJECT_INVALID');
    spec.given(active).when(recordFact(record({ kind: 'asset', assetKind: 'vehicle', label: '轿车', valueFen: 1 }))).thenThrows('FACT_SUBJECT_INVALID');
    spec.given(active).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: true }, { effectiveFrom: '2024-08-06' }))).thenThrows('DATE_IN_FUTURE');
    spec.given(active).when(recordFact(record({ kind: 'elderlyCareSubsidy', receiving: true }, { effectiveFrom: '1960-01-01' }))).thenThrows('FACT_BEFORE_BIRTH');
    spec.given(active).when(recordFact(record({ kind: 'hukou', divisionCode: '330499' }))).thenThrows('UNKNOWN_DIVISION');
    spec.given(active).when(recordFact(record({ kind: 'income', source: 'wage', month: '2024-09', amountFen: 1 }))).thenThrows('DATE_IN_FUTURE');
    spec.given(active).when(recordFact(record({ kind: 'income', source: 'wage', month: '2024-07', amountFen: -1 }))).thenThrows('INVALID_AMOUNT');
    spec.given(active).when(recordFact(record({ kind: 'childDisability', grade: 2 }, { subject: 'household' }))).thenThrows('FACT_NOT_APPLICABLE');
  });

  it('takes the child disability grade of a 伤残 family', () => {
    const grade = record({ kind: 'childDisability', grade: 2 }, { subject: 'household' });
    spec.given([createdOf('childDisabled'), submitted]).when(recordFact(grade)).then([factRecorded(grade)]);
  });

  it('refuses the wrong role, division, a rejected or a terminated case', () => {
    spec.given(active).when(recordFact(subsidy, approver)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given(active).when(recordFact(subsidy, { ...caseOfficer, divisionCode: '330411' })).thenThrows('DIVISION_NOT_ALLOWED');
    const rejected: TefuEvent = { type: 'tefu.CaseRejected.v1', data: { caseId, reasons: ['x'], effectiveFrom: today }, actor: approver };
    spec.given([created, submitted, rejected]).when(recordFact(subsidy)).thenThrows('CASE_ALREADY_DECIDED');
    const terminated: TefuEvent = { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'newBirth', terminatedOn: '2024-08-01', evidence, effectiveFrom: '2024-08-01' }, actor: caseOfficer };
    spec.given([...active, terminated]).when(recordFact(subsidy)).thenThrows('CASE_TERMINATED');
  });
});

describe('计生特扶 case: a member dies', () => {
  const husbandDied = record({ kind: 'death' }, { effectiveFrom: '2024-07-20', evidence });
  const wifeDied = record({ kind: 'death' }, { factId: 'f-2', subject: wifeRef, effectiveFrom: '2024-08-02', evidence });

  it('records one death; the case goes on for the other member', () => {
    spec.given(active).when(recordFact(husbandDied)).then([factRecorded(husbandDied)]);
  });

  it('the death of the last member terminates the case from the date of death', () => {
    spec
      .given([...active, factRecorded(husbandDied)])
      .when(recordFact(wifeDied))
      .then([
        factRecorded(wifeDied),
        { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'death', terminatedOn: '2024-08-02', evidence, effectiveFrom: '2024-08-02' }, actor: caseOfficer },
      ]);
  });

  it('refuses a second death record for the same member (correct the first instead)', () => {
    spec.given([...active, factRecorded(husbandDied)]).when(recordFact({ ...husbandDied, factId: 'f-3' })).thenThrows('MEMBER_ALREADY_DECEASED');
    const corrected = { ...husbandDied, factId: 'f-3', supersedes: 'f-1', effectiveFrom: '2024-07-21' };
    spec.given([...active, factRecorded(husbandDied)]).when(recordFact(corrected)).then([factRecorded(corrected)]);
  });
});

describe('计生特扶 case: TerminateCase', () => {
  const terminate = (reason: 'newBirth' | 'adoption' | 'childRecovered', eventDate = '2024-07-30', actor: Actor = caseOfficer, items = evidence): TefuCommand => ({
    type: 'TerminateCase',
    data: { caseId, reason, eventDate, evidence: items },
    metadata: meta(actor),
  });
  const terminated = (reason: 'newBirth' | 'adoption' | 'childRecovered', on = '2024-07-30'): TefuEvent => ({
    type: 'tefu.CaseTerminated.v1',
    data: { caseId, reason, terminatedOn: on, evidence, effectiveFrom: on },
    actor: caseOfficer,
  });

  it('terminates on a new birth or an adoption, from the event date', () => {
    spec.given(active).when(terminate('newBirth')).then([terminated('newBirth')]);
    spec.given(active).when(terminate('adoption')).then([terminated('adoption')]);
  });

  it("terminates a 伤残 family on the child's recovery, and refuses that reason for a 死亡 family", () => {
    const disabledActive = [createdOf('childDisabled'), submitted, determined(), approved];
    spec.given(disabledActive).when(terminate('childRecovered')).then([terminated('childRecovered')]);
    spec.given(active).when(terminate('childRecovered')).thenThrows('FACT_NOT_APPLICABLE');
  });

  it('leaves no entitlement from the termination date on, and refuses every further step', () => {
    // A determination effective from 1 July, a new birth on 30 July.
    const state = fold(tefuCaseDecider, [created, submitted, determined('det-1', 1, { effectiveFrom: '2024-07-01' }), approved, terminated('newBirth')]);
    expect(entitlementOn(state, '2024-07-29')).toMatchObject({ determinationId: 'det-1' });
    expect(entitlementOn(state, '2024-07-30')).toBeNull();
    expect(entitlementOn(state, '2030-01-01')).toBeNull();
    spec.given([...active, terminated('newBirth')]).when(terminate('adoption')).thenThrows('CASE_TERMINATED');
    spec
      .given([...active, terminated('newBirth')])
      .when({ type: 'ConfirmAnnualReview', data: { caseId, evidence }, metadata: meta(caseOfficer) })
      .thenThrows('CASE_TERMINATED');
    spec
      .given([...active, terminated('newBirth')])
      .when({ type: 'RecordDetermination', data: { ...determined('det-9', 5).data }, metadata: meta(caseOfficer) })
      .thenThrows('CASE_TERMINATED');
  });

  it('refuses without evidence, a future date, a draft case, or the wrong role', () => {
    spec.given(active).when(terminate('newBirth', '2024-07-30', caseOfficer, [])).thenThrows('EVIDENCE_REQUIRED');
    spec.given(active).when(terminate('newBirth', '2024-08-06')).thenThrows('DATE_IN_FUTURE');
    spec.given([created]).when(terminate('newBirth')).thenThrows('CASE_NOT_SUBMITTED');
    spec.given(active).when(terminate('newBirth', '2024-07-30', approver)).thenThrows('ROLE_NOT_ALLOWED');
  });
});

describe('计生特扶 case: 年审 (annual review)', () => {
  const confirmReview = (actor: Actor = caseOfficer, at: Date = now, items = evidence): TefuCommand => ({ type: 'ConfirmAnnualReview', data: { caseId, evidence: items }, metadata: meta(actor, at) });
  const tick = (day: string, actor: Actor = admin, at = new Date('2026-01-01T02:00:00Z')): TefuCommand => ({ type: 'MarkAnnualReviewOverdue', data: { caseId, today: day }, metadata: meta(actor, at) });
  const july2025 = new Date('2025-07-20T02:00:00Z');

  it('confirming the review records it and schedules the next one a year after the due date', () => {
    spec
      .given(active)
      .when(confirmReview(caseOfficer, july2025))
      .then([
        { type: 'tefu.AnnualReviewConfirmed.v1', data: { caseId, dueOn: '2025-08-05', confirmedOn: '2025-07-20', evidence, effectiveFrom: '2025-07-20' }, actor: caseOfficer },
        { type: 'tefu.AnnualReviewScheduled.v1', data: { caseId, dueOn: '2026-08-05', effectiveFrom: '2025-07-20' }, actor: caseOfficer },
      ]);
  });

  it('a review confirmed more than a year late is next due one interval after today', () => {
    const late = new Date('2026-09-01T02:00:00Z');
    const [, scheduled] = tefuCaseDecider.decide(confirmReview(caseOfficer, late), fold(tefuCaseDecider, active));
    expect(scheduled.data).toMatchObject({ dueOn: '2027-08-05' });
  });

  it('the tick records a passed due date once; before it, on it, or again it writes nothing', () => {
    spec.given(active).when(tick('2025-08-05')).thenNothingHappens();
    spec.given(active).when(tick('2025-08-06')).then([{ type: 'tefu.AnnualReviewOverdue.v1', data: { caseId, dueOn: '2025-08-05', recordedOn: '2025-08-06', effectiveFrom: '2025-08-06' }, actor: admin }]);
    const overdue: TefuEvent = { type: 'tefu.AnnualReviewOverdue.v1', data: { caseId, dueOn: '2025-08-05', recordedOn: '2025-08-06', effectiveFrom: '2025-08-06' }, actor: admin };
    spec.given([...active, overdue]).when(tick('2025-08-06')).thenNothingHappens();
    spec.given([...active, overdue]).when(tick('2025-09-01')).thenNothingHappens();
    expect(fold(tefuCaseDecider, [...active, overdue])).toMatchObject({ annualReview: { dueOn: '2025-08-05', overdueRecordedOn: '2025-08-06' } });
  });

  it('an overdue review confirmed late clears the overdue mark with the next due date', () => {
    const overdue: TefuEvent = { type: 'tefu.AnnualReviewOverdue.v1', data: { caseId, dueOn: '2025-08-05', recordedOn: '2025-08-06', effectiveFrom: '2025-08-06' }, actor: admin };
    const events = tefuCaseDecider.decide(confirmReview(caseOfficer, new Date('2025-08-20T02:00:00Z')), fold(tefuCaseDecider, [...active, overdue]));
    expect(fold(tefuCaseDecider, events, fold(tefuCaseDecider, [...active, overdue]))).toMatchObject({ annualReview: { dueOn: '2026-08-05', overdueRecordedOn: null } });
  });

  it('the tick passes cases that are not active, and refuses the wrong role, division or a date after today', () => {
    spec.given([created, submitted]).when(tick('2025-08-06')).thenNothingHappens();
    spec.given(active).when(tick('2025-08-06', caseOfficer)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given(active).when(tick('2025-08-06', otherAdmin)).thenThrows('DIVISION_NOT_ALLOWED');
    spec.given(active).when(tick('2026-01-02')).thenThrows('DATE_IN_FUTURE');
  });

  it('refuses to confirm a review of a case that is not active, without evidence, or by the wrong role', () => {
    spec.given([created, submitted]).when(confirmReview()).thenThrows('CASE_NOT_ACTIVE');
    spec.given(active).when(confirmReview(caseOfficer, now, [])).thenThrows('EVIDENCE_REQUIRED');
    spec.given(active).when(confirmReview(approver)).thenThrows('ROLE_NOT_ALLOWED');
  });
});

describe('计生特扶 case: AttachEvidence', () => {
  const attach = (actor: Actor = intake, items = evidence): TefuCommand => ({ type: 'AttachEvidence', data: { caseId, evidence: items }, metadata: meta(actor) });
  it('attaches evidence to an open case', () => {
    spec.given([created]).when(attach()).then([{ type: 'tefu.EvidenceAttached.v1', data: { caseId, evidence, effectiveFrom: today }, actor: intake }]);
    spec.given(active).when(attach()).then([{ type: 'tefu.EvidenceAttached.v1', data: { caseId, evidence, effectiveFrom: today }, actor: intake }]);
  });
  it('refuses none, the wrong role, or a case that does not exist', () => {
    spec.given([created]).when(attach(intake, [])).thenThrows('EVIDENCE_REQUIRED');
    spec.given([created]).when(attach(approver)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([]).when(attach()).thenThrows('CASE_NOT_FOUND');
  });
});

describe('计生特扶 case: the entitlement it holds', () => {
  it('none before approval; the approved determination, then later ones recorded on the active case from their dates', () => {
    expect(entitlementOn(fold(tefuCaseDecider, [created, submitted, determined()]), today)).toBeNull();
    const subsidy = record({ kind: 'elderlyCareSubsidy', receiving: false }, { effectiveFrom: '2024-08-05' });
    const later = determined('det-2', 4, { effectiveFrom: '2024-11-02', amountPerPersonPerMonthFen: null, amounts: [{ beneficiaryRef: wifeRef, amountFen: 80_000 }, { beneficiaryRef: husbandRef, amountFen: 100_000 }] });
    const state = fold(tefuCaseDecider, [...active, factRecorded(subsidy), later]);
    expect(entitlementOn(state, '2024-08-04')).toBeNull();
    expect(entitlementOn(state, '2024-08-05')?.determinationId).toBe('det-1');
    expect(entitlementOn(state, '2024-11-02')?.determinationId).toBe('det-2');
  });
});

describe('计生特扶 case: the named invariants, one test each', () => {
  const approve = (actor: Actor = approver, determinationId = 'det-1'): TefuCommand => ({ type: 'ApproveCase', data: { caseId, determinationId }, metadata: meta(actor) });

  it('approved ⇒ the determination cited has basedOnCaseRevision equal to the revision approved', () => {
    const [event] = tefuCaseDecider.decide(approve(), fold(tefuCaseDecider, [created, submitted, determined()]));
    const before = fold(tefuCaseDecider, [created, submitted, determined()]);
    expect(event).toMatchObject({ type: 'tefu.CaseApproved.v1', data: { determinationId: 'det-1', basedOnCaseRevision: 1 } });
    expect(before.status !== 'none' && before.factsRevision).toBe(1);
    // Facts moved after the determination: approving it is refused.
    const moved = factRecorded(record({ kind: 'disabledOrDemented', value: true }));
    spec.given([created, submitted, determined(), moved]).when(approve()).thenThrows('DETERMINATION_STALE');
  });

  it('approver ≠ recorder: whoever recorded any step (creation, submission, determination, 资格确认, a fact) may not approve', () => {
    const as = (role: string): Actor => ({ ...approver, role });
    spec.given([{ ...created, actor: as('intake_officer') }, submitted, determined()]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given([created, submitted, { ...factRecorded(record({ kind: 'elderlyCareSubsidy', receiving: true })), actor: as('case_officer') }, determined('det-1', 2)]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
    const confirmed: TefuEvent = { type: 'tefu.EligibilityConfirmed.v1', data: { caseId, evidence, factsRevision: 1, effectiveFrom: today }, actor: as('case_officer') };
    spec.given([created, submitted, determined(), confirmed]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
  });

  it('an active case has a 年审 due date (from the approval, and after every confirmation)', () => {
    expect(fold(tefuCaseDecider, active)).toMatchObject({ status: 'active', annualReview: { dueOn: '2025-08-05' } });
    const review = tefuCaseDecider.decide({ type: 'ConfirmAnnualReview', data: { caseId, evidence }, metadata: meta(caseOfficer) }, fold(tefuCaseDecider, active));
    expect(fold(tefuCaseDecider, review, fold(tefuCaseDecider, active))).toMatchObject({ status: 'active', annualReview: { dueOn: '2026-08-05' } });
    // An approval recorded before the due date was part of the event still folds with one.
    const legacy = { ...approved, data: { ...approved.data, annualReviewDueOn: undefined } };
    expect(fold(tefuCaseDecider, [created, submitted, determined(), legacy])).toMatchObject({ annualReview: { dueOn: '2025-08-05' } });
  });

  it('a terminated case has no entitlement after its termination date', () => {
    const terminated: TefuEvent = { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'adoption', terminatedOn: '2024-08-05', evidence, effectiveFrom: '2024-08-05' }, actor: caseOfficer };
    const state = fold(tefuCaseDecider, [...active, terminated]);
    for (const date of ['2024-08-05', '2024-09-01', '2034-08-05']) expect(entitlementOn(state, date)).toBeNull();
    expect(state).toMatchObject({ status: 'terminated', annualReview: null });
  });
});

describe('计生特扶 case: more refusals on the way', () => {
  const terminated: TefuEvent = { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'adoption', terminatedOn: '2024-08-01', evidence, effectiveFrom: '2024-08-01' }, actor: caseOfficer };
  const createIn = (divisionCode: string, actor: Actor): TefuCommand => ({
    type: 'CreateCase',
    data: { caseId, divisionCode, members: [wife], family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] } },
    metadata: meta(actor),
  });

  it('creates a case only in a county-level 户籍 division the catalogue knows (UNKNOWN_DIVISION)', () => {
    const cityOfficer: Actor = { ...intake, divisionCode: '330400' };
    spec.given([]).when(createIn('330499', cityOfficer)).thenThrows('UNKNOWN_DIVISION');
    spec.given([]).when(createIn('330400', cityOfficer)).thenThrows('UNKNOWN_DIVISION');
    spec.given([]).when(createIn('330411', cityOfficer)).then([
      { type: 'tefu.CaseCreated.v1', data: { caseId, benefit: 'tefu', divisionCode: '330411', members: [wife], family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] }, effectiveFrom: today }, actor: cityOfficer },
    ]);
  });

  it('refuses to reject an active case, and evidence or facts on a terminated one', () => {
    spec.given(active).when({ type: 'RejectCase', data: { caseId, reasons: ['x'] }, metadata: meta({ ...approver, id: 'approver-qian' }) }).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([...active, terminated]).when({ type: 'AttachEvidence', data: { caseId, evidence }, metadata: meta(intake) }).thenThrows('CASE_TERMINATED');
    spec.given([...active, terminated]).when({ type: 'ConfirmEligibility', data: { caseId, evidence }, metadata: meta(intake) }).thenThrows('CASE_TERMINATED');
    spec.given([...active, terminated]).when({ type: 'SubmitApplication', data: { caseId }, metadata: meta(intake) }).thenThrows('CASE_TERMINATED');
    spec.given([...active, terminated]).when({ type: 'ApproveCase', data: { caseId, determinationId: 'det-1' }, metadata: meta(approver) }).thenThrows('CASE_TERMINATED');
  });

  it('the tick writes nothing on a terminated case', () => {
    spec.given([...active, terminated]).when({ type: 'MarkAnnualReviewOverdue', data: { caseId, today: '2025-09-01' }, metadata: meta(admin, new Date('2025-09-01T02:00:00Z')) }).thenNothingHappens();
  });
});
