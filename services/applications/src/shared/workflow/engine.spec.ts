import { givenWhenThen, type Actor } from '@benefits/kernel';
import type { ExampleCommand } from '../../../../../test/fixtures/example-benefit/workflow/commands';
import { exampleDecider } from '../../../../../test/fixtures/example-benefit/workflow/decide';
import type { ExampleEvent } from '../../../../../test/fixtures/example-benefit/workflow/events';
import { PLACEHOLDER_SEALED } from '../person-intake';

// The engine and the shared lifecycle steps, through the example benefit of the fixture (sample
// data): a new benefit declares its commands, events, state and step table, and takes the shared
// guards and 停发/恢复/退出 as they are.

const caseId = 'c-example-1';
const officer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const elsewhere: Actor = { id: 'approver-qian', role: 'approver', divisionCode: '330481' };
const service: Actor = { id: 'service:eligibility', role: 'admin', divisionCode: '330402' };
const at = (date: string) => new Date(`${date}T02:00:00Z`);

function cmd<T extends ExampleCommand['type']>(type: T, data: object, actor: Actor, on = '2026-03-02'): ExampleCommand {
  return { type, data: { caseId, ...data }, metadata: { actor, now: at(on) } } as ExampleCommand;
}

const applied: ExampleEvent = { type: 'example.Applied.v1', data: { caseId, divisionCode: '330402', applicantRef: 'p-1', members: [{ personRef: 'p-1', birthDate: '1944-05-01', personalData: PLACEHOLDER_SEALED('p-1') }], effectiveFrom: '2026-03-02' }, actor: officer };
const determined: ExampleEvent = { type: 'example.DeterminationRecorded.v1', data: { caseId, determinationId: 'd-1', eligible: true, monthlyAmountFen: 50_000 }, actor: service };
const approved: ExampleEvent = { type: 'example.CaseApproved.v1', data: { caseId, benefit: 'example', divisionCode: '330402', determinationId: 'd-1', monthlyAmountFen: 50_000, effectiveFrom: '2026-03-10' }, actor: approver };
const suspended: ExampleEvent = { type: 'example.PaymentSuspended.v1', data: { caseId, effectiveFrom: '2026-05-01', reason: '外出务工未按时复核', divisionCode: '330402' }, actor: approver };

const spec = givenWhenThen(exampleDecider);

describe('the case-workflow engine, on the example benefit', () => {
  it('takes the steps of the table in order: apply, determination, approval, 停发, 恢复, 退出', () => {
    spec.given([]).when(cmd('Apply', { divisionCode: '330402', applicantRef: 'p-1', members: [{ personRef: 'p-1', birthDate: '1944-05-01', personalData: PLACEHOLDER_SEALED('p-1') }] }, officer)).then([applied]);
    spec.given([applied]).when(cmd('RecordDetermination', { determinationId: 'd-1', eligible: true, monthlyAmountFen: 50_000 }, service)).then([determined]);
    spec.given([applied, determined]).when(cmd('Approve', { determinationId: 'd-1' }, approver, '2026-03-10')).then([approved]);
    spec.given([applied, determined, approved]).when(cmd('SuspendPayment', { effectiveFrom: '2026-05-01', reason: '外出务工未按时复核' }, approver, '2026-05-02')).then([suspended]);
    spec
      .given([applied, determined, approved, suspended])
      .when(cmd('ResumePayment', { effectiveFrom: '2026-06-01', reason: '已复核' }, approver, '2026-06-02'))
      .then([{ type: 'example.PaymentResumed.v1', data: { caseId, effectiveFrom: '2026-06-01', reason: '已复核', divisionCode: '330402' }, actor: approver }]);
    spec
      .given([applied, determined, approved, suspended])
      .when(cmd('ExitCase', { effectiveFrom: '2026-07-01', reason: 'incomeAboveStandard', note: '' }, approver, '2026-07-02'))
      .then([{ type: 'example.CaseExited.v1', data: { caseId, effectiveFrom: '2026-07-01', reason: 'incomeAboveStandard', note: '' }, actor: approver }]);
  });

  it('applies the shared guards in one order: the case exists, the actor may take the step, then the status', () => {
    spec.given([]).when(cmd('Approve', { determinationId: 'd-1' }, approver)).thenThrows('CASE_NOT_FOUND');
    // Role before status: an officer asking to approve an active case is refused for the role.
    spec.given([applied, determined, approved]).when(cmd('Approve', { determinationId: 'd-1' }, officer)).thenThrows('APPROVER_ROLE_REQUIRED');
    spec.given([applied, determined]).when(cmd('Approve', { determinationId: 'd-1' }, elsewhere)).thenThrows('DIVISION_NOT_ALLOWED');
    // Maker-checker: the officer who applied may not decide, even with the approver role.
    spec.given([applied, determined]).when(cmd('Approve', { determinationId: 'd-1' }, { ...officer, role: 'approver' })).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given([applied, determined]).when(cmd('RecordDetermination', { determinationId: 'd-2', eligible: true, monthlyAmountFen: 1 }, approver)).thenThrows('ROLE_NOT_ALLOWED');
  });

  it('refuses a step of the application on a decided case as CASE_ALREADY_DECIDED, any other step out of order as STEP_NOT_ALLOWED', () => {
    spec.given([applied, determined, approved]).when(cmd('Reject', { reasons: ['x'] }, approver)).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([applied, determined]).when(cmd('SuspendPayment', { effectiveFrom: '2026-05-01', reason: 'x' }, approver)).thenThrows('STEP_NOT_ALLOWED');
    spec.given([applied, determined, approved, suspended]).when(cmd('SuspendPayment', { effectiveFrom: '2026-06-01', reason: 'x' }, approver)).thenThrows('STEP_NOT_ALLOWED');
  });

  it('the shared lifecycle steps refuse an effective date before the approval', () => {
    spec.given([applied, determined, approved]).when(cmd('SuspendPayment', { effectiveFrom: '2026-03-01', reason: 'x' }, approver, '2026-05-02')).thenThrows('EFFECTIVE_DATE_BEFORE_APPROVAL');
    spec.given([applied, determined, approved]).when(cmd('ExitCase', { effectiveFrom: '2026-03-09', reason: 'death', note: '' }, approver, '2026-05-02')).thenThrows('EFFECTIVE_DATE_BEFORE_APPROVAL');
  });
});
