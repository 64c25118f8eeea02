import type { Actor, EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  CaseCommandHandler,
  caseStreamId,
  toCaseEvent,
  type CaseCommandOutcome,
  type CommandContext,
  type LoadedCaseOf,
} from '../shared/case-commands';
import {
  createDibaoDecider,
  currentMembers,
  isDibaoEventType,
  OPEN_STATUSES,
  type DibaoCase,
  type DibaoCommand,
  type DibaoEvent,
  type OpenDibaoCase,
} from './decider';
import { CaseErrors } from '../shared/case-errors';
import { DibaoPersonIndex } from './person-index';
import type { DibaoPolicy } from './policy';

export const dibaoCaseStreamId = caseStreamId;

export type LoadedDibaoCase = LoadedCaseOf<OpenDibaoCase>;
export type { CommandContext };
export type DibaoCommandOutcome = CaseCommandOutcome<OpenDibaoCase>;

export const toDibaoEvent = (envelope: EventEnvelope): DibaoEvent => toCaseEvent(envelope, isDibaoEventType);

/**
 * The command handler of 低保 cases: reads the stream, lets the decider decide, appends with the
 * revision the client based its request on; and keeps the person reservations (person-index.ts) in
 * step: taken before a new case is appended, released after a rejection, an exit or a confirmed
 * removal of members.
 */
export class DibaoCases {
  private readonly cases: CaseCommandHandler<DibaoCommand, DibaoEvent, DibaoCase>;
  readonly persons: DibaoPersonIndex;

  constructor(store: EventStore, policy: DibaoPolicy) {
    this.cases = new CaseCommandHandler(store, createDibaoDecider(policy), {
      isEventType: isDibaoEventType,
      notFound: (caseId) => CaseErrors.CASE_NOT_FOUND({ caseId }),
    });
    this.persons = new DibaoPersonIndex(store, (caseId, personRef) => this.holds(caseId, personRef));
  }

  load(caseId: string): Promise<LoadedDibaoCase> {
    return this.cases.load(caseId);
  }

  /** The case at the client's revision (403 for another division before 412, see CaseCommandHandler). */
  loadAtRevision(caseId: string, expectedRevision: number, actor: Actor): Promise<LoadedDibaoCase> {
    return this.cases.loadAtRevision(caseId, expectedRevision, actor);
  }

  /** Whether a case holds a person's reservation: it exists, is open or active, and has them as a member. */
  private async holds(caseId: string, personRef: string): Promise<boolean> {
    const read = await this.cases.read(caseId);
    if (read === null) return false;
    const { state } = read;
    return state.status !== 'none' && OPEN_STATUSES.has(state.status) && currentMembers(state).some((m) => m.personRef === personRef);
  }

  /** A new case: decided first (bad input writes nothing), then the members are checked, then the case and their reservations are written in one append. */
  async create(command: Extract<DibaoCommand, { type: 'CreateCase' }>, context: CommandContext): Promise<DibaoCommandOutcome> {
    const events = this.cases.decider.decide(command, { status: 'none' });
    const { caseId } = command.data;
    const refs = command.data.members.map((m) => m.personRef);
    const claims = await this.persons.check(refs, caseId);
    const reservation = { correlationId: context.correlationId, actor: command.metadata.actor };
    const on = (events[0].data as { effectiveFrom: string }).effectiveFrom;
    const appends = this.persons.reservations(claims, caseId, on, reservation);
    return this.cases.append(caseId, { status: 'none' }, events, 'no_stream', context, { appends, onConflict: () => this.persons.conflict() });
  }

  /** An update based on `expectedRevision` (the client's If-Match): 412 if the case moved since. */
  async update(command: Exclude<DibaoCommand, { type: 'CreateCase' }>, expectedRevision: number, context: CommandContext): Promise<DibaoCommandOutcome> {
    const { state, events } = await this.cases.decideOnCurrent(command, expectedRevision);
    const reservation = { correlationId: context.correlationId, actor: command.metadata.actor };
    // Members joining an active household are reserved like an application's, before the event.
    const added = events.flatMap((e) => (e.type === 'dibao.CircumstancesChanged.v1' ? e.data.addedMembers.map((m) => m.personRef) : []));
    const on = (events[0]?.data as { effectiveFrom?: string } | undefined)?.effectiveFrom ?? '';
    const appends = added.length > 0 ? this.persons.reservations(await this.persons.check(added, state.caseId), state.caseId, on, reservation) : [];
    const outcome = await this.cases.append(state.caseId, state, events, expectedRevision, context, { appends, onConflict: () => this.persons.conflict() });
    await this.releaseAfter(state, events, reservation);
    return outcome;
  }

  /** Releases the reservations a rejection, an exit or a confirmed removal of members ends. */
  private async releaseAfter(before: OpenDibaoCase, events: readonly DibaoEvent[], context: { correlationId: string; actor: DibaoEvent['actor'] }): Promise<void> {
    for (const event of events) {
      const on = (event.data as { effectiveFrom: string }).effectiveFrom;
      if (event.type === 'dibao.CaseRejected.v1' || event.type === 'dibao.CaseExited.v1') {
        await this.persons.release(currentMembers(before).map((m) => m.personRef), before.caseId, on, context);
      }
      if (event.type === 'dibao.CaseApproved.v1' && event.data.change && before.pendingChange) {
        await this.persons.release(before.pendingChange.removedMembers, before.caseId, on, context);
      }
    }
  }
}
