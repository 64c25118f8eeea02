import { givenWhenThen } from '@benefits/kernel';
import { foldLinshi, type OpenLinshiCase } from './decider';
import { linshiDueItems } from './linshi-workflow';
import {
  applicant,
  applicantRef,
  application,
  approver,
  caseId,
  caseOfficer,
  cmd,
  determination,
  history,
  intake,
  linshiDecider,
  spouse,
  zhichu,
} from './linshi-fixtures';

const spec = givenWhenThen(linshiDecider);
const state = (events: ReturnType<typeof history>) => foldLinshi(events) as OpenLinshiCase;

describe('临时救助 decider: application', () => {
  it('registers an emergency application with its cause', () => {
    spec
      .given([])
      .when(application())
      .then([
        {
          type: 'linshi.ApplicationSubmitted.v1',
          data: {
            caseId,
            divisionCode: '330402',
            type: 'jinan',
            members: [applicant, spouse],
            cause: 'fire',
            causeDescription: '住房失火',
            occurredOn: '2026-03-01',
            expenditureEvidence: [],
            benefit: 'linshi',
            effectiveFrom: '2026-03-02',
          },
          actor: intake,
        },
      ]);
  });

  it('needs the expenditure, its evidence and the group for 支出型', () => {
    spec.given([]).when(zhichu({ expenditureEvidence: [] })).thenThrows('EXPENDITURE_EVIDENCE_REQUIRED');
    spec.given([]).when(zhichu({ necessaryExpenditureFen: undefined })).thenThrows('EXPENDITURE_EVIDENCE_REQUIRED');
    spec.given([]).when(zhichu({ group: undefined })).thenThrows('EXPENDITURE_EVIDENCE_REQUIRED');
  });

  it('needs the applicant first, and refuses a date of the emergency in the future', () => {
    spec.given([]).when(application({ members: [spouse, applicant] })).thenThrows('APPLICANT_REQUIRED');
    spec.given([]).when(application({ occurredOn: '2026-03-03' })).thenThrows('DATE_IN_FUTURE');
  });

  it('一事一救: refuses the same cause within the period, unless an override with a reason, which is recorded', () => {
    const earlier = [{ caseId: 'c-earlier', personRef: applicantRef, appliedOn: '2025-10-01' }];
    spec.given([]).when(application({ earlierSameCause: earlier })).thenThrows('SAME_CAUSE_WITHIN_PERIOD');
    spec.given([]).when(application({ earlierSameCause: earlier, sameCauseOverrideReason: '  ' })).thenThrows('SAME_CAUSE_WITHIN_PERIOD');
    const [event] = linshiDecider.decide(application({ earlierSameCause: earlier, sameCauseOverrideReason: '再次失火，经县民政局同意' }), { status: 'none' });
    expect(event.data).toMatchObject({ sameCauseOverride: { reason: '再次失火，经县民政局同意', earlier } });
  });
});

