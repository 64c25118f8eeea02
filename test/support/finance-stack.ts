/**
 * The disbursement service's finance path wired on PostgreSQL without HTTP, as the controllers wire
 * it: the event store, a PostgreSQL read store with the disbursement projections (entitlements,
 * ledger, accounts), the personal-data vault on the same database, a PaymentRunHandler with the real
 * claims and account ports, and an EnvelopeHandler whose bank file opens accounts through the vault.
 * Used by the finance crash test's child process and by `npm run bench -- finance`.
 */
import { Pool } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { openPersonalDataVault, type PersonalDataVault, type VaultKeys } from '@benefits/identity';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { entitlementsProjection } from '../../services/disbursement/src/read-models/entitlements.projection';
import { ledgerProjection } from '../../services/disbursement/src/ledger/ledger.projection';
import { accountsProjection } from '../../services/disbursement/src/accounts/accounts.projection';
import { AccountsHandler } from '../../services/disbursement/src/accounts/accounts.handler';
import { PaymentRunHandler, type PaymentRunOptions } from '../../services/disbursement/src/runs/payment-run.handler';
import { EnvelopeHandler } from '../../services/disbursement/src/envelopes/envelope.handler';
import { accountLookup, openAccounts, personClaims } from '../../services/disbursement/src/envelopes/finance-ports';

export interface FinanceStack {
  store: EventStore;
  readModels: ReadModels;
  vault: PersonalDataVault;
  runs: PaymentRunHandler;
  envelopes: EnvelopeHandler;
  close(): Promise<void>;
}

export interface FinanceStackOptions {
  url: string;
  keys: VaultKeys;
  /** Cases per run page (default: the service's). */
  pageSize?: number;
  afterPage?: PaymentRunOptions['afterPage'];
  /** Wraps the event store the run and envelope handlers see (instrumentation); claims, accounts and read models see the store itself. */
  wrapStore?: (store: EventStore) => EventStore;
  /** Instrumentation (the bench's timings): wraps the read models every handler sees, and the ports. */
  wrapReadModels?: (readModels: ReadModels) => ReadModels;
  wrapPort?: <F extends (...args: never[]) => Promise<unknown>>(name: 'claims' | 'accounts' | 'openAccounts' | 'accountVersions', port: F) => F;
  /** Starts the read models (catching up) before returning (default true). */
  start?: boolean;
  /** Bound of every `fresh` wait (default 10 minutes: a restarted process catches up first). */
  catchUpMs?: number;
}

export async function openFinanceStack(options: FinanceStackOptions): Promise<FinanceStack> {
  const store = await createEventStore({ kind: 'postgres', url: options.url });
  const readModels = new ReadModels({
    store,
    openReadStore: () => createDocumentStore({ kind: 'postgres', url: options.url }),
    projections: [entitlementsProjection(), ledgerProjection(), accountsProjection()],
    pollIntervalMs: 20,
    catchUpMs: options.catchUpMs ?? 600_000,
  });
  const pool = new Pool({ connectionString: options.url, max: 4 });
  const vault = await openPersonalDataVault({ client: pool, keys: options.keys });
  if (options.start !== false) await readModels.start();
  const runStore = options.wrapStore ? options.wrapStore(store) : store;
  const models = options.wrapReadModels ? options.wrapReadModels(readModels) : readModels;
  const port = options.wrapPort ?? (<F>(_name: string, f: F) => f);
  const runs = new PaymentRunHandler(runStore, models, {
    pageSize: options.pageSize,
    afterPage: options.afterPage,
    claims: port('claims', personClaims(store)),
    accounts: port('accounts', accountLookup(models)),
  });
  const accounts = new AccountsHandler(store, models, async () => vault);
  const envelopes = new EnvelopeHandler(runStore, models, {
    openAccounts: port('openAccounts', openAccounts(accounts)),
    accountVersions: port('accountVersions', accountLookup(models)),
    sharesFor: async () => null,
  });
  return {
    store,
    readModels,
    vault,
    runs,
    envelopes,
    async close() {
      await readModels.close();
      await store.close();
      await pool.end();
    },
  };
}
