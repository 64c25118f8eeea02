/**
 * `npm run bench -- audit-verify` (ADR 0012 §4): tamper evidence at county scale on a private
 * PostgreSQL cluster.
 *
 * Loads BENCH_VERIFY_CASES (default 50,000) sample cases — each a `case-` stream of 8 events (the
 * first with the case's division) and 12 monthly `payment-` streams of one event, written case by
 * case and then month by month, so a stream's events are far apart in the log: 20 events a case,
 * 1,000,000 by default — as correctly chained rows, inserted in batches straight into the events
 * table (the hashed text and hash computed exactly as the store computes them; the pass below must
 * find the chain intact). Then, in the same run:
 *
 * - baseline: a plain sequential read of the same table, `SELECT position, hashed_text, hash … WHERE
 *   position > $1 ORDER BY position LIMIT 1000`, page after page;
 * - the verifier's raw reader alone (same query, no checks), to tell reading from checking;
 * - verify --all: the verifier's pass (raw reader, pages of 1000, every hash recomputed, every link
 *   and position checked), events/s; then the same pass recorded as a job with a signed anchor of
 *   every stream head written (Verifications, as POST /audit/anchors runs it);
 * - read models: every audit projection built from the log by a fresh ReadModels (start → each
 *   caught up: what a full rebuild of each costs), then `rebuild` of audit.case-streams, events/s.
 *
 * Prints the machine's load average beside the figures (the machine is shared; compare with the
 * baseline of the same run). Sample data only: invented ids, amounts and divisions.
 * BENCH_VERIFY_SKIP_READ_MODELS=1 leaves out the read models.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEventStore, isRawLogReader, type EventStore, type LogPositionOrStart } from '@benefits/event-store';
import { GENESIS_HASH, hashInput, sha256Hex, type Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels, type Projection } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { verifyLog } from '../../services/audit/src/integrity/verify-all';
import { Verifications } from '../../services/audit/src/integrity/verification';
import { anchorSettings } from '../../services/audit/src/integrity/anchors';
import { CASE_STREAMS_PROJECTION, caseStreamsProjection } from '../../services/audit/src/read-models/case-streams.projection';

const CASES = Number(process.env.BENCH_VERIFY_CASES ?? 50_000);
const CASE_EVENTS = 8;
const MONTHS = 12;
const PAGE = 1000;
const BATCH = 10_000;
const DIVISIONS = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'];
/** How long the read models may take to catch up before the bench reports them behind (READ_MODEL_BEHIND). */
/** Cases of the read-model section (20 events each). */
const MODEL_CASES = Number(process.env.BENCH_VERIFY_MODEL_CASES ?? 2_000);
const READ_MODEL_TIMEOUT_MS = Number(process.env.BENCH_VERIFY_READ_MODEL_TIMEOUT_S ?? 600) * 1000;
const officer: Actor = { id: 'bench-officer', role: 'case_officer', divisionCode: '330402' };

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function caseId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `01900000-0000-7000-8000-${hex}`;
}

interface Row {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  text: string;
  hash: string;
}

let eventCounter = 0;
function eventId(): string {
  eventCounter++;
  const hex = eventCounter.toString(16).padStart(12, '0');
  return `01900000-0000-7000-9000-${hex}`;
}

function chained(streamId: string, revision: number, prevHash: string, type: string, data: unknown, correlationId: string): Row {
  const text = hashInput({
    streamId,
    streamRevision: revision,
    type,
    data,
    metadata: { correlationId, causationId: null, actor: officer, schemaVersion: 1, prevHash },
  });
  return { eventId: eventId(), streamId, revision, type, text, hash: sha256Hex(text) };
}

const CASE_TYPES = [
  'tefu.CaseCreated.v1',
  'tefu.ApplicationSubmitted.v1',
  'tefu.FactsRecorded.v1',
  'tefu.VerificationRecorded.v1',
  'tefu.PublicNoticeStarted.v1',
  'tefu.PublicNoticeEnded.v1',
  'tefu.DeterminationRecorded.v1',
  'tefu.CaseApproved.v1',
];

