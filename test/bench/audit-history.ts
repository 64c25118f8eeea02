/**
 * `npm run bench -- audit-history` (ADR 0012 §2): the history of one case, with 10,000 cases in the
 * log and then with 100,000, on a private PostgreSQL cluster. The answer must cost what the case
 * costs, whatever the caseload: the target is p50 and p99 at 100,000 within ±20 % of those at
 * 10,000.
 *
 * Each size is a database of its own on the same cluster; all scenarios of both sizes run in the
 * same interleaved rounds, so both sizes meet the same machine load. Per size:
 *   - history: CaseHistoryReader.read (what GET /audit/cases/{id}/history runs after parsing: the
 *     division check, the read model's case-stream list, each stream read by id, the fold), now;
 *   - bitemporal: the same with asKnownAt = an instant and asEffectiveOn = a date;
 *   - baseline: readStream of the same six streams by id, nothing else — what any answer about
 *     the case must at least read.
 * Each request asks for a case drawn from the same 200 sample cases (seeded first), so both sizes
 * time the same cases.
 *
 * The caseload (sample data, invented ids, 特扶-shaped): per case `case-` (5 events: created, a
 * fact, submitted, determination recorded, approved), `determination-`, `entitlement-` and three
 * `payment-` streams — 6 streams, 10 events — bulk-loaded with appendMany in batches of 1,000
 * cases while the read model `audit.case-streams` follows; it has caught up before timing.
 *
 * Sizes: BENCH_AUDIT_CASES_SMALL (10,000), BENCH_AUDIT_CASES_LARGE (100,000); requests per
 * scenario and size: BENCH_AUDIT_REQUESTS (1,000).
 */
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { createEventStore, type EventStore, type StreamAppend } from '@benefits/event-store';
import { newId, type Actor, type NewEvent } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { caseStreamsProjection, CASE_STREAMS_PROJECTION } from '../../services/audit/src/read-models/case-streams.projection';
import { CaseHistoryReader } from '../../services/audit/src/history/case-history.reader';
import { assertCaseInScope } from '../../services/audit/src/history/case-scope';

const SMALL = Number(process.env.BENCH_AUDIT_CASES_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_AUDIT_CASES_LARGE ?? 100_000);
const REQUESTS = Number(process.env.BENCH_AUDIT_REQUESTS ?? 1_000);
const SAMPLE_CASES = 200;
const BATCH_CASES = 1000;
const ROUNDS = 10;

const officer: Actor = { id: 'bench-officer', role: 'case_officer', divisionCode: '330402' };
const auditor: Actor = { id: 'bench-auditor', role: 'auditor', divisionCode: '330400' };
const standardRef = { standardId: 'bps-330400', versionId: 'sample', itemNo: '52', contentHash: 'ab'.repeat(32) };
const MONTHS = ['2024-09', '2024-10', '2024-11'];

interface SampleCase {
  caseId: string;
  streams: string[];
}

