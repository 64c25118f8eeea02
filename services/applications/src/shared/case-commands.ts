import { fold, newId, type Actor, type Decider, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@benefits/event-store';
import { appendOrStale, assertCurrentRevision } from '@benefits/http';
import { requireDivision } from './case-rules';

/** Every case of this service lives on its own stream. */
export const caseStreamId = (caseId: string) => `case-${caseId}`;

export interface CommandContext {
  correlationId: string;
}

/** A case event as a decider sees it: type, data and who recorded it (stored in the event's metadata). */
interface AnyCaseEvent {
  type: string;
  data: unknown;
  actor: Actor | null;
}

/** A case state: `{ status: 'none' }` before the case exists. */
type AnyCaseState = { status: string };

/** The state of a case that exists. */
export type OpenState<State> = Exclude<State, { status: 'none' }>;

export interface LoadedCaseOf<Open> {
  state: Open;
  envelopes: EventEnvelope[];
  revision: number;
}

export interface CaseCommandOutcome<Open> {
  caseId: string;
  revision: number;
  state: Open;
}

/** The decider's view of a stored event; an event of another workflow on the stream is a bug. */
export function toCaseEvent<Event extends AnyCaseEvent>(envelope: EventEnvelope, isEventType: (type: string) => boolean): Event {
  if (!isEventType(envelope.type)) throw new Error(`unexpected event type ${envelope.type} in ${envelope.streamId}`);
  return { type: envelope.type, data: envelope.data, actor: envelope.metadata.actor ?? null } as Event;
}

/**
 * Streams written in the same `appendMany` as the case's events (before them), e.g. the per-person
 * reservations of a new case: all or nothing on the SQL stores. A lost race on one of them is
 * refused with `onConflict`'s error, one on the case stream as usual (412).
 */
export interface AlongsideAppends {
  appends: readonly StreamAppend[];
  onConflict(error: WrongExpectedRevisionError): Error;
}

export interface CaseCommandHandlerOptions {
  /** Whether an event type belongs to this workflow (a stream of another benefit is not this case). */
  isEventType(type: string): boolean;
  /** The refusal when no case of this workflow is at the stream. */
  notFound(caseId: string): Error;
}

/**
 * The command handler every case workflow shares: reads the case stream, folds it with the decider,
 * lets the decider decide and appends with the revision the client based its request on (its
 * If-Match): 412 if the case moved since the client read it, before the decider is even asked, and
 * again if it moves between read and append. One command, one append, one stream.
 */
export class CaseCommandHandler<
  Command extends { type: string; data: { caseId: string } },
  Event extends AnyCaseEvent,
  State extends AnyCaseState,
> {
  constructor(
    private readonly store: EventStore,
    readonly decider: Decider<Command, Event, State>,
    private readonly options: CaseCommandHandlerOptions,
  ) {}

  toEvent(envelope: EventEnvelope): Event {
    return toCaseEvent(envelope, this.options.isEventType);
  }

  /** The stream of a case of this workflow and its state, or null where there is none. */
  async read(caseId: string): Promise<{ state: State; envelopes: EventEnvelope[] } | null> {
    const envelopes = await this.store.readStream(caseStreamId(caseId));
    if (envelopes.length === 0 || !this.options.isEventType(envelopes[0].type)) return null;
    return { state: fold(this.decider, envelopes.map((e) => this.toEvent(e))), envelopes };
  }

  async load(caseId: string): Promise<LoadedCaseOf<OpenState<State>>> {
    const read = await this.read(caseId);
    if (read === null || read.state.status === 'none') throw this.options.notFound(caseId);
    const { state, envelopes } = read;
    return { state: state as OpenState<State>, envelopes, revision: envelopes[envelopes.length - 1].streamRevision };
  }

  /** A new case: decided on the initial state; the stream must not exist. */
  async create(command: Command, context: CommandContext): Promise<CaseCommandOutcome<OpenState<State>>> {
    const initial = this.decider.initialState();
    return this.append(command.data.caseId, initial, this.decider.decide(command, initial), 'no_stream', context);
  }

  /**
   * Loads the case and checks the client's revision, the actor's division first: an officer of
   * another division gets 403 DIVISION_NOT_ALLOWED, never a 412 carrying the case's revision.
   */
  async loadAtRevision(caseId: string, expectedRevision: number, actor: Actor | undefined): Promise<LoadedCaseOf<OpenState<State>>> {
    const loaded = await this.load(caseId);
    const divisionCode = (loaded.state as { divisionCode?: unknown }).divisionCode;
    assertCurrentRevision(expectedRevision, loaded.revision, () => {
      if (actor && typeof divisionCode === 'string') requireDivision(actor, divisionCode);
    });
    return loaded;
  }

  /** Loads the case, checks the client's revision and decides: nothing is written yet. */
  async decideOnCurrent(command: Command, expectedRevision: number): Promise<{ state: OpenState<State>; events: Event[] }> {
    const actor = (command as { metadata?: { actor?: Actor } }).metadata?.actor;
    const { state } = await this.loadAtRevision(command.data.caseId, expectedRevision, actor);
    return { state, events: this.decider.decide(command, state) };
  }

  /** An update based on `expectedRevision` (the client's If-Match). */
  async update(command: Command, expectedRevision: number, context: CommandContext): Promise<CaseCommandOutcome<OpenState<State>>> {
    const { state, events } = await this.decideOnCurrent(command, expectedRevision);
    return this.append(command.data.caseId, state, events, expectedRevision, context);
  }

  async append(
    caseId: string,
    before: State,
    events: Event[],
    expectedRevision: number | 'no_stream',
    context: CommandContext,
    alongside?: AlongsideAppends,
  ): Promise<CaseCommandOutcome<OpenState<State>>> {
    const state = fold(this.decider, events, before);
    if (state.status === 'none') throw new Error('a case command produced no case');
    const open = state as OpenState<State>;
    if (events.length === 0) return { caseId, revision: expectedRevision as number, state: open };
    // Every event of one command shares its causation: the command, identified here.
    const commandId = newId();
    const streamId = caseStreamId(caseId);
    const caseEvents = events.map((event) => ({
      type: event.type,
      data: event.data,
      metadata: { correlationId: context.correlationId, causationId: commandId, actor: event.actor, schemaVersion: 1 },
    }));
    const appended = await appendOrStale(async () => {
      if (!alongside || alongside.appends.length === 0) return this.store.appendToStream(streamId, caseEvents, { expectedRevision });
      try {
        const results = await this.store.appendMany([...alongside.appends, { streamId, events: caseEvents, expectedRevision }]);
        return results[results.length - 1];
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && error.streamId !== streamId) throw alongside.onConflict(error);
        throw error;
      }
    });
    return { caseId, revision: appended.nextExpectedRevision, state: open };
  }
}
