/**
 * `npm run bench -- embedded-memory [--cases N] [--compare-old]`: memory and start-up of the embedded
 * default (`npm start`: node tools/run-ts.js services/main.ts) at county scale, on a temporary data
 * directory and free ports (docs/operations/embedded-memory.md):
 *
 *   1. first start on the empty data directory (the databases are created): time from the spawn
 *      until the four services and the console answer; VmRSS right after — the baseline of the run;
 *   2. the county-scale sample caseload (N = 2,000 by default, as the scale bench and the README
 *      use) seeded through the demo seeder (`npx benefits demo seed --cases N`, over HTTP);
 *   3. the read models of the four services caught up (GET /projections), then VmRSS and VmHWM
 *      (peak) of the server, and where the memory is (test/bench/embedded-memory-probe.ts: V8 heap,
 *      PGlite WebAssembly memories, native code);
 *   4. a restart on the same data directory: start-up time and VmRSS once the read models have
 *      caught up, as an operator sees the process after a restart.
 *
 * `--compare-old` repeats step 1 and a restart with PGlite's former shared_buffers (128 MB,
 * BENEFITS_PGLITE_SHARED_BUFFERS=128MB) in the same run, for a before/after of that setting.
 * Targets: RSS < 400 MB after seeding, start-up < 5 s. Sample data throughout (样例数据).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Api, devTokenSource, serviceUrlsFromBase, sleep, type Who } from '@benefits/demo';

const ROOT = resolve(__dirname, '..', '..');
const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
const ADMIN: Who = { role: 'admin', division: '330402', sub: 'sample-admin' };

interface Options {
  cases: number;
  compareOld: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { cases: 2000, compareOld: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'embedded-memory') continue;
    if (arg === '--compare-old') options.compareOld = true;
    else if (arg === '--cases') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error('--cases needs a whole number ≥ 1');
      options.cases = value;
    } else throw new Error(`unknown argument ${arg} (usage: npm run bench -- embedded-memory [--cases N] [--compare-old])`);
  }
  return options;
}

const note = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

async function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** Five consecutive free ports: the console on the first, the four services on the next four. */
async function freePorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await Promise.all([0, 1, 2, 3, 4].map((i) => portFree(base + i)))).every(Boolean)) return base;
  }
  throw new Error('no five consecutive free ports found');
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function vm(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

interface Running {
  child: ChildProcess;
  startupMs: number;
  /** CPU seconds the server used until it answered (user + system, all its threads): less dependent on the machine's load than the wall-clock time. */
  startupCpuMs: number;
  ports: number;
}

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Spawns what `npm start` runs (plus the memory probe) and waits until every service and the console answer. */
async function start(dataDir: string, ports: number, log: string, env: Record<string, string>): Promise<Running> {
  const probe = ['--expose-gc', '-r', join(ROOT, 'tools', 'register.js'), '-r', join(__dirname, 'embedded-memory-probe.ts')];
  const started = performance.now();
  const child = spawn(process.execPath, [...probe, join(ROOT, 'tools', 'run-ts.js'), join(ROOT, 'services', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BENEFITS_DATA_DIR: dataDir,
      BENEFITS_PORT_BASE: String(ports + 1),
      BENEFITS_CONSOLE_PORT: String(ports),
      BENEFITS_HOST: '127.0.0.1',
      BENCH_MEMORY_PROBE: join(dataDir, '..', `${ports}-probe.json`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log, { flags: 'a' });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const urls = [`http://127.0.0.1:${ports}/`, ...SERVICES.map((_, i) => `http://127.0.0.1:${ports + 1 + i}/health/live`)];
  const pending = new Set(urls);
  const deadline = Date.now() + 300_000;
  while (pending.size > 0) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) during start-up; see ${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer within 300 s; see ${log}`);
    for (const url of [...pending]) if (await answers(url)) pending.delete(url);
    if (pending.size > 0) await sleep(50);
  }
  return { child, startupMs: performance.now() - started, startupCpuMs: cpuMs(child.pid!), ports };
}

async function stop(running: Running): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGINT');
  // The orderly shutdown gets two minutes; the timer does not keep the bench alive once it has exited.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((done) => (timer = setTimeout(done, 120_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Waits until every service's read models report being caught up with the log. */
async function caughtUp(api: Api): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + 15 * 60_000;
  for (const service of SERVICES) {
    for (;;) {
      const res = await api.get<{ projections: { caughtUp: boolean }[] }>(service, '/projections', ADMIN);
      if (res.body.projections.every((p) => p.caughtUp)) break;
      if (Date.now() > deadline) throw new Error(`${service}: read models not caught up within 15 minutes`);
      await sleep(500);
    }
  }
  return performance.now() - started;
}

/** The probe's account of the server's memory (after a full GC in the server). */
async function probe(running: Running, dataDir: string): Promise<Record<string, any> | null> {
  const file = join(dataDir, '..', `${running.ports}-probe.json`);
  rmSync(file, { force: true });
  running.child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  await sleep(200);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Runs `npx benefits demo seed` against the server; its JSON summary (stdout). */
async function seed(cases: number, ports: number, dataDir: string, log: string): Promise<{ ms: number; exit: number | null; summary: any }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'tools', 'cli', 'benefits.js'), 'demo', 'seed', '--cases', String(cases), '--url', `http://127.0.0.1:${ports + 1}`, '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, BENEFITS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => stdout.push(d));
  child.stderr!.pipe(createWriteStream(log, { flags: 'a' }));
  const exit = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let summary: any = null;
  try {
    summary = JSON.parse(Buffer.concat(stdout).toString());
  } catch {
    summary = Buffer.concat(stdout).toString().slice(-2000);
  }
  return { ms: performance.now() - started, exit, summary };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One line of the component table from a probe snapshot. */
function components(p: Record<string, any> | null): string {
  if (!p) return 'probe: no answer';
  const wasm = p.residentMiB?.['[anonymous: PGlite WebAssembly memory]'];
  return [
    `V8 heap used ${p.heap.usedMiB} MiB (of ${p.heap.totalMiB} reserved)`,
    `PGlite databases ${p.databases.length} (${p.databases.map((d: any) => `${d.dataDir.split('/').pop()} ${d.wasmMemoryMiB ?? '?'} MiB`).join(', ')}; resident ${wasm ?? '?'} MiB)`,
    `other anonymous ${p.residentMiB?.['[anonymous]'] ?? '?'} MiB, malloc heap ${p.residentMiB?.['[heap]'] ?? '?'} MiB`,
    `native addons ${p.residentMiB?.['[native addons]'] ?? '?'} MiB, node binary and libraries ${p.residentMiB?.['[files: node binary, libraries]'] ?? '?'} MiB`,
  ].join('; ');
}

interface Scenario {
  label: string;
  env: Record<string, string>;
  seed: boolean;
}

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const label = `shared_buffers ${process.env.BENEFITS_PGLITE_SHARED_BUFFERS || '16MB (default)'}`;
  const scenarios: Scenario[] = [{ label, env: {}, seed: true }];
  if (options.compareOld) scenarios.push({ label: 'former PGlite shared_buffers (128MB)', env: { BENEFITS_PGLITE_SHARED_BUFFERS: '128MB' }, seed: false });
  console.log(`embedded-memory bench: ${options.cases} sample cases; ${cpus().length} CPUs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const rows: string[] = [];
  const details: string[] = [];
  for (const scenario of scenarios) {
    const root = mkdtempSync(join(tmpdir(), 'benefits-bench-memory-'));
    const dataDir = join(root, 'data');
    const log = join(root, 'server.log');
    const ports = await freePorts();
    try {
      note(`${scenario.label}: first start on an empty data directory`);
      let running = await start(dataDir, ports, log, scenario.env);
      const api = new Api(serviceUrlsFromBase(`http://127.0.0.1:${ports + 1}`), await devTokenSource({}, dataDir));
      await caughtUp(api);
      const first = vm(running.child.pid!);
      const firstProbe = await probe(running, dataDir);
      rows.push(`| ${scenario.label}: first start (databases created) | ${s(running.startupMs)} (CPU ${s(running.startupCpuMs)}) | ${first.rss} | ${first.peak} | baseline of the run |`);
      details.push(`${scenario.label}, after the first start: ${components(firstProbe)}`);
      if (scenario.seed) {
        note(`seeding ${options.cases} sample cases (npx benefits demo seed)`);
        const seeded = await seed(options.cases, ports, dataDir, log);
        note(`seeded in ${s(seeded.ms)} (exit ${seeded.exit}); waiting for the read models`);
        const catchUpMs = await caughtUp(api);
        const after = vm(running.child.pid!);
        const afterProbe = await probe(running, dataDir);
        const counts = typeof seeded.summary === 'object' && seeded.summary ? JSON.stringify(seeded.summary.cases ?? seeded.summary.counts ?? seeded.summary).slice(0, 300) : String(seeded.summary).slice(0, 300);
        rows.push(`| ${scenario.label}: after seeding ${options.cases} cases (${s(seeded.ms)}, read models caught up ${s(catchUpMs)} later) | | ${after.rss} | ${after.peak} | ${after.rss - first.rss >= 0 ? '+' : ''}${after.rss - first.rss} MiB vs the baseline |`);
        details.push(`${scenario.label}, after seeding: ${components(afterProbe)}`);
        details.push(`seeder exit ${seeded.exit}; summary: ${counts}`);
      }
      await stop(running);
      note(`${scenario.label}: restart on the same data directory`);
      running = await start(dataDir, ports, log, scenario.env);
      const restartMs = running.startupMs;
      const restartCpuMs = running.startupCpuMs;
      await caughtUp(api);
      const restarted = vm(running.child.pid!);
      const restartProbe = await probe(running, dataDir);
      rows.push(`| ${scenario.label}: restart on the same data directory | ${s(restartMs)} (CPU ${s(restartCpuMs)}) | ${restarted.rss} | ${restarted.peak} | |`);
      details.push(`${scenario.label}, after the restart: ${components(restartProbe)}`);
      await stop(running);
    } catch (error) {
      console.error(`embedded-memory bench failed: ${error instanceof Error ? error.message : String(error)}`);
      if (existsSync(log)) console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
      process.exitCode = 1;
      break;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  console.log('| step | start-up: spawn → 4 services and the console answer (server CPU time) | VmRSS MiB | VmHWM (peak) MiB | note |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log('');
  for (const line of details) console.log(`- ${line}`);
  console.log(`\ntargets: RSS < 400 MiB after seeding, start-up < 5 s; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);
}

if (process.argv[1] === __filename) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