/** One invented 特扶 case as the services would have recorded it (sample data, not official figures). */
function caseAppends(divisionCode: string): { appends: StreamAppend[]; sample: SampleCase } {
  const caseId = newId();
  const personRef = newId();
  const determinationId = newId();
  const meta = { correlationId: `bench-${caseId}`, actor: officer };
  const ev = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data: data as never, metadata: meta });
  const appends: StreamAppend[] = [
    {
      streamId: `case-${caseId}`,
      expectedRevision: 'no_stream',
      events: [
        ev('tefu.CaseCreated.v1', { caseId, benefit: 'tefu', divisionCode, members: [{ personRef, role: 'wife', birthDate: '1968-03-15' }], family: { familyType: 'childDisabled' }, effectiveFrom: '2024-08-05' }),
        ev('tefu.FactRecorded.v1', { caseId, factId: newId(), subject: personRef, fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2024-08-05', supersedes: null, evidence: [] }),
        ev('tefu.ApplicationSubmitted.v1', { caseId, effectiveFrom: '2024-08-05' }),
        ev('tefu.DeterminationRecorded.v1', { caseId, determinationId, basedOnCaseRevision: 2, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-08-05' }),
        ev('tefu.CaseApproved.v1', { caseId, determinationId, basedOnCaseRevision: 2, amountPerPersonPerMonthFen: 85_000, effectiveFrom: '2024-08-06' }),
      ],
    },
    {
      streamId: `determination-${caseId}`,
      expectedRevision: 'no_stream',
      events: [
        ev('tefu.EligibilityDetermined.v1', {
          determinationId,
          caseId,
          basedOnCaseRevision: 2,
          benefit: 'tefu',
          divisionCode,
          effectiveFrom: '2024-08-05',
          eligible: true,
          standardRef,
          rulesetVersion: 'sample-2024.1',
          trace: [{ step: 'amount', formula: '850 元/人/月 (sample)', value: 85_000 }],
        }),
      ],
    },
    {
      streamId: `entitlement-${caseId}`,
      expectedRevision: 'no_stream',
      events: [
        ev('disbursement.EntitlementScheduleReceived.v1', {
          caseId,
          determinationId,
          scheduleVersion: 1,
          effectiveFrom: '2024-08-05',
          standardRef,
          lines: MONTHS.map((month) => ({ personRef, period: { kind: 'month', month }, amount: { fen: 85_000 } })),
        }),
      ],
    },
    ...MONTHS.map((month) => {
      const paymentStreamId = `payment-${caseId}-${personRef}-${month}`;
      return {
        streamId: paymentStreamId,
        expectedRevision: 'no_stream' as const,
        events: [
          ev('disbursement.PaymentCreated.v1', {
            paymentStreamId,
            personRef,
            benefit: 'tefu',
            period: { kind: 'month', month },
            periodKey: month,
            amount: { fen: 85_000 },
            determinationId,
            standardRef,
            schedule: { streamId: `entitlement-${caseId}`, version: 1 },
          }),
        ],
      };
    }),
  ];
  return { appends, sample: { caseId, streams: appends.map((a) => a.streamId) } };
}

async function seed(store: EventStore, cases: number, samples?: SampleCase[]): Promise<void> {
  const divisions = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'];
  for (let done = 0; done < cases; done += BATCH_CASES) {
    const batch = Array.from({ length: Math.min(BATCH_CASES, cases - done) }, (_, i) => caseAppends(divisions[(done + i) % divisions.length]));
    if (samples && samples.length < SAMPLE_CASES) samples.push(...batch.slice(0, SAMPLE_CASES - samples.length).map((b) => b.sample));
    await store.appendMany(batch.flatMap((b) => b.appends));
  }
}

const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Figures {
  p50: number;
  p99: number;
  mean: number;
}

function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/** Runs each scenario REQUESTS times in ROUNDS interleaved rounds (rotating which goes first), timing each request. */
async function measure(scenarios: readonly (readonly [string, (sample: SampleCase) => Promise<unknown>, { samples: SampleCase[] }])[]): Promise<Map<string, Figures>> {
  const times = new Map(scenarios.map(([label]) => [label, [] as number[]]));
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  let next = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < scenarios.length; k++) {
      const [label, work, { samples }] = scenarios[(round + k) % scenarios.length];
      for (let i = 0; i < perRound; i++) {
        const sample = samples[(next++ * 7919) % samples.length];
        const started = process.hrtime.bigint();
        await work(sample);
        times.get(label)!.push(elapsedMs(started));
      }
    }
  }
  return new Map([...times].map(([label, t]) => [label, figures(t)]));
}

const fmt = (ms: number) => ms.toFixed(2).padStart(7);

interface Database {
  cases: number;
  store: EventStore;
  readModels: ReadModels;
  reader: CaseHistoryReader;
  samples: SampleCase[];
  /** An instant after everything was recorded (for the bitemporal scenario). */
  instant: string;
}

async function openDatabase(clusterUrl: string, name: string, cases: number): Promise<Database> {
  const admin = new Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = Object.assign(new URL(clusterUrl), { pathname: `/${name}` }).toString();
  const store = await createEventStore({ kind: 'postgres', url });
  const readModels = new ReadModels({
    store,
    openReadStore: () => createDocumentStore({ kind: 'postgres', url }),
    projections: [caseStreamsProjection()],
    pollIntervalMs: 20,
    batchSize: 5000,
    catchUpMs: 1_200_000,
  });
  return { cases, store, readModels, reader: new CaseHistoryReader(store, readModels), samples: [], instant: '' };
}

export async function main(_argv: string[]): Promise<void> {
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`audit history on PostgreSQL: ${SMALL.toLocaleString('en-US')} vs ${LARGE.toLocaleString('en-US')} cases; ${REQUESTS} requests per scenario and size; sample data`);
  console.log(`load average at start ${load()} (${cpus().length} cores)\n`);
  const started = process.hrtime.bigint();
  const cluster = await startPrivateCluster();
  const authorize = (doc: Parameters<typeof assertCaseInScope>[2]) => assertCaseInScope(auditor, 'replay', doc);
  // Two databases of the same cluster, one per caseload size, measured in the same interleaved
  // rounds: both sizes meet the same machine load (it changes by the minute on a shared machine).
  const dbs = [await openDatabase(cluster.url, 'bench_audit_small', SMALL), await openDatabase(cluster.url, 'bench_audit_large', LARGE)];
  try {
    for (const db of dbs) {
      // The read model follows while the caseload is appended, as it would in service.
      await db.readModels.start();
      const seedStart = process.hrtime.bigint();
      await seed(db.store, db.cases, db.samples);
      const seedMs = elapsedMs(seedStart);
      const catchUpStart = process.hrtime.bigint();
      await db.readModels.fresh(CASE_STREAMS_PROJECTION, 1_200_000);
      const catchUpMs = elapsedMs(catchUpStart);
      db.instant = new Date().toISOString();
      console.log(
        `${db.cases.toLocaleString('en-US').padStart(7)} cases (${(db.cases * 10).toLocaleString('en-US')} events, ${(db.cases * 6).toLocaleString('en-US')} streams): ` +
          `appended in ${(seedMs / 1000).toFixed(1)} s, read model caught up ${(catchUpMs / 1000).toFixed(1)} s after   load ${load()}`,
      );
    }
    const scenarios = dbs.flatMap((db) => {
      const size = `${db.cases.toLocaleString('en-US')} cases`;
      return [
        [
          `${size}: history (now)`,
          async (s: SampleCase) => {
            const h = await db.reader.read(s.caseId, { authorize });
            if (!h || h.payments.length !== MONTHS.length) throw new Error(`history of ${s.caseId}: expected ${MONTHS.length} payments`);
          },
          db,
        ],
        [
          `${size}: history (instant + asEffectiveOn)`,
          async (s: SampleCase) => {
            const h = await db.reader.read(s.caseId, { asKnownAt: db.instant, asEffectiveOn: '2024-10-15', authorize });
            if (!h || h.payments.filter((p) => p.appliesOn).length !== 1) throw new Error(`history of ${s.caseId}: expected one payment for 2024-10`);
          },
          db,
        ],
        [
          `${size}: baseline readStream ×6`,
          async (s: SampleCase) => {
            for (const streamId of s.streams) await db.store.readStream(streamId);
          },
          db,
        ],
      ] as const;
    });
    // Warm-up: connections, plans, caches.
    for (const [, work, db] of scenarios) for (const s of db.samples.slice(0, 50)) await work(s);
    const loadBefore = load();
    const measured = await measure(scenarios);
    console.log(`\n${REQUESTS} requests per scenario, in ${ROUNDS} interleaved rounds; load average ${loadBefore} → ${load()}`);
    for (const [name, f] of measured) console.log(`  ${name.padEnd(48)} p50 ${fmt(f.p50)} ms  p99 ${fmt(f.p99)} ms  mean ${fmt(f.mean)} ms`);
    console.log(`\n${LARGE.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} cases (target for the history: within ±20 %):`);
    let within = true;
    const [small, large] = dbs.map((db) => `${db.cases.toLocaleString('en-US')} cases`);
    for (const what of ['history (now)', 'history (instant + asEffectiveOn)', 'baseline readStream ×6']) {
      const a = measured.get(`${small}: ${what}`)!;
      const b = measured.get(`${large}: ${what}`)!;
      const d50 = (b.p50 / a.p50 - 1) * 100;
      const d99 = (b.p99 / a.p99 - 1) * 100;
      if (what.startsWith('history') && (Math.abs(d50) > 20 || Math.abs(d99) > 20)) within = false;
      const pct = (d: number) => `${d >= 0 ? '+' : ''}${d.toFixed(0)} %`.padStart(6);
      console.log(`  ${what.padEnd(40)} p50 ${pct(d50)}  p99 ${pct(d99)}`);
    }
    for (const size of [small, large]) {
      const h = measured.get(`${size}: history (now)`)!;
      const base = measured.get(`${size}: baseline readStream ×6`)!;
      console.log(`  ${size}: history p50 = ${(h.p50 / base.p50).toFixed(2)}× the baseline's p50`);
    }
    console.log(within ? '  → within the target' : '  → OUTSIDE the target (compare with the baseline and the load average)');
    console.log(`\ntotal ${(elapsedMs(started) / 1000).toFixed(0)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    for (const db of dbs) {
      await db.readModels.close();
      await db.store.close();
    }
    stopPrivateCluster(cluster);
  }
}
