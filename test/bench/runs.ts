/**
 * `npm run bench -- runs`: payment runs and the read model behind them on a private PostgreSQL
 * cluster, each figure beside a baseline measured in the same run.
 *
 * - A payment run for 10,000 … 100,000 beneficiaries vs one plain batched INSERT of the same
 *   payment rows (same JSON payload, no stream, no hash chain, no revision check) — the curve
 *   between them shows whether the run is linear.
 * - A run for a small division (10 cases) with 1,000 vs 100,000 other cases in the store: the cost
 *   must follow the division, not the log.
 * - Catching the read model up (a rebuild) in events/s vs a plain sequential read of the events table.
 * - Peak RSS of the process after each phase.
 *
 * Schedules are seeded with batched appends (sample data: invented case ids, 1,000 元 a month).
 * Sizes scale with BENCH_RUN_SCALE (default 1 = 10k/30k/100k beneficiaries).
 */
import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { monthPeriod, newId, type Actor, type NewEvent } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { ENTITLEMENT_SCHEDULE_RECEIVED, entitlementStreamId, type ScheduleReceivedData } from '../../services/disbursement/src/entitlements/entitlement';
import { ENTITLEMENTS_PROJECTION, entitlementsProjection } from '../../services/disbursement/src/read-models/entitlements.projection';
import { ledgerProjection } from '../../services/disbursement/src/ledger/ledger.projection';
import { PaymentRunHandler } from '../../services/disbursement/src/runs/payment-run.handler';

const SCALE = Number(process.env.BENCH_RUN_SCALE ?? 1);
const clerk: Actor = { id: 'bench-clerk', role: 'finance_clerk', divisionCode: '330400' };
const standardRef = { standardId: 'bps-330400', versionId: 'sample', itemNo: '52', contentHash: 'ab'.repeat(32) };
const MONTH = '2025-03';

const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function scheduleEvent(divisionCode: string, beneficiaries: number): { streamId: string; events: NewEvent[] } {
  const caseId = newId();
  const data: ScheduleReceivedData = {
    caseId,
    determinationId: `det-${caseId}`,
    benefit: 'tefu',
    divisionCode,
    effectiveFrom: '2025-01-01',
    standardRef,
    lines: Array.from({ length: beneficiaries }, () => newId()).flatMap((personRef) =>
      ['2025-01', '2025-02', MONTH].map((month) => ({ personRef, period: { kind: 'month' as const, month }, amount: { fen: 100_000 } })),
    ),
    scheduleVersion: 1,
    supersedesDeterminationId: null,
  };
  return { streamId: entitlementStreamId(caseId), events: [{ type: ENTITLEMENT_SCHEDULE_RECEIVED, data: data as never, metadata: { correlationId: 'bench-seed' } }] };
}

