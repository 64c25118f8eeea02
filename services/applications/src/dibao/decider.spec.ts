import { givenWhenThen } from '@benefits/kernel';
import { sampleWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createDibaoDecider, currentMembers, foldDibao, monthlyIncomeFen, type OpenDibaoCase } from './decider';
import {
  active,
  applicant,
  applicantRef,
  approver,
  caseId,
  caseOfficer,
  child,
  childRef,
  cmd,
  dibaoDecider,
  history,
  inPublicNotice,
  intake,
  otherApprover,
  standardRef,
  steps,
} from './dibao-fixtures';
import { defaultDibaoPolicy } from './policy';

const spec = givenWhenThen(dibaoDecider);
const state = (events: ReturnType<typeof history>) => foldDibao(events) as OpenDibaoCase;

describe('低保 decider: 申请 and 受理', () => {
  it('registers the application with the household and the application date', () => {
    spec
      .given([])
      .when(steps.create())
      .then([
        {
          type: 'dibao.ApplicationSubmitted.v1',
          data: { caseId, benefit: 'dibao', divisionCode: '330402', members: [applicant, child], householdCategory: 'stable', effectiveFrom: '2026-03-02' },
          actor: intake,
        },
      ]);
  });

  it('refuses a household without exactly one applicant, or with a person twice', () => {
    spec.given([]).when(cmd('CreateCase', { divisionCode: '330402', members: [child], householdCategory: 'stable' }, intake, '2026-03-02')).thenThrows('APPLICANT_REQUIRED');
    spec
      .given([])
      .when(cmd('CreateCase', { divisionCode: '330402', members: [applicant, { ...child, personRef: applicantRef }], householdCategory: 'stable' }, intake, '2026-03-02'))
      .thenThrows('DUPLICATE_MEMBER');
  });

  it('refuses an application in another division or by an approver', () => {
    spec.given([]).when(cmd('CreateCase', { divisionCode: '330411', members: [applicant], householdCategory: 'stable' }, intake, '2026-03-02')).thenThrows('DIVISION_NOT_ALLOWED');
    spec.given([]).when(cmd('CreateCase', { divisionCode: '330402', members: [applicant], householdCategory: 'stable' }, approver, '2026-03-02')).thenThrows('ROLE_NOT_ALLOWED');
    spec.given(history([steps.create()])).when(steps.create()).thenThrows('CASE_ALREADY_EXISTS');
  });

  it('accepts (受理) with the step and whole-process limits in working days of the calendar', () => {
    // Mon 2 March 2026 + 10 working days = Mon 16 March; + 25 = Mon 6 April (sample calendar: weekends only).
    spec
      .given(history([steps.create()]))
      .when(steps.accept())
      .then([{ type: 'dibao.ApplicationAccepted.v1', data: { caseId, effectiveFrom: '2026-03-02', homeVisitDueOn: '2026-03-16', processDueOn: '2026-04-06' }, actor: intake }]);
  });

  it('refuses to accept when the calendar of the year is not published (a typed error, not a guess)', () => {
    const decider = createDibaoDecider(defaultDibaoPolicy(sampleWorkingDayCalendar([2025])));
    givenWhenThen(decider).given(history([steps.create()])).when(steps.accept()).thenThrows('WORKING_DAY_CALENDAR_MISSING');
  });

  it('refuses steps out of order', () => {
    spec.given(history([steps.create()])).when(steps.check()).thenThrows('STEP_NOT_ALLOWED');
    spec.given(history([steps.create(), steps.accept()])).when(steps.visit()).thenThrows('STEP_NOT_ALLOWED');
  });
});

