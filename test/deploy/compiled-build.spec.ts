import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, freePortRange, KAFKA_BROKERS_ENV } from '@benefits/testing';
import { execForm, parseDockerfile, ROOT } from './deploy-files';
import { endOf } from '../support/child-exit';

/**
 * The production build (`npm run build`, tools/build.js) made once into a temporary folder, and every
 * compiled process started from it with plain `node` — no SWC, no TypeScript, no path aliases at run
 * time: each of the four services against its own PostgreSQL database (and the run's Kafka mock
 * cluster when there is one), the console server, the embedded default, and the command line. A
 * process counts as started when it answers /health/live and /health/ready (the services also their
 * OpenAPI document, which Nest builds from the decorators' metadata) and stops cleanly on SIGTERM.
 * The packages visible to them are those a production install has (devDependencies absent).
 * The console's Vite build is left out here (`--no-console`, several seconds): the console server is
 * given a folder with a page of its own.
 */
// Generous: on a loaded machine the embedded default alone (four PGlite databases) has taken two minutes to open.
jest.setTimeout(600_000);

const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
const EXAMPLE_MODULE = 'test/fixtures/example-benefit/index.ts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROCESSES, ASSETS } = require('../../tools/build.js') as { PROCESSES: Record<string, string>; ASSETS: string[] };

const children = new Set<ChildProcess>();
// Whatever happens to the suite, no process outlives the test run.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Started {
  let output = '';
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    // Plain node: nothing preloaded (jest's NODE_OPTIONS cleared), nothing from the source tree.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const collect = (chunk: Buffer) => void (output += chunk.toString('utf8'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}

