import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EventEnvelope, NewEvent } from '@benefits/kernel';
import { reapWhenGone, startPrivateCluster, stopPrivateCluster, type PrivateCluster } from '@benefits/testing';
import type { EventStore } from './event-store';
import { openPostgresEventStore } from './postgres/open-postgres-event-store';
import { clientSession } from '@benefits/sql';
import { appendInTransaction, writeStreamsInTransaction } from './sql/append';

/**
 * Architecture §7: BIGSERIAL positions commit out of order under concurrent writers. This suite
 * forces that interleaving on a real server — slow writers insert first and hold their
 * transactions open with pg_sleep while fast writers commit — and shows that a naive
 * `position > checkpoint` reader loses events while our subscription loses none.
 *
 * It runs on its own private cluster: held transactions hold back every reader on a server (the
 * snapshot horizon is server-wide), and other suites must not pay for this one.
 */
jest.setTimeout(120_000);

const SLOW_WRITERS = 3;
const FAST_WRITERS = 7;
const FAST_ROUNDS = 2;

function batch(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'disbursement.PaymentIssued.v1',
    data: { amountFen: 100 + i },
    metadata: { correlationId: 'ordering' },
  }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Appends through the store's own code on its own connection, committing at once. */
async function fastAppend(client: Client, streamId: string, events: NewEvent[]): Promise<void> {
  await client.query('BEGIN');
  await appendInTransaction(clientSession(client), streamId, events, 'any');
  await client.query('COMMIT');
}

/**
 * Inserts, then keeps the transaction open (sleeping in the server) until released. Given more
 * than one stream it writes them as one batch (appendMany's path), which must order the same way.
 */
class SlowWriter {
  private released = false;
  private committed: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    readonly streams: { streamId: string; events: NewEvent[] }[],
  ) {}

  get events(): NewEvent[] {
    return this.streams.flatMap((s) => s.events);
  }

  async insert(): Promise<void> {
    await this.client.query('BEGIN');
    const session = clientSession(this.client);
    if (this.streams.length === 1) await appendInTransaction(session, this.streams[0].streamId, this.streams[0].events, 'no_stream');
    else await writeStreamsInTransaction(session, this.streams.map((s) => ({ ...s, expectedRevision: 'no_stream' as const })), { skipExisting: false });
    this.committed = this.holdThenCommit();
  }

  release(): Promise<void> {
    this.released = true;
    return this.committed ?? Promise.resolve();
  }

  private async holdThenCommit(): Promise<void> {
    while (!this.released) await this.client.query('SELECT pg_sleep(0.02)');
    await this.client.query('COMMIT');
  }
}

/** The trap: remembers the highest BIGSERIAL it saw and asks for anything above it. */
class NaiveReader {
  readonly seen: string[] = [];
  polls = 0;
  private checkpoint = 0n;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly client: Client) {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const { rows } = await this.client.query<{ event_id: string; position: string }>(
        'SELECT event_id::text, position::text FROM event_store.events WHERE position > $1 ORDER BY position',
        [this.checkpoint.toString()],
      );
      for (const row of rows) {
        this.seen.push(row.event_id);
        this.checkpoint = BigInt(row.position);
      }
      this.polls += 1;
      await sleep(5);
    }
  }
}

