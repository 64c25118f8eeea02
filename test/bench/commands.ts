/**
 * `node tools/run-ts.js test/bench/commands.ts [--commands N] [--connections C] [--rate R] [--seconds S] [--cpu-prof | --no-cpu-prof]`:
 * the command path of the applications service over HTTP on a PostgreSQL server. A private
 * PostgreSQL cluster, the applications service as its own process on it (BENEFITS_EVENT_STORE=postgres,
 * no Kafka: its case-index projection and the personal-data vault run on the same database), and
 * C keep-alive connections (one http.Agent, maxSockets C) issuing 特扶 commands: a case creation
 * (POST /cases/tefu, an invented household with valid 身份证号) followed by its submission
 * (POST /cases/{id}/submit, If-Match "0").
 *
 *   1. closed loop: C connections, each creating and submitting cases back to back until N commands
 *      are done — commands/s, and p50/p99 per command type;
 *   2. open loop: commands offered on a fixed schedule of R/s for S seconds (creation and submission
 *      alternate on the ticks; a submission waits for its creation) — the achieved rate, and p50/p99
 *      measured from each command's scheduled time, so that queueing behind a slow answer counts;
 *   3. baselines in the same run: GET /health/live at C connections (what the HTTP framework costs)
 *      and GET /whoami (the same plus verifying the bearer token, as every command does), N each,
 *      and a plain multi-row INSERT (1000 rows a statement, one pg Client) of as many rows as the
 *      closed loop wrote events, with the same payload text — the ratios are printed;
 *   4. the server's peak RSS (VmHWM), CPU time per command of the server, PostgreSQL and this
 *      client, the share of the machine other processes took, and `uptime`.
 *
 * Targets: ≥ 3,000 commands/s closed loop; p99 < 20 ms at 500 commands/s. When one is missed (or
 * with --cpu-prof), a further closed-loop pass runs with the server's V8 profiler on
 * (test/bench/scale-profiler.ts, preloaded) and the top self-time functions and packages are
 * printed; the measured phases above run without the profiler sampling. Sample data throughout.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { LocalDate } from '@benefits/kernel';
import { reapWhenGone, startPrivateCluster, stopPrivateCluster, type PrivateCluster } from '@benefits/testing';
import { devTokenSource, ResidentIdAllocator, sampleMarker, sleep, staffOf, stream, tefuHousehold } from '@benefits/demo';

const ROOT = resolve(__dirname, '..', '..');
const DIVISION = '330402';
const SEED = 7;

interface Options {
  commands: number;
  connections: number;
  rate: number;
  seconds: number;
  cpuProf: 'auto' | 'always' | 'never';
}

const USAGE = 'usage: node tools/run-ts.js test/bench/commands.ts [--commands N] [--connections C] [--rate R] [--seconds S] [--cpu-prof | --no-cpu-prof]';

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { commands: 4000, connections: 16, rate: 500, seconds: 10, cpuProf: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'commands') continue; // `npm run bench -- commands`
    if (arg === '--cpu-prof') options.cpuProf = 'always';
    else if (arg === '--no-cpu-prof') options.cpuProf = 'never';
    else if (arg === '--commands' || arg === '--connections' || arg === '--rate' || arg === '--seconds') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a whole number ≥ 1\n${USAGE}`);
      options[arg.slice(2) as 'commands' | 'connections' | 'rate' | 'seconds'] = value;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

const note = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

// --- the server ----------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  dataDir: string;
  log: string;
  profile: string | null;
}

/**
 * The applications service alone, as production runs it (services/applications/src/main.ts), on
 * the cluster's database. Only the variables set here configure it: anything BENEFITS_* in the
 * caller's environment (Kafka brokers, a JWKS URL, another read store) is left out.
 */
