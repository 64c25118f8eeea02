/**
 * `npm run bench -- finance`: a monthly payment run (with person-period claims and account holds,
 * its envelope prepared at the end) and the CSV bank-file export (accounts opened through the
 * personal-data vault) on a private PostgreSQL cluster, for 10,000 and 100,000 beneficiaries —
 * beside a baseline measured in the same run: one plain multi-row INSERT (1000 rows a statement)
 * of as many rows as the run made payments, each row the JSON of a real PaymentCreated event of
 * the run (same payload size), into a bare table. Seeding (vault registrations, sealed accounts,
 * schedules) and the read models' first catch-up are not measured.
 *
 * Prints, per size: run s, export s, total, baseline s, ratio total/baseline, peak RSS (sampled
 * every 50 ms during run and export), and where the time went (run pages: claims, account
 * lookups, the payments' createIfAbsent, read-model waits and queries, envelope preparation;
 * export: the ledger pages, opening accounts, the rest = rendering and recording). The machine's
 * load average is printed with the figures. Sizes: BENCH_FINANCE_SIZES (default "10000,100000").
 * Sample data throughout (invented persons, amounts and account numbers).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client, Pool } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { canonicalJson, monthPeriod, newId, type Actor } from '@benefits/kernel';
import { generateVaultKeys, openPersonalDataVault } from '@benefits/identity';
import type { CollectionSchema, Document, ReadModels, ReadModelView } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { ACCOUNTS_PROJECTION } from '../../services/disbursement/src/accounts/accounts.projection';
import { ENTITLEMENTS_PROJECTION } from '../../services/disbursement/src/read-models/entitlements.projection';
import { LEDGER_PROJECTION } from '../../services/disbursement/src/ledger/ledger.projection';
import { seedFinance } from '../support/finance-seed';
import { openFinanceStack } from '../support/finance-stack';

const DIVISION = '330402';
const MONTH = '2025-03';
const SIZES = (process.env.BENCH_FINANCE_SIZES ?? '10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
/**
 * BENCH_FINANCE_WHATIF=1: an experiment, not the service's behaviour — during the run's pages, the
 * ledger and accounts read models are waited for once (their first `fresh`), later page calls get
 * the view as it is (`view`); the envelope preparation waits again. Shows what the per-page
 * read-your-writes waits cost (correct only here: nothing else writes while the bench runs).
 */
const WHATIF = process.env.BENCH_FINANCE_WHATIF === '1';
const whatIf = { pages: false, waited: new Set<string>() };
const officer: Actor = { id: 'bench-officer', role: 'case_officer', divisionCode: DIVISION };
const clerk: Actor = { id: 'bench-clerk', role: 'finance_clerk', divisionCode: DIVISION };

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Lifetime peak RSS of this process (Linux), MiB; null elsewhere. */
function vmHwmMiB(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Accumulated time and calls per label, for the breakdown. Nested timings are counted in each label they pass. */
class Timings {
  readonly ms = new Map<string, { ms: number; calls: number }>();
  async time<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      const entry = this.ms.get(label) ?? { ms: 0, calls: 0 };
      entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
      entry.calls += 1;
      this.ms.set(label, entry);
    }
  }
  reset(): void {
    this.ms.clear();
  }
  lines(total: number): string[] {
    return [...this.ms.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([label, { ms, calls }]) => `    ${label.padEnd(52)} ${seconds(ms).padStart(7)} s  ${((ms / total) * 100).toFixed(0).padStart(3)} %  ${String(calls).padStart(6)} calls`);
  }
}

/** Which kind of stream a call is about, for the labels. */
const kindOf = (streamId: string) => streamId.replace(/-.*$/, '');

function timedStore(store: EventStore, t: Timings): EventStore {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
      if (prop === 'createIfAbsent' || prop === 'appendMany') {
        return (batch: { streamId: string }[], ...rest: unknown[]) => t.time(`store.${String(prop)} (${kindOf(batch[0]?.streamId ?? '')})`, () => fn(batch, ...rest));
      }
      if (prop === 'readStream' || prop === 'appendToStream') {
        return (streamId: string, ...rest: unknown[]) => {
          if (streamId.startsWith('envelope-')) whatIf.pages = false;
          return t.time(`store.${String(prop)} (${kindOf(streamId)})`, () => fn(streamId, ...rest));
        };
      }
      return fn;
    },
  });
}

