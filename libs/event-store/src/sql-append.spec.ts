import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { verifyChain, type NewEvent } from '@benefits/kernel';
import { createTestDatabase } from '@benefits/testing';
import { WrongExpectedRevisionError } from './errors';
import type { EventStore } from './event-store';
import { clientSession, PostgresDatabase, type NotifyingSqlDatabase, type SqlSession } from '@benefits/sql';
import { appendInTransaction } from './sql/append';
import { openSqlEventStore } from './sql/sql-event-store';

/**
 * The SQL append path on a PostgreSQL server, beyond the contract: how many round trips an append
 * costs, and that the remembered heads two store instances keep of the same streams never fork a
 * chain or wrongly refuse — another process appending in between only costs a retry.
 */
jest.setTimeout(30_000);

/** Counts round trips: a statement is one, a transaction adds BEGIN and COMMIT. */
class CountingDatabase implements NotifyingSqlDatabase {
  roundTrips = 0;

  constructor(private readonly inner: NotifyingSqlDatabase) {}

  query<Row>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]> {
    this.roundTrips += 1;
    return this.inner.query<Row>(sql, params, name);
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    this.roundTrips += 2;
    return this.inner.transaction((session) =>
      work({
        query: (sql, params, name) => {
          this.roundTrips += 1;
          return session.query(sql, params, name);
        },
      }),
    );
  }

  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onNotify);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function events(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'disbursement.PaymentIssued.v1',
    data: { amountFen: 100 + i },
    metadata: { correlationId: 'sql-append' },
  }));
}

describe('SQL append path (PostgreSQL server)', () => {
  let url: string;
  let counted: CountingDatabase;
  let a: EventStore;
  let b: EventStore;

  beforeAll(async () => {
    url = await createTestDatabase('event_store_append');
    counted = new CountingDatabase(new PostgresDatabase(url));
    a = await openSqlEventStore(counted);
    b = await openSqlEventStore(new PostgresDatabase(url));
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  async function roundTrips(work: () => Promise<unknown>): Promise<number> {
    const before = counted.roundTrips;
    await work();
    return counted.roundTrips - before;
  }

  it('an append whose head is known costs one round trip; an unknown head one read more', async () => {
    const id = `case-${randomUUID()}`;
    expect(await roundTrips(() => a.appendToStream(id, events(3), { expectedRevision: 'no_stream' }))).toBe(1);
    expect(await roundTrips(() => a.appendToStream(id, events(1), { expectedRevision: 2 }))).toBe(1);
    expect(await roundTrips(() => a.appendToStream(id, events(1), { expectedRevision: 'any' }))).toBe(1);

    const other = `case-${randomUUID()}`;
    await b.appendToStream(other, events(1), { expectedRevision: 'no_stream' });
    expect(await roundTrips(() => a.appendToStream(other, events(1), { expectedRevision: 0 }))).toBe(2);

    // Read, decide, append: the read leaves the head behind for the append.
    const read = `case-${randomUUID()}`;
    await b.appendToStream(read, events(2), { expectedRevision: 'no_stream' });
    expect(await roundTrips(() => a.readStream(read))).toBe(1);
    expect(await roundTrips(() => a.appendToStream(read, events(1), { expectedRevision: 1 }))).toBe(1);
  });

  it('a batch of a thousand new streams is one round trip, whether appended or created', async () => {
    const batch = (prefix: string) => Array.from({ length: 1000 }, (_, i) => ({ streamId: `${prefix}-${i}-${randomUUID()}`, events: events(1) }));
    expect(await roundTrips(() => a.appendMany(batch('payment').map((s) => ({ ...s, expectedRevision: 'no_stream' as const }))))).toBe(1);
    const creates = batch('payment');
    expect(await roundTrips(() => a.createIfAbsent(creates))).toBe(1);
    const outcomes = await a.createIfAbsent(creates);
    expect(outcomes.every((o) => o.outcome === 'existed')).toBe(true);
  });

  it('a head another process moved is re-read under the lock: the chain continues from the real head', async () => {
    const id = `case-${randomUUID()}`;
    await a.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
    await b.appendToStream(id, events(2), { expectedRevision: 'any' });
    // a remembers revision 0; the real head is 2.
    const cost = await roundTrips(async () => {
      const result = await a.appendToStream(id, events(1), { expectedRevision: 'stream_exists' });
      expect(result.nextExpectedRevision).toBe(3);
    });
    expect(cost).toBe(1 + 3); // the refused assumption; then BEGIN, the append under the lock, COMMIT
    const [many] = await Promise.all([
      a.appendMany([{ streamId: id, events: events(1), expectedRevision: 'any' }]),
      b.appendToStream(id, events(1), { expectedRevision: 'any' }),
    ]);
    expect(many[0].nextExpectedRevision).toBeGreaterThanOrEqual(4);
    const stored = await b.readStream(id);
    expect(stored.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(verifyChain(stored).ok).toBe(true);
  });

  it('an exact revision that matches a remembered but outdated head is refused with the real revision, writing nothing', async () => {
    const id = `case-${randomUUID()}`;
    await a.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
    await b.appendToStream(id, events(1), { expectedRevision: 0 });
    const head = await a.headPosition();
    const error = await a.appendToStream(id, events(1), { expectedRevision: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: id, expected: 0, actual: 1 });
    expect(await a.headPosition()).toBe(head);
    const fresh = `payment-${randomUUID()}`;
    await expect(
      a.appendMany([
        { streamId: fresh, events: events(1), expectedRevision: 'no_stream' },
        { streamId: id, events: events(1), expectedRevision: 0 },
      ]),
    ).rejects.toMatchObject({ streamId: id, actual: 1 });
    expect(await a.streamExists(fresh)).toBe(false);
  });

  it('batches naming the same streams in opposite orders, stalled mid-way, do not deadlock: locks follow one order', async () => {
    const [p, q] = [`case-${randomUUID()}`, `case-${randomUUID()}`];
    const holder = new Client({ connectionString: url });
    const watcher = new Client({ connectionString: url });
    await holder.connect();
    await watcher.connect();
    try {
      // The holder keeps p locked, so both batches stall at p; a batch locking in input order would
      // hold q by then, and the one that gets p next would wait for q: a deadlock.
      await holder.query('BEGIN');
      await appendInTransaction(clientSession(holder), p, events(1), 'no_stream');
      const batches = Promise.allSettled([
        a.appendMany([
          { streamId: p, events: events(1), expectedRevision: 'any' },
          { streamId: q, events: events(1), expectedRevision: 'any' },
        ]),
        b.appendMany([
          { streamId: q, events: events(1), expectedRevision: 'any' },
          { streamId: p, events: events(1), expectedRevision: 'any' },
        ]),
      ]);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await watcher.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
        if (rows[0].waiting >= 2) break;
        if (Date.now() > deadline) throw new Error('the batches never queued behind the held lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holder.query('COMMIT');
      const outcomes = await batches;
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
      for (const id of [p, q]) expect(verifyChain(await a.readStream(id)).ok).toBe(true);
      expect(await a.streamRevision(p)).toBe(2);
      expect(await a.streamRevision(q)).toBe(1);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await watcher.end();
    }
  });
});
