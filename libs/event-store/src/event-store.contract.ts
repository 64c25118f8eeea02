import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, verifyChain, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { InvalidPositionError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, CreateOutcome, EventStore, ExpectedRevision, LogPositionOrStart, Subscription } from './event-store';
import { MAX_EVENTS_PER_STATEMENT } from './sql/append';

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

    describe('appendMany', () => {
      it('appends to every stream in one call: results and positions in input order, chains intact', async () => {
        const [a, b, c] = [streamName('case'), streamName('payment'), streamName('case')];
        await store.appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(c, events(1), { expectedRevision: 'no_stream' });
        const from = await store.headPosition();
        const [forB, forA, forC] = [events(3), events(2), events(1)];
        const results = await store.appendMany([
          { streamId: b, events: forB, expectedRevision: 'no_stream' },
          { streamId: a, events: forA, expectedRevision: 1 },
          { streamId: c, events: forC, expectedRevision: 'any' },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 3, 1]);
        const log = (await readAllUntil(store, from, results[2].position, 100)).flat();
        expect(log.map((e) => e.eventId)).toEqual([...forB, ...forA, ...forC].map((e) => e.eventId));
        expect([b, a, c].map((id) => log.filter((e) => e.streamId === id).at(-1)!.position)).toEqual(results.map((r) => r.position));
        expect(await store.headPosition()).toBe(results[2].position);
        for (const id of [a, b, c]) {
          const stored = await store.readStream(id);
          expect(stored.map((e) => e.streamRevision)).toEqual(stored.map((_, i) => i));
          expect(verifyChain(stored).ok).toBe(true);
        }
      });

      it('one unmet expectation refuses the whole batch: nothing is written to any stream', async () => {
        const [a, b, c] = [streamName('case'), streamName('payment'), streamName('case')];
        await store.appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(c, events(1), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        // An exact revision that is stale, and a no_stream on a stream that exists: each refuses the batch.
        for (const [unmet, actual] of [[5, 0], ['no_stream', 0]] as const) {
          const error = await rejection(
            store.appendMany([
              { streamId: a, events: events(1), expectedRevision: 1 },
              { streamId: b, events: events(2), expectedRevision: 'no_stream' },
              { streamId: c, events: events(1), expectedRevision: unmet },
            ]),
          );
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: c, expected: unmet, actual });
          expect(await store.headPosition()).toBe(head);
          expect(await store.streamRevision(a)).toBe(1);
          expect(await store.streamExists(b)).toBe(false);
          expect(await store.streamRevision(c)).toBe(0);
        }
      });

      it('checks no_stream, stream_exists, any and an exact revision (number or bigint) per stream', async () => {
        const cases: [ExpectedRevision, 'absent' | 'at 2', number | 'refused'][] = [
          ['no_stream', 'absent', 0],
          ['no_stream', 'at 2', 'refused'],
          ['stream_exists', 'absent', 'refused'],
          ['stream_exists', 'at 2', 3],
          ['any', 'absent', 0],
          ['any', 'at 2', 3],
          [2, 'absent', 'refused'],
          [2, 'at 2', 3],
          [2n, 'at 2', 3],
          [1, 'at 2', 'refused'],
        ];
        for (const [expected, state, outcome] of cases) {
          const [fresh, target] = [streamName('payment'), streamName('case')];
          if (state === 'at 2') await store.appendToStream(target, events(3), { expectedRevision: 'no_stream' });
          const batch = [
            { streamId: fresh, events: events(1), expectedRevision: 'no_stream' as const },
            { streamId: target, events: events(1), expectedRevision: expected },
          ];
          if (outcome === 'refused') {
            const error = await rejection(store.appendMany(batch));
            expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: target, expected, actual: state === 'absent' ? 'no_stream' : 2 });
            expect(await store.streamExists(fresh)).toBe(false);
          } else {
            const results = await store.appendMany(batch);
            expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, outcome]);
            expect(await store.streamRevision(target)).toBe(outcome);
          }
        }
      });

      it('refuses a stream named twice and an empty event list, writing nothing; an empty batch is []', async () => {
        const [a, b] = [streamName('case'), streamName('case')];
        const head = await store.headPosition();
        await expect(
          store.appendMany([
            { streamId: a, events: events(1), expectedRevision: 'any' },
            { streamId: a, events: events(1), expectedRevision: 'any' },
          ]),
        ).rejects.toThrow(RangeError);
        await expect(
          store.appendMany([
            { streamId: a, events: events(1), expectedRevision: 'any' },
            { streamId: b, events: [], expectedRevision: 'any' },
          ]),
        ).rejects.toThrow(RangeError);
        await expect(
          store.createIfAbsent([
            { streamId: a, events: events(1) },
            { streamId: a, events: events(1) },
          ]),
        ).rejects.toThrow(RangeError);
        await expect(store.createIfAbsent([{ streamId: a, events: events(1) }, { streamId: b, events: [] }])).rejects.toThrow(RangeError);
        expect(await store.appendMany([])).toEqual([]);
        expect(await store.createIfAbsent([])).toEqual([]);
        expect(await store.headPosition()).toBe(head);
        expect(await store.streamExists(a)).toBe(false);
      });

      it('of concurrent batches racing for one stream exactly one wins; where atomic, a loser writes nothing at all', async () => {
        const shared = streamName('case');
        await store.appendToStream(shared, events(1), { expectedRevision: 'no_stream' });
        const own = Array.from({ length: 6 }, () => streamName('payment'));
        // Each loser's own stream comes first, so a store that is not atomic may already have written it.
        const outcomes = await Promise.allSettled(
          own.map((id) =>
            store.appendMany([
              { streamId: id, events: events(1), expectedRevision: 'no_stream' },
              { streamId: shared, events: events(2), expectedRevision: 0 },
            ]),
          ),
        );
        const winners = own.filter((_, i) => outcomes[i].status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: shared, actual: 2 });
        }
        const stored = await store.readStream(shared);
        expect(stored.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
        expect(verifyChain(stored).ok).toBe(true);
        const written = [];
        for (const id of own) if (await store.streamExists(id)) written.push(id);
        if (store.atomicMultiStream) expect(written).toEqual(winners);
        else expect(written).toEqual(expect.arrayContaining(winners));
      });

      sqlOnly('a batch too large for one statement is still one transaction (SQL stores: chunked insert)', async () => {
        const streams = [streamName('case'), streamName('case'), streamName('case')];
        const perStream = Math.ceil((MAX_EVENTS_PER_STATEMENT + 500) / streams.length);
        const taken = randomUUID();
        await store.appendToStream(streamName('other'), [paid(1, { eventId: taken })], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const batch = streams.map((streamId) => ({ streamId, events: events(perStream), expectedRevision: 'no_stream' as const }));
        // The last row repeats a stored event id: the last statement fails after the first succeeded.
        const last = batch[2].events;
        const failing = batch.map((b, i) => (i === 2 ? { ...b, events: [...last.slice(0, -1), { ...last[last.length - 1], eventId: taken }] } : b));
        await expect(store.appendMany(failing)).rejects.toThrow();
        expect(await store.headPosition()).toBe(head);
        for (const id of streams) expect(await store.streamExists(id)).toBe(false);

        const results = await store.appendMany(batch);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual(streams.map(() => perStream - 1));
        expect(await store.headPosition()).toBe(results[2].position);
        for (const [i, id] of streams.entries()) {
          const stored = await store.readStream(id);
          expect(stored.map((e) => e.eventId)).toEqual(batch[i].events.map((e) => e.eventId));
          expect(verifyChain(stored).ok).toBe(true);
          expect(stored[stored.length - 1].position).toBe(results[i].position);
        }
      });
    });

    describe('createIfAbsent', () => {
      it('creates the streams that do not exist and reports the others as existed, leaving them untouched', async () => {
        const [x, y, z] = [streamName('payment'), streamName('payment'), streamName('payment')];
        await store.appendToStream(y, events(2), { expectedRevision: 'no_stream' });
        const [forX, forY, forZ] = [events(1), events(1), events(3)];
        const outcomes = await store.createIfAbsent([
          { streamId: x, events: forX },
          { streamId: y, events: forY },
          { streamId: z, events: forZ },
        ]);
        expect(outcomes.map((o) => [o.streamId, o.outcome])).toEqual([
          [x, 'created'],
          [y, 'existed'],
          [z, 'created'],
        ]);
        expect(outcomes[1].result).toBeNull();
        expect(outcomes[0].result?.nextExpectedRevision).toBe(0);
        expect(outcomes[2].result?.nextExpectedRevision).toBe(2);
        expect((await store.readStream(y)).map((e) => e.eventId)).not.toContain(forY[0].eventId);
        expect(await store.streamRevision(y)).toBe(1);
        const storedZ = await store.readStream(z);
        expect(storedZ.map((e) => e.eventId)).toEqual(forZ.map((e) => e.eventId));
        expect(verifyChain(storedZ).ok).toBe(true);
        const head = await store.headPosition();
        expect(head).toBe(outcomes[2].result!.position);

        const again = await store.createIfAbsent([
          { streamId: z, events: events(1) },
          { streamId: x, events: events(1) },
        ]);
        expect(again).toEqual([
          { streamId: z, outcome: 'existed', result: null },
          { streamId: x, outcome: 'existed', result: null },
        ]);
        expect(await store.headPosition()).toBe(head);
      });

      it('concurrent callers over overlapping streams create each stream exactly once, and their reports agree', async () => {
        const pool = Array.from({ length: 400 }, (_, i) => `payment-${String(i).padStart(3, '0')}-${randomUUID()}`);
        const CALLERS = 4;
        // Caller k takes 200 streams from k·100 on (wrapping): every stream is wanted by two callers,
        // in opposite orders for neighbours, which would deadlock without one lock order.
        const sets = Array.from({ length: CALLERS }, (_, k) => {
          const set = Array.from({ length: 200 }, (_, i) => pool[(k * 100 + i) % pool.length]);
          return k % 2 === 0 ? set : set.reverse();
        });
        const eventIds = sets.map((set) => new Map(set.map((id) => [id, randomUUID()])));
        const reports = await Promise.all(
          sets.map((set, k) => store.createIfAbsent(set.map((streamId) => ({ streamId, events: [paid(100 + k, { eventId: eventIds[k].get(streamId) })] })))),
        );
        const creator = new Map<string, number>();
        reports.forEach((report: CreateOutcome[], k) => {
          expect(report.map((o) => o.streamId)).toEqual(sets[k]);
          for (const o of report) {
            if (o.outcome !== 'created') continue;
            expect(creator.has(o.streamId)).toBe(false);
            creator.set(o.streamId, k);
          }
        });
        expect(creator.size).toBe(pool.length);
        for (const [k, report] of reports.entries()) {
          for (const o of report) {
            if (o.outcome === 'existed') expect(creator.get(o.streamId)).not.toBe(k);
          }
        }
        for (const id of pool) {
          const stored = await store.readStream(id);
          const k = creator.get(id)!;
          expect(stored.map((e) => e.eventId)).toEqual([eventIds[k].get(id)]);
          const result = reports[k].find((o) => o.streamId === id)!.result!;
          expect(result).toEqual({ nextExpectedRevision: 0, position: stored[0].position });
        }
      });
    });

    describe('batched appends and readers', () => {
      it('a subscriber and readAll see every event of concurrent batched appends once, in one order, each stream in revision order', async () => {
        const from = await store.headPosition();
        const streams = Array.from({ length: 12 }, () => streamName('case'));
        const delivered: EventEnvelope[] = [];
        const subscription = await store.subscribeToAll({
          subscriptionId: randomUUID(),
          from,
          handler: (event) => void delivered.push(event),
          pollIntervalMs: 100,
          batchSize: 25,
        });
        const appended: string[] = [];
        const writers = Array.from({ length: 4 }, async (_, w) => {
          for (let round = 0; round < 6; round++) {
            // Overlapping windows of four streams, so writers keep meeting on the same streams.
            const ids = Array.from({ length: 4 }, (_, i) => streams[(w * 3 + round * 2 + i) % streams.length]);
            const batch = ids.map((streamId) => ({ streamId, events: events(1 + ((w + round) % 2)), expectedRevision: 'any' as const }));
            await store.appendMany(batch);
            appended.push(...batch.flatMap((b) => b.events.map((e) => e.eventId as string)));
          }
        });
        // Two callers creating the same ten payment streams while the writers run.
        const fresh = Array.from({ length: 10 }, () => streamName('payment'));
        const creators = Array.from({ length: 2 }, () => store.createIfAbsent(fresh.map((streamId) => ({ streamId, events: events(1) }))));
        await Promise.all(writers);
        const createdReports = await Promise.all(creators);
        expect(createdReports.flat().filter((o) => o.outcome === 'created')).toHaveLength(10);
        const createdIds = await Promise.all(
          createdReports.flat().filter((o) => o.outcome === 'created').map(async (o) => (await store.readStream(o.streamId))[0].eventId),
        );
        appended.push(...createdIds);
        await waitFor(() => delivered.length >= appended.length, 'the subscriber to see every batched event', 20_000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await subscription.stop();

        const log: EventEnvelope[] = [];
        const deadline = Date.now() + 10_000;
        for (let after: LogPositionOrStart = from; log.length < appended.length; ) {
          if (Date.now() > deadline) throw new Error('readAll never caught up with the batched appends');
          const page = await store.readAll({ after, maxCount: 50 });
          if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
          log.push(...page.events);
          after = page.continueAfter;
        }
        expect(delivered.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
        expect([...log.map((e) => e.eventId)].sort()).toEqual([...appended].sort());
        for (const id of streams) {
          const revisions = log.filter((e) => e.streamId === id).map((e) => e.streamRevision);
          expect(revisions).toEqual(revisions.map((_, i) => i));
          expect(verifyChain(await store.readStream(id)).ok).toBe(true);
        }
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
