import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVaultKeys, type PersonalDataVault } from '@benefits/identity';
import { createTestDatabase } from '@benefits/testing';
import { VaultConnection, vaultFromEnvironment, type VaultHandle } from './vault-connection';

jest.setTimeout(60_000);

// A valid 身份证号 (GB 11643 check character 4).
const residentId = '330402197003150024';

async function roundTrip(handle: VaultHandle): Promise<void> {
  const personRef = await handle.vault.registerPerson({ residentId });
  const sealed = await handle.vault.seal(personRef, { name: '沈秀英', residentId });
  expect(await handle.vault.open(sealed, { actor: { id: 'officer-1', role: 'case_officer', divisionCode: '330402' }, purpose: 'case-handling' })).toEqual({ erased: false, personRef, fields: { name: '沈秀英', residentId } });
  expect(await handle.vault.findPersonByResidentId(residentId)).toBe(personRef);
}

describe('the applications vault from the environment', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'applications-vault-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('embedded: PGlite in <dataDir>/vault with keys generated into the data directory, kept across reopening', async () => {
    const open = vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir });
    const first = await open();
    await roundTrip(first);
    await first.close();
    expect(existsSync(join(dataDir, 'vault'))).toBe(true);
    expect(existsSync(join(dataDir, 'identity', 'vault-keys.json'))).toBe(true);
    const again = await open();
    expect(await again.vault.findPersonByResidentId(residentId)).toEqual(expect.any(String));
    await again.close();
  });

  it('production-shaped: the PostgreSQL database of the deployment, keys from the environment', async () => {
    const url = await createTestDatabase('vault');
    const keys = generateVaultKeys();
    const handle = await vaultFromEnvironment({
      BENEFITS_DATA_DIR: dataDir,
      BENEFITS_EVENT_STORE: 'postgres',
      BENEFITS_PG_URL: url,
      BENEFITS_JWKS_URL: 'https://idp.example.gov.cn/jwks.json',
      BENEFITS_VAULT_MASTER_KEY: keys.masterKey.toString('base64'),
      BENEFITS_VAULT_INDEX_KEY: keys.indexKey.toString('base64'),
    })();
    await roundTrip(handle);
    await handle.close();
    expect(existsSync(join(dataDir, 'identity'))).toBe(false);
  });

  it('production refuses to start without keys in the environment', async () => {
    const open = vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir, BENEFITS_JWKS_URL: 'https://idp.example.gov.cn/jwks.json' });
    await expect(open()).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_INVALID' });
  });
});

describe('VaultConnection', () => {
  const fakeVault = {} as PersonalDataVault;

  it('opens on first use only, once, and closes with the module', async () => {
    const close = jest.fn(async () => undefined);
    const open = jest.fn(async () => ({ vault: fakeVault, close }));
    const connection = new VaultConnection(open);
    await connection.onModuleDestroy();
    expect(open).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([connection.vault(), connection.vault()]);
    expect(a).toBe(fakeVault);
    expect(b).toBe(fakeVault);
    expect(open).toHaveBeenCalledTimes(1);
    await connection.onModuleDestroy();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('tries again on the next request after a failed open', async () => {
    const open = jest
      .fn<Promise<VaultHandle>, []>()
      .mockRejectedValueOnce(new Error('database starting up'))
      .mockResolvedValue({ vault: fakeVault, close: async () => undefined });
    const connection = new VaultConnection(open);
    await expect(connection.vault()).rejects.toThrow('database starting up');
    await expect(connection.vault()).resolves.toBe(fakeVault);
    expect(open).toHaveBeenCalledTimes(2);
  });
});
