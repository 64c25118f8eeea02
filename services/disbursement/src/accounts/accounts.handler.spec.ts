import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { generateVaultKeys, openPersonalDataVault, type PersonalDataVault } from '@benefits/identity';
import { newId, type Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels, type CollectionSchema, type FindOptions, type ReadModelView } from '@benefits/read-store';
import { AccountsHandler, EXPORT_BATCH, type AccountRequest } from './accounts.handler';
import { accountsProjection } from './accounts.projection';

jest.setTimeout(120_000);

// Sample data: made-up accounts and names.
const officer: Actor = { id: 'officer-1', role: 'case_officer', divisionCode: '330402' };
const context = () => ({ actor: officer, correlationId: newId(), now: new Date('2025-03-03T02:00:00Z') });
const exportAccess = { actor: officer, purpose: 'bank-file-export' as const, correlationId: 'corr-export' };
const request = (accountNumber: string, extra: Partial<AccountRequest> = {}): AccountRequest => ({
  divisionCode: '330402',
  account: { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber, holderName: '沈秀英', cardType: '社保卡' },
  evidence: { kind: '银行开户回执', reference: 'KH-2025-0001' },
  ...extra,
});

describe('accounts handler (PGlite event store, read store and vault)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-accounts-'));
  let store: EventStore;
  let readModels: ReadModels;
  let vault: PersonalDataVault;
  let closeVault: () => Promise<void>;
  let handler: AccountsHandler;

  beforeAll(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: [accountsProjection()], pollIntervalMs: 20, catchUpMs: 60_000 });
    await readModels.start();
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    vault = await openPersonalDataVault({ client: db, keys: generateVaultKeys() });
    closeVault = () => db.close();
    handler = new AccountsHandler(store, readModels, async () => vault);
  });

  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    await closeVault?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const streamText = async (personRef: string) => JSON.stringify(await store.readStream(`account-${personRef}`));

  it('records, reads masked, ignores the same account again, changes with a reason, closes and records anew', async () => {
    const personRef = await vault.registerPerson();
    const recorded = await handler.put(personRef, request('6230 9100 0000 1234'), context());
    expect(recorded).toEqual({ personRef, outcome: 'recorded', accountVersion: 1, usable: true, bankCode: '402', masked: '************1234', cardType: '社保卡' });
    expect(await handler.read(personRef)).toMatchObject({ personRef, usable: true, accountVersion: 1, masked: '************1234', divisionCode: '330402', updatedAt: expect.any(String) });

    const head = await store.headPosition();
    expect(await handler.put(personRef, request('6230910000001234'), context())).toMatchObject({ outcome: 'unchanged', accountVersion: 1 });
    expect(await store.headPosition()).toBe(head);

    await expect(handler.put(personRef, request('6212260000005678'), context())).rejects.toMatchObject({ code: 'ACCOUNT_REASON_REQUIRED' });
    expect(await store.headPosition()).toBe(head);
    const changed = await handler.put(personRef, request('6212260000005678', { reason: '原卡挂失，改用新卡', evidence: { kind: '本人申请', reference: 'SQ-7' } }), context());
    expect(changed).toMatchObject({ outcome: 'changed', accountVersion: 2, masked: '************5678' });

    const closed = await handler.close(personRef, { divisionCode: '330402', evidence: { kind: '银行销户回执', reference: 'XH-1' }, reason: '销户' }, context());
    expect(closed).toMatchObject({ outcome: 'closed', accountVersion: 2, usable: false });
    await expect(handler.close(personRef, { divisionCode: '330402', evidence: { kind: '银行销户回执', reference: 'XH-1' }, reason: '销户' }, context())).rejects.toMatchObject({ code: 'ACCOUNT_CLOSED' });
    expect(await handler.read(personRef)).toMatchObject({ usable: false, accountVersion: 2 });

    expect(await handler.put(personRef, request('6212260000009999'), context())).toMatchObject({ outcome: 'recorded', accountVersion: 3 });
    const text = await streamText(personRef);
    for (const clear of ['6230910000001234', '6212260000005678', '6212260000009999', '沈秀英']) expect(text).not.toContain(clear);
    expect((await store.readStream(`account-${personRef}`)).map((e) => e.type)).toEqual([
      'disbursement.AccountRecorded.v1',
      'disbursement.AccountChanged.v1',
      'disbursement.AccountClosed.v1',
      'disbursement.AccountRecorded.v1',
    ]);
  });

  it('writes the keyed fingerprint of bank code and number on records and changes (audit matches shared accounts on it), never the number', async () => {
    const [first, second] = [await vault.registerPerson(), await vault.registerPerson()];
    await handler.put(first, request('6230 9100 0000 4321'), context());
    // Another person, the same account typed without spaces: the same fingerprint.
    await handler.put(second, request('6230910000004321'), context());
    const fingerprint = vault.keyedFingerprint('bank-account', '402|6230910000004321');
    const [recorded] = await store.readStream(`account-${first}`);
    expect(recorded.data).toMatchObject({ accountFingerprint: fingerprint });
    expect((await store.readStream(`account-${second}`))[0].data).toMatchObject({ accountFingerprint: fingerprint });
    expect(fingerprint).not.toContain('4321');

    await handler.put(second, request('6230910000008765', { reason: '换卡', evidence: { kind: '本人申请', reference: 'SQ-8' } }), context());
    const changed = (await store.readStream(`account-${second}`))[1];
    expect(changed.type).toBe('disbursement.AccountChanged.v1');
    expect(changed.data).toMatchObject({ accountFingerprint: vault.keyedFingerprint('bank-account', '402|6230910000008765') });
    expect(await streamText(second)).not.toContain('6230910000008765');
  });

  it('writes nothing and opens nothing on bad input; refuses to close what was never recorded', async () => {
    const personRef = await vault.registerPerson();
    const head = await store.headPosition();
    const seal = jest.spyOn(vault, 'seal');
    await expect(handler.put(personRef, request('1234'), context())).rejects.toMatchObject({ code: 'ACCOUNT_NUMBER_INVALID' });
    await expect(handler.put(personRef, request('6230910000001234', { evidence: {} as never }), context())).rejects.toMatchObject({ code: 'ACCOUNT_EVIDENCE_REQUIRED' });
    await expect(handler.put('not-a-person', request('6230910000001234'), context())).rejects.toMatchObject({ code: 'INVALID_PERSON_REF' });
    await expect(handler.close(personRef, { divisionCode: '330402', evidence: { kind: '本人申请', reference: 'x' }, reason: 'r' }, context())).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(seal).not.toHaveBeenCalled();
    seal.mockRestore();
    expect(await store.headPosition()).toBe(head);
    expect(await handler.read(personRef)).toBeNull();
  });

  it('asks whether the caller may act for the division an open account was recorded for', async () => {
    const personRef = await vault.registerPerson();
    await handler.put(personRef, request('6230910000004321'), context());
    const mayActFor = jest.fn((division: string) => {
      if (division !== '330411') throw new Error(`not for ${division}`);
    });
    await expect(handler.put(personRef, request('6230910000008765', { divisionCode: '330411', reason: '迁入' }), context(), mayActFor)).rejects.toThrow('not for 330402');
    expect(mayActFor).toHaveBeenCalledWith('330402');
  });

  describe('openForExport', () => {
    let usable: string[];
    let closedRef: string;
    let erasedRef: string;

    beforeAll(async () => {
      usable = [];
      // More than one batch of the read store's page limit.
      for (let i = 0; i < EXPORT_BATCH + 30; i += 1) {
        const personRef = await vault.registerPerson();
        await handler.put(personRef, request(`62309100${String(i).padStart(8, '0')}`), context());
        usable.push(personRef);
      }
      closedRef = await vault.registerPerson();
      await handler.put(closedRef, request('6230910011112222'), context());
      await handler.close(closedRef, { divisionCode: '330402', evidence: { kind: '银行销户回执', reference: 'XH-2' }, reason: '销户' }, context());
      erasedRef = await vault.registerPerson();
      await handler.put(erasedRef, request('6230910033334444'), context());
    });

    it('gives the clear account and its version, or why there is none, with one query per 1000 persons and no stream reads', async () => {
      const missing = newId();
      const fresh = readModels.fresh.bind(readModels);
      let finds = 0;
      const freshSpy = jest.spyOn(readModels, 'fresh').mockImplementation(async (name: string, timeout?: number) => {
        const view = await fresh(name, timeout);
        return {
          ...view,
          collection: (schema: CollectionSchema) => {
            const collection = view.collection(schema);
            return { ...collection, schema: collection.schema, find: (options?: FindOptions) => ((finds += 1), collection.find(options)) } as never;
          },
        } as ReadModelView;
      });
      const streamReads = jest.spyOn(store, 'readStream');
      const asked = [...usable, closedRef, missing, 'not-a-uuid', usable[0]];
      const result = await handler.openForExport(asked, exportAccess);
      freshSpy.mockRestore();
      expect(streamReads).not.toHaveBeenCalled();
      streamReads.mockRestore();
      expect(finds).toBe(2);
      expect(result.size).toBe(usable.length + 3);
      expect(result.get(usable[0])).toEqual({
        accountVersion: 1,
        bankCode: '402',
        bankName: '某农村商业银行（样例）',
        accountNumber: '6230910000000000',
        holderName: '沈秀英',
        cardType: '社保卡',
      });
      expect(result.get(usable[usable.length - 1])).toMatchObject({ accountNumber: `62309100${String(usable.length - 1).padStart(8, '0')}` });
      expect(result.get(closedRef)).toEqual({ unusable: 'ACCOUNT_CLOSED' });
      expect(result.get(missing)).toEqual({ unusable: 'ACCOUNT_MISSING' });
      expect(result.get('not-a-uuid')).toEqual({ unusable: 'ACCOUNT_MISSING' });
      expect(await handler.openForExport([], exportAccess)).toEqual(new Map());
      // Every clear account read is in the vault's access log, under the exporter and the purpose.
      const logged = await vault.listAccessLog({ personRef: usable[0] });
      expect(logged.items[0]).toMatchObject({ actor: officer, purpose: 'bank-file-export', correlationId: 'corr-export', records: 1, erased: false });
    });

    it('crypto-shredding: after destroyKey the export reports ERASED, never the old number; the masked view stays', async () => {
      expect(await handler.openForExport([erasedRef], exportAccess)).toEqual(new Map([[erasedRef, expect.objectContaining({ accountNumber: '6230910033334444' })]]));
      await vault.destroyKey(erasedRef, { reason: '依法删除（测试）', actor: { id: 'admin-1', role: 'admin', divisionCode: '330400' } });
      const after = await handler.openForExport([erasedRef, usable[1]], exportAccess);
      expect(after.get(erasedRef)).toEqual({ unusable: 'ERASED' });
      expect(JSON.stringify([...after.entries()])).not.toContain('6230910033334444');
      expect(after.get(usable[1])).toMatchObject({ accountNumber: '6230910000000001' });
      expect(await handler.read(erasedRef)).toMatchObject({ usable: true, masked: '************4444' });
      // Nothing can be recorded for an erased person any more.
      await expect(handler.put(erasedRef, request('6230910055556666', { reason: '换卡' }), context())).rejects.toMatchObject({ code: 'PERSON_ERASED' });
    });
  });
});