async function startServer(pgUrl: string, profiled: boolean): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-bench-commands-'));
  const port = await freePort();
  const log = join(dataDir, 'server.log');
  const profile = profiled ? join(dataDir, 'commands.cpuprofile') : null;
  const preload = profiled ? ['-r', join(ROOT, 'tools', 'register.js'), '-r', join(__dirname, 'scale-profiler.ts')] : [];
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('BENEFITS_') && key !== 'PORT'));
  const child = spawn(process.execPath, [...preload, join(ROOT, 'tools', 'run-ts.js'), join(ROOT, 'services', 'applications', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...env,
      BENEFITS_EVENT_STORE: 'postgres',
      BENEFITS_PG_URL: pgUrl,
      BENEFITS_DATA_DIR: dataDir,
      BENEFITS_HOST: '127.0.0.1',
      PORT: String(port),
      ...(profile ? { BENCH_CPU_PROFILE: profile } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let ready = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('listening on')) ready = true;
  });
  const deadline = Date.now() + 180_000;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) during start-up:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`the server did not start within 180 s; see ${log}`);
    await sleep(100);
  }
  return { child, port, dataDir, log, profile };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise<void>((done) => server.child.once('exit', () => done()));
    server.child.kill('SIGINT');
    await Promise.race([exited, sleep(30_000)]);
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
}

// --- CPU and memory from /proc -------------------------------------------------------------------

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in ms, and its parent pid; null once it is gone. */
function procStat(pid: number): { cpuMs: number; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

/** CPU of the postmaster and its live children (backends, checkpointer, …) in ms. */
function postgresCpuMs(postmasterPid: number): number {
  let total = procStat(postmasterPid)?.cpuMs ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.ppid === postmasterPid) total += stat.cpuMs;
  }
  return total;
}

/** Busy and total CPU time of the whole machine in ms (all cores, /proc/stat). */
function machineCpuMs(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3] + ticks[4];
  return { busyMs: ((total - idle) * 1000) / CLOCK_TICKS, totalMs: (total * 1000) / CLOCK_TICKS };
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB. */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMiB: Math.round(kb('VmHWM') / 1024), rssMiB: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

interface CpuMark {
  server: number;
  postgres: number;
  client: number;
  machine: { busyMs: number; totalMs: number };
}

function cpuMark(serverPid: number, postmasterPid: number): CpuMark {
  const own = process.cpuUsage();
  return { server: procStat(serverPid)?.cpuMs ?? 0, postgres: postgresCpuMs(postmasterPid), client: (own.user + own.system) / 1000, machine: machineCpuMs() };
}

/** Where the CPU of a phase went: per command for ours, and the share of the machine others took. */
function cpuBetween(a: CpuMark, b: CpuMark, commands: number) {
  const server = b.server - a.server;
  const postgres = b.postgres - a.postgres;
  const client = b.client - a.client;
  const busy = b.machine.busyMs - a.machine.busyMs;
  const capacity = b.machine.totalMs - a.machine.totalMs;
  return {
    perCommand: { server: server / commands, postgres: postgres / commands, client: client / commands },
    machineBusy: busy / capacity,
    othersShare: Math.max(0, busy - server - postgres - client) / capacity,
  };
}

// --- HTTP over keep-alive connections ------------------------------------------------------------

interface Reply {
  status: number;
  body: string;
}

class Http {
  readonly agent: Agent;
  socketsOpened = 0;

  constructor(
    private readonly port: number,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
    return new Promise((done, fail) => {
      const all = body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers: all }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      });
      req.on('socket', (socket) => {
        if (!(socket as { benchSeen?: boolean }).benchSeen) {
          (socket as { benchSeen?: boolean }).benchSeen = true;
          this.socketsOpened++;
        }
      });
      req.on('error', fail);
      req.end(body);
    });
  }
}

/** A refused or failed command, named by the service's stable code where it gave one. */
class CommandError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function refusal(reply: Reply, what: string): CommandError {
  let code = `HTTP_${reply.status}`;
  try {
    const parsed = JSON.parse(reply.body) as { code?: unknown };
    if (typeof parsed.code === 'string') code = parsed.code;
  } catch {
    // not JSON: the status names it
  }
  return new CommandError(code, `${what}: ${reply.status} ${reply.body.slice(0, 300)}`);
}

type CommandType = 'create' | 'submit';

interface Recorder {
  latencies: Record<CommandType, number[]>;
  errors: Record<string, number>;
}

const newRecorder = (): Recorder => ({ latencies: { create: [], submit: [] }, errors: {} });

