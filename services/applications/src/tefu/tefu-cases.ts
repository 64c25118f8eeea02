import type { EventStore } from '@benefits/event-store';
import {
  CaseCommandHandler,
  caseStreamId,
  type CaseCommandOutcome,
  type CommandContext,
  type LoadedCaseOf,
} from '../shared/case-commands';
import { isTefuEventType, tefuCaseDecider, type OpenTefuCase, type TefuCase, type TefuCommand, type TefuEvent } from './decider';
import { TefuErrors } from './errors';

export { caseStreamId, type CommandContext };

export type LoadedCase = LoadedCaseOf<OpenTefuCase>;
export type CommandOutcome = CaseCommandOutcome<OpenTefuCase>;

/**
 * The command handler of 特扶 cases: reads the stream, lets the decider decide, appends with the
 * revision the client based its request on. One command, one append, one stream.
 */
export class TefuCases {
  private readonly cases: CaseCommandHandler<TefuCommand, TefuEvent, TefuCase>;

  constructor(store: EventStore) {
    this.cases = new CaseCommandHandler(store, tefuCaseDecider, {
      isEventType: isTefuEventType,
      notFound: (caseId) => TefuErrors.CASE_NOT_FOUND({ caseId }),
    });
  }

  load(caseId: string): Promise<LoadedCase> {
    return this.cases.load(caseId);
  }

  /** A new case: the stream must not exist. */
  create(command: Extract<TefuCommand, { type: 'CreateCase' }>, context: CommandContext): Promise<CommandOutcome> {
    return this.cases.create(command, context);
  }

  /** An update based on `expectedRevision` (the client's If-Match): 412 if the case moved since the client read it. */
  update(command: Exclude<TefuCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<CommandOutcome> {
    return this.cases.update(command, expectedRevision, context);
  }
}
