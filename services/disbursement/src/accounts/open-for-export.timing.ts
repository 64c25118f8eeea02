/**
 * Timing of `AccountsHandler.openForExport` (not a test; run by hand):
 *   node tools/run-ts.js services/disbursement/src/accounts/open-for-export.timing.ts [persons]
 * Seals `persons` sample accounts (default 10,000) in a PGlite vault on disk, puts their read-model
 * documents in a PGlite read store on disk (as the projection would), then opens them for export in
 * pages of 500 — and, for comparison, one `vault.open` per record. Prints the times in ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@benefits/event-store';
import { generateVaultKeys, openPersonalDataVault } from '@benefits/identity';
import { createDocumentStore, type FindOptions, type ReadModels } from '@benefits/read-store';
import { ACCOUNT_RECORDED, maskAccountNumber, sealedFieldsOf, type AccountEventData, type AccountFields } from './account';
import { AccountsHandler, isUnusable } from './accounts.handler';
import { ACCOUNTS, withAccountEvent, type AccountDoc } from './accounts.projection';

async function main(): Promise<void> {
  const persons = Number(process.argv[2] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'accounts-timing-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(dir, 'vault'));
  const documents = await createDocumentStore({ kind: 'pglite', dataDir: join(dir, 'read-models') });
  try {
    const vault = await openPersonalDataVault({ client: db, keys: generateVaultKeys() });
    const accounts = documents.collection<AccountDoc>(ACCOUNTS);
    const refs: string[] = [];
    let t = Date.now();
    for (let i = 0; i < persons; i += 1) {
      const personRef = await vault.registerPerson();
      const account: AccountFields = { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: `62309100${String(i).padStart(8, '0')}`, holderName: '样例户名', cardType: '社保卡' };
      const data: AccountEventData = {
        personRef,
        accountVersion: 1,
        divisionCode: '330402',
        sealed: await vault.seal(personRef, sealedFieldsOf(account)),
        bankCode: account.bankCode,
        masked: maskAccountNumber(account.accountNumber),
        cardType: account.cardType,
        evidence: { kind: '银行开户回执', reference: `KH-${i}` },
      };
      await accounts.upsert(personRef, withAccountEvent(null, { type: ACCOUNT_RECORDED, data, streamRevision: 0, recordedAt: new Date().toISOString() }));
      refs.push(personRef);
    }
    console.log(`set-up: ${persons} persons registered, sealed and projected in ${Date.now() - t} ms`);

    // The read model as the handler sees it (already caught up); no event store is read.
    // Where the time goes: the read-model queries and the vault's batch opens, timed apart.
    const spent = { find: 0, openMany: 0 };
    const timed = <A extends unknown[], R>(key: keyof typeof spent, f: (...args: A) => Promise<R>) => async (...args: A) => {
      const started = Date.now();
      try {
        return await f(...args);
      } finally {
        spent[key] += Date.now() - started;
      }
    };
    const view = { collection: () => ({ find: timed('find', (options?: FindOptions) => accounts.find(options)) }) };
    const readModels = { fresh: async () => view } as unknown as ReadModels;
    const openMany = vault.openMany.bind(vault);
    vault.openMany = timed('openMany', openMany);
    const handler = new AccountsHandler({} as EventStore, readModels, async () => vault);
    const access = { actor: { id: 'clerk-timing', role: 'finance_clerk', divisionCode: '330402' }, purpose: 'bank-file-export' as const };
    for (const round of [1, 2]) {
      t = Date.now();
      let opened = 0;
      for (let start = 0; start < refs.length; start += 500) {
        const page = await handler.openForExport(refs.slice(start, start + 500), access);
        for (const result of page.values()) if (!isUnusable(result)) opened += 1;
      }
      console.log(`openForExport, pages of 500 (round ${round}): ${opened} accounts opened in ${Date.now() - t} ms (read-model queries ${spent.find} ms, vault.openMany ${spent.openMany} ms)`);
      spent.find = 0;
      spent.openMany = 0;
    }
    t = Date.now();
    const docs: AccountDoc[] = [];
    for (let start = 0; start < refs.length; start += 1000) docs.push(...(await accounts.find({ filter: { personRef: { in: refs.slice(start, start + 1000) } }, limit: 1000 })).items);
    for (const doc of docs) await vault.open(doc.sealed, access);
    console.log(`for comparison, one vault.open (one key lookup) per record: ${docs.length} in ${Date.now() - t} ms`);
  } finally {
    await documents.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
