import type { CaseEventOf } from '../../../case-rules';
import type { CaseExitedEvent, PaymentResumedEvent, PaymentSuspendedEvent } from '../../lifecycle-steps';
import type { ExitReason } from './commands';

export type Applied = CaseEventOf<'example.Applied.v1', { caseId: string; divisionCode: string; applicantRef: string; effectiveFrom: string }>;
export type DeterminationRecorded = CaseEventOf<'example.DeterminationRecorded.v1', { caseId: string; determinationId: string; eligible: boolean; monthlyAmountFen: number }>;
export type Approved = CaseEventOf<'example.Approved.v1', { caseId: string; determinationId: string; monthlyAmountFen: number; effectiveFrom: string }>;
export type Rejected = CaseEventOf<'example.Rejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;

export type ExampleEvent =
  | Applied
  | DeterminationRecorded
  | Approved
  | Rejected
  | PaymentSuspendedEvent<'example'>
  | PaymentResumedEvent<'example'>
  | CaseExitedEvent<'example', ExitReason>;
