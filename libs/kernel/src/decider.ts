import type { Actor } from './envelope';

/**
 * The shape of every piece of domain logic that owns a stream: three pure functions. `decide` looks
 * at a command and the current state and returns the events to append (or throws a DomainError);
 * `evolve` applies one event; `initialState` is the state of an empty stream. No I/O, no clock:
 * "now" arrives in the command's metadata so replays reproduce the past.
 */
export interface Decider<Command, Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** What every command carries besides its data. `now` is the only source of time for domain logic. */
export interface CommandMetadata {
  now: Date;
  actor?: Actor;
  correlationId?: string;
}

export interface Command<Type extends string = string, Data = unknown, Metadata extends CommandMetadata = CommandMetadata> {
  type: Type;
  data: Data;
  metadata: Metadata;
}

/** Event payloads as a decider sees them: a type tag and data, without the store's envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export function fold<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<Event>,
  from: State = decider.initialState(),
): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Decides on the state folded from `history` and returns the new events with the state after them. */
export function decideOn<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  history: Iterable<Event>,
  command: Command,
): { events: Event[]; state: State } {
  const before = fold(decider, history);
  const events = decider.decide(command, before);
  return { events, state: fold(decider, events, before) };
}

/**
 * Put in the `default` branch of a switch over a union: the call only compiles when every member is
 * handled, so adding a command or event type without handling it is a type error. At run time it
 * catches values that bypassed the types (e.g. an unknown event type read from a store).
 */
export function assertNever(value: never, what = 'value'): never {
  const tag = typeof value === 'object' && value !== null && 'type' in value ? (value as { type: unknown }).type : value;
  throw new Error(`unhandled ${what}: ${JSON.stringify(tag)}`);
}