describe('global order under concurrent writers (PostgreSQL server)', () => {
  let cluster: PrivateCluster;
  let store: EventStore;
  const clients: Client[] = [];
  let slow: SlowWriter[] = [];
  let naive: NaiveReader | undefined;

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    reapWhenGone(process.pid, cluster);
    store = await openPostgresEventStore(cluster.url);
    for (let i = 0; i < SLOW_WRITERS + FAST_WRITERS + 1; i++) clients.push(await connect(cluster.url));
  }, 120_000);

  afterAll(async () => {
    // Also after a failure: end the naive reader and the held transactions before their connections.
    await naive?.stop().catch(() => undefined);
    await Promise.all(slow.map((writer) => writer.release().catch(() => undefined)));
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await store?.close();
    if (cluster) stopPrivateCluster(cluster);
  });

  async function fastBurst(streams: string[], appended: string[]): Promise<void> {
    await Promise.all(
      streams.map(async (streamId, i) => {
        for (let round = 0; round < FAST_ROUNDS; round++) {
          const events = batch(1 + ((i + round) % 2));
          appended.push(...events.map((e) => e.eventId as string));
          await fastAppend(clients[SLOW_WRITERS + i], streamId, events);
        }
      }),
    );
  }

  it('our subscriber sees every event once in one order; a naive reader skips events', async () => {
    // The last slow writer appends to two streams in one batch.
    slow = Array.from(
      { length: SLOW_WRITERS },
      (_, i) =>
        new SlowWriter(
          clients[i],
          i < SLOW_WRITERS - 1
            ? [{ streamId: `payment-slow-${i}`, events: batch(2) }]
            : [
                { streamId: `payment-slow-${i}-a`, events: batch(2) },
                { streamId: `payment-slow-${i}-b`, events: batch(1) },
              ],
        ),
    );
    const fastStreams = Array.from({ length: FAST_WRITERS }, (_, i) => `payment-fast-${i}`);
    const appended: string[] = slow.flatMap((w) => w.events.map((e) => e.eventId as string));
    const delivered: EventEnvelope[] = [];
    const subscription = await store.subscribeToAll({
      subscriptionId: 'ordering-test',
      handler: (event) => void delivered.push(event),
      pollIntervalMs: 200,
    });
    naive = new NaiveReader(clients[SLOW_WRITERS + FAST_WRITERS]);
    const reader = naive;

    // Slow writers take the lowest positions, then fast writers commit higher ones around them.
    for (const writer of slow) await writer.insert();
    await fastBurst(fastStreams, appended);
    const firstBurst = appended.slice(slow.flatMap((w) => w.events).length);
    const pollsAfterFast = reader.polls;
    await until(() => reader.polls >= pollsAfterFast + 2, 'the naive reader to poll past the fast writers');
    // Ours waits for the oldest open transaction instead of skipping past it.
    expect(delivered).toHaveLength(0);

    for (const writer of slow) {
      await writer.release();
      await fastBurst(fastStreams, appended);
    }
    await until(() => delivered.length >= appended.length, 'our subscriber to catch up');
    const pollsAtEnd = reader.polls;
    await until(() => reader.polls >= pollsAtEnd + 3, 'the naive reader to have had its chance');
    await reader.stop();
    await sleep(300);
    await subscription.stop();

    const log: EventEnvelope[] = [];
    for (let after = 'start'; ; ) {
      const page = await store.readAll({ after, maxCount: 7 });
      if (page.events.length === 0) break;
      log.push(...page.events);
      after = page.continueAfter;
    }

    // The interleaving really happened: slow events hold lower BIGSERIALs than fast events that
    // committed (and were read by the naive reader) while the slow transactions were still open.
    const serial = (id: string) => BigInt(log.find((e) => e.eventId === id)!.position.split(':')[1]);
    const slowSerial = serial(slow[0].events[0].eventId as string);
    expect(firstBurst.some((id) => serial(id) > slowSerial && reader.seen.includes(id))).toBe(true);

    expect(delivered.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    expect(new Set(delivered.map((e) => e.eventId)).size).toBe(appended.length);
    expect([...delivered.map((e) => e.eventId)].sort()).toEqual([...appended].sort());
    for (const streamId of [...fastStreams, ...slow.flatMap((w) => w.streams.map((st) => st.streamId))]) {
      const revisions = log.filter((e) => e.streamId === streamId).map((e) => e.streamRevision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }

    const missed = appended.filter((id) => !reader.seen.includes(id));
    expect(missed.length).toBeGreaterThan(0);
    expect(missed).toEqual(expect.arrayContaining(slow[0].events.map((e) => e.eventId as string)));
  });
});
