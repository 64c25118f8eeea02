import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { createEventStore } from '@benefits/event-store';
import { generateVaultKeys, openPersonalDataVault } from '@benefits/identity';
import { createTestDatabase } from '@benefits/testing';
import { LEDGER_PAYMENTS, LEDGER_PROJECTION } from '../../services/disbursement/src/ledger/ledger.projection';
import type { LedgerPaymentDoc } from '../../services/disbursement/src/ledger/ledger.types';
import { pages } from '../../services/disbursement/src/envelopes/envelope-totals';
import { readVaultKeys, seedFinance, writeVaultKeys, type FinanceSeed } from '../support/finance-seed';
import { openFinanceStack, type FinanceStack } from '../support/finance-stack';
import { endOf } from '../support/child-exit';

/**
 * Crash test of the finance path (ADR 0010, ADR 0011) on a real PostgreSQL server: a monthly run
 * and its bank-file export over 10,000 beneficiaries, with the disbursement process killed with
 * SIGKILL at ≥ 10 random points — during the read models' catch-up, the run's pages, the envelope
 * preparation, the approval and the export — and started again each time, until it finishes. Then,
 * from the log and the ledger: one payment per (case, beneficiary, period), no person paid twice
 * for a month across cases, one run, one envelope whose control totals are the sum of its payments,
 * a bank file that matches them and its recorded hash, and a reconciliation that balances.
 *
 * The kill points come from a seeded PRNG (FINANCE_CRASH_SEED, printed): each kill waits for the
 * child to announce a phase (a stdout line), then a random delay. Sample data throughout.
 */
jest.setTimeout(600_000);

const root = resolve(__dirname, '..', '..');
const DIVISION = '330402';
const MONTH = '2025-03';
const BENEFICIARIES = Number(process.env.FINANCE_CRASH_BENEFICIARIES ?? 10_000);
const DUPLICATES = 20;
const WITHOUT_ACCOUNT = Math.round(BENEFICIARIES / 100);
const PAGE_SIZE = 200;
const MIN_KILLS = 10;
const SEED = Number(process.env.FINANCE_CRASH_SEED ?? 20251204);
const RUN_ID = `tefu-${DIVISION}-${MONTH}-1`;

/** mulberry32: a small seeded PRNG, so a failing sequence of kills can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RANK: Record<string, number> = { start: 0, ready: 1, page: 2, envelope: 3, 'run-done': 4, approve: 5, export: 6, done: 7 };
function rankOf(line: string): number | null {
  if (line.startsWith('page ')) return RANK.page;
  const m = /^phase (\S+)/.exec(line);
  return m && m[1] in RANK ? RANK[m[1]] : null;
}

/** Where a kill is aimed: after the nth line of a phase (or the first line of a later one), then a random delay. */
interface KillPlan {
  phase: keyof typeof RANK;
  nth: number;
  delayMs: number;
}

