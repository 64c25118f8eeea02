/**
 * Seeding for the finance crash test and the finance bench (sample data throughout: invented
 * persons, made-up account numbers, an invented monthly amount — no official figures).
 *
 * - beneficiaries registered in the personal-data vault (their personRef is what schedules name);
 * - one 计生特扶 schedule per beneficiary, plus `duplicates` extra cases naming an existing
 *   beneficiary again (the same person entered in two cases), written with `createIfAbsent` in
 *   batches of 1000 — the event `DisbursementHandlers.recordSchedule` would record;
 * - a 一卡通 account (sealed by the vault, `AccountRecorded.v1`) for all but `withoutAccount` of them.
 *
 * Seeding writes events straight to the store (no read model involved): the service's projections
 * pick them up like any other event.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { EventStore, StreamCreate } from '@benefits/event-store';
import { newId, type NewEvent } from '@benefits/kernel';
import type { PersonalDataVault, VaultKeys } from '@benefits/identity';
import { ENTITLEMENT_SCHEDULE_RECEIVED, entitlementStreamId, type ScheduleReceivedData } from '../../services/disbursement/src/entitlements/entitlement';
import { ACCOUNT_RECORDED, accountStreamId, maskAccountNumber, sealedFieldsOf, type AccountEventData, type AccountFields } from '../../services/disbursement/src/accounts/account';

export const SAMPLE_STANDARD_REF = { standardId: 'bps-330400', versionId: 'sample', itemNo: '52', contentHash: 'ab'.repeat(32) };

export interface FinanceSeedOptions {
  divisionCode: string;
  /** The month paid, `yyyy-mm`. */
  month: string;
  beneficiaries: number;
  /** Extra cases naming an already seeded beneficiary (from the first ones that have an account). */
  duplicates: number;
  /** Beneficiaries (the last ones) left without an account: their payments are held ACCOUNT_MISSING. */
  withoutAccount: number;
  /** Concurrent vault calls (registration, sealing). */
  concurrency?: number;
  /** Called after each batch with what is done (progress for long seeds). */
  progress?: (what: string, done: number, total: number) => void;
}

export interface FinanceSeed {
  persons: string[];
  /** caseId → personRef. */
  cases: Map<string, string>;
  /** personRef of every duplicated beneficiary. */
  duplicated: string[];
  /** Beneficiaries without an account. */
  unaccounted: string[];
  /** Sum of every scheduled amount of the month, fen. */
  dueFen: number;
}

/** The sample amount of beneficiary i, fen (varied so totals are not a multiple of one amount). */
export const sampleFen = (i: number) => 60_000 + (i % 9) * 1_250;

/** Runs `work` over items with at most `limit` calls at a time, keeping the input order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}

export function sampleAccount(i: number): AccountFields {
  return { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: `62309100${String(i).padStart(8, '0')}`, holderName: `样例户名${i}`, cardType: '社保卡' };
}

function scheduleCreate(caseId: string, personRef: string, fen: number, options: FinanceSeedOptions): StreamCreate {
  const data: ScheduleReceivedData = {
    caseId,
    determinationId: `det-${caseId}`,
    benefit: 'tefu',
    divisionCode: options.divisionCode,
    effectiveFrom: `${options.month}-01`,
    standardRef: SAMPLE_STANDARD_REF,
    lines: [{ personRef, period: { kind: 'month', month: options.month }, amount: { fen } }],
    scheduleVersion: 1,
    supersedesDeterminationId: null,
  };
  return { streamId: entitlementStreamId(caseId), events: [{ type: ENTITLEMENT_SCHEDULE_RECEIVED, data: data as never, metadata: { correlationId: 'finance-seed', causationId: null, actor: null, schemaVersion: 1 } }] };
}

async function createAll(store: EventStore, creates: StreamCreate[], label: string, options: FinanceSeedOptions): Promise<void> {
  for (let i = 0; i < creates.length; i += 1000) {
    await store.createIfAbsent(creates.slice(i, i + 1000));
    options.progress?.(label, Math.min(i + 1000, creates.length), creates.length);
  }
}

export async function seedFinance(store: EventStore, vault: PersonalDataVault, options: FinanceSeedOptions): Promise<FinanceSeed> {
  const concurrency = options.concurrency ?? 8;
  const n = options.beneficiaries;
  const persons = await mapLimit(Array.from({ length: n }, (_, i) => i), concurrency, async (i) => {
    const ref = await vault.registerPerson();
    if ((i + 1) % 5000 === 0) options.progress?.('persons', i + 1, n);
    return ref;
  });
  const cases = new Map<string, string>();
  const schedules: StreamCreate[] = [];
  let dueFen = 0;
  persons.forEach((personRef, i) => {
    const caseId = newId();
    cases.set(caseId, personRef);
    schedules.push(scheduleCreate(caseId, personRef, sampleFen(i), options));
    dueFen += sampleFen(i);
  });
  const duplicated = persons.slice(0, options.duplicates);
  duplicated.forEach((personRef, i) => {
    const caseId = newId();
    cases.set(caseId, personRef);
    schedules.push(scheduleCreate(caseId, personRef, sampleFen(i), options));
    dueFen += sampleFen(i);
  });
  await createAll(store, schedules, 'schedules', options);

  const accounted = persons.slice(0, n - options.withoutAccount);
  const accounts: StreamCreate[] = await mapLimit(accounted, concurrency, async (personRef, i) => {
    const account = sampleAccount(i);
    const data: AccountEventData = {
      personRef,
      accountVersion: 1,
      divisionCode: options.divisionCode,
      sealed: await vault.seal(personRef, sealedFieldsOf(account)),
      bankCode: account.bankCode,
      masked: maskAccountNumber(account.accountNumber),
      cardType: account.cardType,
      evidence: { kind: '银行开户回执', reference: `KH-SAMPLE-${i}` },
    };
    if ((i + 1) % 5000 === 0) options.progress?.('sealed accounts', i + 1, accounted.length);
    const event: NewEvent = { type: ACCOUNT_RECORDED, data: data as never, metadata: { correlationId: 'finance-seed', causationId: null, actor: null, schemaVersion: 1 } };
    return { streamId: accountStreamId(personRef), events: [event] };
  });
  await createAll(store, accounts, 'accounts', options);
  return { persons, cases, duplicated, unaccounted: persons.slice(n - options.withoutAccount), dueFen };
}

/** Vault keys kept in a file, so a restarted process opens the same vault. */
export function writeVaultKeys(file: string, keys: VaultKeys): void {
  writeFileSync(file, JSON.stringify({ masterKey: keys.masterKey.toString('base64'), indexKey: keys.indexKey.toString('base64') }), { mode: 0o600 });
}

export function readVaultKeys(file: string): VaultKeys {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { masterKey: string; indexKey: string };
  return { masterKey: Buffer.from(json.masterKey, 'base64'), indexKey: Buffer.from(json.indexKey, 'base64') };
}
