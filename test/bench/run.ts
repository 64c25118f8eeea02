/**
 * `npm run bench` (`npm run bench -- engines` for the engine section only): rule-engine throughput,
 * then event-store append and read-all throughput on a private PostgreSQL cluster and on
 * PGlite, each against a baseline measured in the same run — a plain batched INSERT of the same rows
 * (same payload text, no revision check, no hash chain, no ordering columns). Figures vary by machine;
 * compare the ratio to the baseline, not the absolute numbers.
 *
 * Batched appends (PostgreSQL, same cluster): appendMany and createIfAbsent of BENCH_BATCHED_STREAMS
 * single-event streams in batches of 1000 vs one plain multi-row INSERT of the same rows per batch;
 * and single-event appendToStream calls one after the other vs plain single-row INSERTs, each its
 * own transaction. Throughput ratios are printed (≥ 1 means at least as fast as the baseline).
 * `npm run bench -- appends` skips the engine section.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { canonicalJson, sha256Hex, type NewEvent } from '@benefits/kernel';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { evaluate, evaluateDibao, evaluateTefu, sampleB, shippedPack } from '@benefits/benefits';

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

const BATCHED_STREAMS = Number(process.env.BENCH_BATCHED_STREAMS ?? 20_000);
const BATCH_SIZE = 1000;
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE_APPENDS ?? 2000);

/** Prints one scenario's accumulated time in the format of `timeIt`. */
function report(label: string, events: number, ms: number): void {
  const rate = Math.round((events / ms) * 1000);
  console.log(`${label.padEnd(56)} ${ms.toFixed(0).padStart(7)} ms  ${String(rate).padStart(8)} events/s`);
}