interface ChildOutcome {
  killed: boolean;
  /** The child's last progress line before it ended. */
  lastLine: string;
  lines: string[];
  ms: number;
  code: number | null;
  stderr: string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Runs one child; kills it with SIGKILL as planned (no plan: lets it finish). Fails on a deadline or an unplanned error exit. */
function runChild(env: NodeJS.ProcessEnv, plan: KillPlan | null, deadlineMs = 240_000): Promise<ChildOutcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'tools', 'run-ts.js'), 'test/crash/finance-crash.child.ts'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  let timer: NodeJS.Timeout | null = null;
  let killed = false;
  let seen = 0;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killed = true;
    child.kill('SIGKILL');
  };
  return new Promise<ChildOutcome>((resolvePromise, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not get there within ${deadlineMs} ms; last lines: ${lines.slice(-5).join(' | ')}\n${stderr.slice(-3000)}`));
    }, deadlineMs);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        const rank = rankOf(line);
        // Work done: a kill now would only interrupt the closing of connections, not count.
        if (rank === RANK.done && timer) {
          clearTimeout(timer);
          continue;
        }
        if (!plan || timer || rank === null) continue;
        if (rank === RANK[plan.phase]) seen += 1;
        if (rank > RANK[plan.phase] || (rank === RANK[plan.phase] && seen >= plan.nth)) timer = setTimeout(kill, plan.delayMs);
      }
    });
    void endOf(child).then(({ code }) => {
      children.delete(child);
      clearTimeout(deadline);
      if (timer) clearTimeout(timer);
      const outcome = { killed, lastLine: lines[lines.length - 1] ?? '(nothing)', lines, ms: Date.now() - started, code, stderr };
      if (!killed && code !== 0) reject(new Error(`child exited with ${code} without being killed; last lines: ${lines.slice(-5).join(' | ')}\n${stderr.slice(-4000)}`));
      else resolvePromise(outcome);
    });
  });
}

describe('finance crash test: run + bank file over 10,000 beneficiaries on PostgreSQL, process killed with SIGKILL ≥ 10 times', () => {
  let dir: string;
  let url: string;
  let seed: FinanceSeed;
  let stack: FinanceStack | null = null;
  const log: string[] = [];
  const childEnv = () => ({
    FINANCE_CRASH_PG_URL: url,
    FINANCE_CRASH_KEYS: join(dir, 'vault-keys.json'),
    FINANCE_CRASH_OUT: join(dir, 'bank-file.csv'),
    FINANCE_CRASH_DIVISION: DIVISION,
    FINANCE_CRASH_MONTH: MONTH,
    FINANCE_CRASH_PAGE_SIZE: String(PAGE_SIZE),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'benefits-finance-crash-'));
    url = await createTestDatabase('finance_crash');
    const keys = generateVaultKeys();
    writeVaultKeys(join(dir, 'vault-keys.json'), keys);
    const started = Date.now();
    const store = await createEventStore({ kind: 'postgres', url });
    const pool = new Pool({ connectionString: url, max: 6 });
    try {
      const vault = await openPersonalDataVault({ client: pool, keys });
      seed = await seedFinance(store, vault, { divisionCode: DIVISION, month: MONTH, beneficiaries: BENEFICIARIES, duplicates: DUPLICATES, withoutAccount: WITHOUT_ACCOUNT });
    } finally {
      await store.close();
      await pool.end();
    }
    log.push(`seeded ${BENEFICIARIES} beneficiaries (+${DUPLICATES} duplicate cases, ${WITHOUT_ACCOUNT} without account) in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await stack?.close();
    console.log(log.join('\n'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('kills and restarts the process at random points; the money path comes out exactly once, totals and file agree, reconciliation balances', async () => {
    const random = prng(SEED);
    const uniform = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
    log.push(`kill seed ${SEED} (FINANCE_CRASH_SEED)`);
    // Aimed at every phase in turn; a child that gets past its phase before the kill lands still counts when killed.
    const planned: KillPlan[] = [
      { phase: 'start', nth: 1, delayMs: uniform(300, 4000) },
      ...Array.from({ length: 6 }, () => ({ phase: 'page' as const, nth: uniform(1, 4), delayMs: uniform(0, 900) })),
      // The envelope is prepared in well under a second once the pages are done, approval in a few ms.
      { phase: 'envelope', nth: 1, delayMs: uniform(0, 500) },
      { phase: 'envelope', nth: 1, delayMs: uniform(0, 300) },
      { phase: 'approve', nth: 1, delayMs: uniform(0, 40) },
      { phase: 'export', nth: 1, delayMs: uniform(0, 2500) },
      { phase: 'export', nth: 1, delayMs: uniform(0, 2500) },
    ];
    let kills = 0;
    let attempts = 0;
    const started = Date.now();
    for (let i = 0; kills < MIN_KILLS || i < planned.length; i += 1) {
      if (attempts > 40) throw new Error(`only ${kills} kills in ${attempts} attempts`);
      const plan = planned[i] ?? { phase: 'ready' as const, nth: 1, delayMs: uniform(0, 6000) };
      attempts += 1;
      const outcome = await runChild(childEnv(), plan);
      if (outcome.killed) kills += 1;
      log.push(
        `child ${attempts}: aimed at ${plan.phase}#${plan.nth} +${plan.delayMs} ms → ${outcome.killed ? 'SIGKILL' : 'finished'} after ${outcome.ms} ms, last line "${outcome.lastLine}"`,
      );
    }
    const final = await runChild(childEnv(), null);
    const done = /^phase done ([0-9a-f]{64}) (true|false)$/.exec(final.lastLine);
    expect(done).not.toBeNull();
    // Once more: nothing left to do, the same bytes, nothing recorded.
    const again = await runChild(childEnv(), null);
    expect(again.lastLine).toBe(`phase done ${done![1]} false`);
    log.push(`${kills} kills in ${attempts} children, then finished (${final.ms} ms) and repeated (${again.ms} ms); ${Date.now() - started} ms in all`);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);

    // ---- The log, read whole (verification only) ----
    const payments = BENEFICIARIES + DUPLICATES;
    const sql = new Client({ connectionString: url });
    await sql.connect();
    try {
      const q = async <T>(text: string, params: unknown[] = []) => (await sql.query(text, params)).rows as T[];
      const created = await q<{ n: string; streams: string }>(
        `SELECT count(*)::text AS n, count(DISTINCT stream_id)::text AS streams FROM event_store.events WHERE type = 'disbursement.PaymentCreated.v1'`,
      );
      expect(created[0]).toEqual({ n: String(payments), streams: String(payments) });
      const twice = await q(
        `SELECT d->>'caseId' AS c, d->>'personRef' AS p, d->>'periodKey' AS k, count(*) FROM (SELECT (hashed_text::jsonb)->'data' AS d FROM event_store.events WHERE type = 'disbursement.PaymentCreated.v1') x GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      );
      expect(twice).toEqual([]);
      const paid = await q<{ c: string; p: string; k: string; run: string }>(
        `SELECT d->>'caseId' AS c, d->>'personRef' AS p, d->>'periodKey' AS k, d->>'runId' AS run FROM (SELECT (hashed_text::jsonb)->'data' AS d FROM event_store.events WHERE type = 'disbursement.PaymentCreated.v1') x`,
      );
      expect(new Map(paid.map((r) => [r.c, r.p]))).toEqual(seed.cases);
      expect(new Set(paid.map((r) => `${r.k}|${r.run}`))).toEqual(new Set([`${MONTH}|${RUN_ID}`]));
      const claims = await q<{ n: string }>(`SELECT count(*)::text AS n FROM event_store.events WHERE type = 'disbursement.PersonPeriodClaimed.v1'`);
      expect(Number(claims[0].n)).toBe(BENEFICIARIES);
      const runEvents = await q<{ type: string; n: string }>(
        `SELECT type, count(*)::text AS n FROM event_store.events WHERE stream_id = $1 GROUP BY type`,
        [`paymentrun-tefu-${DIVISION}-${MONTH}`],
      );
      const byType = Object.fromEntries(runEvents.map((r) => [r.type.replace('disbursement.', ''), Number(r.n)]));
      expect(byType).toMatchObject({ 'PaymentRunStarted.v1': 1, 'PaymentRunCompleted.v1': 1 });
      log.push(`run stream: ${JSON.stringify(byType)}`);
      const envelopeEvents = await q<{ type: string }>(`SELECT type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision`, [`envelope-${RUN_ID}`]);
      expect(envelopeEvents.map((e) => e.type)).toEqual(['disbursement.EnvelopePrepared.v1', 'disbursement.EnvelopeApproved.v1', 'disbursement.EnvelopeExported.v1']);
    } finally {
      await sql.end();
    }

    // ---- The ledger read model and the envelope ----
    stack = await openFinanceStack({ url, keys: readVaultKeys(join(dir, 'vault-keys.json')) });
    const run = await stack.runs.read(RUN_ID);
    expect(run).toMatchObject({ status: 'completed', counts: { created: payments, alreadyExisted: 0 } });
    const ledger = (await stack.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const docs: LedgerPaymentDoc[] = [];
    for await (const doc of pages(ledger, { runId: RUN_ID })) docs.push(doc);
    expect(docs).toHaveLength(payments);
    const listed = docs.filter((d) => d.envelopeId === RUN_ID);
    const held = docs.filter((d) => d.envelopeId === null);
    expect(listed.length + held.length).toBe(payments);
    for (const d of listed) expect(d).toMatchObject({ status: 'enveloped', hold: null });
    // No person paid twice for a month across cases; every duplicate pair has one paid and one held.
    const unheld = new Map<string, number>();
    for (const d of listed) unheld.set(`${d.personRef}|${d.periodKey}`, (unheld.get(`${d.personRef}|${d.periodKey}`) ?? 0) + 1);
    expect([...unheld.values()].filter((n) => n > 1)).toEqual([]);
    const heldBy = (reason: string) => held.filter((d) => d.hold?.reason === reason);
    expect(heldBy('DUPLICATE_PERSON').map((d) => d.personRef).sort()).toEqual([...seed.duplicated].sort());
    expect(heldBy('ACCOUNT_MISSING').map((d) => d.personRef).sort()).toEqual([...seed.unaccounted].sort());
    expect(listed).toHaveLength(BENEFICIARIES - WITHOUT_ACCOUNT);

    const envelope = await stack.envelopes.read(RUN_ID);
    const sum = (ds: LedgerPaymentDoc[]) => ds.reduce((s, d) => s + d.fen, 0);
    expect(envelope.prepared.totals).toMatchObject({ count: listed.length, fen: sum(listed), byKind: { regular: { count: listed.length, fen: sum(listed) } } });
    expect(envelope.prepared.held).toEqual({
      count: held.length,
      fen: sum(held),
      byReason: {
        DUPLICATE_PERSON: { count: DUPLICATES, fen: sum(heldBy('DUPLICATE_PERSON')) },
        ACCOUNT_MISSING: { count: WITHOUT_ACCOUNT, fen: sum(heldBy('ACCOUNT_MISSING')) },
      },
    });
    expect(sum(listed) + sum(held)).toBe(seed.dueFen);
    const digest = createHash('sha256');
    for (const d of [...listed].sort((a, b) => (a.paymentStreamId < b.paymentStreamId ? -1 : 1))) digest.update(`${d.paymentStreamId}:${d.fen}\n`);
    expect(envelope.prepared.digest).toBe(digest.digest('hex'));
    expect(envelope.prepared.preparers).toEqual(['officer-crash']);
    expect(envelope.approved?.by?.id).toBe('clerk-crash');

    // ---- The bank file: what the child wrote is what was recorded, and it matches the totals ----
    const file = readFileSync(join(dir, 'bank-file.csv'));
    expect(existsSync(join(dir, 'bank-file.csv.part'))).toBe(false);
    const exported = envelope.exports[0];
    expect(createHash('sha256').update(file).digest('hex')).toBe(exported.sha256);
    expect(exported.sha256).toBe(done![1]);
    const rows = file.toString('utf8').split('\r\n').filter((r) => r !== '');
    const details = rows.filter((r) => r.startsWith('D,')).map((r) => r.split(','));
    const fenOf = (amount: string) => {
      const [whole, cents] = amount.split('.');
      return Number(whole) * 100 + Number(cents);
    };
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    expect(rows[0].startsWith(`H,${RUN_ID},`)).toBe(true);
    expect(details).toHaveLength(envelope.prepared.totals.count);
    expect(details.reduce((s, d) => s + fenOf(d[6]), 0)).toBe(envelope.prepared.totals.fen);
    expect(new Set(details.map((d) => d[2]))).toEqual(new Set(listed.map((d) => d.paymentStreamId)));
    expect(rows[rows.length - 1]).toBe(`T,${envelope.prepared.totals.count},${yuan(envelope.prepared.totals.fen)}`);
    expect(exported).toMatchObject({ lineCount: envelope.prepared.totals.count, totalFen: envelope.prepared.totals.fen });

    // ---- Reconciliation of the envelope ----
    const reconciliation = await stack.envelopes.reconcileEnvelope(RUN_ID);
    expect(reconciliation.balanced).toBe(true);
    log.push(
      `envelope ${RUN_ID}: ${envelope.prepared.totals.count} lines, ${envelope.prepared.totals.fen} fen; held ${envelope.prepared.held.count}; file ${file.length} bytes; reconciliation balanced`,
    );
  });
});