function recordError(rec: Recorder, type: CommandType, error: unknown): void {
  const code = error instanceof CommandError ? error.code : ((error as { code?: string }).code ?? 'ERROR');
  const key = `${type} ${code}`;
  if (!rec.errors[key]) note(`first ${key}: ${error instanceof Error ? error.message : String(error)}`);
  rec.errors[key] = (rec.errors[key] ?? 0) + 1;
}

/** The two commands of the bench, as an intake officer of the division sends them. */
class Commands {
  private readonly ids = new ResidentIdAllocator(stream(SEED, 'bench-commands-ids'));
  private made = 0;

  constructor(
    private readonly http: Http,
    private readonly token: string,
    private readonly today: LocalDate,
  ) {}

  /** A new invented 特扶 household (everyone under 60), 身份证号 unique across the run. */
  nextBody(): string {
    const i = this.made++;
    return JSON.stringify(tefuHousehold(stream(SEED, 'bench-commands', i), DIVISION, this.today, this.ids, sampleMarker(SEED, i), { under60: true }).create);
  }

  async create(body: string): Promise<string> {
    const reply = await this.http.send('POST', '/cases/tefu', { authorization: `Bearer ${this.token}` }, body);
    if (reply.status !== 201) throw refusal(reply, 'POST /cases/tefu');
    return (JSON.parse(reply.body) as { caseId: string }).caseId;
  }

  async submit(caseId: string): Promise<void> {
    const reply = await this.http.send('POST', `/cases/${caseId}/submit`, { authorization: `Bearer ${this.token}`, 'if-match': '"0"' }, '{}');
    if (reply.status !== 200) throw refusal(reply, `POST /cases/${caseId}/submit`);
  }
}

// --- the phases ----------------------------------------------------------------------------------

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);