async function waitFor(what: string, started: Started, probe: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`${what}: the process exited (${started.child.exitCode}):\n${started.output()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const answers = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(15_000) })).status === 200;

/** SIGTERM, then the exit code (SIGKILL after two generous minutes, which fails the test). */
async function stop(started: Started): Promise<number | string | null> {
  const { child } = started;
  if (child.exitCode !== null) return child.exitCode;
  const exited = endOf(child).then((end) => end.code ?? end.signal);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** A node_modules of links to the installed packages a production install would have (lockfile: not `dev`). */
function productionModules(dir: string): void {
  const locked = (JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }).packages;
  let linked = 0;
  for (const [path, entry] of Object.entries(locked)) {
    // Top-level packages only (node_modules/<name> or node_modules/@scope/<name>): nested ones come with their parent.
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
    if (!name || entry.dev === true || !existsSync(join(ROOT, 'node_modules', name))) continue;
    mkdirSync(join(dir, name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, name), 'dir');
    linked++;
  }
  expect(linked).toBeGreaterThan(50);
  expect(existsSync(join(dir, 'typescript'))).toBe(false);
  expect(existsSync(join(dir, '@swc', 'core'))).toBe(false);
}

describe('production build: compiled processes start with plain node', () => {
  let out: string;
  let dataRoot: string;
  let buildMs = 0;

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'benefits-build-'));
    out = join(base, 'dist');
    dataRoot = join(base, 'data');
    mkdirSync(dataRoot);
    const started = Date.now();
    // With a benefit module (the example 示例补贴, sample data) compiled beside the services.
    const build = spawnSync(process.execPath, [join(ROOT, 'tools', 'build.js'), '--out', out, '--no-console', '--quiet', '--modules', EXAMPLE_MODULE], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    buildMs = Date.now() - started;
    if (build.status !== 0) throw new Error(`npm run build failed (${build.status}):\n${build.stdout}${build.stderr}`);
    // The runtime image's layout: node_modules beside dist, holding what `npm ci --omit=dev` installs —
    // here links to the workspace's packages that the lockfile does not mark dev-only.
    productionModules(join(base, 'node_modules'));
  });

  afterAll(async () => {
    await Promise.all([...children].map((child) => stop({ child, output: () => '' })));
    if (out) rmSync(join(out, '..'), { recursive: true, force: true });
  });

  it('compiles the entry points to JavaScript only: no TypeScript, no alias, nothing from the source tree or devDependencies', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'build-manifest.json'), 'utf8')) as { files: string[]; packages: Record<string, string>; modules: string[] };
    expect(manifest.modules).toEqual(['test/fixtures/example-benefit/index.js']);
    for (const entry of Object.values(PROCESSES)) expect(existsSync(join(out, entry))).toBe(true);
    expect(existsSync(join(out, 'tools', 'cli', 'main.js'))).toBe(true);
    // The data files the code reads beside itself (standards texts, anomaly rules, bank-file layouts).
    for (const asset of ASSETS) expect(readdirSync(join(out, asset, '..'))).toContain(asset.split('/').at(-1));
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => /\.tsx?$/.test(f))).toEqual([]);
    const js = files.filter((f) => f.endsWith('.js'));
    for (const file of js) {
      const code = readFileSync(join(out, file), 'utf8');
      expect(`${file}: ${/require\("@benefits\/|require\("[^"]*\.tsx?"\)/.test(code) ? 'requires an alias or a .ts file' : 'ok'}`).toBe(`${file}: ok`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const devDependencies = Object.keys((require('../../package.json') as { devDependencies: Record<string, string> }).devDependencies);
    expect(Object.keys(manifest.packages).filter((p) => devDependencies.includes(p))).toEqual([]);
    // Decorator metadata is emitted (Nest's constructor injection reads design:paramtypes).
    expect(js.some((f) => readFileSync(join(out, f), 'utf8').includes('"design:paramtypes"'))).toBe(true);
    console.log(`build: ${manifest.files.length} files in ${buildMs} ms`);
  });

  it('the Dockerfile runs files the build produces', () => {
    const { instructions } = parseDockerfile(readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8'));
    const cmd = execForm(instructions.filter((i) => i.keyword === 'CMD').at(-1)!.args);
    const script = cmd[cmd.length - 1];
    expect(script).toMatch(/^dist\//);
    expect(existsSync(join(out, script.slice('dist/'.length)))).toBe(true);
    const services = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').match(/SERVICE: [a-z]+/g) ?? [];
    for (const arg of services) expect(Object.keys(PROCESSES)).toContain(arg.slice('SERVICE: '.length));
  });

  it('each service starts from dist/start.js (BENEFITS_SERVICE), answers its health and OpenAPI routes, and stops on SIGTERM', async () => {
    const kafka = process.env[KAFKA_BROKERS_ENV];
    const running: { name: string; url: string; started: Started }[] = [];
    for (const name of SERVICES) {
      const port = await freePort();
      const started = start(join(out, 'start.js'), [], {
        BENEFITS_SERVICE: name,
        BENEFITS_EVENT_STORE: 'postgres',
        BENEFITS_PG_URL: await createTestDatabase(`build_${name}`),
        BENEFITS_DATA_DIR: join(dataRoot, name),
        BENEFITS_HOST: '127.0.0.1',
        PORT: String(port),
        ...(kafka ? { BENEFITS_KAFKA_BROKERS: kafka } : {}),
      }, join(out, '..'));
      running.push({ name, url: `http://127.0.0.1:${port}`, started });
    }
    for (const { name, url, started } of running) {
      await waitFor(`${name} /health/ready`, started, () => answers(`${url}/health/ready`));
      expect(await answers(`${url}/health/live`)).toBe(true);
      const openapi = (await (await fetch(`${url}/docs/openapi.json`, { signal: AbortSignal.timeout(30_000) })).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths).length).toBeGreaterThan(1);
      // With the run's Kafka mock cluster: the forwarders (and the consumer, where the service has one) on Kafka.
      if (kafka) expect(started.output()).toMatch(new RegExp(`${name}: outbox forwarder.* on Kafka`));
    }
    // The image's HEALTHCHECK command, run as Docker runs it: 0 against a live process, 1 against none.
    const { instructions } = parseDockerfile(readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8'));
    const healthcheck = instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    const probe = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim());
    const check = (port: string) => spawnSync(process.execPath, probe.slice(1), { env: { PATH: process.env.PATH, PORT: port }, timeout: 30_000 }).status;
    expect(check(new URL(running[0].url).port)).toBe(0);
    expect(check(String(await freePort()))).toBe(1);
    for (const item of running) expect(`${item.name}: ${await stop(item.started)}`).toBe(`${item.name}: 0`);
  });

  it('the console server starts (by argument to dist/start.js) and stops on SIGTERM', async () => {
    const page = join(dataRoot, 'console-page');
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>工作台</title>');
    const port = await freePort();
    const started = start(join(out, 'start.js'), ['console'], {
      BENEFITS_CONSOLE_APPLICATIONS_URL: 'http://127.0.0.1:9',
      BENEFITS_CONSOLE_ELIGIBILITY_URL: 'http://127.0.0.1:9',
      BENEFITS_CONSOLE_DISBURSEMENT_URL: 'http://127.0.0.1:9',
      BENEFITS_CONSOLE_AUDIT_URL: 'http://127.0.0.1:9',
      BENEFITS_OIDC_ISSUER: 'https://idp.example.invalid/',
      BENEFITS_OIDC_CLIENT_ID: 'benefits-console',
      BENEFITS_CONSOLE_DIST: page,
      BENEFITS_HOST: '127.0.0.1',
      PORT: String(port),
    }, join(out, '..'));
    await waitFor('console /health/ready', started, () => answers(`http://127.0.0.1:${port}/health/ready`));
    expect(await answers(`http://127.0.0.1:${port}/health/live`)).toBe(true);
    expect(await stop(started)).toBe(0);
  });

  it('the embedded default (services/main.js) starts its four services, with the compiled benefit module, and stops on SIGTERM', async () => {
    const base = await freePortRange(4);
    const started = start(join(out, 'services', 'main.js'), [], {
      BENEFITS_DATA_DIR: join(dataRoot, 'embedded'),
      BENEFITS_PORT_BASE: String(base),
      // The embedded console is built from the console's sources at start-up, which dist does not carry.
      BENEFITS_CONSOLE_PORT: '0',
      BENEFITS_MODULES: 'dist/test/fixtures/example-benefit/index.js',
    }, join(out, '..'));
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      await waitFor(`embedded service on ${base + i}`, started, () => answers(`http://127.0.0.1:${base + i}/health/ready`));
      const doc = (await (await fetch(`http://127.0.0.1:${base + i}/docs/openapi.json`, { signal: AbortSignal.timeout(15_000) })).json()) as { paths: Record<string, unknown> };
      paths.push(...Object.keys(doc.paths));
    }
    // The module's case routes are served by the compiled applications service.
    expect(paths).toContain('/cases/example');
    expect(paths).toContain('/cases/example/{caseId}/approve');
    expect(await stop(started)).toBe(0);
    expect(started.output()).toContain('event store closed');
  });

  it('the command line runs compiled, with the shipped data files (standards texts) beside it', () => {
    const cli = join(out, 'tools', 'cli', 'main.js');
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: join(out, '..'), env: { PATH: process.env.PATH, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: benefits');
    // A what-if evaluation: the shipped rule packs are read from the copied standards texts.
    const evaluated = run(['eligibility', 'evaluate', '--file', join(ROOT, 'libs', 'benefits', 'examples', 'tefu-jiaxing-disability.json'), '--compact']);
    expect(evaluated.stderr).toBe('');
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ benefit: 'tefu', eligible: true, rulePackId: 'tefu-330400-2023' });
  });
});