describe('低保 decider: 家庭经济状况核对', () => {
  const accepted = () => history([steps.create(), steps.accept()]);

  it('records the result, the sources and the incomes; the facts revision moves to it', () => {
    const events = history([steps.create(), steps.accept(), steps.check()]);
    expect(events[2]).toMatchObject({ type: 'dibao.FinancialCheckRecorded.v1', data: { result: 'passed', effectiveFrom: '2026-03-04' } });
    expect(events[2].data).toMatchObject({ sources: [{ source: 'humanResources' }, { source: 'tax' }] });
    expect(state(events)).toMatchObject({ status: 'checked', factsRevision: 2 });
  });

  it('counts monthly income as the average over every month of the check period, half up to the fen', () => {
    const s = state(history([steps.create(), steps.accept(), steps.check()]));
    // (60,000 + 60,000 + 30,001) / 3 = 50,000.33 → 50,000 fen; the child has no income.
    expect(monthlyIncomeFen(s.period!, s.incomes, applicantRef)).toBe(50_000);
    expect(monthlyIncomeFen(s.period!, s.incomes, childRef)).toBe(0);
    expect(monthlyIncomeFen({ from: '2026-01', to: '2026-02' }, [{ personRef: 'p', source: 'wages', month: '2026-01', amountFen: 3 }], 'p')).toBe(2);
  });

  it('refuses incomes outside the period or of non-members, and a check without sources', () => {
    const check = steps.check();
    spec
      .given(accepted())
      .when({ ...check, data: { ...check.data, incomes: [{ personRef: applicantRef, source: 'wages', month: '2026-03', amountFen: 1 }] } })
      .thenThrows('INCOME_OUTSIDE_CHECK_PERIOD');
    spec
      .given(accepted())
      .when({ ...check, data: { ...check.data, incomes: [{ personRef: 'someone-else', source: 'wages', month: '2026-01', amountFen: 1 }] } })
      .thenThrows('INCOME_OUTSIDE_CHECK_PERIOD');
    spec.given(accepted()).when({ ...check, data: { ...check.data, sources: [] } }).thenThrows('VALIDATION_FAILED');
    spec.given(accepted()).when({ ...check, data: { ...check.data, checkedOn: '2026-03-05' } }).thenThrows('DATE_IN_FUTURE');
  });

  it('does not let a failed check go to the home visit', () => {
    spec.given(history([steps.create(), steps.accept(), steps.check('failed')])).when(steps.visit()).thenThrows('FINANCIAL_CHECK_FAILED');
  });
});