interface Stats {
  ok: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

function statsOf(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { ok: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

interface LoopResult {
  commands: number;
  seconds: number;
  rec: Recorder;
}

const okCount = (rec: Recorder) => rec.latencies.create.length + rec.latencies.submit.length;

/** C connections, each creating then submitting cases back to back until `commands` are issued. */
async function closedLoop(cmd: Commands, commands: number, connections: number): Promise<LoopResult> {
  const rec = newRecorder();
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < commands) {
      issued += 2;
      const body = cmd.nextBody();
      let caseId: string;
      let t0 = performance.now();
      try {
        caseId = await cmd.create(body);
        rec.latencies.create.push(performance.now() - t0);
      } catch (error) {
        recordError(rec, 'create', error);
        continue;
      }
      t0 = performance.now();
      try {
        await cmd.submit(caseId);
        rec.latencies.submit.push(performance.now() - t0);
      } catch (error) {
        recordError(rec, 'submit', error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { commands: issued, seconds: (performance.now() - started) / 1000, rec };
}

/**
 * Commands on a fixed schedule, whatever the answers: tick 2k creates case k, tick 2k+1 submits it
 * (or as soon as its creation answers, if later). A command's latency runs from the moment it was
 * due, not from when a connection became free for it, so a backlog shows in the figures instead of
 * slowing the offered rate down (no coordinated omission).
 */
async function openLoop(cmd: Commands, rate: number, seconds: number): Promise<LoopResult & { lastDueLagMs: number; withinWindow: number }> {
  const rec = newRecorder();
  const cases = Math.floor((rate * seconds) / 2);
  const tick = 1000 / rate;
  const bodies = Array.from({ length: cases }, () => cmd.nextBody());
  const started = performance.now();
  const windowEnd = started + seconds * 1000;
  let withinWindow = 0;
  let lastDueLagMs = 0;
  const runs: Promise<void>[] = [];
  const done = () => {
    if (performance.now() <= windowEnd) withinWindow++;
  };
  for (let k = 0; k < cases; k++) {
    const createDue = started + 2 * k * tick;
    const submitDue = createDue + tick;
    const wait = createDue - performance.now();
    if (wait > 0) await sleep(wait);
    lastDueLagMs = Math.max(lastDueLagMs, performance.now() - createDue);
    runs.push(
      (async () => {
        let caseId: string;
        try {
          caseId = await cmd.create(bodies[k]);
          rec.latencies.create.push(performance.now() - createDue);
          done();
        } catch (error) {
          recordError(rec, 'create', error);
          return;
        }
        const wait = submitDue - performance.now();
        if (wait > 0) await sleep(wait);
        const from = Math.max(submitDue, performance.now());
        try {
          await cmd.submit(caseId);
          rec.latencies.submit.push(performance.now() - from);
          done();
        } catch (error) {
          recordError(rec, 'submit', error);
        }
      })(),
    );
  }
  await Promise.all(runs);
  return { commands: cases * 2, seconds: (performance.now() - started) / 1000, rec, lastDueLagMs, withinWindow };
}

interface GetTarget {
  path: string;
  headers: Record<string, string>;
}

/**
 * `count` GETs of each target at `connections` connections: requests/s and latency. The targets
 * take turns in ROUNDS rounds, the first of each round rotating, so that on a shared machine whose
 * load changes by the second each meets the same load rather than one a quiet stretch.
 */
async function getLoops(http: Http, targets: readonly GetTarget[], count: number, connections: number) {
  const ROUNDS = 4;
  const results = targets.map(() => ({ latencies: [] as number[], errors: {} as Record<string, number>, ms: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    const share = Math.floor(count / ROUNDS) + (round < count % ROUNDS ? 1 : 0);
    for (let k = 0; k < targets.length; k++) {
      const t = (round + k) % targets.length;
      const { path, headers } = targets[t];
      const into = results[t];
      let issued = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (issued < share) {
            issued++;
            const t0 = performance.now();
            try {
              const reply = await http.send('GET', path, headers);
              if (reply.status !== 200) throw refusal(reply, `GET ${path}`);
              into.latencies.push(performance.now() - t0);
            } catch (error) {
              const code = error instanceof CommandError ? error.code : ((error as { code?: string }).code ?? 'ERROR');
              into.errors[code] = (into.errors[code] ?? 0) + 1;
            }
          }
        }),
      );
      into.ms += performance.now() - started;
    }
  }
  return results.map((r) => ({ count, seconds: r.ms / 1000, rate: r.latencies.length / (r.ms / 1000), stats: statsOf(r.latencies), errors: r.errors }));
}

/**
 * The floor under the command path: the rows the closed loop appended (their stored payload text),
 * written again by one client as plain multi-row INSERTs of 1000 into a bare table — no revision
 * check, no hash chain, no vault, no HTTP. Rows per second.
 */
async function insertBaseline(storeUrl: string, baselineUrl: string, rows: number): Promise<{ rows: number; seconds: number; rate: number }> {
  const store = new Client({ connectionString: storeUrl });
  await store.connect();
  const { rows: events } = await store.query<{ stream_id: string; stream_revision: string; type: string; hashed_text: string }>(
    'SELECT stream_id, stream_revision, type, hashed_text FROM event_store.events ORDER BY position DESC LIMIT $1',
    [rows],
  );
  await store.end();
  const client = new Client({ connectionString: baselineUrl });
  await client.connect();
  try {
    await client.query('CREATE TABLE baseline (id bigserial PRIMARY KEY, stream text NOT NULL, rev bigint NOT NULL, type text NOT NULL, body text NOT NULL)');
    const started = performance.now();
    for (let from = 0; from < events.length; from += 1000) {
      const params: unknown[] = [];
      const values = events.slice(from, from + 1000).map((e) => {
        params.push(e.stream_id, Number(e.stream_revision), e.type, e.hashed_text);
        const k = params.length;
        return `($${k - 3}, $${k - 2}, $${k - 1}, $${k})`;
      });
      await client.query(`INSERT INTO baseline (stream, rev, type, body) VALUES ${values.join(',')}`, params);
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows: events.length, seconds, rate: events.length / seconds };
  } finally {
    await client.end();
  }
}

// --- the profile --------------------------------------------------------------------------------

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function and per package (node_modules/<pkg>, node core, or the workspace folder).
 * A native function (a binding such as a socket write or a crypto job, no script of its own) is
 * named with its nearest JavaScript caller and counted to that caller's package, so that "native
 * run" says whose work it was.
 */
function topSelfTime(profile: CpuProfile, top = 10) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  const whereOf = (url: string) => (url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.startsWith('node:') ? url : relative(ROOT, url));
  const packageOf = (url: string) => {
    const where = whereOf(url);
    if (url.includes('node_modules/')) return where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/');
    return url.startsWith('node:') ? 'node (core)' : where.split('/').slice(0, 2).join('/');
  };
  const ancestors = function* (id: number) {
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) yield byId.get(up)!.callFrame;
  };
  const perFunction = new Map<string, number>();
  const perPackage = new Map<string, number>();
  let total = 0;
  let profilerOwnUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    // The profiler's own stop (serialising the profile inside inspector's post) is not the server's work.
    if ([...ancestors(id)].some((f) => f.url === 'node:inspector')) {
      profilerOwnUs += us;
      return;
    }
    total += us;
    const { callFrame: frame } = byId.get(id)!;
    const url = frame.url.replace(/^file:\/\//, '');
    const name = frame.functionName || '(anonymous)';
    let fn: string;
    let pkg: string;
    if (url !== '') {
      fn = `${name}  ${whereOf(url)}:${frame.lineNumber + 1}`;
      pkg = packageOf(url);
    } else if (name.startsWith('(')) {
      // V8's own: (garbage collector), (idle), (program), (root).
      fn = name;
      pkg = name;
    } else {
      const frames = [...ancestors(id)].filter((f) => f.url !== '');
      const caller = frames[0] ?? null;
      const callerUrl = caller ? caller.url.replace(/^file:\/\//, '') : '';
      // Whose work it was: the nearest caller outside node's core (a socket write from pg or from express).
      const owner = frames.find((f) => !f.url.startsWith('node:'));
      const via = owner && owner !== caller ? ` via ${packageOf(owner.url.replace(/^file:\/\//, ''))}` : '';
      fn = caller ? `native ${name} ← ${caller.functionName || '(anonymous)'}  ${whereOf(callerUrl)}:${caller.lineNumber + 1}${via}` : `native ${name}`;
      pkg = owner ? `${packageOf(owner.url.replace(/^file:\/\//, ''))} (native)` : caller ? `${packageOf(callerUrl)} (native)` : 'native';
    }
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
    perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + us);
  });
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, profilerOwnMs: profilerOwnUs / 1000, idleShare: (perFunction.get('(idle)') ?? 0) / total, functions: rank(perFunction), packages: rank(perPackage) };
}

