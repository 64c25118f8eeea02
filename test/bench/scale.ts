/**
 * `npm run bench -- scale [--cases K] [--submit N] [--concurrency C] [--cpu-prof]`: the embedded
 * default (`npm start`) as a child process on a private data directory and free ports, measured
 * only through its public HTTP API, as a deployment's clients would see it:
 *
 *   1. baseline: GET /health/live and GET /whoami, K requests at C connections — what the HTTP
 *      framework (and token verification) costs before any case logic;
 *   2. 特扶 case creations (POST /cases/tefu), K at C connections: creations/s, p50/p99;
 *   3. N of them submitted; determinations/s as the case list shows them arriving (eligibility
 *      works asynchronously, through the event log);
 *   4. one case's audit history (GET /audit/cases/{id}/history), median of 20, before and after K
 *      more creations — it should follow the case, not the size of the log;
 *   5. peak RSS of the server (VmHWM) and the machine's load average.
 *
 * Targets: creations ≥ 300/s, determinations ≥ 100/s, history within ±20 %.
 * `--cpu-prof` profiles the server during the first creation phase (test/bench/scale-profiler.ts)
 * and prints the top self-time functions and packages. Sample data throughout: invented 嘉兴
 * households with 示例 names; nothing here is an official figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalDate } from '@benefits/kernel';
import {
  Api,
  ApiError,
  devTokenSource,
  ensureStandards,
  mapBounded,
  ResidentIdAllocator,
  sampleMarker,
  serviceUrlsFromBase,
  sleep,
  staffOf,
  stream,
  tefuHousehold,
  type ServiceName,
  type Who,
} from '@benefits/demo';

const ROOT = resolve(__dirname, '..', '..');
const DIVISION = '330402';

interface Options {
  cases: number;
  submit: number;
  concurrency: number;
  cpuProf: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { cases: 2000, submit: 500, concurrency: 16, cpuProf: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'scale') continue;
    if (arg === '--cpu-prof') options.cpuProf = true;
    else if (arg === '--cases' || arg === '--submit' || arg === '--concurrency') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a whole number ≥ 1`);
      options[arg.slice(2) as 'cases' | 'submit' | 'concurrency'] = value;
    } else throw new Error(`unknown argument ${arg} (usage: npm run bench -- scale [--cases K] [--submit N] [--concurrency C] [--cpu-prof])`);
  }
  options.submit = Math.min(options.submit, options.cases);
  return options;
}

// --- the server ----------------------------------------------------------------------------------

async function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** Four consecutive free ports (the embedded default listens on BENEFITS_PORT_BASE … +3). */
async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all([0, 1, 2, 3].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no four consecutive free ports found');
}

interface Server {
  child: ChildProcess;
  base: number;
  dataDir: string;
  log: string;
  profile: string | null;
}

