import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, verifyChain, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { InvalidPositionError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, EventStore, ExpectedRevision, LogPositionOrStart, Subscription } from './event-store';

/**
 * The behaviour every EventStore adapter must show. Each adapter's spec calls
 * `eventStoreContract(name, makeStore)` with a way to open its store and to reach the database
 * behind the store's back (to tamper with it, as an attacker with database access would).
 */
export interface StoreUnderTest {
  /** Opens (or re-opens) the store on the same database. */
  open(): Promise<EventStore>;
  /**
   * Runs SQL directly on the database; called only while the store is closed. Absent for stores
   * that are not SQL (KurrentDB): the SQL tamper tests are then reported as skipped.
   */
  rawSql?(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const actor = { id: 'officer-7', role: 'county_officer', divisionCode: '330304' };

function paid(amountFen: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'disbursement.PaymentIssued.v1',
    data: { amountFen, period: '2024-03' },
    metadata: { correlationId: 'corr-1', actor },
    ...extra,
  };
}

function events(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => paid(1000 + i, { eventId: randomUUID() }));
}

function streamName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/**
 * Pages through the log until the event at `until` has been read. An empty page before that only
 * means an older transaction elsewhere on the server is still open; the page is re-read.
 */
async function readAllUntil(store: EventStore, after: LogPositionOrStart, until: string, maxCount = 2): Promise<EventEnvelope[][]> {
  const pages: EventEnvelope[][] = [];
  const deadline = Date.now() + 10_000;
  let cursor = after;
  while (!pages.flat().some((e) => e.position === until)) {
    if (Date.now() > deadline) throw new Error(`log never reached ${until}`);
    const page = await store.readAll({ after: cursor, maxCount });
    if (page.events.length > 0) pages.push(page.events);
    else await new Promise((resolve) => setTimeout(resolve, 20));
    cursor = page.continueAfter;
  }
  return pages;
}

