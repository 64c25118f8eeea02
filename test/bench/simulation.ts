/**
 * `npm run bench -- simulation [--cases N] [--months M] [--postgres]`: policy simulation over a SAMPLE
 * caseload (示例数据（非官方）: invented households, an invented 低保标准 of 1,000 yuan raised to 1,100
 * yuan from the seventh month; the 嘉兴 standard as shipped). Embedded shape (PGlite event store and
 * read models in the process) by default; `--postgres`: both on a PostgreSQL server (a private
 * cluster of this machine's PostgreSQL), as a county server runs.
 *
 *   1. baseline: the caseload read from the `eligibility.simulation-basis` read model page by page
 *      (500 a page) without evaluating it;
 *   2. the whole run as the service does it (`SimulationRunner`: read-model pages → worker threads →
 *      merged summary, result hash, everything recorded on the simulation stream): wall time,
 *      evaluations and case-months per second per core, peak RSS of the process (threads included);
 *   3. the evaluation alone, the caseload in memory: (a) pages through the worker pool, (b) one
 *      thread (pure CPU figures).
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEventStore } from '@benefits/event-store';
import { sharedSqlReadStore } from '@benefits/http';
import { ReadModels } from '@benefits/read-store';
import { readSeed } from '@benefits/standards';
import { contextOf, sampleB, seedStandard } from '../../services/eligibility/src/determinations/determination.fixtures';
import { ParametersRepository } from '../../services/eligibility/src/parameters/parameters.repository';
import { eligibilityProjections } from '../../services/eligibility/src/read-models';
import { basisPages, SIMULATION_BASIS, SIMULATION_BASIS_PROJECTION } from '../../services/eligibility/src/simulations/basis';
import { pageEvaluator } from '../../services/eligibility/src/simulations/pool';
import { SimulationRunner } from '../../services/eligibility/src/simulations/runner';
import { sampleCaseload } from '../../services/eligibility/src/simulations/sample-caseload';
import { addPageTotals, createResultHasher, emptyTotals, mergeRows, prepareSimulation, simulatePage } from '../../services/eligibility/src/simulations/simulate';
import type { PageResult, SimulationBasis, SimulationRequest, SummaryRow } from '../../services/eligibility/src/simulations/types';
import { STANDARDS_CATALOG_PROJECTION } from '../../services/eligibility/src/standards/standards-catalog';
import { StandardsRepository } from '../../services/eligibility/src/standards/standards.repository';
import { openPgliteDatabase, openPostgresDatabase } from '@benefits/sql';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { Client } from 'pg';

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const DIVISIONS = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'];
const PAGE = 500;
const ADMIN = { id: 'bench-admin', role: 'admin', divisionCode: '330400' };
const rss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

export async function main(args: readonly string[]): Promise<void> {
  const cases = option(args, '--cases', 100_000);
  const months = option(args, '--months', 12);
  const to = `${2026 + Math.floor((months - 1) / 12)}-${String(((months - 1) % 12) + 1).padStart(2, '0')}`;
  const request: SimulationRequest = {
    scenario: { title: '示例：低保标准提高到1100元（示例数据，非官方）', changes: [{ kind: 'dibaoStandard', divisionCode: '330400', from: '2026-07', fenPerMonth: 110_000 }] },
    scope: { divisionCode: '330400', benefits: ['dibao', 'tefu'], months: { from: '2026-01', to } },
    fundingShares: [{ benefit: 'dibao', divisionCode: '330400', shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 } }],
  };
  const threads = availableParallelism();
  console.log(`policy simulation bench: ${cases.toLocaleString('en')} sample cases × ${months} months, ${threads} cores, load ${load()}`);
  const jiaxing = seedStandard('001_40e26111df30cc0a.txt', '330400', { effectiveFrom: '2024-01-01' });
  const B = sampleB('330400', '2024-01-01', 100_000);
  const context = contextOf([jiaxing], [B]);
  const caseload = () => sampleCaseload(context, { cases, divisions: DIVISIONS, bFen: 100_000, approvedOn: '2025-12-10' });

  const dir = mkdtempSync(join(tmpdir(), 'simulation-bench-'));
  // --postgres: the county-server shape (event store and read models on a PostgreSQL server, a private
  // cluster of this machine's PostgreSQL); default: the embedded shape (PGlite in this process).
  const server = args.includes('--postgres') ? await startPrivateCluster() : null;
  const serverUrl = server ? await createDatabase(server.url, 'bench_simulation') : null;
  const dialect = serverUrl ? 'postgres' : 'pglite';
  console.log(`  shape: ${serverUrl ? 'PostgreSQL server (private cluster)' : 'embedded PGlite'}`);
  const store = serverUrl ? await createEventStore({ kind: 'postgres', url: serverUrl }) : await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
  const db = serverUrl ? openPostgresDatabase(serverUrl) : await openPgliteDatabase();
  const readModels = new ReadModels({ store, openReadStore: sharedSqlReadStore(db, dialect), projections: eligibilityProjections(store), catchUpMs: 600_000 });
  const runner = new SimulationRunner(store, readModels, pageEvaluator(threads), { pageSize: PAGE });
  try {
    await readModels.fresh(STANDARDS_CATALOG_PROJECTION, 120_000);
    await new StandardsRepository(store, readModels).importDocument({ text: readSeed('001_40e26111df30cc0a.txt'), sourceName: 'jiaxing.txt', divisionCode: '330400', actor: ADMIN, correlationId: 'bench' });
    await new ParametersRepository(store).publish({ name: 'dibao.standard', divisionCode: '330400', effectiveFrom: '2024-01-01', value: { fen: 100_000 }, source: { docNo: '示例数据（非官方）', title: null }, sampleData: true, actor: ADMIN, correlationId: 'bench' });

    // Set-up (not measured): the basis documents as the projection would write them, in bulk.
    let started = performance.now();
    await readModels.fresh(SIMULATION_BASIS_PROJECTION, 120_000);
    const documents = await sharedSqlReadStore(db, dialect)();
    let chunk: { id: string; document: SimulationBasis & Record<string, unknown> }[] = [];
    for (const basis of caseload()) {
      chunk.push({ id: basis.caseId, document: basis as SimulationBasis & Record<string, unknown> });
      if (chunk.length === 1000) {
        await documents.collection(SIMULATION_BASIS).upsertMany!(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await documents.collection(SIMULATION_BASIS).upsertMany!(chunk);
    console.log(`  set-up: ${cases.toLocaleString('en')} basis documents with their schedules written in ${((performance.now() - started) / 1000).toFixed(1)} s (not measured), RSS so far ${rss()}`);

    // 1. Baseline: the same pages read, nothing evaluated.
    started = performance.now();
    let read = 0;
    const view = await readModels.fresh(SIMULATION_BASIS_PROJECTION, 60_000);
    for await (const page of basisPages(view, request.scope, PAGE)) read += page.length;
    const baselineMs = performance.now() - started;
    console.log(`  1. baseline, read-model pages only: ${read.toLocaleString('en')} cases in ${(baselineMs / 1000).toFixed(2)} s   load ${load()}`);

    // 2. The whole run.
    started = performance.now();
    const cpu = process.cpuUsage();
    const { simulationId } = await runner.start(request, ADMIN, 'bench');
    const result = await runner.waitUntilDone(simulationId, 1_800_000);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const t = result.totals!;
    console.log(`  2. whole run, ${result.threads} worker threads: ${(wallMs / 1000).toFixed(2)} s wall (run ${((result.durationMs ?? 0) / 1000).toFixed(2)} s from request to completion recorded), ${(wallMs / baselineMs).toFixed(1)}× the baseline   load ${load()}`);
    console.log(`     ${t.cases.toLocaleString('en')} cases, ${t.caseMonths.toLocaleString('en')} case-months, ${t.evaluations.toLocaleString('en')} evaluations, ${t.changedCases.toLocaleString('en')} changed cases recorded`);
    console.log(`     ${Math.round(t.caseMonths / (wallMs / 1000) / threads).toLocaleString('en')} case-months/s per core, ${Math.round(t.evaluations / (wallMs / 1000) / threads).toLocaleString('en')} evaluations/s per core; main thread CPU ${((used.user + used.system) / 1e6).toFixed(1)} s (process, threads included)`);
    console.log(`     status ${result.status}, result hash ${result.resultHash}, peak RSS ${rss()}`);

    // 3. The evaluation alone, in memory: the caseload generated again into an array (not timed), then
    //    (a) its pages through the same worker pool, merged in order; (b) one thread, no pool.
    const all: SimulationBasis[] = [...caseload()];
    const data = { simulationId: 'bench-evaluation', request, standards: [jiaxing], dibaoSeries: [B] };
    const evaluate = async (submit: (cases: SimulationBasis[]) => Promise<PageResult>, label: string) => {
      const rows = new Map<string, SummaryRow>();
      const totals = emptyTotals();
      const hasher = createResultHasher(request);
      const t0 = performance.now();
      const inFlight: Promise<PageResult>[] = [];
      const take = (r: PageResult) => {
        mergeRows(rows, r.rows);
        addPageTotals(totals, r);
        hasher.addPage(r);
      };
      for (let i = 0; i < all.length; i += PAGE) {
        inFlight.push(submit(all.slice(i, i + PAGE)));
        if (inFlight.length >= threads * 2) take(await inFlight.shift()!);
      }
      while (inFlight.length > 0) take(await inFlight.shift()!);
      const ms = performance.now() - t0;
      const hash = hasher.finish(rows.values(), totals);
      const cores = label === 'pool' ? threads : 1;
      console.log(
        `  3${label === 'pool' ? 'a' : 'b'}. evaluation only, ${label === 'pool' ? `${threads} worker threads` : 'one thread'}: ${(ms / 1000).toFixed(2)} s, ${Math.round(totals.caseMonths / (ms / 1000) / cores).toLocaleString('en')} case-months/s and ${Math.round(totals.evaluations / (ms / 1000) / cores).toLocaleString('en')} evaluations/s per core; hash ${hash === result.resultHash ? 'equal to' : 'DIFFERENT from'} the run's`,
      );
    };
    const pool = pageEvaluator(threads);
    try {
      await evaluate(pool.begin(data), 'pool');
    } finally {
      await pool.close();
    }
    const prepared = prepareSimulation(data);
    await evaluate(async (cases) => simulatePage(prepared, cases), 'one');
    console.log(`  peak RSS of the bench process ${rss()} (the set-up's caseload and PGlite included)`);
  } finally {
    await runner.close();
    await readModels.close();
    await store.close();
    await db.close();
    if (server) stopPrivateCluster(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createDatabase(clusterUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return Object.assign(new URL(clusterUrl), { pathname: `/${name}` }).toString();
}