async function startServer(cpuProf: boolean): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-bench-scale-'));
  const base = await freePortBase();
  const log = join(dataDir, 'server.log');
  const profile = cpuProf ? join(dataDir, 'creations.cpuprofile') : null;
  const preload = cpuProf ? ['-r', join(ROOT, 'tools', 'register.js'), '-r', join(__dirname, 'scale-profiler.ts')] : [];
  const child = spawn(process.execPath, [...preload, join(ROOT, 'tools', 'run-ts.js'), join(ROOT, 'services', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, BENEFITS_DATA_DIR: dataDir, BENEFITS_PORT_BASE: String(base), BENEFITS_HOST: '127.0.0.1', ...(profile ? { BENCH_CPU_PROFILE: profile } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let ready = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('embedded mode:')) ready = true;
  });
  const deadline = Date.now() + 180_000;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) during start-up; see ${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not start within 180 s; see ${log}`);
    await sleep(200);
  }
  return { child, base, dataDir, log, profile };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise<void>((done) => server.child.once('exit', () => done()));
    server.child.kill('SIGINT');
    await Promise.race([exited, sleep(60_000)]);
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMiB: Math.round(kb('VmHWM') / 1024), rssMiB: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

// --- measuring ----------------------------------------------------------------------------------

interface Phase {
  what: string;
  count: number;
  ok: number;
  seconds: number;
  rate: number;
  p50: number | null;
  p99: number | null;
  errors: Record<string, number>;
  note?: string;
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p * (sorted.length - 1)))]);
const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 0.5)!;

/** `count` requests at `concurrency` connections; latencies of the successful ones, errors by code. */
/** Progress of the phases on stderr, so that a slow phase shows where the time goes while it runs. */
const note = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

async function load<T>(what: string, count: number, concurrency: number, request: (i: number) => Promise<T>): Promise<{ phase: Phase; results: (T | null)[] }> {
  note(`${what}: ${count} requests at ${concurrency} connections`);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const started = performance.now();
  const results = await mapBounded(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
    const t0 = performance.now();
    try {
      const result = await request(i);
      latencies.push(performance.now() - t0);
      return result;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'ERROR';
      if (!errors[code]) note(`${what}: first ${code}: ${error instanceof Error ? error.message : String(error)}`);
      errors[code] = (errors[code] ?? 0) + 1;
      return null;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  note(`${what}: ${latencies.length} ok in ${seconds.toFixed(1)} s`);
  latencies.sort((a, b) => a - b);
  return {
    phase: { what, count, ok: latencies.length, seconds, rate: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors },
    results,
  };
}

/** Sample 特扶 households (everyone under 60, so a case needs no 养老服务补贴 facts before submission). */
function households(seed: number, count: number, today: string) {
  const ids = new ResidentIdAllocator(stream(seed, 'bench-ids'));
  return Array.from({ length: count }, (_, i) => tefuHousehold(stream(seed, 'bench', i), DIVISION, LocalDate.parse(today), ids, sampleMarker(seed, i), { under60: true }).create);
}

/** How many of `caseIds` show a recorded determination (case revision ≥ 2: created, submitted, determined) in the case list. */
async function determinedCount(api: Api, who: Who, caseIds: ReadonlySet<string>): Promise<number> {
  let seen = 0;
  let cursor: string | null = null;
  do {
    const query: string = `/cases?benefit=tefu&status=submitted&division=${DIVISION}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.get<{ items: { caseId: string; revision: number }[]; nextCursor: string | null }>('applications', query, who);
    seen += page.body.items.filter((item) => caseIds.has(item.caseId) && item.revision >= 2).length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return seen;
}

/**
 * Waits until the read models of applications and audit report being caught up with the log (GET
 * /projections), then two more seconds for the consumers: what a phase left behind must not be
 * measured as the next phase's cost.
 */
async function settle(api: Api, who: Who): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (const service of ['applications', 'audit'] as const) {
    while (Date.now() < deadline) {
      const res = await api.get<{ projections: { caughtUp: boolean }[] }>(service, '/projections', who);
      if (res.body.projections.every((p) => p.caughtUp)) break;
      await sleep(500);
    }
  }
  await sleep(2000);
}

/**
 * Median latency of one case's audit history, once the server has settled and after three
 * unmeasured requests, so that two measurements compare the log's size rather than background work.
 */
async function historyLatency(api: Api, who: Who, caseId: string, times = 20): Promise<{ medianMs: number; minMs: number; p90Ms: number; timelineEvents: number }> {
  await settle(api, who);
  for (let i = 0; i < 3; i++) await api.get('audit', `/audit/cases/${caseId}/history`, who);
  const samples: number[] = [];
  let timelineEvents = 0;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await api.get('audit', `/audit/cases/${caseId}/history`, who);
    samples.push(performance.now() - t0);
    timelineEvents = (res.body.timeline ?? []).length;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: median(samples), minMs: sorted[0], p90Ms: percentile(sorted, 0.9)!, timelineEvents };
}