describe('临时救助 decider: 先行救助 (急难型)', () => {
  const determined = () => history([application(), determination()]);

  it('grants aid first up to the cap, with a durable paperwork deadline and the approval for payment', () => {
    spec
      .given(determined())
      .when(cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 200_000 }, approver, '2026-03-02'))
      .then([
        {
          type: 'linshi.AdvanceAidGranted.v1',
          data: { caseId, determinationId: 'det-1', amountFen: 200_000, capFen: 300_000, effectiveFrom: '2026-03-02', paperworkDueOn: '2026-03-12' },
          actor: approver,
        },
        {
          type: 'linshi.CaseApproved.v1',
          data: {
            caseId,
            benefit: 'linshi',
            divisionCode: '330402',
            determinationId: 'det-1',
            effectiveFrom: '2026-03-02',
            approvedAmounts: [{ beneficiaryRef: applicantRef, periodKey: `once:${caseId}`, amountFen: 200_000 }],
            approvedTotalFen: 200_000,
            overrideReasonCode: '',
            advanceAid: true,
            instalments: [],
          },
          actor: approver,
        },
      ]);
  });

  it('refuses above the cap, without a cap, by an unauthorised role, or for 支出型', () => {
    spec.given(determined()).when(cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 300_001 }, approver, '2026-03-02')).thenThrows('AMOUNT_ABOVE_CAP');
    spec.given(determined()).when(cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 1 }, caseOfficer, '2026-03-02')).thenThrows('ADVANCE_AID_NOT_AUTHORISED');
    spec
      .given(history([application(), determination({ capFen: 0 })]))
      .when(cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 1 }, approver, '2026-03-02'))
      .thenThrows('NO_CAP_DETERMINED');
    spec
      .given(history([zhichu(), determination({ amounts: [{ beneficiaryRef: applicantRef, periodKey: `once:${caseId}`, amountFen: 800_000 }], capFen: 0 })]))
      .when(cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 1 }, approver, '2026-03-02'))
      .thenThrows('ADVANCE_AID_ONLY_FOR_EMERGENCY');
  });

  it('lists the paperwork as due until completed; a late completion is recorded as late', () => {
    const aided = history([application(), determination(), cmd('GrantAdvanceAid', { determinationId: 'det-1', amountFen: 200_000 }, approver, '2026-03-02')]);
    expect(state(aided).status).toBe('advanceAided');
    expect(linshiDueItems(state(aided))).toEqual([{ kind: 'linshi.paperwork', dueOn: '2026-03-12' }]);
    spec.given(aided).when(cmd('ApproveCase', { determinationId: 'det-1' }, approver, '2026-03-03')).thenThrows('CASE_ALREADY_DECIDED');
    const late = cmd('CompletePaperwork', { completedOn: '2026-03-20', documentRefs: ['doc:register-1'], note: '补齐签字盖章' }, caseOfficer, '2026-03-20');
    spec.given(aided).when(late).then([
      { type: 'linshi.AdvanceAidPaperworkCompleted.v1', data: { caseId, effectiveFrom: '2026-03-20', documentRefs: ['doc:register-1'], note: '补齐签字盖章', late: true }, actor: caseOfficer },
    ]);
    const completed = [...aided, ...linshiDecider.decide(late, state(aided))];
    expect(linshiDueItems(state(completed))).toEqual([]);
    spec.given(completed).when(late).thenThrows('PAPERWORK_ALREADY_COMPLETED');
  });
});