describe('低保 decider: 入户调查, 民主评议, 公示', () => {
  const checked = () => history([steps.create(), steps.accept(), steps.check()]);

  it('needs two or more distinct investigators', () => {
    spec.given(checked()).when(steps.visit(['officer-li'])).thenThrows('TOO_FEW_INVESTIGATORS');
    spec.given(checked()).when(steps.visit(['officer-li', 'officer-li', ' '])).thenThrows('TOO_FEW_INVESTIGATORS');
    spec
      .given(checked())
      .when(steps.visit())
      .then([
        {
          type: 'dibao.HomeVisitConducted.v1',
          data: { caseId, effectiveFrom: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: 'living conditions as declared', communityReviewDueOn: '2026-03-12' },
          actor: caseOfficer,
        },
      ]);
  });

  it('records the community review; votes cannot exceed attendance', () => {
    const visited = history([steps.create(), steps.accept(), steps.check(), steps.visit()]);
    spec.given(visited).when(cmd('RecordCommunityReview', { heldOn: '2026-03-09', attendance: 5, votesFor: 6, minutesRef: 'm' }, caseOfficer, '2026-03-09')).thenThrows('INVALID_VOTES');
    spec.given(visited).when(cmd('RecordCommunityReview', { heldOn: '2026-03-04', attendance: 5, votesFor: 5, minutesRef: 'm' }, caseOfficer, '2026-03-09')).thenThrows('DATE_OUT_OF_ORDER');
    expect(state(history([steps.create(), steps.accept(), steps.check(), steps.visit(), steps.review()]))).toMatchObject({ status: 'reviewed', stepDueOn: '2026-03-11' });
  });

  it('posts the notice for 7 days with a durable end date and the decision limit', () => {
    spec
      .given(history([steps.create(), steps.accept(), steps.check(), steps.visit(), steps.review()]))
      .when(steps.notice())
      .then([
        {
          type: 'dibao.PublicNoticePosted.v1',
          data: { caseId, noticeNo: 1, location: '社区公示栏', effectiveFrom: '2026-03-10', startedOn: '2026-03-10', endsOn: '2026-03-16', decisionDueOn: '2026-03-30' },
          actor: caseOfficer,
        },
      ]);
  });

  it('records objections and their resolution; an upheld one sends the case back to investigation and a new notice', () => {
    const raised = [...inPublicNotice(), ...history([])];
    const withObjection = [
      ...raised,
      ...dibaoDecider.decide(cmd('RaiseObjection', { raisedOn: '2026-03-12', summary: '邻居反映有经营收入' }, intake, '2026-03-12'), state(raised)),
    ];
    expect(withObjection.at(-1)).toMatchObject({ type: 'dibao.PublicNoticeObjectionRaised.v1', data: { objectionId: 'objection-1', noticeNo: 1 } });
    spec.given(withObjection).when(steps.approve()).thenThrows('OBJECTION_OPEN');
    spec.given(withObjection).when(cmd('ResolveObjection', { objectionId: 'objection-9', outcome: 'dismissed', resolution: 'x' }, caseOfficer, '2026-03-13')).thenThrows('OBJECTION_NOT_FOUND');

    const dismissed = [...withObjection, ...dibaoDecider.decide(cmd('ResolveObjection', { objectionId: 'objection-1', outcome: 'dismissed', resolution: '核实无经营收入' }, caseOfficer, '2026-03-13'), state(withObjection))];
    spec.given(dismissed).when(cmd('ResolveObjection', { objectionId: 'objection-1', outcome: 'upheld', resolution: 'x' }, caseOfficer, '2026-03-13')).thenThrows('OBJECTION_ALREADY_RESOLVED');
    expect(dibaoDecider.decide(steps.approve(), state(dismissed))[0].type).toBe('dibao.CaseApproved.v1');

    const upheld = [...withObjection, ...dibaoDecider.decide(cmd('ResolveObjection', { objectionId: 'objection-1', outcome: 'upheld', resolution: '需重新调查' }, caseOfficer, '2026-03-13'), state(withObjection))];
    expect(state(upheld)).toMatchObject({ status: 'checked', homeVisit: null, communityReview: null });
    spec.given(upheld).when(steps.approve()).thenThrows('STEP_NOT_ALLOWED');
  });
});

