import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { CaseCommandHandler, caseStreamId, toCaseEvent, type CaseCommandOutcome, type CommandContext, type LoadedCaseOf } from '../shared/case-commands';
import { CaseErrors } from '../shared/case-errors';
import { LinshiCauseIndex } from './cause-index';
import { OpenCaseIndex } from '../shared/open-case-index';
import {
  createLinshiDecider,
  isLinshiEventType,
  type CreateCase,
  type DuplicateCaseOverridden,
  type LinshiCase,
  type LinshiCommand,
  type LinshiEvent,
  type OpenLinshiCase,
} from './decider';
import type { LinshiPolicy } from './policy';

export const linshiCaseStreamId = caseStreamId;

export type LoadedLinshiCase = LoadedCaseOf<OpenLinshiCase>;
export type LinshiCommandOutcome = CaseCommandOutcome<OpenLinshiCase>;

export const toLinshiEvent = (envelope: EventEnvelope): LinshiEvent => toCaseEvent(envelope, isLinshiEventType);

/**
 * A 临时救助 case holds its members (重复享受) while it is undecided: submitted, neither approved
 * (nor aided in advance) nor rejected. 临时救助 is one-off: once a case is decided, the person may
 * apply again for a new emergency (the same cause within the period is 一事一救's concern).
 */
export const LINSHI_OPEN_STATUSES: ReadonlySet<string> = new Set(['submitted']);

/**
 * The command handler of 临时救助 cases: one command, one append on the case stream; a new case
 * first looks up and then records its cause in the 一事一救 index (cause-index.ts), and is written
 * with its members' reservations in the per-person index (../shared/open-case-index.ts): one
 * undecided 临时救助 case per person, unless an approver records an override.
 */
export class LinshiCases {
  private readonly cases: CaseCommandHandler<LinshiCommand, LinshiEvent, LinshiCase>;
  readonly causes: LinshiCauseIndex;
  readonly persons: OpenCaseIndex;

  constructor(
    store: EventStore,
    private readonly policy: LinshiPolicy,
  ) {
    this.cases = new CaseCommandHandler(store, createLinshiDecider(policy), {
      isEventType: isLinshiEventType,
      notFound: (caseId) => CaseErrors.CASE_NOT_FOUND({ caseId }),
    });
    this.causes = new LinshiCauseIndex(store, async (caseId) => {
      const read = await this.cases.read(caseId);
      return read !== null && read.state.status !== 'none' && read.state.status !== 'rejected';
    });
    this.persons = new OpenCaseIndex(store, 'linshi', async (caseId, personRef) => {
      const read = await this.cases.read(caseId);
      if (read === null || read.state.status === 'none') return false;
      return LINSHI_OPEN_STATUSES.has(read.state.status) && read.state.application.members.some((m) => m.personRef === personRef);
    });
  }

  load(caseId: string): Promise<LoadedLinshiCase> {
    return this.cases.load(caseId);
  }

  /**
   * A new case: the earlier applications for the same cause are looked up and handed to the
   * decider (which refuses a repeat without an override reason), then recorded, then the case is created.
   */
  async create(
    command: Omit<CreateCase, 'data'> & { data: Omit<CreateCase['data'], 'earlierSameCause' | 'openCasesOfMembers'> },
    context: CommandContext,
  ): Promise<LinshiCommandOutcome> {
    const { data } = command;
    const { decider } = this.cases;
    // The decider first, without the lookups: bad input is refused before anything is read or written.
    const provisional = decider.decide({ ...command, data: { ...data, earlierSameCause: [], openCasesOfMembers: undefined } }, { status: 'none' });
    const appliedOn = (provisional[0].data as { effectiveFrom: string }).effectiveFrom;
    const refs = data.members.map((m) => m.personRef);
    const { earlier, claims } = await this.causes.lookUp(refs, data.cause, appliedOn, this.policy.sameCausePeriodMonths, data.caseId);
    const persons = await this.persons.lookUp(refs, data.caseId);
    const events = decider.decide({ ...command, data: { ...data, earlierSameCause: earlier, openCasesOfMembers: persons.open } }, { status: 'none' });
    const actor = command.metadata.actor;
    await this.causes.record(claims, data.cause, data.caseId, appliedOn, { correlationId: context.correlationId, actor });
    const overridden = events
      .filter((e): e is DuplicateCaseOverridden => e.type === 'linshi.DuplicateCaseOverridden.v1')
      .map(({ data: { personRef, otherCaseIds, reason } }) => ({ personRef, otherCaseIds, reason }));
    const appends = this.persons.reservations(persons.claims, data.caseId, appliedOn, { correlationId: context.correlationId, actor }, overridden);
    return this.cases.append(data.caseId, { status: 'none' }, events, 'no_stream', context, { appends, onConflict: (error) => this.persons.conflict(error) });
  }

  async update(command: Exclude<LinshiCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<LinshiCommandOutcome> {
    const outcome = await this.cases.update(command, expectedRevision, context);
    // Decided (approved, aided in advance or rejected): the case no longer holds its members.
    if (!LINSHI_OPEN_STATUSES.has(outcome.state.status)) {
      const { state } = outcome;
      const on = state.rejection?.effectiveFrom ?? state.approval?.effectiveFrom ?? state.advanceAid?.effectiveFrom ?? '';
      await this.persons.release(
        state.application.members.map((m) => m.personRef),
        state.caseId,
        on,
        { correlationId: context.correlationId, actor: command.metadata.actor },
      );
    }
    return outcome;
  }
}