describe('临时救助 decider: 支出型 review, instalments, in-kind aid and referral', () => {
  const amounts = [{ beneficiaryRef: applicantRef, periodKey: `once:${caseId}`, amountFen: 800_000 }];
  const determined = () => history([zhichu(), determination({ amounts, capFen: 0 })]);
  const staged = (actor = approver) =>
    cmd(
      'ApproveCase',
      { determinationId: 'det-1', instalments: [{ amountFen: 500_000, plannedOn: '2026-03-10' }, { amountFen: 300_000, plannedOn: '2026-04-10' }] },
      actor,
      '2026-03-05',
    );

  it('approves in two instalments (一次审批、分阶段救助), each with its own period key', () => {
    const [event] = linshiDecider.decide(staged(), state(determined()));
    expect(event).toMatchObject({
      type: 'linshi.CaseApproved.v1',
      data: {
        approvedTotalFen: 800_000,
        overrideReasonCode: '',
        advanceAid: false,
        approvedAmounts: [
          { beneficiaryRef: applicantRef, periodKey: `once:${caseId}:1`, amountFen: 500_000 },
          { beneficiaryRef: applicantRef, periodKey: `once:${caseId}:2`, amountFen: 300_000 },
        ],
      },
    });
  });

  it('dates each instalment line with its planned date (dueDate → integration BeneficiaryAmount.due_date)', () => {
    const [event] = linshiDecider.decide(staged(), state(determined()));
    const lines = (event.data as { approvedAmounts: { periodKey: string; dueDate?: string }[] }).approvedAmounts;
    expect(lines.map((l) => [l.periodKey, l.dueDate])).toEqual([
      [`once:${caseId}:1`, '2026-03-10'],
      [`once:${caseId}:2`, '2026-04-10'],
    ]);
  });

  it('refuses instalments that do not add up, a different amount without a reason, and the maker approving', () => {
    spec
      .given(determined())
      .when(cmd('ApproveCase', { determinationId: 'det-1', instalments: [{ amountFen: 500_000, plannedOn: '2026-03-10' }, { amountFen: 200_000, plannedOn: '2026-04-10' }] }, approver, '2026-03-05'))
      .thenThrows('INSTALMENTS_DO_NOT_ADD_UP');
    spec.given(determined()).when(cmd('ApproveCase', { determinationId: 'det-1', amountFen: 900_000 }, approver, '2026-03-05')).thenThrows('OVERRIDE_REASON_REQUIRED');
    const [overridden] = linshiDecider.decide(
      cmd('ApproveCase', { determinationId: 'det-1', amountFen: 600_000, overrideReasonCode: 'otherAidReceived', overrideReason: '已获慈善救助' }, approver, '2026-03-05'),
      state(determined()),
    );
    expect(overridden.data).toMatchObject({ approvedTotalFen: 600_000, overrideReasonCode: 'otherAidReceived', overrideReason: '已获慈善救助' });
    spec.given(determined()).when(staged({ ...intake, role: 'approver' })).thenThrows('MAKER_CHECKER_VIOLATION');
  });

  it('releases instalments in order and never above the approved total', () => {
    const approved = [...determined(), ...linshiDecider.decide(staged(), state(determined()))];
    expect(linshiDueItems(state(approved))).toEqual([{ kind: 'linshi.instalment', dueOn: '2026-03-10' }]);
    spec.given(approved).when(cmd('ReleaseInstalment', { instalmentNo: 2, releasedOn: '2026-03-10' }, caseOfficer, '2026-03-10')).thenThrows('INSTALMENT_OUT_OF_ORDER');
    const first = [...approved, ...linshiDecider.decide(cmd('ReleaseInstalment', { instalmentNo: 1, releasedOn: '2026-03-10' }, caseOfficer, '2026-03-10'), state(approved))];
    const both = [...first, ...linshiDecider.decide(cmd('ReleaseInstalment', { instalmentNo: 2, releasedOn: '2026-04-10' }, caseOfficer, '2026-04-10'), state(first))];
    expect(state(both).released.map((r) => r.amountFen)).toEqual([500_000, 300_000]);
    spec.given(both).when(cmd('ReleaseInstalment', { instalmentNo: 3, releasedOn: '2026-04-10' }, caseOfficer, '2026-04-10')).thenThrows('INSTALMENT_OUT_OF_ORDER');
    expect(linshiDueItems(state(both))).toEqual([]);
  });

  it('records in-kind aid and referrals; rejects with reasons', () => {
    spec
      .given(determined())
      .when(cmd('RecordInKindAid', { providedOn: '2026-03-02', items: [{ description: '棉被', quantity: 2, unit: '床' }] }, intake, '2026-03-02'))
      .then([{ type: 'linshi.InKindAidRecorded.v1', data: { caseId, effectiveFrom: '2026-03-02', items: [{ description: '棉被', quantity: 2, unit: '床' }] }, actor: intake }]);
    spec
      .given(determined())
      .when(cmd('RecordReferral', { referredOn: '2026-03-02', to: '县慈善总会', reason: '大病救助' }, intake, '2026-03-02'))
      .then([{ type: 'linshi.ReferralRecorded.v1', data: { caseId, effectiveFrom: '2026-03-02', to: '县慈善总会', reason: '大病救助' }, actor: intake }]);
    spec
      .given(determined())
      .when(cmd('RejectCase', { reasons: ['已获得医疗救助全额报销'] }, approver, '2026-03-05'))
      .then([{ type: 'linshi.CaseRejected.v1', data: { caseId, reasons: ['已获得医疗救助全额报销'], effectiveFrom: '2026-03-05' }, actor: approver }]);
  });
});
