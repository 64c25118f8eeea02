/**
 * The event envelope of architecture §3. `position` is opaque: each event-store adapter encodes
 * its own ordering in it, and callers only pass it back to the same store.
 */
export interface Actor {
  id: string;
  role: string;
  divisionCode: string;
}

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: Actor | null;
  schemaVersion: number;
  prevHash: string;
  hash: string;
  [extra: string]: unknown;
}

export interface EventEnvelope<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  streamId: string;
  streamRevision: number;
  position: string;
  recordedAt: string;
  data: Data;
  metadata: EventMetadata;
}

/** What a command handler hands to the store; ids, revision, position, time and hashes are added on append. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId?: string;
  type: Type;
  data: Data;
  metadata: {
    correlationId: string;
    causationId?: string | null;
    actor?: Actor | null;
    schemaVersion?: number;
    [extra: string]: unknown;
  };
}