function* caseRows(cases: number): Generator<Row> {
  for (let c = 0; c < cases; c++) {
    const id = caseId(c);
    const divisionCode = DIVISIONS[c % DIVISIONS.length];
    let prev = GENESIS_HASH;
    for (let r = 0; r < CASE_EVENTS; r++) {
      const data =
        r === 0
          ? { caseId: id, benefit: 'tefu', divisionCode, effectiveFrom: '2024-07-22', applicantRef: `person-${c}`, note: '样例数据 sample data' }
          : { caseId: id, step: r, effectiveFrom: '2024-08-01', amountFen: 100_000 + (c % 7) * 1000, note: '样例数据 sample data' };
      const row = chained(`case-${id}`, r, prev, CASE_TYPES[r], data, `corr-${id}`);
      prev = row.hash;
      yield row;
    }
  }
  for (let m = 1; m <= MONTHS; m++) {
    const period = `2025-${String(m).padStart(2, '0')}`;
    for (let c = 0; c < cases; c++) {
      const id = caseId(c);
      const streamId = `payment-${id}-p-${period}`;
      // The shape disbursement records (PaymentCreatedData); amounts and references are sample data.
      const data = {
        paymentStreamId: streamId,
        kind: 'regular',
        caseId: id,
        personRef: `01900000-0000-7000-a000-${c.toString(16).padStart(12, '0')}`,
        benefit: 'tefu',
        divisionCode: DIVISIONS[c % DIVISIONS.length],
        period: { kind: 'month', month: period },
        periodKey: period,
        amount: { fen: 100_000 + (c % 7) * 1000 },
        runPeriod: period,
        determinationId: `det-${c}`,
        standardRef: { standardId: 'sample-standard', versionId: 'sample-v1', itemNo: '1', contentHash: 'ab'.repeat(32) },
        scheduleVersion: 1,
        supersedesDeterminationId: null,
      };
      yield chained(streamId, 0, GENESIS_HASH, 'disbursement.PaymentCreated.v1', data, `run-${period}`);
    }
  }
}