describe('低保 decider: 审核确认', () => {
  it('approves after the notice, citing the current determination; paid from the following month', () => {
    spec
      .given(inPublicNotice())
      .when(steps.approve())
      .then([
        {
          type: 'dibao.CaseApproved.v1',
          data: {
            caseId,
            benefit: 'dibao',
            divisionCode: '330402',
            determinationId: 'det-1',
            basedOnCaseRevision: 2,
            householdAmountFen: 80_000,
            effectiveFrom: '2026-03-17',
            paymentFrom: '2026-04-01',
            nextReviewDueOn: '2027-03-17',
          },
          actor: approver,
        },
      ]);
  });

  it('refuses approval while the 7 days are not over', () => {
    spec.given(inPublicNotice()).when(steps.approve('2026-03-16')).thenThrows('PUBLIC_NOTICE_NOT_OVER');
  });

  it('refuses approval by the maker, without the approver role, or on a stale, superseded or ineligible determination', () => {
    spec.given(inPublicNotice()).when(steps.approve('2026-03-17', 'det-1', { ...caseOfficer, role: 'approver' })).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given(inPublicNotice()).when(steps.approve('2026-03-17', 'det-1', caseOfficer)).thenThrows('APPROVER_ROLE_REQUIRED');
    spec.given(inPublicNotice()).when(steps.approve('2026-03-17', 'det-x')).thenThrows('DETERMINATION_NOT_FOUND');
    const two = [...inPublicNotice(), ...history([]).concat(dibaoDecider.decide(steps.determine(2, 'det-2'), state(inPublicNotice())))];
    spec.given(two).when(steps.approve('2026-03-17', 'det-1')).thenThrows('DETERMINATION_NOT_CURRENT');
    const ineligible = steps.determine(2, 'det-3');
    const notEligible = [...inPublicNotice(), ...dibaoDecider.decide({ ...ineligible, data: { ...ineligible.data, eligible: false, amounts: [], householdAmountFen: 0 } }, state(inPublicNotice()))];
    spec.given(notEligible).when(steps.approve('2026-03-17', 'det-3')).thenThrows('DETERMINATION_NOT_ELIGIBLE');
    spec.given(inPublicNotice()).when(steps.determine(1, 'det-4')).thenThrows('DETERMINATION_STALE');
    spec.given(inPublicNotice()).when(steps.determine()).thenNothingHappens();
    spec.given(inPublicNotice()).when(steps.determine(2, 'det-1', 90_000)).thenThrows('DETERMINATION_ID_REUSED');
  });

  it('rejects with written reasons and a notice due date; the delivery closes it', () => {
    spec
      .given(inPublicNotice())
      .when(steps.reject())
      .then([
        { type: 'dibao.CaseRejected.v1', data: { caseId, reasons: ['家庭人均收入高于当地低保标准'], effectiveFrom: '2026-03-17', noticeDueOn: '2026-03-20' }, actor: approver },
      ]);
    spec.given(inPublicNotice()).when(cmd('RejectCase', { reasons: [' '] }, approver, '2026-03-17')).thenThrows('REJECTION_REASON_REQUIRED');
    const rejected = history([steps.create(), steps.accept(), steps.reject('2026-03-03')]);
    spec.given(rejected).when(steps.check()).thenThrows('CASE_ALREADY_DECIDED');
    const delivered = cmd('DeliverRejectionNotice', { deliveredOn: '2026-03-04', method: 'inPerson', receiptRef: 'receipt:1' }, intake, '2026-03-04');
    spec.given(rejected).when(delivered).then([{ type: 'dibao.RejectionNoticeDelivered.v1', data: { caseId, effectiveFrom: '2026-03-04', method: 'inPerson', receiptRef: 'receipt:1' }, actor: intake }]);
    spec.given([...rejected, ...dibaoDecider.decide(delivered, state(rejected))]).when(delivered).thenThrows('NOTICE_ALREADY_DELIVERED');
  });
});

