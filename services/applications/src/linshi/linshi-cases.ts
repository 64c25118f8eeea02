import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { CaseCommandHandler, caseStreamId, toCaseEvent, type CaseCommandOutcome, type CommandContext, type LoadedCaseOf } from '../shared/case-commands';
import { CaseErrors } from '../shared/case-errors';
import { LinshiCauseIndex } from './cause-index';
import {
  createLinshiDecider,
  isLinshiEventType,
  type CreateCase,
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
 * The command handler of 临时救助 cases: one command, one append on the case stream; a new case
 * first looks up and then records its cause in the 一事一救 index (cause-index.ts).
 */
export class LinshiCases {
  private readonly cases: CaseCommandHandler<LinshiCommand, LinshiEvent, LinshiCase>;
  readonly causes: LinshiCauseIndex;

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
  }

  load(caseId: string): Promise<LoadedLinshiCase> {
    return this.cases.load(caseId);
  }

  /**
   * A new case: the earlier applications for the same cause are looked up and handed to the
   * decider (which refuses a repeat without an override reason), then recorded, then the case is created.
   */
  async create(command: Omit<CreateCase, 'data'> & { data: Omit<CreateCase['data'], 'earlierSameCause'> }, context: CommandContext): Promise<LinshiCommandOutcome> {
    const { data } = command;
    const { decider } = this.cases;
    // The decider first, without the lookup: bad input is refused before anything is read or written.
    const provisional = decider.decide({ ...command, data: { ...data, earlierSameCause: [] } }, { status: 'none' });
    const appliedOn = (provisional[0].data as { effectiveFrom: string }).effectiveFrom;
    const refs = data.members.map((m) => m.personRef);
    const { earlier, claims } = await this.causes.lookUp(refs, data.cause, appliedOn, this.policy.sameCausePeriodMonths, data.caseId);
    const events = decider.decide({ ...command, data: { ...data, earlierSameCause: earlier } }, { status: 'none' });
    await this.causes.record(claims, data.cause, data.caseId, appliedOn, { correlationId: context.correlationId, actor: command.metadata.actor });
    return this.cases.append(data.caseId, { status: 'none' }, events, 'no_stream', context);
  }

  update(command: Exclude<LinshiCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<LinshiCommandOutcome> {
    return this.cases.update(command, expectedRevision, context);
  }
}