async function load1(client: Client, cases: number): Promise<number> {
  let batch: Row[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(
      `INSERT INTO event_store.events (event_id, stream_id, stream_revision, type, hashed_text, hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])`,
      [batch.map((r) => r.eventId), batch.map((r) => r.streamId), batch.map((r) => r.revision), batch.map((r) => r.type), batch.map((r) => r.text), batch.map((r) => r.hash)],
    );
    n += batch.length;
    batch = [];
  };
  for (const row of caseRows(cases)) {
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await client.query('ANALYZE event_store.events');
  return n;
}

async function plainRead(client: Client): Promise<{ rows: number; bytes: number }> {
  let after = '0';
  let rows = 0;
  let bytes = 0;
  for (;;) {
    const page = await client.query<{ position: string; hashed_text: string; hash: string }>(
      'SELECT e.position::text AS position, e.hashed_text, e.hash FROM event_store.events e WHERE e.position > $1::bigint ORDER BY e.position LIMIT $2',
      [after, PAGE],
    );
    if (page.rows.length === 0) return { rows, bytes };
    rows += page.rows.length;
    for (const r of page.rows) bytes += r.hashed_text.length;
    after = page.rows[page.rows.length - 1].position;
  }
}

async function rawReadOnly(store: EventStore): Promise<number> {
  if (!isRawLogReader(store)) throw new Error('the store has no raw reader');
  let after: LogPositionOrStart = 'start';
  let rows = 0;
  for (;;) {
    const page = await store.readRawLog({ after, maxCount: PAGE });
    if (page.events.length === 0) return rows;
    rows += page.events.length;
    after = page.continueAfter;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const value = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, value, cpuMs: (used.user + used.system) / 1000 };
}

async function auditProjections(store: EventStore): Promise<Projection[]> {
  // Every audit read model, as service.ts composes them (the features' own, beside audit.case-streams).
  const { AUDIT_FEATURES } = await import('../../services/audit/src/service');
  const context = { runtime: { store, verifier: null as never }, source: store };
  return [caseStreamsProjection(), ...AUDIT_FEATURES.flatMap((f) => f.projections?.(context) ?? [])];
}

/**
 * The audit read models, built from a log of MODEL_CASES cases in a database of their own: the
 * read-model runners apply event by event (about a thousand events a second on this project's
 * figures), so the full million would take hours; the rate is what the section measures.
 */
async function readModelsSection(clusterUrl: string, print: (line: string) => void): Promise<void> {
  const admin = new Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_models');
  await admin.end();
  const url = Object.assign(new URL(clusterUrl), { pathname: '/bench_models' }).toString();
  const store = await createEventStore({ kind: 'postgres', url });
  const client = new Client({ connectionString: url });
  await client.connect();
  const projections = await auditProjections(store);
  const readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'postgres', url }), projections, pollIntervalMs: 20, catchUpMs: READ_MODEL_TIMEOUT_MS });
  try {
    const events = await load1(client, MODEL_CASES);
    print(`\nread models over ${MODEL_CASES.toLocaleString('en-US')} cases = ${events.toLocaleString('en-US')} events (database of their own):`);
    const base = await timed(() => plainRead(client));
    print(`baseline: plain sequential SELECT           ${(base.ms / 1000).toFixed(1).padStart(7)} s  ${rate(base.value.rows, base.ms).padStart(9)} events/s   load ${load()}`);
    // Progress on stderr every 30 s (a long build on a busy machine is otherwise silent).
    const progress = setInterval(() => {
      readModels
        .status()
        .then((list) => console.error(`  read models: ${list.map((s) => `${s.name} v${s.version} ${s.caughtUp ? 'caught up' : `at ${String(s.position)}`}`).join('; ')}`))
        .catch((error: unknown) => console.error(`  read models: status unavailable (${String(error)})`));
    }, 30_000);
    try {
      const build = await timed(async () => {
        await readModels.start();
        for (const p of projections) await readModels.fresh(p.name, READ_MODEL_TIMEOUT_MS);
      });
      print(
        `all ${projections.length} audit projections built from the log ${(build.ms / 1000).toFixed(1).padStart(7)} s  ${rate(events, build.ms).padStart(9)} events/s   ` +
          `→ ${(base.ms / build.ms).toFixed(3)}× the baseline (${projections.map((p) => p.name).join(', ')})   load ${load()}`,
      );
      const rebuild = await timed(() => readModels.rebuild(CASE_STREAMS_PROJECTION, { catchUpMs: READ_MODEL_TIMEOUT_MS }));
      print(`rebuild ${CASE_STREAMS_PROJECTION}               ${(rebuild.ms / 1000).toFixed(1).padStart(7)} s  ${rate(events, rebuild.ms).padStart(9)} events/s   → ${(base.ms / rebuild.ms).toFixed(3)}× the baseline   load ${load()}`);
    } finally {
      clearInterval(progress);
    }
  } finally {
    await readModels.close();
    await client.end();
    await store.close();
  }
}

