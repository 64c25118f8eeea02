/**
 * The disbursement process of the finance crash test (test/crash/finance-crash.spec.ts), run as
 * `node tools/run-ts.js test/crash/finance-crash.child.ts` and killed with SIGKILL at random points.
 * Each start does what a restarted service would be asked to do again: the monthly run (resumed
 * from its last recorded page, or finished if only the completion is missing), the approval by a
 * finance clerk who did not prepare it (unless recorded), and the CSV bank file (the same bytes
 * again when it was already exported). Progress lines on stdout let the parent aim its kills:
 *
 *   phase start | phase ready | page <phase> <n> | phase envelope | phase run-done |
 *   phase approve | phase export | phase done <sha256> <recorded>
 *
 * Configuration from the environment: FINANCE_CRASH_PG_URL, FINANCE_CRASH_KEYS (vault keys file),
 * FINANCE_CRASH_OUT (where the bank file is written), FINANCE_CRASH_DIVISION, FINANCE_CRASH_MONTH,
 * FINANCE_CRASH_PAGE_SIZE.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { EventStore } from '@benefits/event-store';
import { monthPeriod, newId, type Actor } from '@benefits/kernel';
import { runIdOf } from '../../services/disbursement/src/runs/payment-run';
import { readVaultKeys } from '../support/finance-seed';
import { openFinanceStack } from '../support/finance-stack';

const say = (line: string) => process.stdout.write(`${line}\n`);

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** While the run is under way: its envelope preparation starts by reading the envelope stream. */
let running = true;

/** Announces the envelope preparation (instrumentation of reads only). */
function announcing(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'readStream') {
        return (streamId: string, options?: Parameters<EventStore['readStream']>[1]) => {
          if (running && streamId.startsWith('envelope-')) say('phase envelope');
          return target.readStream(streamId, options);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function main(): Promise<void> {
  say('phase start');
  const divisionCode = env('FINANCE_CRASH_DIVISION');
  const run = { benefit: 'tefu' as const, divisionCode, period: monthPeriod(env('FINANCE_CRASH_MONTH')) };
  const preparer: Actor = { id: 'officer-crash', role: 'case_officer', divisionCode };
  const checker: Actor = { id: 'clerk-crash', role: 'finance_clerk', divisionCode };
  const context = (actor: Actor) => ({ actor, correlationId: newId(), now: new Date() });
  const stack = await openFinanceStack({
    url: env('FINANCE_CRASH_PG_URL'),
    keys: readVaultKeys(env('FINANCE_CRASH_KEYS')),
    pageSize: Number(process.env.FINANCE_CRASH_PAGE_SIZE ?? 200),
    afterPage: ({ phase, page }) => void say(`page ${phase} ${page}`),
    wrapStore: announcing,
  });
  say('phase ready');
  const runId = runIdOf(run, 1);
  const recorded = await stack.runs.read(runId);
  if (recorded?.status !== 'completed') {
    const outcome = await stack.runs.run(run, context(preparer));
    if (outcome.runId !== runId) throw new Error(`a second run was started: ${outcome.runId}`);
  }
  running = false;
  say('phase run-done');
  const envelope = await stack.envelopes.read(runId);
  if (!envelope.approved) {
    say('phase approve');
    await stack.envelopes.approve(runId, context(checker), '样例核对');
  }
  say('phase export');
  const file = await stack.envelopes.export(runId, { layoutId: 'sample-csv-utf8', format: 'csv' }, context(checker));
  const out = env('FINANCE_CRASH_OUT');
  writeFileSync(`${out}.part`, file.bytes);
  renameSync(`${out}.part`, out);
  say(`phase done ${file.sha256} ${file.recorded}`);
  await stack.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