/** Throughput of `ours` relative to `baseline` for the same work (1.00 = as fast). */
function ratio(label: string, baselineMs: number, oursMs: number): void {
  console.log(`  → ${label}: ${(baselineMs / oursMs).toFixed(2)}× the baseline's throughput`);
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Runs the scenarios round by round, rotating which goes first, and sums each one's time: on a
 * shared machine the load changes by the second, and interleaving lets every scenario meet the
 * same load instead of one scenario getting a quiet minute and the next a busy one.
 */
async function interleaved(rounds: number, scenarios: readonly (readonly [string, (round: number) => Promise<unknown>])[]): Promise<Map<string, number>> {
  const totals = new Map(scenarios.map(([label]) => [label, 0]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < scenarios.length; k++) {
      const [label, work] = scenarios[(round + k) % scenarios.length];
      totals.set(label, totals.get(label)! + (await elapsed(() => work(round))));
    }
  }
  return totals;
}

const sql = {
  plain: 'CREATE TABLE plain (id bigserial primary key, stream text, rev int, body text)',
  // The events table's columns, keys and indexes without the store around them: what the rows alone cost.
  keyed: `CREATE TABLE keyed (
    position bigserial PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(), event_id uuid NOT NULL UNIQUE,
    stream_id text NOT NULL, stream_revision bigint NOT NULL, type text NOT NULL, hashed_text text NOT NULL, hash text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, stream_revision));
    CREATE INDEX ON keyed (transaction_id, position)`,
};

/**
 * Batched appends against plain-INSERT baselines, on two fresh databases of the cluster:
 * (a) new single-event streams in batches of 1000 — what a payment run does — vs one plain
 * multi-row INSERT of the same rows per batch (into a bare table, and into one with the events
 * table's keys), plus createIfAbsent repeated over streams that all exist (a run done twice);
 * (b) single-event appends one after the other vs single-row INSERTs, each its own transaction:
 * new streams (no_stream), and existing ones with the exact expected revision, as a command
 * handler appends after reading the stream.
 */
async function batchedAppends(storeUrl: string, baselineUrl: string): Promise<void> {
  const batches = Math.ceil(BATCHED_STREAMS / BATCH_SIZE);
  const n = batches * BATCH_SIZE;
  console.log(`\nPostgreSQL, batched appends: ${n} single-event streams in ${batches} batches of ${BATCH_SIZE}, scenarios interleaved\n`);
  const baseline = new Client({ connectionString: baselineUrl });
  await baseline.connect();
  const store = await createEventStore({ kind: 'postgres', url: storeUrl });
  try {
    await baseline.query(sql.plain);
    await baseline.query(sql.keyed);
    const ids = (prefix: string, round: number) => Array.from({ length: BATCH_SIZE }, (_, i) => `${prefix}-${round * BATCH_SIZE + i}`);
    const multiRowInsert = async (table: 'plain' | 'keyed', round: number) => {
      const params: unknown[] = [];
      const values = ids(table, round).map((stream, i) => {
        const body = canonicalJson(sampleEvent(i, 0));
        if (table === 'plain') {
          params.push(stream, 0, body);
          return `($${params.length - 2}, $${params.length - 1}, $${params.length})`;
        }
        params.push(randomUUID(), stream, 0, 'tefu.SampleFactRecorded.v1', body, sha256Hex(body));
        const k = params.length;
        return `($${k - 5}::uuid, $${k - 4}, $${k - 3}::bigint, $${k - 2}, $${k - 1}, $${k})`;
      });
      const columns = table === 'plain' ? '(stream, rev, body)' : '(event_id, stream_id, stream_revision, type, hashed_text, hash)';
      await baseline.query(`INSERT INTO ${table} ${columns} VALUES ${values.join(',')}`, params);
    };
    const creates = (round: number) => ids('payment-created', round).map((streamId, i) => ({ streamId, events: [sampleEvent(i, 0)] }));
    const a = await interleaved(batches, [
      ['baseline: one plain multi-row INSERT per 1000 rows', (round) => multiRowInsert('plain', round)],
      ['baseline: the same, into a table with the events keys', (round) => multiRowInsert('keyed', round)],
      ['createIfAbsent, 1000 new streams a call', (round) => store.createIfAbsent(creates(round))],
      [
        'appendMany (no_stream), 1000 new streams a call',
        (round) => store.appendMany(ids('payment-many', round).map((streamId, i) => ({ streamId, events: [sampleEvent(i, 0)], expectedRevision: 'no_stream' as const }))),
      ],
    ]);
    // Only after every batch exists: the repeated run finds them all.
    const again = await elapsed(async () => {
      for (let round = 0; round < batches; round++) await store.createIfAbsent(creates(round));
    });
    for (const [label, ms] of a) report(label, n, ms);
    report('createIfAbsent again, all 1000 existing', n, again);
    const [plain, keyed, created, many] = [...a.values()];
    ratio('createIfAbsent (new streams) vs plain INSERT', plain, created);
    ratio('appendMany (new streams) vs plain INSERT', plain, many);
    ratio('createIfAbsent (all existing) vs plain INSERT', plain, again);
    ratio('createIfAbsent (new streams) vs keyed INSERT', keyed, created);
    ratio('appendMany (new streams) vs keyed INSERT', keyed, many);

    const m = Math.ceil(SINGLE_APPENDS / 100) * 100;
    console.log(`\nPostgreSQL, ${m} single-event appends one after the other, in interleaved rounds of 100\n`);
    const b = await interleaved(m / 100, [
      [
        'baseline: plain single-row INSERT, one transaction each',
        async (round) => {
          for (let i = round * 100; i < (round + 1) * 100; i++) {
            await baseline.query('INSERT INTO plain (stream, rev, body) VALUES ($1, $2, $3)', [`single-${i}`, 0, canonicalJson(sampleEvent(i, 0))]);
          }
        },
      ],
      [
        'appendToStream, new stream (no_stream)',
        async (round) => {
          for (let i = round * 100; i < (round + 1) * 100; i++) await store.appendToStream(`single-${i}`, [sampleEvent(i, 0)], { expectedRevision: 'no_stream' });
        },
      ],
      [
        'appendToStream, existing stream (exact revision)',
        async (round) => {
          // The 100 streams the scenario above made in the first round (it runs before this one
          // there), one more event each per round: stream revision `round` is the head.
          for (let i = 0; i < 100; i++) await store.appendToStream(`single-${i}`, [sampleEvent(i, round + 1)], { expectedRevision: round });
        },
      ],
    ]);
    for (const [label, ms] of b) report(label, m, ms);
    const [plainSingle, singleNew, singleNext] = [...b.values()];
    ratio('appendToStream (new stream)', plainSingle, singleNew);
    ratio('appendToStream (existing stream)', plainSingle, singleNext);
  } finally {
    await store.close();
    await baseline.end();
  }
}

const ENGINE_EVALUATIONS = Number(process.env.BENCH_ENGINE_EVALUATIONS ?? 200_000);

const ENGINE_ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 3);

