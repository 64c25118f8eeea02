/**
 * The case-workflow engine: a benefit's workflow is a table of steps, one per command, each saying
 * who may take it, in which statuses, and what it records. The engine applies the guards every
 * workflow of this service shares, in one order — the case exists, the actor may take the step, the
 * case is in a status the step is taken in — and then hands the command to the step.
 *
 * A benefit declares only what is its own: its statuses, which of them are still undecided, and its
 * steps. Steps several benefits take the same way (停发/恢复/退出: ./lifecycle-steps.ts) are declared
 * once and put in each benefit's table.
 */
import { CaseErrors } from '../case-errors';
import { requireDecisionMaker, requireDivision, requireRole, type CaseCommandMetadata } from '../case-rules';

/** A command on an existing case: its type, the case it names and who asks (verified actor, clock). */
export interface CaseStepCommand<Type extends string = string> {
  type: Type;
  data: { caseId: string };
  metadata: CaseCommandMetadata;
}

/** What the engine reads of an open case. */
export interface OpenCaseState<Status extends string = string> {
  status: Status;
  caseId: string;
  divisionCode: string;
}

/**
 * Who may take a step: staff of these roles in the case's division or a division above it;
 * `'decisionMaker'` — the approver role, in the division or above, who recorded no step of the case;
 * or a check of the benefit's own (roles set by its policy, with its own refusal).
 */
export type StepActors<Command = CaseStepCommand, Open = OpenCaseState, Context = unknown> =
  | readonly string[]
  | 'decisionMaker'
  | ((command: Command, state: Open, context: Context) => void);

export interface CaseStep<Command, Open extends OpenCaseState, Event, Context> {
  by: StepActors<Command, Open, Context>;
  /**
   * The statuses the step is taken in. `'own'`: the step checks the status itself (a step that first
   * recognises a repeat of itself, such as a determination recorded twice); `'any'`: every status.
   */
  in: readonly Open['status'][] | 'own' | 'any';
  decide(command: Command, state: Open, context: Context): Event[];
}

/** One step per command type of the benefit. */
export type StepTable<Command extends CaseStepCommand, Open extends OpenCaseState, Event, Context> = {
  [Type in Command['type']]: CaseStep<Extract<Command, { type: Type }>, Open, Event, Context>;
};

export interface CaseWorkflow<Command extends CaseStepCommand, Open extends OpenCaseState, Event, Context> {
  /** The statuses of an application not yet decided (a step of the application on a decided case is CASE_ALREADY_DECIDED). */
  pending: ReadonlySet<Open['status']>;
  /** Everyone who recorded a step of the case: they may not decide it (maker-checker). */
  makers(state: Open): readonly string[];
  steps: StepTable<Command, Open, Event, Context>;
}

/**
 * A step asked in a status it is not taken in: CASE_ALREADY_DECIDED when it is a step of the
 * application and the case is decided (approved, rejected, exited), else STEP_NOT_ALLOWED with the
 * statuses it is taken in.
 */
export function requireStatusIn<Status extends string>(state: OpenCaseState<Status>, allowed: readonly Status[], step: string, pending: ReadonlySet<Status>): void {
  if (allowed.includes(state.status)) return;
  if (!pending.has(state.status) && allowed.every((s) => pending.has(s))) {
    throw CaseErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  }
  throw CaseErrors.STEP_NOT_ALLOWED({ caseId: state.caseId, status: state.status, step, allowedIn: [...allowed] });
}

export function requireStepActor<Command extends CaseStepCommand, Open extends OpenCaseState, Context>(
  by: StepActors<Command, Open, Context>,
  command: Command,
  state: Open,
  context: Context,
  makers: (state: Open) => readonly string[],
): void {
  const { actor } = command.metadata;
  if (typeof by === 'function') return by(command, state, context);
  if (by === 'decisionMaker') return requireDecisionMaker(actor, state.caseId, state.divisionCode, makers(state));
  requireRole(actor, by, command.type);
  requireDivision(actor, state.divisionCode);
}

/** Takes a step on a case: the shared guards in their order, then the benefit's own decision. */
export function takeStep<Command extends CaseStepCommand, Open extends OpenCaseState, Event, Context>(
  workflow: CaseWorkflow<Command, Open, Event, Context>,
  command: Command,
  state: Open | { status: 'none' },
  context: Context,
): Event[] {
  if (state.status === 'none') throw CaseErrors.CASE_NOT_FOUND({ caseId: command.data.caseId });
  const open = state as Open;
  const step = workflow.steps[command.type as Command['type']] as CaseStep<Command, Open, Event, Context>;
  requireStepActor(step.by, command, open, context, workflow.makers);
  if (step.in !== 'own' && step.in !== 'any') requireStatusIn(open, step.in, command.type, workflow.pending);
  return step.decide(command, open, context);
}
