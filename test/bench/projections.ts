/**
 * Projection runner throughput (`node tools/run-ts.js test/bench/projections.ts`), on a private
 * PostgreSQL cluster and on PGlite, each figure beside a plain sequential read of the same events
 * measured in the same run.
 *
 * The log: streams of 10 events appended round by round (so a stream's events are spread over the
 * log); one stream in 10 is a `case-*` stream. Two projections, each a get and a whole-document
 * upsert per event applied:
 * - sparse: handles only `case-*` events (1 in 10; the rest only move the checkpoint);
 * - dense: applies every event.
 * Each is run with one statement per write (writeBehind off, as before the page buffer) and with the
 * page buffer, in pages of 100 and 1,000, and as the runner now reads by default (100 near the head,
 * 1,000 while a read finds a full page). "refuse all" (handles nothing) and `readAll` alone split
 * a page's time into the read, the transaction (lock, checkpoint get and write) and the writes.
 *
 * Sizes: BENCH_PROJECTIONS_EVENTS (default 20,000 on PostgreSQL; a quarter of it on PGlite).
 * Sample data: invented stream ids and payloads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { EventEnvelope, NewEvent } from '@benefits/kernel';
import { createDocumentStore, ProjectionRunner, type CollectionSchema, type DocumentStore, type Projection } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';

const EVENTS = Number(process.env.BENCH_PROJECTIONS_EVENTS ?? 20_000);
const PER_STREAM = 10;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const rate = (events: number, ms: number) => Math.round((events / ms) * 1000).toLocaleString('en-US');

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

const sampleEvent = (stream: string, round: number): NewEvent => ({
  type: 'bench.Happened.v1',
  data: { stream, round, note: 'sample data', amount: { fen: 100_000 }, effectiveFrom: '2025-03-01' },
  metadata: { correlationId: `bench-${stream}`, actor: { id: 'bench', role: 'case_officer', divisionCode: '330402' } },
});

async function seed(store: EventStore, events: number): Promise<void> {
  const streams = Array.from({ length: Math.ceil(events / PER_STREAM) }, (_, i) => (i % 10 === 0 ? `case-${i}` : `other-${i}`));
  for (let round = 0; round < PER_STREAM; round += 1) {
    for (let from = 0; from < streams.length; from += 1000) {
      const chunk = streams.slice(from, from + 1000);
      await store.appendMany(chunk.map((streamId) => ({ streamId, events: [sampleEvent(streamId, round)], expectedRevision: round === 0 ? ('no_stream' as const) : round - 1 })));
    }
  }
}

function projection(name: string, handles: ((event: EventEnvelope) => boolean) | undefined): Projection {
  const schema: CollectionSchema = { name: `bench-${name}`, fields: { status: 'string', count: 'number' } };
  return {
    name: `bench.${name}`,
    collections: [schema],
    handles,
    async apply(event, session) {
      const docs = session.collection<{ status: string; count: number; lastPosition: string; lastType: string }>(schema);
      const current = await docs.get(event.streamId);
      await docs.upsert(event.streamId, { status: 'open', count: (current?.count ?? 0) + 1, lastPosition: String(event.position), lastType: event.type });
    },
  };
}

let runs = 0;
async function runOnce(store: EventStore, documents: DocumentStore, kind: string, options: { batchSize: number; writeBehind: boolean; catchUpBatchSize?: number }): Promise<number> {
  const handles = kind === 'sparse' ? (e: EventEnvelope) => e.streamId.startsWith('case-') : kind === 'refuse' ? () => false : undefined;
  const runner = new ProjectionRunner({ store, documents, projection: projection(`${kind}-${++runs}`, handles), batchSize: options.batchSize, catchUpBatchSize: options.catchUpBatchSize ?? options.batchSize, writeBehind: options.writeBehind, pollIntervalMs: 20 });
  const { ms } = await time(async () => {
    await runner.start();
    if (!(await runner.catchUp(1_800_000))) throw new Error('runner did not catch up');
  });
  await runner.stop();
  return ms;
}

async function readOnly(store: EventStore, maxCount: number): Promise<number> {
  const { ms } = await time(async () => {
    let after: Parameters<EventStore['readAll']>[0]['after'] = 'start';
    for (;;) {
      const page = await store.readAll({ after, maxCount });
      if (page.events.length === 0) return;
      after = page.events[page.events.length - 1].position;
    }
  });
  return ms;
}

async function plainRead(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { ms } = await time(async () => {
      let after = '0';
      for (;;) {
        const { rows } = await client.query<{ position: string; hashed_text: string }>(
          'SELECT position::text AS position, hashed_text FROM event_store.events WHERE position > $1::bigint ORDER BY position LIMIT 1000',
          [after],
        );
        if (rows.length === 0) return;
        for (const row of rows) JSON.parse(row.hashed_text);
        after = rows[rows.length - 1].position;
      }
    });
    return ms;
  } finally {
    await client.end();
  }
}

async function section(label: string, store: EventStore, documents: DocumentStore, events: number, baselineMs: number | null, print: (line: string) => void): Promise<void> {
  const line = (what: string, ms: number) => print(`  ${what.padEnd(46)} ${String(Math.round(ms)).padStart(7)} ms  ${rate(events, ms).padStart(8)} events/s`);
  print(`${label}: ${events.toLocaleString('en-US')} events (load ${load()})`);
  if (baselineMs !== null) line('plain sequential SELECT (pages of 1,000)', baselineMs);
  line('readAll alone, pages of 100', await readOnly(store, 100));
  line('readAll alone, pages of 1,000', await readOnly(store, 1000));
  line('refuse all (read + transaction), pages of 100', await runOnce(store, documents, 'refuse', { batchSize: 100, writeBehind: true }));
  line('refuse all, pages of 1,000', await runOnce(store, documents, 'refuse', { batchSize: 1000, writeBehind: true }));
  for (const kind of ['sparse', 'dense']) {
    line(`${kind}: statement per write, pages of 100`, await runOnce(store, documents, kind, { batchSize: 100, writeBehind: false }));
    line(`${kind}: page buffer, pages of 100`, await runOnce(store, documents, kind, { batchSize: 100, writeBehind: true }));
    line(`${kind}: statement per write, pages of 1,000`, await runOnce(store, documents, kind, { batchSize: 1000, writeBehind: false }));
    line(`${kind}: page buffer, pages of 1,000`, await runOnce(store, documents, kind, { batchSize: 1000, writeBehind: true }));
    line(`${kind}: page buffer, 100 → 1,000 while behind`, await runOnce(store, documents, kind, { batchSize: 100, catchUpBatchSize: 1000, writeBehind: true }));
  }
}

export async function main(argv: string[] = []): Promise<void> {
  const print = (line: string) => console.log(line);
  const only = argv.find((a) => a === 'postgres' || a === 'pglite');
  if (only !== 'pglite') {
    const cluster = await startPrivateCluster();
    try {
      const url = Object.assign(new URL(cluster.url), { pathname: '/bench_projections' }).toString();
      const admin = new Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bench_projections');
      await admin.end();
      const store = await createEventStore({ kind: 'postgres', url });
      const documents = await createDocumentStore({ kind: 'postgres', url });
      try {
        await seed(store, EVENTS);
        await section('PostgreSQL', store, documents, EVENTS, await plainRead(url), print);
      } finally {
        await documents.close();
        await store.close();
      }
    } finally {
      stopPrivateCluster(cluster);
    }
  }
  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-projections-'));
    const events = Math.ceil(EVENTS / 4);
    const store = await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
    const documents = await createDocumentStore({ kind: 'pglite' });
    try {
      await seed(store, events);
      await section('PGlite (event store on disk, read store in memory)', store, documents, events, null, print);
    } finally {
      await documents.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1]?.endsWith('projections.ts')) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
