import { newId, type EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { appendOrStale, assertCurrentRevision } from '@benefits/http';
import { CaseErrors } from '../dibao/errors';
import { LinshiCauseIndex } from './cause-index';
import {
  createLinshiDecider,
  foldLinshi,
  isLinshiEventType,
  type CreateCase,
  type LinshiCase,
  type LinshiCommand,
  type LinshiEvent,
  type OpenLinshiCase,
} from './decider';
import type { LinshiPolicy } from './policy';

export const linshiCaseStreamId = (caseId: string) => `case-${caseId}`;

export interface LoadedLinshiCase {
  state: OpenLinshiCase;
  envelopes: EventEnvelope[];
  revision: number;
}

export interface LinshiCommandOutcome {
  caseId: string;
  revision: number;
  state: OpenLinshiCase;
}

export function toLinshiEvent(envelope: EventEnvelope): LinshiEvent {
  if (!isLinshiEventType(envelope.type)) throw new Error(`unexpected event type ${envelope.type} in ${envelope.streamId}`);
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as LinshiEvent;
}

/**
 * The command handler of 临时救助 cases: one command, one append on the case stream; a new case
 * first looks up and then records its cause in the 一事一救 index (cause-index.ts).
 */
export class LinshiCases {
  private readonly decider;
  readonly causes: LinshiCauseIndex;

  constructor(
    private readonly store: EventStore,
    private readonly policy: LinshiPolicy,
  ) {
    this.decider = createLinshiDecider(policy);
    this.causes = new LinshiCauseIndex(store, async (caseId) => {
      const envelopes = await this.store.readStream(linshiCaseStreamId(caseId));
      if (envelopes.length === 0 || !isLinshiEventType(envelopes[0].type)) return false;
      const state = foldLinshi(envelopes.map(toLinshiEvent));
      return state.status !== 'none' && state.status !== 'rejected';
    });
  }

  async load(caseId: string): Promise<LoadedLinshiCase> {
    const envelopes = await this.store.readStream(linshiCaseStreamId(caseId));
    if (envelopes.length === 0 || !isLinshiEventType(envelopes[0].type)) throw CaseErrors.CASE_NOT_FOUND({ caseId });
    const state = foldLinshi(envelopes.map(toLinshiEvent));
    if (state.status === 'none') throw CaseErrors.CASE_NOT_FOUND({ caseId });
    return { state, envelopes, revision: envelopes[envelopes.length - 1].streamRevision };
  }

  /**
   * A new case: the earlier applications for the same cause are looked up and handed to the
   * decider (which refuses a repeat without an override reason), then recorded, then the case is created.
   */
  async create(command: Omit<CreateCase, 'data'> & { data: Omit<CreateCase['data'], 'earlierSameCause'> }, context: { correlationId: string }): Promise<LinshiCommandOutcome> {
    const { data } = command;
    // The decider first, without the lookup: bad input is refused before anything is read or written.
    const provisional = this.decider.decide({ ...command, data: { ...data, earlierSameCause: [] } }, { status: 'none' });
    const appliedOn = (provisional[0].data as { effectiveFrom: string }).effectiveFrom;
    const refs = data.members.map((m) => m.personRef);
    const { earlier, claims } = await this.causes.lookUp(refs, data.cause, appliedOn, this.policy.sameCausePeriodMonths, data.caseId);
    const events = this.decider.decide({ ...command, data: { ...data, earlierSameCause: earlier } }, { status: 'none' });
    await this.causes.record(claims, data.cause, data.caseId, appliedOn, { correlationId: context.correlationId, actor: command.metadata.actor });
    return this.append(data.caseId, { status: 'none' }, events, 'no_stream', context);
  }

  async update(command: Exclude<LinshiCommand, { type: 'CreateCase' }>, expectedRevision: number, context: { correlationId: string }): Promise<LinshiCommandOutcome> {
    const { state, revision } = await this.load(command.data.caseId);
    assertCurrentRevision(expectedRevision, revision);
    const events = this.decider.decide(command, state);
    return this.append(state.caseId, state, events, expectedRevision, context);
  }

  private async append(
    caseId: string,
    before: LinshiCase,
    events: LinshiEvent[],
    expectedRevision: number | 'no_stream',
    context: { correlationId: string },
  ): Promise<LinshiCommandOutcome> {
    let state = before;
    for (const event of events) state = this.decider.evolve(state, event);
    if (state.status === 'none') throw new Error('a case command produced no case');
    if (events.length === 0) return { caseId, revision: expectedRevision as number, state };
    const commandId = newId();
    const appended = await appendOrStale(() =>
      this.store.appendToStream(
        linshiCaseStreamId(caseId),
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { correlationId: context.correlationId, causationId: commandId, actor: event.actor, schemaVersion: 1 },
        })),
        { expectedRevision },
      ),
    );
    return { caseId, revision: appended.nextExpectedRevision, state };
  }
}