function timedReadModels(readModels: ReadModels, t: Timings): ReadModels {
  const view = (v: ReadModelView, projection: string): ReadModelView => ({
    ...v,
    collection: <T extends Document = Document>(schema: CollectionSchema) => {
      const c = v.collection<T>(schema);
      return new Proxy(c, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (typeof value !== 'function') return value;
          const fn = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
          return (...args: unknown[]) => t.time(`read model ${projection} ${schema.name}.${String(prop)}`, () => fn(...args));
        },
      });
    },
  });
  return new Proxy(readModels, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'fresh') {
        return async (name: string, ms?: number) => {
          if (WHATIF && whatIf.pages && (name === LEDGER_PROJECTION || name === ACCOUNTS_PROJECTION) && whatIf.waited.has(name)) {
            return view(await t.time(`read model view() (what-if) ${name}`, () => target.view(name)), name);
          }
          if (whatIf.pages) whatIf.waited.add(name);
          return view(await t.time(`read model fresh() wait ${name}`, () => target.fresh(name, ms)), name);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The baseline: `rows` rows of `payload` (ids varied) in multi-row INSERTs of 1000 into a bare table. */
async function baselineInsert(url: string, rows: number, payload: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS baseline_payments (id text PRIMARY KEY, body jsonb NOT NULL)');
    await client.query('TRUNCATE baseline_payments');
    const started = process.hrtime.bigint();
    for (let done = 0; done < rows; done += 1000) {
      const n = Math.min(1000, rows - done);
      const params: string[] = [];
      const values: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const id = `payment-${newId()}-${done + i}`;
        params.push(id, payload.replace('"paymentStreamId":"', `"paymentStreamId":"${done + i}`));
        values.push(`($${params.length - 1}, $${params.length}::jsonb)`);
      }
      await client.query(`INSERT INTO baseline_payments (id, body) VALUES ${values.join(',')}`, params);
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    await client.end();
  }
}

interface Row {
  n: number;
  payments: number;
  runMs: number;
  exportMs: number;
  baselineMs: number;
  peakRss: number;
  load: string;
}

async function measure(baseUrl: string, n: number, baselineUrl: string): Promise<Row> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  const db = `bench_finance_${n}`;
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = Object.assign(new URL(baseUrl), { pathname: `/${db}` }).toString();
  const keys = generateVaultKeys();

  // Seeding: not measured.
  let started = Date.now();
  const seedStore = await createEventStore({ kind: 'postgres', url });
  const pool = new Pool({ connectionString: url, max: 8 });
  const seed = await seedFinance(seedStore, await openPersonalDataVault({ client: pool, keys }), {
    divisionCode: DIVISION,
    month: MONTH,
    beneficiaries: n,
    duplicates: Math.round(n / 1000),
    withoutAccount: Math.round(n / 100),
    concurrency: 12,
    progress: (what, done, total) => done % 20_000 === 0 && console.log(`  seeding ${what}: ${done}/${total}`),
  });
  await seedStore.close();
  await pool.end();
  console.log(`  seeded ${n.toLocaleString('en-US')} beneficiaries in ${seconds(Date.now() - started)} s`);

  const t = new Timings();
  const stack = await openFinanceStack({ url, keys, wrapStore: (s) => timedStore(s, t), wrapReadModels: (r) => timedReadModels(r, t), wrapPort: (name, f) => ((...args: never[]) => t.time(`port ${name}`, () => f(...args))) as typeof f });
  try {
    started = Date.now();
    for (const name of [ENTITLEMENTS_PROJECTION, ACCOUNTS_PROJECTION, LEDGER_PROJECTION]) await stack.readModels.fresh(name, 1_800_000);
    console.log(`  read models caught up with the seed in ${seconds(Date.now() - started)} s (not measured)`);

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const context = (actor: Actor) => ({ actor, correlationId: newId(), now: new Date() });
    const run = { benefit: 'tefu' as const, divisionCode: DIVISION, period: monthPeriod(MONTH) };
    t.reset();
    whatIf.pages = true;
    whatIf.waited.clear();
    started = Date.now();
    const outcome = await stack.runs.run(run, context(officer));
    const runMs = Date.now() - started;
    const runLines = t.lines(runMs);
    await stack.envelopes.approve(outcome.runId, context(clerk));
    t.reset();
    started = Date.now();
    const file = await stack.envelopes.export(outcome.runId, { layoutId: 'sample-csv-utf8', format: 'csv' }, context(clerk));
    const exportMs = Date.now() - started;
    const exportLines = t.lines(exportMs);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const payments = outcome.counts.created;
    if (payments !== seed.cases.size) throw new Error(`expected ${seed.cases.size} payments, the run made ${payments}`);

    // The baseline's row: the JSON of one PaymentCreated event of this run, as stored.
    const [sample] = await stack.store.readStream(`payment-${[...seed.cases.entries()][0][0]}-${[...seed.cases.entries()][0][1]}-${MONTH}`);
    const payload = canonicalJson({ type: sample.type, data: sample.data, metadata: sample.metadata } as never);
    const baselineMs = await baselineInsert(baselineUrl, payments, payload);

    console.log(`  run: ${payments.toLocaleString('en-US')} payments (${outcome.pages} pages) in ${seconds(runMs)} s; where the time went (nested labels overlap):`);
    console.log(runLines.join('\n'));
    console.log(`  export: ${file.lineCount.toLocaleString('en-US')} lines, ${file.bytes.length.toLocaleString('en-US')} bytes in ${seconds(exportMs)} s; where the time went:`);
    console.log(exportLines.join('\n'));
    console.log(`  baseline: ${payments.toLocaleString('en-US')} rows of ${payload.length} bytes in ${seconds(baselineMs)} s`);
    return { n, payments, runMs, exportMs, baselineMs, peakRss: mib(peak), load: load() };
  } finally {
    await stack.close();
  }
}

