import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IdentityErrors } from '../errors';
import { readOrCreateSecretFile } from '../internal/secret-file';

/**
 * The vault's two secrets, both 32 bytes:
 * - `masterKey` (KEK) wraps every person's data key. Losing it loses all personal data.
 * - `indexKey` keys the HMAC fingerprints of 身份证号 used to find a person again. It is separate
 *   from the KEK so the KEK can be rotated (re-wrapping data keys) without recomputing the index,
 *   and so a leaked index key exposes no ciphertext.
 */
export interface VaultKeys {
  masterKey: Buffer;
  indexKey: Buffer;
}

export const VAULT_MASTER_KEY_ENV = 'BENEFITS_VAULT_MASTER_KEY';
export const VAULT_INDEX_KEY_ENV = 'BENEFITS_VAULT_INDEX_KEY';

export function vaultKeyFilePath(dataDir: string): string {
  return join(dataDir, 'identity', 'vault-keys.json');
}

/** Decodes a 32-byte key given as base64 (standard or URL alphabet). */
export function decodeKey(value: string | undefined, name: string): Buffer {
  const trimmed = value?.trim() ?? '';
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) throw IdentityErrors.VAULT_MASTER_KEY_INVALID({ variable: name });
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw IdentityErrors.VAULT_MASTER_KEY_INVALID({ variable: name });
  return key;
}

/**
 * A short public identifier of a master key, stored next to each wrapped data key so that a wrong
 * KEK is reported as such instead of as corrupted data. It reveals nothing about the key.
 */
export function masterKeyId(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('benefits vault master key id v1').digest('hex').slice(0, 16);
}

interface VaultKeyFile {
  version: 1;
  createdAt: string;
  masterKey: string;
  indexKey: string;
}

function isVaultKeyFile(value: unknown): value is VaultKeyFile {
  const v = value as Partial<VaultKeyFile> | null;
  return typeof v === 'object' && v !== null && v.version === 1 && typeof v.masterKey === 'string' && typeof v.indexKey === 'string';
}

export interface LoadVaultKeysOptions {
  /**
   * `production`: both keys come from the environment (a secret store) and must be present.
   * `embedded`: from the environment if set, else generated once into `<dataDir>/identity/vault-keys.json` (0600).
   */
  mode: 'production' | 'embedded';
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export async function loadVaultKeys(options: LoadVaultKeysOptions): Promise<VaultKeys> {
  const env = options.env ?? process.env;
  const fromEnv = env[VAULT_MASTER_KEY_ENV] !== undefined && env[VAULT_MASTER_KEY_ENV] !== '';
  if (fromEnv || options.mode === 'production') {
    return {
      masterKey: decodeKey(env[VAULT_MASTER_KEY_ENV], VAULT_MASTER_KEY_ENV),
      indexKey: decodeKey(env[VAULT_INDEX_KEY_ENV], VAULT_INDEX_KEY_ENV),
    };
  }
  const file = await readOrCreateSecretFile(
    vaultKeyFilePath(options.dataDir ?? env.BENEFITS_DATA_DIR ?? './.data'),
    (): VaultKeyFile => ({
      version: 1,
      createdAt: new Date().toISOString(),
      masterKey: randomBytes(32).toString('base64'),
      indexKey: randomBytes(32).toString('base64'),
    }),
    isVaultKeyFile,
  );
  return { masterKey: decodeKey(file.masterKey, 'masterKey'), indexKey: decodeKey(file.indexKey, 'indexKey') };
}

/** Fresh random keys (tests, or generating values for a secret store). */
export function generateVaultKeys(): VaultKeys {
  return { masterKey: randomBytes(32), indexKey: randomBytes(32) };
}