/**
 * Runs `work(i)` n times per round, after a warm-up, for ENGINE_ROUNDS rounds, and prints
 * evaluations per CPU second of this process (the pure-CPU figure: one thread, so one core; GC
 * threads count against it) for the best and the median round, and per wall-clock second for the
 * best round (lower when other processes compete for the cores). The best round is the one least
 * disturbed by other work on the machine.
 */
function timeEngine(label: string, n: number, work: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(20_000, n); i += 1) work(i);
  const rounds: { cpuMs: number; wallMs: number }[] = [];
  for (let round = 0; round < ENGINE_ROUNDS; round += 1) {
    let sink = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1) sink += work(i) ? 1 : 0;
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    if (sink !== n) throw new Error(`${label}: an evaluation returned no trace`);
    rounds.push({ cpuMs: (used.user + used.system) / 1000, wallMs });
  }
  const byCpu = [...rounds].sort((a, b) => a.cpuMs - b.cpuMs);
  const rate = (ms: number) => Math.round((n / ms) * 1000);
  const fmt = (x: number) => x.toLocaleString('en-US').padStart(9);
  const best = byCpu[0];
  const median = byCpu[Math.floor(byCpu.length / 2)];
  console.log(
    `${label.padEnd(58)} cpu best ${fmt(rate(best.cpuMs))}/s  median ${fmt(rate(median.cpuMs))}/s   wall (best round) ${fmt(rate(best.wallMs))}/s`,
  );
  return rate(best.cpuMs);
}

/**
 * Engine throughput: pure CPU, in this process (one core), explanation traces on (the engines always
 * build them). Facts vary per evaluation so the 60 switch and both outcomes are exercised.
 */
