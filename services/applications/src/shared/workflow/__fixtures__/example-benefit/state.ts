import { addActor } from '../../../case-rules';
import type { ExampleEvent } from './events';

export type ExampleStatus = 'submitted' | 'approved' | 'rejected' | 'active' | 'suspended' | 'exited';

export interface OpenExampleCase {
  status: ExampleStatus;
  caseId: string;
  divisionCode: string;
  madeBy: string[];
  determination: { determinationId: string; eligible: boolean; monthlyAmountFen: number } | null;
  approvedOn: string | null;
}

export type ExampleCase = { status: 'none' } | OpenExampleCase;

export function evolveExample(state: ExampleCase, event: ExampleEvent): ExampleCase {
  if (event.type === 'example.Applied.v1') {
    const { caseId, divisionCode } = event.data;
    return { status: 'submitted', caseId, divisionCode, madeBy: addActor([], event.actor), determination: null, approvedOn: null };
  }
  if (state.status === 'none') return state;
  // Decisions (approval, 停发/恢复/退出) are not steps of the case: their approver stays free to take the next one.
  switch (event.type) {
    case 'example.DeterminationRecorded.v1':
      // The service records determinations: it is not a maker of the case.
      return { ...state, determination: { determinationId: event.data.determinationId, eligible: event.data.eligible, monthlyAmountFen: event.data.monthlyAmountFen } };
    case 'example.Approved.v1':
      return { ...state, status: 'active', approvedOn: event.data.effectiveFrom };
    case 'example.Rejected.v1':
      return { ...state, status: 'rejected' };
    case 'example.PaymentSuspended.v1':
      return { ...state, status: 'suspended' };
    case 'example.PaymentResumed.v1':
      return { ...state, status: 'active' };
    case 'example.CaseExited.v1':
      return { ...state, status: 'exited' };
  }
}