// --- output -------------------------------------------------------------------------------------

const fmt = (value: number | null, digits = 0) => (value === null ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const errorsText = (errors: Record<string, number>) => Object.entries(errors).map(([code, n]) => `${code}×${n}`).join(' ');

function loopRows(label: string, result: LoopResult): string[] {
  const all = statsOf([...result.rec.latencies.create, ...result.rec.latencies.submit]);
  const rate = okCount(result.rec) / result.seconds;
  const row = (what: string, s: Stats, rateText: string, extra = '') => `| ${label} | ${what} | ${fmt(s.ok)} | ${rateText} | ${fmt(s.p50, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.max, 1)} | ${extra} |`;
  return [
    row('all commands', all, `${fmt(rate, 0)}/s in ${fmt(result.seconds, 1)} s`, errorsText(result.rec.errors)),
    row('create POST /cases/tefu', statsOf(result.rec.latencies.create), ''),
    row('submit POST /cases/{id}/submit', statsOf(result.rec.latencies.submit), ''),
  ];
}

const uptime = () => {
  try {
    return execFileSync('uptime').toString().trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const { commands: N, connections: C, rate: R, seconds: S } = options;
  const startUptime = uptime();
  console.log(`commands bench: closed loop ${N} commands at ${C} connections; open loop ${R} commands/s for ${S} s; ${cpus().length} CPUs`);
  console.log(`uptime at start: ${startUptime}`);
  note('starting a private PostgreSQL cluster');
  const cluster: PrivateCluster = await startPrivateCluster();
  reapWhenGone(process.pid, cluster); // a bench killed half-way leaves no cluster running
  let server: Server | null = null;
  let http: Http | null = null;
  try {
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_commands');
    await admin.query('CREATE DATABASE bench_baseline');
    await admin.end();
    const dbUrl = (db: string) => Object.assign(new URL(cluster.url), { pathname: `/${db}` }).toString();
    const postmasterPid = Number(readFileSync(join(cluster.dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

    note('starting the applications service');
    server = await startServer(dbUrl('bench_commands'), options.cpuProf !== 'never');
    const pid = server.child.pid!;
    console.log(`server pid ${pid} on 127.0.0.1:${server.port}, PostgreSQL pid ${postmasterPid}${server.profile ? ' (V8 profiler preloaded, idle until the profiling pass)' : ''}\n`);

    // The server made the dev signing key in the data directory at start-up; tokens signed with it.
    const tokens = await devTokenSource({}, server.dataDir);
    const token = await tokens(staffOf(DIVISION).intake);
    http = new Http(server.port, C);
    const cmd = new Commands(http, token, LocalDate.ofInstant(new Date()));

    note('warm-up: 200 commands (not counted)');
    const warm = await closedLoop(cmd, 200, C);
    if (okCount(warm.rec) === 0) throw new Error(`the warm-up failed: ${errorsText(warm.rec.errors)}`);

    note(`baselines: GET /health/live and GET /whoami, ${N} each at ${C} connections, interleaved`);
    const [live, whoami] = await getLoops(http, [{ path: '/health/live', headers: {} }, { path: '/whoami', headers: { authorization: `Bearer ${token}` } }], N, C);

    note(`closed loop: ${N} commands at ${C} connections`);
    const before = cpuMark(pid, postmasterPid);
    const closed = await closedLoop(cmd, N, C);
    const closedCpu = cpuBetween(before, cpuMark(pid, postmasterPid), okCount(closed.rec));
    note(`closed loop: ${okCount(closed.rec)} ok in ${closed.seconds.toFixed(1)} s`);

    note(`open loop: ${R} commands/s for ${S} s`);
    const beforeOpen = cpuMark(pid, postmasterPid);
    const open = await openLoop(cmd, R, S);
    const openCpu = cpuBetween(beforeOpen, cpuMark(pid, postmasterPid), okCount(open.rec));
    note(`open loop: ${okCount(open.rec)} ok in ${open.seconds.toFixed(1)} s`);

    note(`baseline: plain multi-row INSERT of ${okCount(closed.rec)} rows`);
    const insert = await insertBaseline(dbUrl('bench_commands'), dbUrl('bench_baseline'), okCount(closed.rec));

    const closedRate = okCount(closed.rec) / closed.seconds;
    const openAll = statsOf([...open.rec.latencies.create, ...open.rec.latencies.submit]);
    const openAchieved = okCount(open.rec) / open.seconds;
    const closedMet = closedRate >= 3000;
    const openMet = openAll.p99 !== null && openAll.p99 < 20 && okCount(open.rec) === open.commands;

    console.log('| phase | what | ok | rate | p50 ms | p99 ms | max ms | errors / note |');
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(`| baseline | GET /health/live | ${fmt(live.stats.ok)} | ${fmt(live.rate)}/s in ${fmt(live.seconds, 1)} s | ${fmt(live.stats.p50, 1)} | ${fmt(live.stats.p99, 1)} | ${fmt(live.stats.max, 1)} | ${errorsText(live.errors)} |`);
    console.log(`| baseline | GET /whoami (token verified) | ${fmt(whoami.stats.ok)} | ${fmt(whoami.rate)}/s in ${fmt(whoami.seconds, 1)} s | ${fmt(whoami.stats.p50, 1)} | ${fmt(whoami.stats.p99, 1)} | ${fmt(whoami.stats.max, 1)} | ${errorsText(whoami.errors)} |`);
    for (const row of loopRows(`closed loop, ${C} connections`, closed)) console.log(row);
    for (const row of loopRows(`open loop, ${R}/s offered`, open)) console.log(row);
    console.log(`| baseline | plain multi-row INSERT (1000 rows a statement, 1 client) | ${fmt(insert.rows)} rows | ${fmt(insert.rate)} rows/s in ${fmt(insert.seconds, 2)} s | | | | same payload text as the events appended |`);

    console.log('');
    console.log(`closed loop: ${fmt(closedRate)} commands/s — target ≥ 3,000/s: ${closedMet ? 'met' : 'MISSED'}`);
    console.log(
      `open loop: ${fmt(openAchieved)} commands/s achieved of ${R}/s offered (${fmt(open.withinWindow)} of ${fmt(open.commands)} answered within the ${S} s window), ` +
        `p50 ${fmt(openAll.p50, 1)} ms, p99 ${fmt(openAll.p99, 1)} ms — target p99 < 20 ms: ${openMet ? 'met' : 'MISSED'}` +
        (open.lastDueLagMs > 5 ? ` (the client itself sent up to ${fmt(open.lastDueLagMs, 1)} ms late)` : ''),
    );
    console.log(`ratios: closed-loop commands/s = ${fmt(closedRate / live.rate, 3)}× GET /health/live requests/s, ${fmt(closedRate / whoami.rate, 3)}× GET /whoami; = ${fmt(closedRate / insert.rate, 4)}× plain INSERT rows/s (1 event per command)`);
    const cpuLine = (label: string, c: ReturnType<typeof cpuBetween>) =>
      `${label}: CPU per command — server ${fmt(c.perCommand.server, 2)} ms, PostgreSQL ${fmt(c.perCommand.postgres, 2)} ms, this client ${fmt(c.perCommand.client, 2)} ms; ` +
      `machine busy ${fmt(c.machineBusy * 100, 0)} % of ${cpus().length} cores, ${fmt(c.othersShare * 100, 0)} % taken by other processes`;
    console.log(cpuLine('closed loop', closedCpu));
    console.log(cpuLine('open loop', openCpu));
    const memory = memoryOf(pid);
    console.log(`server peak RSS (VmHWM): ${memory ? `${memory.peakMiB} MiB (now ${memory.rssMiB} MiB)` : 'not available'}; keep-alive connections opened: ${http.socketsOpened}`);
    console.log(`uptime at start: ${startUptime}`);
    console.log(`uptime at end:   ${uptime()}`);

    const profileWanted = options.cpuProf === 'always' || (options.cpuProf === 'auto' && !(closedMet && openMet));
    if (profileWanted && server.profile) {
      const n = Math.min(N, 2000);
      note(`profiling pass: ${n} commands at ${C} connections, server V8 profiler on`);
      server.child.kill('SIGUSR2');
      const profiled = await closedLoop(cmd, n, C);
      server.child.kill('SIGUSR2');
      for (let i = 0; i < 100 && !existsSync(server.profile); i++) await sleep(100);
      if (existsSync(server.profile)) {
        await sleep(200); // the file is written in one call; give it a moment to be complete
        const top = topSelfTime(JSON.parse(readFileSync(server.profile, 'utf8')) as CpuProfile);
        console.log(
          `\nserver CPU profile of a closed-loop pass (${fmt(okCount(profiled.rec))} commands, ${fmt(okCount(profiled.rec) / profiled.seconds)}/s with the profiler on): ` +
            `${fmt(top.totalMs)} ms sampled (${fmt(top.profilerOwnMs)} ms of the profiler's own stop left out), main thread idle ${fmt(top.idleShare * 100, 1)} %`,
        );
        // V8 charges the wall time between two samples to the stack it finds: on a machine where
        // other processes hold the cores, the time the thread waited for one lands on whatever it was
        // running, evenly enough that the shares still read as shares of the server's CPU.
        console.log('(shares of the main thread\'s sampled wall time; a native binding is named with its JavaScript caller and, "via", the package that called into node)');
        console.log('| self time, function | ms | share |\n|---|---|---|');
        for (const f of top.functions) console.log(`| ${f.name} | ${fmt(f.ms)} | ${fmt(f.share * 100, 1)} % |`);
        console.log('\n| self time, package or workspace folder | ms | share |\n|---|---|---|');
        for (const p of top.packages) console.log(`| ${p.name} | ${fmt(p.ms)} | ${fmt(p.share * 100, 1)} % |`);
      } else console.log('\n(no CPU profile was written)');
    }
  } catch (error) {
    console.error(`commands bench failed: ${error instanceof Error ? error.message : String(error)}`);
    if (server) console.error(readFileSync(server.log, 'utf8').split('\n').slice(-30).join('\n'));
    process.exitCode = 1;
  } finally {
    http?.agent.destroy();
    if (server) {
      await stopServer(server);
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    stopPrivateCluster(cluster);
  }
}

if (process.argv[1] === __filename) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
