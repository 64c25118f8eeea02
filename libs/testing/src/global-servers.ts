import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startPrivateCluster, stopPrivateCluster, reapWhenGone, type PrivateCluster } from './postgres-server';
import { kafkaMockUnavailableReason, reapKafkaMockWhenGone, startKafkaMock, stopKafkaMock, type KafkaMockCluster } from './kafka-server';

/** Environment variable through which test files find the PostgreSQL server of this run. */
export const PG_URL_ENV = 'BENEFITS_TEST_PG_URL';
/** Comma-separated bootstrap brokers of the run's Kafka mock cluster. */
export const KAFKA_BROKERS_ENV = 'BENEFITS_TEST_KAFKA_BROKERS';
/** Set instead of the brokers when the mock cluster cannot run here: the reason, shown in skipped suites' titles. */
export const KAFKA_UNAVAILABLE_ENV = 'BENEFITS_TEST_KAFKA_UNAVAILABLE';

/**
 * A tar file of a freshly initialised PGlite data directory, made once per PGlite version in the
 * system's temporary directory: every new PGlite database of the run is loaded from it instead of
 * running initdb (BENEFITS_PGLITE_TEMPLATE, libs/sql/src/pglite-options.ts).
 */
function pgliteTemplate(): string {
  const packageDir = join(dirname(require.resolve('@electric-sql/pglite')), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const file = join(tmpdir(), `benefits-pglite-template-${version}.tar`);
  if (!existsSync(file)) {
    const made = spawnSync(process.execPath, [join(__dirname, '..', 'pglite-template.mjs'), file], { stdio: 'inherit' });
    if (made.status !== 0 || !existsSync(file)) throw new Error(`could not make the PGlite data directory template (exit ${made.status})`);
  }
  return file;
}

/** libs/sql's PGLITE_TEMPLATE_ENV (spelled out: global set-up loads no library). */
const PGLITE_TEMPLATE_ENV = 'BENEFITS_PGLITE_TEMPLATE';

let cluster: PrivateCluster | null = null;
let kafka: KafkaMockCluster | null = null;

/** The run's directory: the test files' data directories (per-file-data-dir.js), removed at the end. */
export const RUN_DIR_ENV = 'BENEFITS_TEST_RUN_DIR';
let runDir: string | null = null;

export async function startTestServers(): Promise<void> {
  if (!process.env[RUN_DIR_ENV]) {
    runDir = mkdtempSync(join(tmpdir(), 'benefits-test-run-'));
    process.env[RUN_DIR_ENV] = runDir;
  }
  // Set to an empty value, the run opens every PGlite database with initdb (to compare).
  if (process.env[PGLITE_TEMPLATE_ENV] === undefined) process.env[PGLITE_TEMPLATE_ENV] = pgliteTemplate();
  if (!process.env[PG_URL_ENV]) {
    cluster = await startPrivateCluster();
    reapWhenGone(process.pid, cluster);
    process.env[PG_URL_ENV] = cluster.url;
  }
  if (!process.env[KAFKA_BROKERS_ENV]) {
    const reason = kafkaMockUnavailableReason();
    if (reason) {
      process.env[KAFKA_UNAVAILABLE_ENV] = reason;
    } else {
      kafka = await startKafkaMock();
      reapKafkaMockWhenGone(process.pid, kafka);
      process.env[KAFKA_BROKERS_ENV] = kafka.brokers.join(',');
    }
  }
}

export async function stopTestServers(): Promise<void> {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  runDir = null;
  if (cluster) stopPrivateCluster(cluster);
  cluster = null;
  if (kafka) stopKafkaMock(kafka);
  kafka = null;
}
