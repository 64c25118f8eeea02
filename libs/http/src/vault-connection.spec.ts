import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonalDataVault } from '@benefits/identity';
import { sharedVault, vaultFromEnvironment, vaultOnPostgres } from './vault-connection';

jest.setTimeout(60_000);

describe('one vault per database in a process (embedded mode: four services, one PGlite)', () => {
  it('gives every opener the same instance and closes the database with the last handle', async () => {
    const close = jest.fn(async () => undefined);
    const vault = {} as PersonalDataVault;
    const open = jest.fn(async () => ({ vault, close }));
    const a = await sharedVault('test|one', open)();
    const b = await sharedVault('test|one', open)();
    expect(a.vault).toBe(vault);
    expect(b.vault).toBe(vault);
    expect(open).toHaveBeenCalledTimes(1);
    await a.close();
    await a.close();
    expect(close).not.toHaveBeenCalled();
    await b.close();
    expect(close).toHaveBeenCalledTimes(1);
    // Opened again after the last close: a new database connection.
    const c = await sharedVault('test|one', open)();
    expect(open).toHaveBeenCalledTimes(2);
    await c.close();
  });

  it('forgets a failed open, so the next caller tries again', async () => {
    const open = jest
      .fn()
      .mockRejectedValueOnce(new Error('database starting up'))
      .mockResolvedValue({ vault: {} as PersonalDataVault, close: async () => undefined });
    await expect(sharedVault('test|two', open)()).rejects.toThrow('database starting up');
    const handle = await sharedVault('test|two', open)();
    expect(open).toHaveBeenCalledTimes(2);
    await handle.close();
  });

  it('two services opening the embedded vault of one data directory share one PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shared-vault-'));
    try {
      const [applications, disbursement] = await Promise.all([
        vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir })(),
        vaultFromEnvironment({ BENEFITS_DATA_DIR: join(dataDir, '.') })(),
      ]);
      expect(disbursement.vault).toBe(applications.vault);
      const personRef = await applications.vault.registerPerson();
      const sealed = await applications.vault.seal(personRef, { accountNumber: '6217000012341234' });
      await applications.close();
      // Still open for the other service.
      expect(await disbursement.vault.open(sealed, { actor: { id: 'clerk-1', role: 'finance_clerk', divisionCode: '330402' }, purpose: 'bank-file-export' })).toMatchObject({ erased: false, fields: { accountNumber: '6217000012341234' } });
      await disbursement.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('where the vault is', () => {
  const url = 'postgres://db/vault';
  it('PostgreSQL with a PostgreSQL event store, and with KurrentDB when a PostgreSQL database is named; the data directory otherwise', () => {
    expect(vaultOnPostgres({ BENEFITS_EVENT_STORE: 'postgres', BENEFITS_VAULT_PG_URL: undefined, BENEFITS_PG_URL: url })).toBe(true);
    // Separate processes on KurrentDB share the deployment's vault instead of keeping one each.
    expect(vaultOnPostgres({ BENEFITS_EVENT_STORE: 'kurrentdb', BENEFITS_VAULT_PG_URL: url, BENEFITS_PG_URL: undefined })).toBe(true);
    expect(vaultOnPostgres({ BENEFITS_EVENT_STORE: 'kurrentdb', BENEFITS_VAULT_PG_URL: undefined, BENEFITS_PG_URL: url })).toBe(true);
    expect(vaultOnPostgres({ BENEFITS_EVENT_STORE: 'kurrentdb', BENEFITS_VAULT_PG_URL: undefined, BENEFITS_PG_URL: undefined })).toBe(false);
    expect(vaultOnPostgres({ BENEFITS_EVENT_STORE: 'pglite', BENEFITS_VAULT_PG_URL: url, BENEFITS_PG_URL: undefined })).toBe(false);
  });
});