export function eventStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>, options: { sql?: boolean } = {}): void {
  // The SQL tamper tests rewrite rows behind the store; a store that is not SQL has no such rows,
  // so they are not registered for it (no skip: they do not apply).
  const sqlOnly: jest.It = options.sql === false ? (((..._args: unknown[]) => undefined) as unknown as jest.It) : it;
  describe(`EventStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      subject = await makeStore();
      store = await subject.open();
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await subject?.dispose();
    });

    /** Closes the store, runs `between`, and opens it again even if `between` failed. */
    async function restart(between: () => Promise<void> = async () => undefined): Promise<void> {
      await store.close();
      try {
        await between();
      } finally {
        store = await subject.open();
      }
    }

    async function expectRefused(streamId: string, batch: NewEvent[], expected: ExpectedRevision, actual: number | 'no_stream') {
      const head = await store.headPosition();
      const error = await rejection(store.appendToStream(streamId, batch, { expectedRevision: expected }));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId, expected, actual });
      expect(await store.headPosition()).toBe(head);
    }

    describe('appendToStream', () => {
      it('creates a stream with no_stream and numbers revisions from 0 without gaps', async () => {
        const id = streamName('case');
        const first = await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(id, events(2), { expectedRevision: first.nextExpectedRevision });
        const stored = await store.readStream(id);
        expect(stored.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
        expect(first.nextExpectedRevision).toBe(2);
        expect(second.nextExpectedRevision).toBe(4);
        expect(stored[2].position).toBe(first.position);
        expect(stored[4].position).toBe(second.position);
        expect(await store.streamRevision(id)).toBe(4);
        expect(await store.streamExists(id)).toBe(true);
      });

      it('refuses no_stream when the stream exists, and writes nothing', async () => {
        const id = streamName('payment');
        await store.appendToStream(id, events(2), { expectedRevision: 'no_stream' });
        await expectRefused(id, events(1), 'no_stream', 1);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const id = streamName('case');
        await expectRefused(id, events(1), 'stream_exists', 'no_stream');
        expect(await store.streamExists(id)).toBe(false);
        await store.appendToStream(id, events(1), { expectedRevision: 'any' });
        const result = await store.appendToStream(id, events(1), { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('an exact revision is accepted as number or bigint; a stale one or a missing stream is refused', async () => {
        const id = streamName('case');
        await expectRefused(id, events(1), 0, 'no_stream');
        await store.appendToStream(id, events(2), { expectedRevision: 'no_stream' });
        await expectRefused(id, events(1), 0, 1);
        await expectRefused(id, events(1), 2n, 1);
        await store.appendToStream(id, events(1), { expectedRevision: 1n });
        await store.appendToStream(id, events(1), { expectedRevision: 2 });
        expect(await store.streamRevision(id)).toBe(3);
      });

      it('any appends whether or not the stream exists', async () => {
        const id = streamName('case');
        await store.appendToStream(id, events(1), { expectedRevision: 'any' });
        await store.appendToStream(id, events(2), { expectedRevision: 'any' });
        expect((await store.readStream(id)).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
      });

      it('refuses an empty batch and an impossible expected revision', async () => {
        const id = streamName('case');
        await expect(store.appendToStream(id, [], { expectedRevision: 'any' })).rejects.toThrow(RangeError);
        await expect(store.appendToStream(id, events(1), { expectedRevision: -1 })).rejects.toThrow(RangeError);
        await expect(store.appendToStream(id, events(1), { expectedRevision: 1.5 })).rejects.toThrow(RangeError);
        expect(await store.streamExists(id)).toBe(false);
      });

      it('assigns event ids, record time and metadata defaults, and keeps what the writer gave', async () => {
        const id = streamName('case');
        const givenId = randomUUID();
        await store.appendToStream(
          id,
          [
            paid(1200),
            paid(1300, {
              eventId: givenId,
              metadata: { correlationId: 'corr-2', causationId: 'cmd-9', schemaVersion: 2, reasonCode: 'R1' },
            }),
          ],
          { expectedRevision: 'no_stream' },
        );
        const [first, second] = await store.readStream(id);
        expect(first.eventId).toMatch(UUID);
        expect(second.eventId).toBe(givenId);
        expect(first.recordedAt).toMatch(ISO_INSTANT);
        expect(Math.abs(Date.parse(first.recordedAt) - Date.now())).toBeLessThan(5 * 60_000);
        expect(first).toMatchObject({ type: 'disbursement.PaymentIssued.v1', streamId: id, data: { amountFen: 1200, period: '2024-03' } });
        expect(first.metadata).toMatchObject({ correlationId: 'corr-1', causationId: null, actor, schemaVersion: 1, prevHash: GENESIS_HASH });
        expect(second.metadata).toMatchObject({ correlationId: 'corr-2', causationId: 'cmd-9', actor: null, schemaVersion: 2, reasonCode: 'R1' });
        expect(second.metadata.prevHash).toBe(first.metadata.hash);
      });

      it('of concurrent appends with the same expected revision exactly one wins', async () => {
        const id = streamName('case');
        await store.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.appendToStream(id, events(2), { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o): o is PromiseFulfilledResult<AppendResult> => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(won[0].value.nextExpectedRevision).toBe(2);
        for (const loss of lost) expect(loss.reason).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: 2 });
        expect((await store.readStream(id)).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
      });

      it('of concurrent creations of one stream with no_stream exactly one wins', async () => {
        const id = streamName('payment');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.appendToStream(id, events(1), { expectedRevision: 'no_stream' })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('appendMany and createIfAbsent (batched appends)', () => {
      it('appends to many streams in one call: results in input order, revisions and chains as if appended one by one', async () => {
        const existing = streamName('case');
        await store.appendToStream(existing, events(2), { expectedRevision: 'no_stream' });
        const fresh = [streamName('payment'), streamName('payment')];
        const results = await store.appendMany([
          { streamId: fresh[0], events: events(3), expectedRevision: 'no_stream' },
          { streamId: existing, events: events(1), expectedRevision: 1 },
          { streamId: fresh[1], events: events(1), expectedRevision: 'any' },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 2, 0]);
        for (const [id, length] of [[fresh[0], 3], [existing, 3], [fresh[1], 1]] as const) {
          const stored = await store.readStream(id);
          expect(stored.map((e) => e.streamRevision)).toEqual(Array.from({ length }, (_, i) => i));
          expect(verifyChain(stored)).toMatchObject({ ok: true, length });
        }
        expect(results[2].position).toBe(await store.headPosition());
        const pages = await readAllUntil(store, 'start', results[2].position, 1000);
        const order = pages.flat().filter((e) => [...fresh, existing].includes(e.streamId)).slice(-5).map((e) => e.streamId);
        expect(order).toEqual([fresh[0], fresh[0], fresh[0], existing, fresh[1]]);
      });

      it.each([
        ['no_stream on an existing stream', 'no_stream' as ExpectedRevision],
        ['a stale revision', 0 as ExpectedRevision],
        ['stream_exists on a missing stream', 'stream_exists' as ExpectedRevision],
      ])('one stream failing its expectation (%s) writes nothing to any stream', async (_what, expectation) => {
        const existing = streamName('case');
        await store.appendToStream(existing, events(2), { expectedRevision: 'no_stream' });
        const target = expectation === 'stream_exists' ? streamName('missing') : existing;
        const others = [streamName('payment'), streamName('payment')];
        const head = await store.headPosition();
        const error = await rejection(
          store.appendMany([
            { streamId: others[0], events: events(1), expectedRevision: 'no_stream' },
            { streamId: target, events: events(1), expectedRevision: expectation },
            { streamId: others[1], events: events(2), expectedRevision: 'any' },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: target });
        if (store.atomicMultiStream) {
          expect(await store.headPosition()).toBe(head);
          for (const id of others) expect(await store.streamRevision(id)).toBe('no_stream');
        }
        expect(await store.streamRevision(existing)).toBe(1);
      });

      it('refuses a batch naming a stream twice or with an empty stream part, and writes nothing', async () => {
        const id = streamName('case');
        const head = await store.headPosition();
        await expect(store.appendMany([{ streamId: id, events: events(1), expectedRevision: 'any' }, { streamId: id, events: events(1), expectedRevision: 'any' }])).rejects.toThrow(RangeError);
        await expect(store.createIfAbsent([{ streamId: id, events: events(1) }, { streamId: id, events: events(1) }])).rejects.toThrow(RangeError);
        await expect(store.appendMany([{ streamId: id, events: [], expectedRevision: 'any' }])).rejects.toThrow(RangeError);
        expect(await store.appendMany([])).toEqual([]);
        expect(await store.createIfAbsent([])).toEqual([]);
        expect(await store.headPosition()).toBe(head);
      });

      it('createIfAbsent creates what is missing, leaves what exists untouched, and reports which was which', async () => {
        const existing = streamName('payment');
        await store.appendToStream(existing, events(1), { expectedRevision: 'no_stream' });
        const missing = [streamName('payment'), streamName('payment')];
        const outcomes = await store.createIfAbsent([
          { streamId: missing[0], events: events(1) },
          { streamId: existing, events: events(1) },
          { streamId: missing[1], events: events(2) },
        ]);
        expect(outcomes.map((o) => [o.streamId, o.outcome])).toEqual([
          [missing[0], 'created'],
          [existing, 'existed'],
          [missing[1], 'created'],
        ]);
        expect(outcomes[1].result).toBeNull();
        expect(outcomes[2].result?.nextExpectedRevision).toBe(1);
        expect(await store.readStream(existing)).toHaveLength(1);
        expect(await store.readStream(missing[1])).toHaveLength(2);
      });

      it('concurrent createIfAbsent calls over overlapping streams create each stream exactly once', async () => {
        const ids = Array.from({ length: 200 }, () => streamName('payment'));
        // Four callers, each over an overlapping window of the ids, in different orders.
        const windows = [ids.slice(0, 120), ids.slice(40, 160).reverse(), ids.slice(80, 200), [...ids].sort()];
        const reports = await Promise.all(windows.map((w) => store.createIfAbsent(w.map((streamId) => ({ streamId, events: events(1) })))));
        const createdBy = new Map<string, number>();
        for (const report of reports) for (const o of report) if (o.outcome === 'created') createdBy.set(o.streamId, (createdBy.get(o.streamId) ?? 0) + 1);
        expect(createdBy.size).toBe(ids.length);
        expect([...createdBy.values()].every((n) => n === 1)).toBe(true);
        for (const id of ids.slice(0, 50)) expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('readStream', () => {
      it('reads from a revision, at most maxCount events; a missing stream reads as empty', async () => {
        const id = streamName('case');
        await store.appendToStream(id, events(5), { expectedRevision: 'no_stream' });
        const part = await store.readStream(id, { fromRevision: 2, maxCount: 2 });
        expect(part.map((e) => e.streamRevision)).toEqual([2, 3]);
        expect(await store.readStream(streamName('nothing'))).toEqual([]);
      });

      it('reads a stream as known at a log position', async () => {
        const id = streamName('case');
        const early = await store.appendToStream(id, events(2), { expectedRevision: 'no_stream' });
        const elsewhere = await store.appendToStream(streamName('other'), events(1), { expectedRevision: 'no_stream' });
        const late = await store.appendToStream(id, events(2), { expectedRevision: 1 });
        expect(await store.readStream(id, { toPosition: early.position })).toHaveLength(2);
        expect(await store.readStream(id, { toPosition: elsewhere.position })).toHaveLength(2);
        expect(await store.readStream(id, { toPosition: late.position })).toHaveLength(4);
        expect(await store.readStream(id, { fromRevision: 1, toPosition: early.position })).toHaveLength(1);
      });
    });

    describe('readAll and headPosition', () => {
      it('the head is the position of the last append', async () => {
        const result = await store.appendToStream(streamName('case'), events(2), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(result.position);
      });

      it('pages through the log after an opaque position, every event once, in append order', async () => {
        const start = await store.headPosition();
        const [a, b, c] = [streamName('a'), streamName('b'), streamName('c')];
        const appended: string[] = [];
        let last = '';
        for (const [id, count] of [[a, 2], [b, 1], [a, 1], [c, 3], [b, 2]] as const) {
          const batch = events(count);
          appended.push(...batch.map((e) => e.eventId as string));
          last = (await store.appendToStream(id, batch, { expectedRevision: 'any' })).position;
        }
        const pages = await readAllUntil(store, start, last);
        expect(pages.every((page) => page.length <= 2)).toBe(true);
        expect(pages.flat().map((e) => e.eventId)).toEqual(appended);
        const rest = await store.readAll({ after: last, maxCount: 100 });
        expect(rest.events.filter((e) => appended.includes(e.eventId))).toEqual([]);
      });

      it('refuses a position it did not produce', async () => {
        await expect(store.readAll({ after: 'nonsense', maxCount: 1 })).rejects.toThrow(InvalidPositionError);
      });
    });

    describe('subscribeToAll', () => {
      function recorder() {
        const seen: EventEnvelope[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const handler = async (event: EventEnvelope) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          seen.push(event);
          inFlight -= 1;
        };
        return { seen, handler, maxInFlight: () => maxInFlight };
      }

      it('delivers every event once, in log order, one at a time, including events appended while it runs', async () => {
        const from = await store.headPosition();
        const id = streamName('case');
        await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        const rec = recorder();
        const subscription = await store.subscribeToAll({ subscriptionId: randomUUID(), handler: rec.handler, from, batchSize: 2, pollIntervalMs: 100 });
        let last = '';
        for (let i = 0; i < 3; i++) last = (await store.appendToStream(id, events(1), { expectedRevision: 'any' })).position;
        await waitFor(() => rec.seen.some((e) => e.position === last), 'the subscription to catch up');
        await subscription.stop();
        expect(rec.seen.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(rec.seen.map((e) => e.eventId)).toEqual((await readAllUntil(store, from, last, 100)).flat().map((e) => e.eventId));
        expect(rec.maxInFlight()).toBe(1);
        expect(subscription.position).toBe(last);
      });

      it('resumes after a restart from its durable checkpoint', async () => {
        const subscriptionId = randomUUID();
        const from = await store.headPosition();
        const id = streamName('case');
        await store.appendToStream(id, events(2), { expectedRevision: 'no_stream' });
        const before = recorder();
        const first = await store.subscribeToAll({ subscriptionId, handler: before.handler, from, pollIntervalMs: 100 });
        await waitFor(() => before.seen.length === 2, 'the first two events');
        await first.stop();

        await restart();
        const later = events(2);
        await store.appendToStream(id, later, { expectedRevision: 1 });
        const after = recorder();
        // `from` only applies without a stored checkpoint: starting over would redeliver everything.
        const second = await store.subscribeToAll({ subscriptionId, handler: after.handler, from: 'start', pollIntervalMs: 100 });
        await waitFor(() => after.seen.length >= 2, 'the events appended while stopped');
        await new Promise((resolve) => setTimeout(resolve, 200));
        await second.stop();
        expect(after.seen.map((e) => e.eventId)).toEqual(later.map((e) => e.eventId));
      });

      it('wakes on an append instead of waiting for the next poll', async () => {
        const rec = recorder();
        const subscription = await store.subscribeToAll({ subscriptionId: randomUUID(), handler: rec.handler, from: await store.headPosition(), pollIntervalMs: 60_000 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const { position } = await store.appendToStream(streamName('case'), events(1), { expectedRevision: 'no_stream' });
        await waitFor(() => rec.seen.some((e) => e.position === position), 'a notified delivery', 5_000);
        await subscription.stop();
      });

      it('a failing handler stops it without moving past the event, which is redelivered on resubscribe', async () => {
        const subscriptionId = randomUUID();
        const from = await store.headPosition();
        const batch = events(3);
        await store.appendToStream(streamName('case'), batch, { expectedRevision: 'no_stream' });
        const failure = new Error('projection broke');
        const errors: unknown[] = [];
        const handled: string[] = [];
        const failing = await store.subscribeToAll({
          subscriptionId,
          from,
          pollIntervalMs: 100,
          onError: (error) => errors.push(error),
          handler: (event) => {
            if (event.eventId === batch[1].eventId) throw failure;
            handled.push(event.eventId);
          },
        });
        await waitFor(() => errors.length === 1, 'the handler failure');
        await failing.stop();
        expect(errors).toEqual([failure]);
        expect(handled).toEqual([batch[0].eventId]);

        const rec = recorder();
        const again = await store.subscribeToAll({ subscriptionId, handler: rec.handler, pollIntervalMs: 100 });
        await waitFor(() => rec.seen.length === 2, 'the redelivery');
        await again.stop();
        expect(rec.seen.map((e) => e.eventId)).toEqual([batch[1].eventId, batch[2].eventId]);
      });
    });

    describe('tamper evidence', () => {
      it('each stream is a hash chain the kernel verifier accepts', async () => {
        const id = streamName('case');
        await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        await store.appendToStream(id, events(2), { expectedRevision: 2 });
        const stored = await store.readStream(id);
        expect(verifyChain(stored)).toEqual({ ok: true, head: stored[4].metadata.hash, length: 5 });
      });

      sqlOnly('stored events cannot be updated or deleted (SQL stores: append-only trigger)', async () => {
        const id = streamName('case');
        await store.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
        const where = `WHERE stream_id = '${id}'`;
        await expect(restart(() => subject.rawSql!(`UPDATE event_store.events SET type = 'x' ${where}`))).rejects.toThrow(/never changed/);
        await expect(restart(() => subject.rawSql!(`DELETE FROM event_store.events ${where}`))).rejects.toThrow(/never changed/);
        await expect(restart(() => subject.rawSql!(`TRUNCATE event_store.events`))).rejects.toThrow(/never changed/);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      sqlOnly('one changed byte in a stored event is detected at that event (SQL stores: rewritten behind the store)', async () => {
        const id = streamName('case');
        await store.appendToStream(id, [paid(1200), paid(1200), paid(1200), paid(1200)], { expectedRevision: 'no_stream' });
        await restart(() =>
          subject.rawSql!(`
            ALTER TABLE event_store.events DISABLE TRIGGER events_append_only;
            UPDATE event_store.events SET hashed_text = replace(hashed_text, '"amountFen":1200', '"amountFen":1300')
              WHERE stream_id = '${id}' AND stream_revision = 2;
            ALTER TABLE event_store.events ENABLE TRIGGER events_append_only;`),
        );
        const stored = await store.readStream(id);
        expect(stored[2].data).toEqual({ amountFen: 1300, period: '2024-03' });
        expect(verifyChain(stored)).toEqual({ ok: false, brokenAt: 2, reason: 'hash' });
      });
    });
  });
}
