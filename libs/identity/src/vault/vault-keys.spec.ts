import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVaultKeys, masterKeyId, vaultKeyFilePath } from './vault-keys';

describe('vault keys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'identity-vault-keys-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('embedded mode generates both keys once into the data directory, owner-only', async () => {
    const first = await loadVaultKeys({ mode: 'embedded', dataDir, env: {} });
    expect(first.masterKey).toHaveLength(32);
    expect(first.indexKey).toHaveLength(32);
    expect(first.masterKey.equals(first.indexKey)).toBe(false);
    expect(statSync(vaultKeyFilePath(dataDir)).mode & 0o777).toBe(0o600);
    const again = await Promise.all([1, 2, 3].map(() => loadVaultKeys({ mode: 'embedded', dataDir, env: {} })));
    for (const keys of again) {
      expect(keys.masterKey.equals(first.masterKey)).toBe(true);
      expect(keys.indexKey.equals(first.indexKey)).toBe(true);
    }
  });

  it('takes the keys from the environment when given, and writes no file', async () => {
    const master = randomBytes(32);
    const index = randomBytes(32);
    const env = { BENEFITS_VAULT_MASTER_KEY: master.toString('base64'), BENEFITS_VAULT_INDEX_KEY: index.toString('base64url') };
    for (const mode of ['production', 'embedded'] as const) {
      const keys = await loadVaultKeys({ mode, dataDir, env });
      expect(keys.masterKey.equals(master)).toBe(true);
      expect(keys.indexKey.equals(index)).toBe(true);
    }
    expect(() => readFileSync(vaultKeyFilePath(dataDir))).toThrow();
  });

  it.each([
    [{}, 'BENEFITS_VAULT_MASTER_KEY'],
    [{ BENEFITS_VAULT_MASTER_KEY: randomBytes(16).toString('base64'), BENEFITS_VAULT_INDEX_KEY: randomBytes(32).toString('base64') }, 'BENEFITS_VAULT_MASTER_KEY'],
    [{ BENEFITS_VAULT_MASTER_KEY: 'not base64 at all, but forty-four chars long', BENEFITS_VAULT_INDEX_KEY: randomBytes(32).toString('base64') }, 'BENEFITS_VAULT_MASTER_KEY'],
    [{ BENEFITS_VAULT_MASTER_KEY: randomBytes(32).toString('base64') }, 'BENEFITS_VAULT_INDEX_KEY'],
  ])('production mode refuses missing or malformed keys %#', async (env, variable) => {
    await expect(loadVaultKeys({ mode: 'production', dataDir, env })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_INVALID', details: { variable } });
  });

  it('identifies a master key without revealing it', () => {
    const key = randomBytes(32);
    expect(masterKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(key)).toBe(masterKeyId(Buffer.from(key)));
    expect(masterKeyId(randomBytes(32))).not.toBe(masterKeyId(key));
    expect(key.toString('hex')).not.toContain(masterKeyId(key));
  });
});
