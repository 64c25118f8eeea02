import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier } from '@benefits/identity';
import { createTestDatabase, freePort } from '@benefits/testing';

/**
 * The four services as separate processes (`services/<name>/src/main.ts`), each on its own
 * PostgreSQL database, talking only through Kafka (the test mock cluster) and HTTP, on the system
 * clock — as test/multiprocess/four-processes.spec.ts starts them. For cross-service suites that
 * need the Kafka transport. The dev signing key and the vault keys live in the shared data directory.
 */
export const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface FourProcesses {
  dataDir: string;
  urls: Record<ServiceName, string>;
  databases: Record<ServiceName, string>;
  processes: Record<ServiceName, ChildProcess>;
  /** What each process wrote to stdout and stderr. */
  output: Record<ServiceName, string>;
  /** A second connection to each service's event store (reads only). */
  stores: Record<ServiceName, EventStore>;
  http(service: ServiceName): ReturnType<typeof request>;
  as(who: string): { Authorization: string };
  issue(who: string, role: string, division: string): Promise<void>;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '..', '..');
const children = new Set<ChildProcess>();
// Whatever happens to the suite, no service process outlives the test run.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Waits for a condition (errors of the probe count as "not yet"), up to `ms`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** `env`: more environment for every process (e.g. BENEFITS_MODULES, which every process must be given alike). */
export async function startFourProcesses(brokers: string[], options: { prefix: string; env?: NodeJS.ProcessEnv }): Promise<FourProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), `${options.prefix}-`));
  const verifier = await createDevTokenVerifier({ dataDir });
  const urls = {} as Record<ServiceName, string>;
  const databases = {} as Record<ServiceName, string>;
  const processes = {} as Record<ServiceName, ChildProcess>;
  const output = {} as Record<ServiceName, string>;
  const stores = {} as Record<ServiceName, EventStore>;
  const tokens: Record<string, string> = {};
  const http = (service: ServiceName) => request(urls[service]);

  const stop = async () => {
    await Promise.all(Object.values(processes).map(stopChild));
    await Promise.all(Object.values(stores).map((store) => store.close().catch(() => undefined)));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    for (const name of SERVICES) {
      databases[name] = await createTestDatabase(`${options.prefix.replace(/\W/g, '_')}_${name}`);
      const port = await freePort();
      urls[name] = `http://127.0.0.1:${port}`;
      output[name] = '';
      const child = spawn(process.execPath, [join(root, 'tools', 'run-ts.js'), `services/${name}/src/main.ts`], {
        cwd: root,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          BENEFITS_EVENT_STORE: 'postgres',
          BENEFITS_PG_URL: databases[name],
          // One vault for every service (in applications' database), as a deployment configures it.
          BENEFITS_VAULT_PG_URL: databases.applications,
          BENEFITS_DATA_DIR: dataDir,
          BENEFITS_KAFKA_BROKERS: brokers.join(','),
          BENEFITS_HOST: '127.0.0.1',
          PORT: String(port),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      const collect = (chunk: Buffer) => void (output[name] += chunk.toString('utf8'));
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      processes[name] = child;
    }
    for (const name of SERVICES) {
      await waitUntil(
        `${name} to be ready`,
        async () => {
          if (processes[name].exitCode !== null) throw new Error(`${name} exited: ${output[name]}`);
          const res = await http(name).get('/health/ready');
          return res.status === 200;
        },
        90_000,
      ).catch((error) => {
        throw new Error(`${(error as Error).message}\n${name} output:\n${output[name]}`);
      });
    }
    for (const name of SERVICES) stores[name] = await createEventStore({ kind: 'postgres', url: databases[name] });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    dataDir,
    urls,
    databases,
    processes,
    output,
    stores,
    http,
    as: (who) => ({ Authorization: `Bearer ${tokens[who]}` }),
    async issue(who, role, division) {
      tokens[who] = await verifier.issueDevToken({ sub: who, role, division });
    },
    stop,
  };
}
