import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/**
 * A private PostgreSQL cluster for the test run: `initdb` into a temporary directory and `pg_ctl
 * start` on a free loopback port, fsync off. Needs the Debian `postgresql` package (installed by
 * .ci/run). When run as root the server runs as the `postgres` system user, since PostgreSQL
 * refuses to run as root.
 */
export interface PrivateCluster {
  url: string;
  dataDir: string;
  binDir: string;
  runAs: string | null;
}

export function findPostgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], 'bin');
  }
  throw new Error('PostgreSQL server binaries not found: install the Debian package `postgresql` (see .ci/run)');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports, for a process that listens on a base port and the ones
 * after it (`npm start`). Taken below Linux's ephemeral range (32768–60999), where the kernel hands out
 * ports to other suites' clients and `listen(0)` servers, so a neighbour is not taken a moment later.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (32_000 - 20_000 - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await portIsFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports between 20000 and 32000`);
}

function run(binDir: string, runAs: string | null, cmd: string, args: string[]): string {
  const file = join(binDir, cmd);
  if (runAs) return execFileSync('runuser', ['-u', runAs, '--', file, ...args], { encoding: 'utf8', stdio: 'pipe' });
  return execFileSync(file, args, { encoding: 'utf8', stdio: 'pipe' });
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const binDir = findPostgresBinDir();
  const runAs = process.getuid?.() === 0 ? 'postgres' : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-pg-'));
  chmodSync(dataDir, 0o777);
  if (runAs) execFileSync('chown', [runAs, dataDir]);
  const port = await freePort();
  run(binDir, runAs, 'initdb', ['-D', join(dataDir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run(binDir, runAs, 'pg_ctl', ['-D', join(dataDir, 'data'), '-o', options, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir, binDir, runAs };
}

export function stopPrivateCluster(cluster: Pick<PrivateCluster, 'dataDir' | 'binDir' | 'runAs'>): void {
  try {
    run(cluster.binDir, cluster.runAs, 'pg_ctl', ['-D', join(cluster.dataDir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } catch {
    // already stopped
  }
  rmSync(cluster.dataDir, { recursive: true, force: true });
}

/**
 * Stops the cluster when the process `parentPid` disappears, even if jest is killed with SIGKILL
 * and never runs its teardown: a detached watchdog polls the parent.
 */
export function reapWhenGone(parentPid: number, cluster: PrivateCluster): void {
  const script = `
    const { execFileSync } = require('child_process');
    const fs = require('fs');
    const alive = () => { try { process.kill(${parentPid}, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (alive()) return;
      clearInterval(timer);
      const args = ['-D', ${JSON.stringify(join(cluster.dataDir, 'data'))}, '-m', 'immediate', '-w', 'stop'];
      const file = ${JSON.stringify(join(cluster.binDir, 'pg_ctl'))};
      try { ${cluster.runAs ? `execFileSync('runuser', ['-u', ${JSON.stringify(cluster.runAs)}, '--', file, ...args])` : 'execFileSync(file, args)'}; } catch {}
      fs.rmSync(${JSON.stringify(cluster.dataDir)}, { recursive: true, force: true });
    }, 500);
  `;
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
  child.unref();
}