describe('低保 decider: 动态管理', () => {
  it('reviews (复核) at the interval of the household category', () => {
    spec
      .given(active())
      .when(cmd('RecordReview', { reviewedOn: '2026-09-01', householdCategory: 'unstable', findings: '收入不稳定' }, caseOfficer, '2026-09-01'))
      .then([
        {
          type: 'dibao.ReviewCompleted.v1',
          data: { caseId, effectiveFrom: '2026-09-01', householdCategory: 'unstable', findings: '收入不稳定', nextReviewDueOn: '2027-03-01' },
          actor: caseOfficer,
        },
      ]);
  });

  it('changes the amount effective-dated (减发 after a member leaves): change, new determination, confirmation', () => {
    const change = cmd(
      'ChangeCircumstances',
      { effectiveFrom: '2026-06-01', reason: '子女迁出', period: { from: '2026-03', to: '2026-05' }, incomes: [], removedMembers: [childRef], addedMembers: [] },
      caseOfficer,
      '2026-05-20',
    );
    const changed = [...active(), ...dibaoDecider.decide(change, state(active()))];
    expect(state(changed)).toMatchObject({ factsRevision: 8, pendingChange: { effectiveFrom: '2026-06-01' } });
    spec.given(active()).when(cmd('ConfirmAmountChange', { determinationId: 'det-1' }, otherApprover, '2026-05-21')).thenThrows('NO_PENDING_CHANGE');
    const determined = [...changed, ...dibaoDecider.decide(steps.determine(8, 'det-2', 40_000), state(changed))];
    spec
      .given(determined)
      .when(cmd('ConfirmAmountChange', { determinationId: 'det-2' }, approver, '2026-05-21'))
      .then([
        {
          type: 'dibao.CaseApproved.v1',
          data: {
            caseId,
            benefit: 'dibao',
            divisionCode: '330402',
            determinationId: 'det-2',
            basedOnCaseRevision: 8,
            householdAmountFen: 40_000,
            effectiveFrom: '2026-06-01',
            paymentFrom: '2026-06-01',
            change: 'decrease',
            nextReviewDueOn: '2027-03-17',
          },
          actor: approver,
        },
      ]);
    spec.given(active()).when({ ...change, data: { ...change.data, effectiveFrom: '2026-03-01' } }).thenThrows('EFFECTIVE_DATE_BEFORE_APPROVAL');
    spec.given(active()).when({ ...change, data: { ...change.data, removedMembers: [applicantRef, childRef] } }).thenThrows('HOUSEHOLD_WOULD_BE_EMPTY');
  });

  it('adds a member with an effective-dated change (增发); the member counts in the facts at once', () => {
    const newborn = { ...child, personRef: '0192f3a0-7c1e-7b5e-9a52-000000000014', birthDate: '2026-05-01' };
    const change = cmd(
      'ChangeCircumstances',
      { effectiveFrom: '2026-06-01', reason: '新生儿', period: { from: '2026-03', to: '2026-05' }, incomes: [], removedMembers: [], addedMembers: [newborn] },
      caseOfficer,
      '2026-05-20',
    );
    const changed = [...active(), ...dibaoDecider.decide(change, state(active()))];
    expect(currentMembers(state(changed)).map((m) => m.personRef)).toEqual([applicantRef, childRef, newborn.personRef]);
    spec.given(active()).when({ ...change, data: { ...change.data, addedMembers: [child] } }).thenThrows('DUPLICATE_MEMBER');
    spec.given(active()).when({ ...change, data: { ...change.data, addedMembers: [{ ...newborn, birthDate: '2026-05-21' }] } }).thenThrows('DATE_IN_FUTURE');
  });

  it('suspends (停发), resumes and exits (退出) effective-dated; an exited case takes no more steps', () => {
    const suspend = cmd('SuspendPayment', { effectiveFrom: '2026-07-01', reason: '未按期复核' }, approver, '2026-06-20');
    spec.given(active()).when(suspend).then([{ type: 'dibao.PaymentSuspended.v1', data: { caseId, effectiveFrom: '2026-07-01', reason: '未按期复核', divisionCode: '330402' }, actor: approver }]);
    const suspended = [...active(), ...dibaoDecider.decide(suspend, state(active()))];
    spec.given(suspended).when(suspend).thenThrows('STEP_NOT_ALLOWED');
    spec.given(suspended).when(cmd('ResumePayment', { effectiveFrom: '2026-08-01', reason: '已复核' }, approver, '2026-07-20')).then([
      { type: 'dibao.PaymentResumed.v1', data: { caseId, effectiveFrom: '2026-08-01', reason: '已复核', divisionCode: '330402' }, actor: approver },
    ]);
    const exit = cmd('ExitCase', { effectiveFrom: '2026-10-01', reason: 'incomeAboveStandard', note: '就业' }, approver, '2026-09-20');
    const exited = [...active(), ...dibaoDecider.decide(exit, state(active()))];
    expect(state(exited)).toMatchObject({ status: 'exited', exit: { effectiveFrom: '2026-10-01', reason: 'incomeAboveStandard' } });
    spec.given(exited).when(suspend).thenThrows('STEP_NOT_ALLOWED');
    spec.given(active()).when(cmd('ExitCase', { effectiveFrom: '2026-03-01', reason: 'death', note: '' }, approver, '2026-09-20')).thenThrows('EFFECTIVE_DATE_BEFORE_APPROVAL');
  });

  it('records determinations on an active case only for the current facts', () => {
    spec.given(active()).when(steps.determine(2, 'det-5', 80_000)).then([
      { type: 'dibao.DeterminationRecorded.v1', data: { ...steps.determine(2, 'det-5', 80_000).data, caseId }, actor: caseOfficer },
    ]);
    expect(standardRef.itemNo).toBe('63');
  });
});