export async function main(): Promise<void> {
  console.log(`finance: monthly run + bank-file export on PostgreSQL (load average ${load()}); sample data; sizes ${SIZES.join(', ')}${WHATIF ? '; WHAT-IF: no per-page read-model waits (experiment)' : ''}\n`);
  const cluster = await startPrivateCluster();
  const rows: Row[] = [];
  try {
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_finance_baseline');
    await admin.end();
    const baselineUrl = Object.assign(new URL(cluster.url), { pathname: '/bench_finance_baseline' }).toString();
    for (const n of SIZES) {
      console.log(`${n.toLocaleString('en-US')} beneficiaries (load average ${load()})`);
      rows.push(await measure(cluster.url, n, baselineUrl));
    }
  } finally {
    stopPrivateCluster(cluster);
  }
  console.log(`\n${'n'.padStart(8)} ${'payments'.padStart(9)} ${'run s'.padStart(7)} ${'export s'.padStart(9)} ${'total s'.padStart(8)} ${'baseline s'.padStart(11)} ${'ratio'.padStart(6)} ${'peak RSS MB'.padStart(12)}  load (1/5/15 min)`);
  for (const r of rows) {
    const total = r.runMs + r.exportMs;
    console.log(
      `${String(r.n).padStart(8)} ${String(r.payments).padStart(9)} ${seconds(r.runMs).padStart(7)} ${seconds(r.exportMs).padStart(9)} ${seconds(total).padStart(8)} ${seconds(r.baselineMs).padStart(11)} ${(total / r.baselineMs).toFixed(2).padStart(6)} ${String(r.peakRss).padStart(12)}  ${r.load}`,
    );
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    const growth = (b.runMs + b.exportMs) / (a.runMs + a.exportMs);
    console.log(`growth ${a.n} → ${b.n} (×${(b.n / a.n).toFixed(0)}): total time ×${growth.toFixed(2)}, baseline ×${(b.baselineMs / a.baselineMs).toFixed(2)}`);
  }
  console.log(`lifetime peak RSS (VmHWM, includes seeding): ${vmHwmMiB() ?? 'n/a'} MiB; target: total ≤ 2× baseline`);
}