export async function main(_argv: string[]): Promise<void> {
  const expected = CASES * (CASE_EVENTS + MONTHS);
  console.log(`audit-verify: ${CASES.toLocaleString('en-US')} sample cases → ${expected.toLocaleString('en-US')} events in ${(CASES * (1 + MONTHS)).toLocaleString('en-US')} streams; pages of ${PAGE}; ${cpus().length} cores; load ${load()}\n`);
  const cluster = await startPrivateCluster();
  const anchorDir = mkdtempSync(join(tmpdir(), 'benefits-bench-anchors-'));
  const rows: string[] = [];
  const print = (line: string) => {
    rows.push(line);
    console.log(line);
  };
  try {
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_verify');
    await admin.end();
    const url = Object.assign(new URL(cluster.url), { pathname: '/bench_verify' }).toString();
    const store = await createEventStore({ kind: 'postgres', url });
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const loaded = await timed(() => load1(client, CASES));
      print(`load (chained rows, batched INSERT)         ${(loaded.ms / 1000).toFixed(1).padStart(7)} s  ${rate(loaded.value, loaded.ms).padStart(9)} events/s   load ${load()}`);

      // Warm the table once (the first reader would otherwise pay for reading it from disk).
      await plainRead(client);
      const rounds = Number(process.env.BENCH_VERIFY_ROUNDS ?? 1);
      for (let round = 1; round <= rounds; round++) {
        const base = await timed(() => plainRead(client));
        if (base.value.rows !== loaded.value) throw new Error(`baseline read ${base.value.rows} rows, expected ${loaded.value}`);
        print(`[${round}] baseline: plain sequential SELECT     ${(base.ms / 1000).toFixed(1).padStart(7)} s  ${rate(base.value.rows, base.ms).padStart(9)} events/s   cpu ${(base.cpuMs / 1000).toFixed(1)} s   load ${load()}`);
        // Where the time goes: the verifier's reader alone (same query, order and visibility filter), no checks.
        const reader = await timed(() => rawReadOnly(store));
        print(`[${round}] raw reader alone (no checks)        ${(reader.ms / 1000).toFixed(1).padStart(7)} s  ${rate(reader.value, reader.ms).padStart(9)} events/s   cpu ${(reader.cpuMs / 1000).toFixed(1)} s   load ${load()}`);
        const pass = await timed(() => verifyLog(store, { pageSize: PAGE }));
        const v = pass.value.verdict;
        if (v.events !== loaded.value || v.brokenStreams.length > 0 || v.positionViolations > 0) {
          throw new Error(`verification: ${v.events} events, ${v.brokenStreams.length} broken streams, ${v.positionViolations} position violations`);
        }
        print(
          `[${round}] verify --all (pass, ${pass.value.mode})            ${(pass.ms / 1000).toFixed(1).padStart(7)} s  ${rate(v.events, pass.ms).padStart(9)} events/s   cpu ${(pass.cpuMs / 1000).toFixed(1)} s   ` +
            `→ ${(base.ms / pass.ms).toFixed(2)}× the baseline's throughput; ${v.streams.toLocaleString('en-US')} streams, rss ${rssMiB()} MiB   load ${load()}`,
        );
      }

      // The same pass as a recorded job that also writes the signed anchor (POST /audit/anchors).
      const settings = { ...anchorSettings({ BENEFITS_DATA_DIR: anchorDir }), dir: join(anchorDir, 'anchors') };
      const jobs = new Verifications(store, store, { settings: () => settings });
      const job = await timed(async () => {
        const started = await jobs.start(officer, { verificationId: 'bench-anchor', anchor: true, checkAnchors: 'none' });
        await jobs.settled(started.job.verificationId);
        return jobs.read('bench-anchor', { ...officer, role: 'admin' });
      });
      if (job.value.status !== 'completed' || !job.value.intact) throw new Error(`anchoring job: ${JSON.stringify(job.value).slice(0, 500)}`);
      print(
        `verify --all + anchor (recorded job)        ${(job.ms / 1000).toFixed(1).padStart(7)} s  ${rate(job.value.counts!.events, job.ms).padStart(9)} events/s   ` +
          `anchor ${job.value.anchorWritten?.file} of ${job.value.anchorWritten?.streams.toLocaleString('en-US')} heads   load ${load()}`,
      );
      const checked = await timed(async () => {
        const started = await jobs.start(officer, { verificationId: 'bench-check', checkAnchors: 'latest' });
        await jobs.settled(started.job.verificationId);
        return jobs.read('bench-check', { ...officer, role: 'admin' });
      });
      if (!checked.value.intact || checked.value.counts!.anchoredStreams === 0) throw new Error('anchor check did not pass');
      print(
        `verify --all checking the anchor            ${(checked.ms / 1000).toFixed(1).padStart(7)} s  ${rate(checked.value.counts!.events, checked.ms).padStart(9)} events/s   ` +
          `${checked.value.counts!.anchoredStreams.toLocaleString('en-US')} anchored streams compared, rss ${rssMiB()} MiB   load ${load()}`,
      );

      if (process.env.BENCH_VERIFY_SKIP_READ_MODELS !== '1') await readModelsSection(cluster.url, print);
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    stopPrivateCluster(cluster);
    rmSync(anchorDir, { recursive: true, force: true });
    console.log(`\nsummary (load at end ${load()}):\n${rows.join('\n')}`);
  }
}