async function seed(store: EventStore, divisionCode: string, cases: number, beneficiariesPerCase = 2): Promise<void> {
  for (let done = 0; done < cases; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, cases - done) }, () => scheduleEvent(divisionCode, beneficiariesPerCase));
    await store.createIfAbsent(batch);
  }
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** The baseline: one plain multi-row INSERT per 1,000 rows of the same payment JSON, in one transaction. */
async function baselineInsert(url: string, rows: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS baseline_payments (id text PRIMARY KEY, doc jsonb NOT NULL)');
    await client.query('TRUNCATE baseline_payments');
    const payload = (i: number) =>
      JSON.stringify({ paymentStreamId: `payment-${i}`, caseId: newId(), personRef: newId(), benefit: 'tefu', divisionCode: '330402', period: { kind: 'month', month: MONTH }, amount: { fen: 100_000 }, standardRef, schedule: { streamId: 'entitlement-x', version: 1 } });
    const { ms } = await time(async () => {
      await client.query('BEGIN');
      for (let done = 0; done < rows; done += 1000) {
        const n = Math.min(1000, rows - done);
        const ids = Array.from({ length: n }, (_, i) => `p-${done + i}`);
        const docs = Array.from({ length: n }, (_, i) => payload(done + i));
        await client.query('INSERT INTO baseline_payments (id, doc) SELECT * FROM unnest($1::text[], $2::jsonb[])', [ids, docs]);
      }
      await client.query('COMMIT');
    });
    return ms;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`payment runs on PostgreSQL (load average ${load}); sample data\n`);
  const cluster = await startPrivateCluster();
  const baseUrl = new URL(cluster.url);
  const url = (db: string) => Object.assign(new URL(baseUrl.toString()), { pathname: `/${db}` }).toString();
  const admin = new Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_runs');
  await admin.query('CREATE DATABASE bench_baseline');
  await admin.end();
  const store = await createEventStore({ kind: 'postgres', url: url('bench_runs') });
  const readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'postgres', url: url('bench_runs') }), projections: [entitlementsProjection(), ledgerProjection()], pollIntervalMs: 20, catchUpMs: 600_000 });
  const runs = new PaymentRunHandler(store, readModels);
  const context = () => ({ actor: clerk, correlationId: newId(), now: new Date() });
  const runOf = (divisionCode: string) => runs.run({ benefit: 'tefu', divisionCode, period: monthPeriod(MONTH) }, context());
  const rows: string[] = [];
  try {
    // 1. A small division beside 1,000 other cases.
    await seed(store, '330481', 10);
    await seed(store, '330499', 1000);
    await readModels.fresh(ENTITLEMENTS_PROJECTION, 600_000);
    const smallBefore = await time(() => runOf('330481'));
    rows.push(`small division (10 cases, 20 payments) beside 1,000 other cases   ${smallBefore.ms.toFixed(0).padStart(7)} ms`);

    // 2. Runs of growing size, each in a division of its own, vs the plain INSERT of as many rows.
    const sizes = [10_000, 30_000, 100_000].map((n) => Math.round(n * SCALE));
    const divisions = ['330402', '330411', '330421'];
    for (const [i, beneficiaries] of sizes.entries()) {
      await seed(store, divisions[i], beneficiaries / 2);
      await readModels.fresh(ENTITLEMENTS_PROJECTION, 600_000);
      const run = await time(() => runOf(divisions[i]));
      const base = await baselineInsert(url('bench_baseline'), beneficiaries);
      const perSec = Math.round((run.value.counts.created / run.ms) * 1000);
      rows.push(
        `run of ${beneficiaries.toLocaleString('en-US').padStart(7)} payments: ${run.ms.toFixed(0).padStart(7)} ms (${perSec.toLocaleString('en-US')}/s)  ` +
          `baseline INSERT ${base.toFixed(0).padStart(6)} ms  → ${(run.ms / base).toFixed(2)}×   peak RSS ${rssMiB()} MiB`,
      );
      if (run.value.counts.created !== beneficiaries) throw new Error(`expected ${beneficiaries} payments, created ${run.value.counts.created}`);
    }

    // 3. The same small division once the store holds 100,000 and more other cases.
    const others = Math.max(0, Math.round(100_000 * SCALE) - sizes.reduce((a, b) => a + b / 2, 0) - 1000);
    if (others > 0) await seed(store, '330499', others);
    await readModels.fresh(ENTITLEMENTS_PROJECTION, 600_000);
    await seed(store, '330482', 10);
    await readModels.fresh(ENTITLEMENTS_PROJECTION, 600_000);
    const smallAfter = await time(() => runs.run({ benefit: 'tefu', divisionCode: '330482', period: monthPeriod(MONTH) }, context()));
    rows.push(`small division (10 cases, 20 payments) beside ≥100,000 other cases ${smallAfter.ms.toFixed(0).padStart(7)} ms  (${((smallAfter.ms / smallBefore.ms - 1) * 100).toFixed(0)} % vs 1,000)`);

    // 4. Rebuild of the read model vs a plain sequential read of the events table.
    const events = Number((await store.headPosition()) === 'start' ? 0 : await countEvents(url('bench_runs')));
    const plain = await time(() => plainRead(url('bench_runs')));
    const rebuild = await time(() => readModels.rebuild(ENTITLEMENTS_PROJECTION, { catchUpMs: 600_000 }));
    rows.push(
      `rebuild of ${ENTITLEMENTS_PROJECTION} over ${events.toLocaleString('en-US')} events: ${Math.round((events / rebuild.ms) * 1000).toLocaleString('en-US')} events/s; ` +
        `plain sequential read ${Math.round((events / plain.ms) * 1000).toLocaleString('en-US')} events/s   peak RSS ${rssMiB()} MiB`,
    );
  } finally {
    console.log(rows.join('\n'));
    await readModels.close();
    await store.close();
    stopPrivateCluster(cluster);
  }
}

async function countEvents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*)::text AS n FROM event_store.events')).rows[0].n);
  } finally {
    await client.end();
  }
}

/** Every event's stored text in log order, 1,000 rows a query: what any reader of the log must at least do. */
async function plainRead(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
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
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
