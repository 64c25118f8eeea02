import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/**
 * librdkafka's mock cluster, started through Debian's `kcat` (architecture §9): three brokers in one
 * process, Kafka protocol only — no admin API, no idempotent producer, topics created on first use.
 *
 * `kcat -P` runs as a producer reading stdin. Its mock cluster announces the brokers' addresses on
 * stderr ("Mock cluster enabled: … replaced with <host:port,…>"), which is the only reliable way to
 * learn them: the ports are chosen by the kernel. The process lives while its stdin is open, so it
 * also ends by itself when the process that started it disappears.
 */
export interface KafkaMockCluster {
  brokers: string[];
  /** Process id of kcat, which leads its own process group. */
  pid: number;
}

/** The kcat executable; overridable (e.g. to check how suites report a machine without it). */
function kcatCommand(): string {
  return process.env.BENEFITS_TEST_KCAT || 'kcat';
}

const ANNOUNCEMENT = /Mock cluster enabled: .* replaced with (\S+)/;
const START_TIMEOUT_MS = 10_000;

/** Null when kcat is on the PATH; otherwise why Kafka suites cannot run. */
export function kafkaMockUnavailableReason(): string | null {
  const probe = spawnSync(kcatCommand(), ['-V'], { stdio: 'ignore' });
  if (probe.error) return `${kcatCommand()} is not installed (Debian package \`kcat\`; .ci/run installs it)`;
  return null;
}

let running: ChildProcess | null = null;

export async function startKafkaMock(brokerCount = 3): Promise<KafkaMockCluster> {
  // The bootstrap address is required by kcat's argument check and ignored by the mock.
  const child = spawn(kcatCommand(), ['-b', '127.0.0.1:1', '-X', `test.mock.num.brokers=${brokerCount}`, '-P', '-t', 'keepalive'], {
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const brokers = await new Promise<string[]>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`kcat did not announce its mock brokers within ${START_TIMEOUT_MS} ms: ${seen}`)), START_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      killGroup(child.pid);
      reject(error);
    };
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`kcat exited (${code}) before announcing its mock brokers: ${seen}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = ANNOUNCEMENT.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1].split(','));
      }
    });
  });
  // Keep draining stderr so kcat never blocks on a full pipe; nothing of it is needed any more.
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  child.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  running = child;
  return { brokers, pid: child.pid! };
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function stopKafkaMock(cluster: KafkaMockCluster): void {
  running?.stdin?.destroy();
  running = null;
  killGroup(cluster.pid);
}

/**
 * Kills the mock cluster's process group when `parentPid` disappears, even if jest is killed with
 * SIGKILL and never runs its teardown: a detached watchdog polls the parent.
 */
export function reapKafkaMockWhenGone(parentPid: number, cluster: KafkaMockCluster): void {
  const script = `
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (!alive(${cluster.pid})) { clearInterval(timer); return; }
      if (alive(${parentPid})) return;
      clearInterval(timer);
      try { process.kill(-${cluster.pid}, 'SIGKILL'); } catch {}
    }, 500);
  `;
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
  child.unref();
}
