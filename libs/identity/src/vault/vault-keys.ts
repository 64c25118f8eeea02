import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
  /**
   * Master keys this one replaced (rotation, docs/operations/vault-keys.md): they still unwrap the
   * data keys wrapped before the rotation until `rewrapDataKeys` has moved them all; never used to wrap.
   */
  previousMasterKeys?: Buffer[];
}

export const VAULT_MASTER_KEY_ENV = 'BENEFITS_VAULT_MASTER_KEY';
export const VAULT_INDEX_KEY_ENV = 'BENEFITS_VAULT_INDEX_KEY';
/** Comma-separated base64 master keys that the current one replaced. */
export const VAULT_PREVIOUS_MASTER_KEYS_ENV = 'BENEFITS_VAULT_PREVIOUS_MASTER_KEYS';
/** A key file kept away from the data (a mounted secret): same format as the embedded one, never created. */
export const VAULT_KEY_FILE_ENV = 'BENEFITS_VAULT_KEY_FILE';

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
  previousMasterKeys?: string[];
}

function isVaultKeyFile(value: unknown): value is VaultKeyFile {
  const v = value as Partial<VaultKeyFile> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.masterKey === 'string' &&
    typeof v.indexKey === 'string' &&
    (v.previousMasterKeys === undefined || (Array.isArray(v.previousMasterKeys) && v.previousMasterKeys.every((k) => typeof k === 'string')))
  );
}

function keysOfFile(file: VaultKeyFile, source: string): VaultKeys {
  return {
    masterKey: decodeKey(file.masterKey, `${source}: masterKey`),
    indexKey: decodeKey(file.indexKey, `${source}: indexKey`),
    previousMasterKeys: (file.previousMasterKeys ?? []).map((k, i) => decodeKey(k, `${source}: previousMasterKeys[${i}]`)),
  };
}

function previousKeysFromEnv(env: NodeJS.ProcessEnv): Buffer[] {
  const value = env[VAULT_PREVIOUS_MASTER_KEYS_ENV]?.trim() ?? '';
  return value === '' ? [] : value.split(',').map((k, i) => decodeKey(k, `${VAULT_PREVIOUS_MASTER_KEYS_ENV}[${i}]`));
}

/** Reads a key file that must exist (BENEFITS_VAULT_KEY_FILE). */
async function readKeyFile(path: string): Promise<VaultKeys> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw IdentityErrors.VAULT_MASTER_KEY_INVALID({ variable: VAULT_KEY_FILE_ENV, reason: 'the key file cannot be read as JSON' });
  }
  if (!isVaultKeyFile(parsed)) throw IdentityErrors.VAULT_MASTER_KEY_INVALID({ variable: VAULT_KEY_FILE_ENV, reason: 'the key file does not have the expected fields' });
  return keysOfFile(parsed, VAULT_KEY_FILE_ENV);
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

/**
 * The vault's keys, from the first of: BENEFITS_VAULT_KEY_FILE (a file that must exist, e.g. a
 * mounted secret), BENEFITS_VAULT_MASTER_KEY + BENEFITS_VAULT_INDEX_KEY (+ BENEFITS_VAULT_PREVIOUS_MASTER_KEYS),
 * and in embedded mode only, the key file generated beside the data.
 */
export async function loadVaultKeys(options: LoadVaultKeysOptions): Promise<VaultKeys> {
  const env = options.env ?? process.env;
  const keyFile = env[VAULT_KEY_FILE_ENV]?.trim();
  if (keyFile) return readKeyFile(keyFile);
  const fromEnv = env[VAULT_MASTER_KEY_ENV] !== undefined && env[VAULT_MASTER_KEY_ENV] !== '';
  if (fromEnv || options.mode === 'production') {
    return {
      masterKey: decodeKey(env[VAULT_MASTER_KEY_ENV], VAULT_MASTER_KEY_ENV),
      indexKey: decodeKey(env[VAULT_INDEX_KEY_ENV], VAULT_INDEX_KEY_ENV),
      previousMasterKeys: previousKeysFromEnv(env),
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
  return keysOfFile(file, vaultKeyFilePath(options.dataDir ?? env.BENEFITS_DATA_DIR ?? './.data'));
}

/** Fresh random keys (tests, or generating values for a secret store). */
export function generateVaultKeys(): VaultKeys {
  return { masterKey: randomBytes(32), indexKey: randomBytes(32) };
}
