import type { Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  CaseCommandHandler,
  caseStreamId,
  type CaseCommandOutcome,
  type CommandContext,
  type LoadedCaseOf,
} from '../shared/case-commands';
import { OpenCaseIndex } from '../shared/open-case-index';
import { isTefuEventType, tefuCaseDecider, type DuplicateCaseOverridden, type OpenTefuCase, type TefuCase, type TefuCommand, type TefuEvent } from './decider';
import { TefuErrors } from './errors';

export { caseStreamId, type CommandContext };

export type LoadedCase = LoadedCaseOf<OpenTefuCase>;
export type CommandOutcome = CaseCommandOutcome<OpenTefuCase>;

/** The statuses in which a 特扶 case holds its members (重复享受): applied for, or receiving. */
export const TEFU_OPEN_STATUSES: ReadonlySet<string> = new Set(['draft', 'submitted', 'active']);

type CreateCommand = Extract<TefuCommand, { type: 'CreateCase' }>;

/**
 * The command handler of 特扶 cases: reads the stream, lets the decider decide, appends with the
 * revision the client based its request on. One command, one append, one stream — except a new
 * case, whose members are reserved in the per-person index (../shared/open-case-index.ts) in the
 * same append: one person, one open 特扶 case (重复享受), unless an approver records an override.
 */
export class TefuCases {
  private readonly cases: CaseCommandHandler<TefuCommand, TefuEvent, TefuCase>;
  readonly persons: OpenCaseIndex;

  constructor(store: EventStore) {
    this.cases = new CaseCommandHandler(store, tefuCaseDecider, {
      isEventType: isTefuEventType,
      notFound: (caseId) => TefuErrors.CASE_NOT_FOUND({ caseId }),
    });
    this.persons = new OpenCaseIndex(store, 'tefu', (caseId, personRef) => this.holds(caseId, personRef));
  }

  load(caseId: string): Promise<LoadedCase> {
    return this.cases.load(caseId);
  }

  /** The case at the client's revision (403 for another division before 412, see CaseCommandHandler). */
  loadAtRevision(caseId: string, expectedRevision: number, actor: Actor): Promise<LoadedCase> {
    return this.cases.loadAtRevision(caseId, expectedRevision, actor);
  }

  /** Whether a case holds a person: it exists, is draft, submitted or active, and has them as a member. */
  private async holds(caseId: string, personRef: string): Promise<boolean> {
    const read = await this.cases.read(caseId);
    if (read === null || read.state.status === 'none') return false;
    return TEFU_OPEN_STATUSES.has(read.state.status) && read.state.members.some((m) => m.personRef === personRef);
  }

  /**
   * A new case: decided first without the lookup (bad input reads and writes nothing), then the
   * members' other open cases are looked up and the decider decides again with them (refusing a
   * duplicate unless overridden); the case and the reservations are written in one append.
   */
  async create(command: CreateCommand, context: CommandContext): Promise<CommandOutcome> {
    const { decider } = this.cases;
    const { caseId } = command.data;
    const provisional = decider.decide({ ...command, data: { ...command.data, openCasesOfMembers: undefined } }, { status: 'none' });
    const on = (provisional[0].data as { effectiveFrom: string }).effectiveFrom;
    const { open, claims } = await this.persons.lookUp(
      command.data.members.map((m) => m.personRef),
      caseId,
    );
    const events = decider.decide({ ...command, data: { ...command.data, openCasesOfMembers: open } }, { status: 'none' });
    const overridden = events.filter((e): e is DuplicateCaseOverridden => e.type === 'tefu.DuplicateCaseOverridden.v1').map(({ data: { personRef, otherCaseIds, reason } }) => ({ personRef, otherCaseIds, reason }));
    const appends = this.persons.reservations(claims, caseId, on, { correlationId: context.correlationId, actor: command.metadata.actor }, overridden);
    return this.cases.append(caseId, { status: 'none' }, events, 'no_stream', context, { appends, onConflict: (error) => this.persons.conflict(error) });
  }

  /** An update based on `expectedRevision` (the client's If-Match): 412 if the case moved since the client read it. */
  async update(command: Exclude<TefuCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<CommandOutcome> {
    const outcome = await this.cases.update(command, expectedRevision, context);
    // A rejected or terminated case no longer holds its members.
    if (!TEFU_OPEN_STATUSES.has(outcome.state.status)) {
      const on = outcome.state.termination?.terminatedOn ?? outcome.state.decision?.effectiveFrom ?? '';
      await this.persons.release(
        outcome.state.members.map((m) => m.personRef),
        outcome.state.caseId,
        on,
        { correlationId: context.correlationId, actor: command.metadata.actor },
      );
    }
    return outcome;
  }
}