function engines(): void {
  const n = ENGINE_EVALUATIONS;
  console.log(`engines: ${ENGINE_ROUNDS} rounds of ${n.toLocaleString('en-US')} evaluations each, traces on, one thread\n`);
  const tefuPack = shippedPack('tefu-330400-2023');
  const tefuFacts = (i: number) => ({
    evaluationDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-01`,
    category: 'disability' as const,
    confirmedOn: '2024-08-15',
    persons: [
      { personId: 'w', role: 'wife' as const, birthDate: `${1960 + (i % 15)}-03-15`, elderlyCareSubsidy: i % 2 === 0, disabledOrDemented: i % 7 === 0 },
      { personId: 'h', role: 'husband' as const, birthDate: `${1958 + (i % 15)}-09-02`, elderlyCareSubsidy: i % 3 === 0 },
    ],
  });
  // The facts are built before timing (4,096 variants, reused round-robin): the figure is the engine's.
  const VARIANTS = 4096;
  const tefuRing = Array.from({ length: VARIANTS }, (_, i) => tefuFacts(i));
  timeEngine('特扶 (嘉兴 伤残家庭, 60 switch): evaluateTefu', n, (i) => evaluateTefu(tefuPack, tefuRing[i & (VARIANTS - 1)]).trace.length > 0);
  const dibaoPack = shippedPack('dibao-330400-2023');
  const b = sampleB('1000', '330400'); // SAMPLE DATA: 1,000.00 元, not an official figure
  const assets = { kind: 'assessed' as const, ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true };
  const dibaoFacts = (i: number) => ({
    benefitMonth: '2025-03',
    members: [
      { personId: 'a', monthlyIncome: { fen: (i * 7919) % 120_000 } },
      { personId: 'b', monthlyIncome: { fen: (i * 104_729) % 90_000 } },
      { personId: 'c', monthlyIncome: { fen: 0 } },
    ],
    assets,
    approvedOn: '2025-02-10',
  });
  const dibaoRing = Array.from({ length: VARIANTS }, (_, i) => dibaoFacts(i));
  timeEngine('低保 (嘉兴, 3 members, sample B): evaluateDibao', n, (i) => evaluateDibao(dibaoPack, b, dibaoRing[i & (VARIANTS - 1)]).trace.length > 0);
  // The path the eligibility service takes (request validation with zod, then the engine), for reference.
  const packs = new Map([[tefuPack.pack.id, tefuPack], [dibaoPack.pack.id, dibaoPack]]);
  timeEngine('特扶 through evaluate() (zod validation + engine)', Math.floor(n / 4), (i) => evaluate({ benefit: 'tefu', rulePackId: tefuPack.pack.id, facts: tefuRing[i & (VARIANTS - 1)] }, packs).trace.length > 0);
  timeEngine('低保 through evaluate() (zod validation + engine)', Math.floor(n / 4), (i) => evaluate({ benefit: 'dibao', rulePackId: dibaoPack.pack.id, dibaoStandard: b, facts: dibaoRing[i & (VARIANTS - 1)] }, packs).trace.length > 0);
  console.log('');
}

async function main(): Promise<void> {
  if (!process.argv.includes('appends')) engines();
  if (process.argv.includes('engines')) return;
  const total = STREAMS * EVENTS_PER_STREAM;
  console.log(`${STREAMS} streams × ${EVENTS_PER_STREAM} events = ${total} events, appended one stream per call\n`);

  const cluster = await startPrivateCluster();
  try {
    const baseUrl = new URL(cluster.url);
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_store');
    await admin.query('CREATE DATABASE bench_baseline');
    await admin.query('CREATE DATABASE bench_batched');
    await admin.query('CREATE DATABASE bench_batched_baseline');
    await admin.end();
    const url = (db: string) => Object.assign(new URL(baseUrl.toString()), { pathname: `/${db}` }).toString();

    const base = await timeIt('PostgreSQL baseline: batched INSERT of the same rows', total, () => baselinePostgres(url('bench_baseline')));
    const store = await createEventStore({ kind: 'postgres', url: url('bench_store') });
    const ours = await timeIt('PostgreSQL event store: appendToStream (no_stream, chain)', total, () => appendAll(store));
    await timeIt('PostgreSQL event store: readAll in pages of 1000', total, async () => void (await readAllPages(store)));
    await store.close();
    console.log(`  → append costs ${(ours / base).toFixed(2)}× the baseline`);
    await batchedAppends(url('bench_batched'), url('bench_batched_baseline'));
    console.log('');
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

// Sections run instead of the above: `npm run bench -- scale` (the embedded server over HTTP, test/bench/scale.ts),
// `-- runs` (payment runs and read-model rebuilds on PostgreSQL, test/bench/runs.ts; the module runs itself),
// `-- commands` (the applications command path over HTTP on PostgreSQL, test/bench/commands.ts),
// `-- finance` (a monthly run + bank-file export vs a plain INSERT baseline, test/bench/finance.ts),
// `-- console` (the web console's build, bundle sizes and first load in chromium vs a trivial page, test/bench/console.ts),
// `-- embedded-memory` (RSS and start-up of `npm start` before/after the county-scale sample caseload, test/bench/embedded-memory.ts),
// `-- parser-recall` (the standards parser under generated conversion noise, test/bench/parser-recall.ts),
// `-- audit-history` | `-- audit-verify` | `-- audit-anomalies` | `-- vault-access-log` (audit at county scale, ADR 0012; each file's comment).
const AUDIT_SECTIONS: Record<string, () => Promise<{ main(argv: string[]): Promise<void> }>> = {
  'audit-history': () => import('./audit-history'),
  'audit-verify': () => import('./audit-verify'),
  'audit-anomalies': () => import('./audit-anomalies'),
  'vault-access-log': () => import('./vault-access-log'),
};
const auditSection = Object.keys(AUDIT_SECTIONS).find((name) => process.argv.includes(name));
const section = auditSection
  ? () => AUDIT_SECTIONS[auditSection]().then((bench) => bench.main(process.argv.slice(2)))
  : process.argv.includes('simulation')
  ? () => import('./simulation').then((bench) => bench.main(process.argv.slice(2)))
  : process.argv.includes('embedded-memory')
  ? () => import('./embedded-memory').then((bench) => bench.main(process.argv.slice(2)))
  : process.argv.includes('parser-recall')
  ? () => import('./parser-recall').then((bench) => bench.main(process.argv.slice(2)))
  : process.argv.includes('scale')
  ? () => import('./scale').then((scale) => scale.main(process.argv.slice(2)))
  : process.argv.includes('runs')
    ? () => import('./runs').then(() => undefined)
    : process.argv.includes('commands')
      ? () => import('./commands').then((commands) => commands.main(process.argv.slice(2)))
      : process.argv.includes('finance')
        ? () => import('./finance').then((finance) => finance.main())
        : process.argv.includes('console')
          ? () => import('./console').then((bench) => bench.main())
          : main;

section().catch((error) => {
  console.error(error);
  process.exit(1);
});
