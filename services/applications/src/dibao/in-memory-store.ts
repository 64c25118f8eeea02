import { randomUUID } from 'node:crypto';
import type { EventEnvelope, NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type AppendOptions, type AppendResult, type EventStore, type StreamAppend } from '@benefits/event-store';

/**
 * A minimal in-memory event store for property tests of the command handlers (many random runs,
 * no database): streams with the expected-revision check, the global log's head. Tests only.
 */
export function inMemoryEventStore(): EventStore & { all: EventEnvelope[] } {
  const streams = new Map<string, EventEnvelope[]>();
  const all: EventEnvelope[] = [];
  const store = {
    all,
    async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
      const stream = streams.get(streamId) ?? [];
      const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
      const expected = options.expectedRevision;
      const ok =
        expected === 'any' ||
        (expected === 'no_stream' && actual === 'no_stream') ||
        (expected === 'stream_exists' && actual !== 'no_stream') ||
        ((typeof expected === 'number' || typeof expected === 'bigint') && Number(expected) === actual);
      if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
      for (const event of events) {
        const envelope: EventEnvelope = {
          eventId: event.eventId ?? randomUUID(),
          type: event.type,
          streamId,
          streamRevision: stream.length,
          position: String(all.length + 1),
          recordedAt: new Date(0).toISOString(),
          data: event.data,
          metadata: {
            correlationId: event.metadata.correlationId,
            causationId: event.metadata.causationId ?? null,
            actor: event.metadata.actor ?? null,
            schemaVersion: event.metadata.schemaVersion ?? 1,
            prevHash: '',
            hash: '',
          },
        };
        stream.push(envelope);
        all.push(envelope);
      }
      streams.set(streamId, stream);
      return { nextExpectedRevision: stream.length - 1, position: String(all.length) };
    },
    /** All or nothing, like the SQL stores: every expectation is checked before anything is written. */
    async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
      if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new RangeError('a stream named twice');
      for (const { streamId, expectedRevision } of appends) {
        const stream = streams.get(streamId) ?? [];
        const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
        const ok =
          expectedRevision === 'any' ||
          (expectedRevision === 'no_stream' && actual === 'no_stream') ||
          (expectedRevision === 'stream_exists' && actual !== 'no_stream') ||
          ((typeof expectedRevision === 'number' || typeof expectedRevision === 'bigint') && Number(expectedRevision) === actual);
        if (!ok) throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
      // Written before the first await: no other command runs between the checks and the writes.
      return Promise.all(appends.map((a) => store.appendToStream(a.streamId, a.events, { expectedRevision: 'any' })));
    },
    async readStream(streamId: string): Promise<EventEnvelope[]> {
      return [...(streams.get(streamId) ?? [])];
    },
    async headPosition() {
      return all.length === 0 ? ('start' as const) : String(all.length);
    },
    async streamExists(streamId: string) {
      return streams.has(streamId);
    },
    async streamRevision(streamId: string) {
      const stream = streams.get(streamId);
      return stream ? stream.length - 1 : ('no_stream' as const);
    },
    async readAll(): Promise<never> {
      throw new Error('not supported by the in-memory test store');
    },
    async subscribeToAll(): Promise<never> {
      throw new Error('not supported by the in-memory test store');
    },
    async close() {},
  };
  return store as unknown as EventStore & { all: EventEnvelope[] };
}
