/**
 * What the personal-data access log (ADR 0012 §6) costs the vault's reads:
 *   node tools/run-ts.js test/bench/vault-access-log.ts [persons]
 *
 * On PGlite (embedded) and on a private PostgreSQL cluster started for the run, with
 * `persons` (default 10,000) persons each holding one sealed account record (sample data):
 *   - openMany in batches of 1,000 (what a bank-file export does), with the log — one chained
 *     multi-row insert per batch — against the same vault whose log append is a no-op (baseline);
 *   - open one record at a time, 1,000 records, with and without the log (a case view's pattern).
 * Rounds alternate the two variants so both meet the same machine load. Figures vary by machine;
 * compare the ratio, not the absolute numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startPrivateCluster, stopPrivateCluster, type PrivateCluster } from '@benefits/testing';
import {
  generateVaultKeys,
  openPersonalDataVault,
  PersonalDataVault,
  VaultKeyStore,
  type NewAccessLogEntry,
  type PersonalDataAccess,
  type SealedPersonalData,
  type VaultSqlClient,
} from '@benefits/identity';

const BATCH = 1000;
const SINGLE = 1000;
const ROUNDS = 3;
const access: PersonalDataAccess = { actor: { id: 'bench-clerk', role: 'finance_clerk', divisionCode: '330402' }, purpose: 'bank-file-export', correlationId: 'bench' };

/** The same store with the log append left out: the baseline. */
class UnloggedStore extends VaultKeyStore {
  override async appendAccess(_entries: readonly NewAccessLogEntry[]): Promise<void> {}
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(label: string, client: VaultSqlClient, persons: number): Promise<void> {
  const keys = generateVaultKeys();
  const logged = await openPersonalDataVault({ client, keys });
  const unlogged = new PersonalDataVault(new UnloggedStore(client), keys);
  const records: SealedPersonalData[] = [];
  for (let i = 0; i < persons; i++) {
    const ref = await logged.registerPerson();
    records.push(await logged.seal(ref, { accountNumber: `6230910${String(i).padStart(9, '0')}`, holderName: `样例${i}`, bankCode: '402' }));
  }
  const batches = async (vault: PersonalDataVault) => {
    for (let start = 0; start < records.length; start += BATCH) await vault.openMany(records.slice(start, start + BATCH), access);
  };
  const singles = async (vault: PersonalDataVault) => {
    for (const record of records.slice(0, SINGLE)) await vault.open(record, access);
  };
  const t = { many: [] as number[], manyBase: [] as number[], one: [] as number[], oneBase: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    t.manyBase.push(await timed(() => batches(unlogged)));
    t.many.push(await timed(() => batches(logged)));
    t.oneBase.push(await timed(() => singles(unlogged)));
    t.one.push(await timed(() => singles(logged)));
  }
  const verdict = await logged.verifyAccessLog();
  const line = (what: string, n: number, ms: number, base: number) =>
    `  ${what.padEnd(44)} ${String(Math.round(ms)).padStart(7)} ms  (${Math.round((n / ms) * 1000).toLocaleString('en-US')} records/s)  baseline ${Math.round(base)} ms  ratio ${(base / ms).toFixed(2)}`;
  console.log(`${label}: ${persons.toLocaleString('en-US')} persons, median of ${ROUNDS} rounds`);
  console.log(line(`openMany, batches of ${BATCH}, logged`, persons, median(t.many), median(t.manyBase)));
  console.log(line(`open one at a time (${SINGLE}), logged`, SINGLE, median(t.one), median(t.oneBase)));
  console.log(`  log rows written: ${verdict.rows.toLocaleString('en-US')}; chain ${verdict.ok ? 'intact' : 'BROKEN'}\n`);
}

export async function main(argv: string[]): Promise<void> {
  const persons = Number(argv.find((a) => /^\d+$/.test(a)) ?? 10_000);
  console.log(`vault access log: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${cpus().length} cores); sample data\n`);
  const dir = mkdtempSync(join(tmpdir(), 'vault-access-bench-'));
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dir);
    try {
      await run('PGlite', db, persons);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // PostgreSQL: a private cluster of this run.
  let cluster: PrivateCluster | null = null;
  try {
    cluster = await startPrivateCluster();
    const pool = new Pool({ connectionString: cluster.url, max: 4 });
    try {
      await run('PostgreSQL', pool, persons);
    } finally {
      await pool.end();
    }
  } catch (error) {
    console.log(`PostgreSQL: skipped (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    if (cluster) stopPrivateCluster(cluster);
  }
}

if (process.argv[1]?.endsWith('vault-access-log.ts')) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
