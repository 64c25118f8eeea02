/**
 * An example benefit (示例补贴, sample data, not a real scheme) declared on the case-workflow engine:
 * what a new benefit adds to this service, and nothing else. Its commands: apply, record the
 * determination eligibility sends, approve or reject, and the shared 停发/恢复/退出.
 */
import type { CaseCommandMetadata } from '../../../case-rules';
import type { ExitCaseCommand, ResumePaymentCommand, SuspendPaymentCommand } from '../../lifecycle-steps';

type Cmd<Type extends string, Data> = { type: Type; data: Data & { caseId: string }; metadata: CaseCommandMetadata };

export type ExitReason = 'death' | 'incomeAboveStandard' | 'other';

export type Apply = Cmd<'Apply', { divisionCode: string; applicantRef: string }>;
export type RecordDetermination = Cmd<'RecordDetermination', { determinationId: string; eligible: boolean; monthlyAmountFen: number }>;
export type Approve = Cmd<'Approve', { determinationId: string }>;
export type Reject = Cmd<'Reject', { reasons: string[] }>;

export type ExampleCommand = Apply | RecordDetermination | Approve | Reject | SuspendPaymentCommand | ResumePaymentCommand | ExitCaseCommand<ExitReason>;
