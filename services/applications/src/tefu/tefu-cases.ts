import { fold, newId, type EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { appendOrStale, assertCurrentRevision } from '@benefits/http';
import { isTefuEventType, tefuCaseDecider, type OpenTefuCase, type TefuCase, type TefuCommand, type TefuEvent } from './decider';
import { TefuErrors } from './errors';

export const caseStreamId = (caseId: string) => `case-${caseId}`;

export interface LoadedCase {
  state: OpenTefuCase;
  envelopes: EventEnvelope[];
  revision: number;
}

export interface CommandContext {
  correlationId: string;
}

export interface CommandOutcome {
  caseId: string;
  revision: number;
  state: OpenTefuCase;
}

function toTefuEvent(envelope: EventEnvelope): TefuEvent {
  if (!isTefuEventType(envelope.type)) throw new Error(`unexpected event type ${envelope.type} in ${envelope.streamId}`);
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as TefuEvent;
}

/**
 * The command handler of 特扶 cases: reads the stream, lets the decider decide, appends with the
 * revision the client based its request on. One command, one append, one stream.
 */
export class TefuCases {
  constructor(private readonly store: EventStore) {}

  async load(caseId: string): Promise<LoadedCase> {
    const envelopes = await this.store.readStream(caseStreamId(caseId));
    if (envelopes.length === 0 || !isTefuEventType(envelopes[0].type)) throw TefuErrors.CASE_NOT_FOUND({ caseId });
    const state = fold(tefuCaseDecider, envelopes.map(toTefuEvent));
    if (state.status === 'none') throw TefuErrors.CASE_NOT_FOUND({ caseId });
    return { state, envelopes, revision: envelopes[envelopes.length - 1].streamRevision };
  }

  /** A new case: the stream must not exist. */
  async create(command: Extract<TefuCommand, { type: 'CreateCase' }>, context: CommandContext): Promise<CommandOutcome> {
    const events = tefuCaseDecider.decide(command, tefuCaseDecider.initialState());
    return this.append(command.data.caseId, tefuCaseDecider.initialState(), events, 'no_stream', context);
  }

  /**
   * An update based on `expectedRevision` (the client's If-Match): 412 if the case moved since the
   * client read it, before the decider is even asked, and again if it moves between read and append.
   */
  async update(command: Exclude<TefuCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<CommandOutcome> {
    const { state, revision } = await this.load(command.data.caseId);
    assertCurrentRevision(expectedRevision, revision);
    const events = tefuCaseDecider.decide(command, state);
    return this.append(state.caseId, state, events, expectedRevision, context);
  }

  private async append(
    caseId: string,
    before: TefuCase,
    events: TefuEvent[],
    expectedRevision: number | 'no_stream',
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const state = fold(tefuCaseDecider, events, before);
    if (state.status === 'none') throw new Error('a case command produced no case');
    if (events.length === 0) return { caseId, revision: expectedRevision as number, state };
    // Every event of one command shares its causation: the command, identified here.
    const commandId = newId();
    const appended = await appendOrStale(() =>
      this.store.appendToStream(
        caseStreamId(caseId),
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
