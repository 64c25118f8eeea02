/**
 * `npm run bench`: event-store append and read-all throughput on a private PostgreSQL cluster and on
 * PGlite, each against a baseline measured in the same run — a plain batched INSERT of the same rows
 * (same payload text, no revision check, no hash chain, no ordering columns). Figures vary by machine;
 * compare the ratio to the baseline, not the absolute numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { canonicalJson, type NewEvent } from '@benefits/kernel';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const EVENTS_PER_STREAM = Number(process.env.BENCH_EVENTS_PER_STREAM ?? 10);
const BATCH = EVENTS_PER_STREAM;

function sampleEvent(stream: number, i: number): NewEvent {
  return {
    type: 'tefu.SampleFactRecorded.v1',
    data: { caseId: `bench-${stream}`, fact: 'sample data', index: i, amount: { fen: 100000 }, effectiveFrom: '2024-07-22' },
    metadata: { correlationId: `bench-${stream}`, actor: { id: 'bench', role: 'case_officer', divisionCode: '330402' } },
  };
}

async function timeIt(label: string, events: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rate = Math.round((events / ms) * 1000);
  console.log(`${label.padEnd(56)} ${ms.toFixed(0).padStart(7)} ms  ${String(rate).padStart(8)} events/s`);
  return ms;
}

async function appendAll(store: EventStore): Promise<void> {
  for (let s = 0; s < STREAMS; s++) {
    const events = Array.from({ length: EVENTS_PER_STREAM }, (_, i) => sampleEvent(s, i));
    await store.appendToStream(`bench-${s}`, events, { expectedRevision: 'no_stream' });
  }
}

async function readAllPages(store: EventStore): Promise<number> {
  let after: Parameters<EventStore['readAll']>[0]['after'] = 'start';
  let seen = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    seen += page.events.length;
    if (page.events.length === 0) return seen;
    after = page.continueAfter;
  }
}

async function baselinePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE baseline (id bigserial primary key, stream text, rev int, body text)');
  for (let s = 0; s < STREAMS; s++) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let i = 0; i < BATCH; i++) {
      params.push(`bench-${s}`, i, canonicalJson(sampleEvent(s, i)));
      values.push(`($${params.length - 2}, $${params.length - 1}, $${params.length})`);
    }
    await client.query(`INSERT INTO baseline (stream, rev, body) VALUES ${values.join(',')}`, params);
  }
  await client.end();
}

async function main(): Promise<void> {
  const total = STREAMS * EVENTS_PER_STREAM;
  console.log(`${STREAMS} streams × ${EVENTS_PER_STREAM} events = ${total} events, appended one stream per call\n`);

  const cluster = await startPrivateCluster();
  try {
    const baseUrl = new URL(cluster.url);
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_store');
    await admin.query('CREATE DATABASE bench_baseline');
    await admin.end();
    const url = (db: string) => Object.assign(new URL(baseUrl.toString()), { pathname: `/${db}` }).toString();

    const base = await timeIt('PostgreSQL baseline: batched INSERT of the same rows', total, () => baselinePostgres(url('bench_baseline')));
    const store = await createEventStore({ kind: 'postgres', url: url('bench_store') });
    const ours = await timeIt('PostgreSQL event store: appendToStream (no_stream, chain)', total, () => appendAll(store));
    await timeIt('PostgreSQL event store: readAll in pages of 1000', total, async () => void (await readAllPages(store)));
    await store.close();
    console.log(`  → append costs ${(ours / base).toFixed(2)}× the baseline\n`);
  } finally {
    stopPrivateCluster(cluster);
  }

  const dir = mkdtempSync(join(tmpdir(), 'benefits-bench-'));
  try {
    const lite = await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
    await timeIt('PGlite event store: appendToStream (no_stream, chain)', total, () => appendAll(lite));
    await timeIt('PGlite event store: readAll in pages of 1000', total, async () => void (await readAllPages(lite)));
    await lite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nmemory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
