import { fold, givenWhenThen, type Actor } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import { tefuCaseDecider, type HouseholdMember, type OpenTefuCase, type TefuCommand, type TefuEvent } from './decider';

// 特扶 停发 / 恢复 on the pure decider.

const spec = givenWhenThen(tefuCaseDecider);
const now = new Date('2024-09-05T02:00:00Z');
const today = '2024-08-05';

const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const caseOfficer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const cityApprover: Actor = { id: 'approver-city', role: 'approver', divisionCode: '330400' };
const otherApprover: Actor = { id: 'approver-far', role: 'approver', divisionCode: '330100' };

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const sealed = (personRef: string): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' });
const wife: HouseholdMember = { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wifeRef) };
const standardRef = { standardId: 'sample-standard', versionId: 'v1', itemNo: '1', contentHash: 'a'.repeat(64) };

const created: TefuEvent = {
  type: 'tefu.CaseCreated.v1',
  data: { caseId, benefit: 'tefu', divisionCode: '330402', members: [wife], family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] }, effectiveFrom: today },
  actor: intake,
};
const submitted: TefuEvent = { type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: today }, actor: intake };
const determined: TefuEvent = {
  type: 'tefu.DeterminationRecorded.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 80_000, standardRef, effectiveFrom: today },
  actor: caseOfficer,
};
const approved: TefuEvent = {
  type: 'tefu.CaseApproved.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 80_000, effectiveFrom: today, annualReviewDueOn: '2025-08-05' },
  actor: approver,
};
const active = [created, submitted, determined, approved];

const suspend = (effectiveFrom: string, reason = '未按期参加年审', actor = approver): TefuCommand => ({ type: 'SuspendPayment', data: { caseId, effectiveFrom, reason }, metadata: { now, actor } });
const resume = (effectiveFrom: string, reason = '已补办年审', actor = approver): TefuCommand => ({ type: 'ResumePayment', data: { caseId, effectiveFrom, reason }, metadata: { now, actor } });
const suspendedEvent = (effectiveFrom: string, reason = '未按期参加年审', actor = approver): TefuEvent => ({
  type: 'tefu.PaymentSuspended.v1',
  data: { caseId, benefit: 'tefu', divisionCode: '330402', effectiveFrom, reason },
  actor,
});

describe('特扶 停发 / 恢复 (SuspendPayment / ResumePayment)', () => {
  it('suspends an active case from a date, with its division for the consumers; the case stays active', () => {
    spec.given(active).when(suspend('2024-10-01')).then([suspendedEvent('2024-10-01')]);
    spec.given(active).when(suspend('2024-10-01', ' 未按期参加年审 ', cityApprover)).then([suspendedEvent('2024-10-01', '未按期参加年审', cityApprover)]);
    const state = fold(tefuCaseDecider, [...active, suspendedEvent('2024-10-01')]) as OpenTefuCase;
    expect(state).toMatchObject({ status: 'active', suspension: { effectiveFrom: '2024-10-01', reason: '未按期参加年审' } });
  });

  it('resumes a suspended case from a date not before the suspension', () => {
    const suspended = [...active, suspendedEvent('2024-10-01')];
    spec.given(suspended).when(resume('2024-12-01')).then([
      { type: 'tefu.PaymentResumed.v1', data: { caseId, benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-12-01', reason: '已补办年审' }, actor: approver },
    ]);
    spec.given(suspended).when(resume('2024-09-30')).thenThrows('RESUMPTION_BEFORE_SUSPENSION');
    const resumed = [...suspended, ...tefuCaseDecider.decide(resume('2024-12-01'), fold(tefuCaseDecider, suspended))];
    expect((fold(tefuCaseDecider, resumed) as OpenTefuCase).suspension).toBeNull();
    // …and may be suspended again later.
    spec.given(resumed).when(suspend('2025-03-01')).then([suspendedEvent('2025-03-01')]);
  });

  it('refuses invalid transitions: suspended twice, resumed while not suspended, a case not active or terminated', () => {
    spec.given([...active, suspendedEvent('2024-10-01')]).when(suspend('2024-11-01')).thenThrows('PAYMENT_ALREADY_SUSPENDED');
    spec.given(active).when(resume('2024-11-01')).thenThrows('PAYMENT_NOT_SUSPENDED');
    spec.given([created, submitted, determined]).when(suspend('2024-10-01')).thenThrows('CASE_NOT_ACTIVE');
    const terminated: TefuEvent = {
      type: 'tefu.CaseTerminated.v1',
      data: { caseId, reason: 'adoption', terminatedOn: '2024-09-01', evidence: [{ kind: 'other', reference: 'e:2' }], effectiveFrom: '2024-09-01' },
      actor: caseOfficer,
    };
    spec.given([...active, terminated]).when(suspend('2024-10-01')).thenThrows('CASE_TERMINATED');
    spec.given([]).when(suspend('2024-10-01')).thenThrows('CASE_NOT_FOUND');
  });

  it('needs an approver of the division or a parent, a reason, and a date not before the approval', () => {
    spec.given(active).when(suspend('2024-10-01', '未按期参加年审', caseOfficer)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given(active).when(suspend('2024-10-01', '未按期参加年审', otherApprover)).thenThrows('DIVISION_NOT_ALLOWED');
    spec.given(active).when(suspend('2024-10-01', '   ')).thenThrows('SUSPENSION_REASON_REQUIRED');
    spec.given(active).when(suspend('2024-08-04')).thenThrows('EFFECTIVE_DATE_BEFORE_APPROVAL');
  });
});
