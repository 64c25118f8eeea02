import type { Decider } from '@benefits/kernel';
import { CaseErrors } from '../../../case-errors';
import { DETERMINATION_ROLES, OFFICER_ROLES, requireDivision, requireReasons, requireRole, today } from '../../../case-rules';
import { takeStep, type CaseWorkflow } from '../../engine';
import { paymentLifecycleSteps } from '../../lifecycle-steps';
import type { Apply, Approve, ExampleCommand, ExitReason, RecordDetermination, Reject } from './commands';
import type { ExampleEvent } from './events';
import { evolveExample, type ExampleCase, type OpenExampleCase } from './state';

function apply(command: Apply, state: ExampleCase): ExampleEvent[] {
  const { actor } = command.metadata;
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, command.data.divisionCode);
  if (state.status !== 'none') throw CaseErrors.CASE_ALREADY_EXISTS({ caseId: command.data.caseId });
  return [{ type: 'example.Applied.v1', data: { ...command.data, effectiveFrom: today(command.metadata).toString() }, actor }];
}

const recordDetermination = (command: RecordDetermination, state: OpenExampleCase): ExampleEvent[] => [
  { type: 'example.DeterminationRecorded.v1', data: { ...command.data, caseId: state.caseId }, actor: command.metadata.actor },
];

function approve(command: Approve, state: OpenExampleCase): ExampleEvent[] {
  const cited = state.determination;
  if (!cited || cited.determinationId !== command.data.determinationId) throw CaseErrors.DETERMINATION_NOT_FOUND({ determinationId: command.data.determinationId });
  if (!cited.eligible) throw CaseErrors.DETERMINATION_NOT_ELIGIBLE({ determinationId: cited.determinationId });
  const on = today(command.metadata).toString();
  return [{ type: 'example.Approved.v1', data: { caseId: state.caseId, determinationId: cited.determinationId, monthlyAmountFen: cited.monthlyAmountFen, effectiveFrom: on }, actor: command.metadata.actor }];
}

const reject = (command: Reject, state: OpenExampleCase): ExampleEvent[] => [
  { type: 'example.Rejected.v1', data: { caseId: state.caseId, reasons: requireReasons(command.data.reasons), effectiveFrom: today(command.metadata).toString() }, actor: command.metadata.actor },
];

/** The example benefit's steps: its own four, and the shared 停发/恢复/退出. */
export const EXAMPLE_WORKFLOW: CaseWorkflow<Exclude<ExampleCommand, Apply>, OpenExampleCase, ExampleEvent, undefined> = {
  pending: new Set(['submitted']),
  makers: (state) => state.madeBy,
  steps: {
    RecordDetermination: { by: DETERMINATION_ROLES, in: ['submitted'], decide: recordDetermination },
    Approve: { by: 'decisionMaker', in: ['submitted'], decide: approve },
    Reject: { by: 'decisionMaker', in: ['submitted'], decide: reject },
    ...paymentLifecycleSteps<'example', ExitReason, OpenExampleCase>('example'),
  },
};

export const exampleDecider: Decider<ExampleCommand, ExampleEvent, ExampleCase> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveExample,
  decide: (command, state) => (command.type === 'Apply' ? apply(command, state) : takeStep(EXAMPLE_WORKFLOW, command, state, undefined)),
};