// --- the profile --------------------------------------------------------------------------------

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per package (node_modules/<pkg>, or the workspace folder) from a V8 CPU profile. */
function topSelfTime(profile: CpuProfile, top = 10) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const perFunction = new Map<string, number>();
  const perPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const frame = byId.get(id)!;
    const url = frame.url.replace(/^file:\/\//, '');
    const where = url === '' ? '' : url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : relative(ROOT, url);
    const name = frame.functionName || '(anonymous)';
    const fn = where ? `${name}  ${where}:${frame.lineNumber + 1}` : name.startsWith('(') ? name : `native ${name}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    // Frames without a script are V8's own ((garbage collector), (idle), (program)) or native bindings (fs, sockets).
    const pkg = url === '' ? (frame.functionName.startsWith('(') ? frame.functionName : `native ${frame.functionName}`) : url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url.startsWith('node:') ? 'node (core)' : relative(ROOT, url).split('/').slice(0, 2).join('/');
    perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + us);
  });
  const rank = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, idleShare: (perFunction.get('(idle)') ?? 0) / total, functions: rank(perFunction), packages: rank(perPackage) };
}

// --- output -------------------------------------------------------------------------------------

const fmt = (value: number | null, digits = 0) => (value === null ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function phaseRow(p: Phase, target: string): string {
  const errors = Object.entries(p.errors).map(([code, n]) => `${code}×${n}`).join(' ');
  return `| ${p.what} | ${fmt(p.ok)}/${fmt(p.count)} | ${fmt(p.seconds, 1)} s | ${fmt(p.rate, 1)}/s | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${target} | ${errors || p.note || ''} |`;
}

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const { cases: K, submit: N, concurrency: C } = options;
  const loadBefore = loadavg();
  console.log(`scale bench: K=${K} cases, ${N} submitted, ${C} connections; ${cpus().length} CPUs; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const server = await startServer(options.cpuProf);
  const pid = server.child.pid!;
  console.log(`server pid ${pid} on ports ${server.base}–${server.base + 3}, data in a temporary directory\n`);
  try {
    const api = new Api(serviceUrlsFromBase(`http://127.0.0.1:${server.base}`), await devTokenSource({}, server.dataDir));
    const staff = staffOf(DIVISION);
    const auditor: Who = { role: 'auditor', division: DIVISION, sub: 'sample-auditor' };
    const today = (await api.get<{ today: string }>('applications', `/cases?division=${DIVISION}&limit=1`, staff.officer)).body.today;
    note('importing the shipped 嘉兴 standard');
    await ensureStandards(api, [{ benefit: 'tefu', division: DIVISION }], today);
    const bodies = households(1, 2 * K, today);
    const rows: string[] = [];
    const get = (service: ServiceName, path: string) => () => api.get(service, path, staff.officer);

    // Start-up work (projections catching up, first connections, JIT) is not the baseline's cost.
    await mapBounded(Array.from({ length: 200 }, (_, i) => i), C, () => api.get('applications', '/health/live', staff.officer));
    await settle(api, auditor);
    const live = await load('baseline: GET /health/live', K, C, get('applications', '/health/live'));
    rows.push(phaseRow(live.phase, ''));
    const whoami = await load('baseline: GET /whoami (token verified)', K, C, get('applications', '/whoami'));
    rows.push(phaseRow(whoami.phase, ''));

    if (server.profile) server.child.kill('SIGUSR2');
    const created = await load(`特扶 creations POST /cases/tefu (log: 0 → ${K} cases)`, K, C, async (i) => (await api.post<{ caseId: string }>('applications', '/cases/tefu', staff.intake, { body: bodies[i] })).body.caseId);
    if (server.profile) server.child.kill('SIGUSR2');
    rows.push(phaseRow(created.phase, '≥ 300/s'));

    // Submissions, with the case list polled meanwhile: determinations are counted as they arrive,
    // so a pipeline that keeps up with the submissions shows as such rather than as the submit rate.
    const toSubmit = created.results.filter((id): id is string => id !== null).slice(0, N);
    const targeted = new Set(toSubmit);
    const arrivals: { at: number; count: number }[] = [];
    let submitsDone = false;
    let submittedOk = toSubmit.length;
    const submitStarted = performance.now();
    const poller = (async () => {
      const deadline = submitStarted + 15 * 60_000;
      for (;;) {
        const count = await determinedCount(api, staff.officer, targeted);
        arrivals.push({ at: performance.now(), count });
        if ((submitsDone && count >= submittedOk) || performance.now() > deadline) return;
        await sleep(500);
      }
    })();
    const submitted = await load(`submit POST /cases/{id}/submit`, toSubmit.length, C, async (i) => {
      await api.post('applications', `/cases/${toSubmit[i]}/submit`, staff.intake, { body: {}, ifMatch: 0 });
      return toSubmit[i];
    });
    const submitsEnded = performance.now();
    submittedOk = submitted.phase.ok;
    submitsDone = true;
    await poller;
    rows.push(phaseRow(submitted.phase, ''));
    const last = arrivals[arrivals.length - 1];
    const atSubmitEnd = [...arrivals].reverse().find((a) => a.at <= submitsEnded)?.count ?? 0;
    const allAt = arrivals.find((a) => a.count >= submittedOk)?.at ?? null;
    const detSeconds = ((allAt ?? last.at) - submitStarted) / 1000;
    note(`determinations: ${last.count} / ${submittedOk}; ${atSubmitEnd} when the last submit answered`);
    rows.push(
      phaseRow(
        {
          what: 'determinations arriving (case list), first submit → last determination',
          count: submittedOk,
          ok: last.count,
          seconds: detSeconds,
          rate: last.count / detSeconds,
          p50: null,
          p99: null,
          errors: {},
          note: `${atSubmitEnd} recorded when the last submit answered; the rest within ${fmt(((allAt ?? last.at) - submitsEnded) / 1000, 1)} s`,
        },
        '≥ 100/s',
      ),
    );
    const waitingFor = new Set(submitted.results.filter((id): id is string => id !== null));

    const probe = [...waitingFor][0];
    note('audit history: 20 requests');
    const before = await historyLatency(api, auditor, probe);
    const more = await load(`特扶 creations POST /cases/tefu (log: ${K} → ${2 * K} cases)`, K, C, async (i) => (await api.post('applications', '/cases/tefu', staff.intake, { body: bodies[K + i] })).body.caseId);
    rows.push(phaseRow(more.phase, '≥ 300/s'));
    note('audit history: 20 requests');
    const after = await historyLatency(api, auditor, probe);
    const change = after.medianMs / before.medianMs - 1;
    const memory = memoryOf(pid);
    const loadAfter = loadavg();

    console.log('| what | ok/count | time | rate | p50 ms | p99 ms | target | errors / note |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(`| audit history GET /audit/cases/{id}/history, median of 20 (read models caught up, 3 warm-up requests), log of ${K} cases | | | | ${fmt(before.medianMs, 1)} | | | ${before.timelineEvents} timeline events; min ${fmt(before.minMs, 1)}, p90 ${fmt(before.p90Ms, 1)} ms |`);
    console.log(`| same case, log of ${2 * K} cases | | | | ${fmt(after.medianMs, 1)} | | within ±20 % | ${change >= 0 ? '+' : ''}${fmt(change * 100, 0)} % (min ${fmt(after.minMs, 1)}, p90 ${fmt(after.p90Ms, 1)} ms) |`);
    console.log(`| server peak RSS (VmHWM) | | | | | | | ${memory ? `${memory.peakMiB} MiB (now ${memory.rssMiB} MiB)` : 'not available'} |`);
    console.log(`\nload average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);

    if (server.profile) {
      for (let i = 0; i < 50 && !existsSync(server.profile); i++) await sleep(100);
      if (existsSync(server.profile)) {
        const top = topSelfTime(JSON.parse(readFileSync(server.profile, 'utf8')) as CpuProfile);
        console.log(`\nserver CPU profile of the first creation phase: ${fmt(top.totalMs)} ms sampled, main thread idle ${fmt(top.idleShare * 100, 1)} %`);
        console.log('| self time, function | ms | share |\n|---|---|---|');
        for (const f of top.functions) console.log(`| ${f.name} | ${fmt(f.ms)} | ${fmt(f.share * 100, 1)} % |`);
        console.log('\n| self time, package or workspace folder | ms | share |\n|---|---|---|');
        for (const p of top.packages) console.log(`| ${p.name} | ${fmt(p.ms)} | ${fmt(p.share * 100, 1)} % |`);
        const sqlFile = `${server.profile}.sql.json`;
        if (existsSync(sqlFile)) {
          const statements = JSON.parse(readFileSync(sqlFile, 'utf8')) as { sql: string; count: number; ms: number }[];
          const calls = statements.filter((st) => st.sql !== '(whole transaction)').reduce((n, st) => n + st.count, 0);
          console.log(`\nSQL on the embedded databases during the same phase: ${fmt(calls)} statements, ${fmt(calls / K, 1)} per creation`);
          console.log('(time from call to answer, so it includes waiting for the database; statements in a transaction also count in its line)');
          console.log('| statement | count | per creation | total ms | mean ms |\n|---|---|---|---|---|');
          for (const st of statements.slice(0, 12)) {
            console.log(`| \`${st.sql.replace(/\|/g, '\\|')}\` | ${fmt(st.count)} | ${fmt(st.count / K, 2)} | ${fmt(st.ms)} | ${fmt(st.ms / st.count, 2)} |`);
          }
        }
      } else console.log('\n(no CPU profile was written)');
    }
  } catch (error) {
    console.error(`scale bench failed: ${error instanceof ApiError ? `${error.request}: ${error.code} ` : ''}${error instanceof Error ? error.message : String(error)}`);
    console.error(readFileSync(server.log, 'utf8').split('\n').slice(-30).join('\n'));
    process.exitCode = 1;
  } finally {
    await stopServer(server);
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === __filename) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
