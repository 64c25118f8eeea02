import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataDirectoryLock } from '@benefits/event-store';
import { VAULT_KEY_FILE_ENV, VAULT_MASTER_KEY_ENV, vaultKeyFilePath, type CliIo } from '@benefits/identity';
import { loadRuntimeConfig, vaultFromEnvironment, vaultOnPostgres } from '@benefits/http';
import { BackupFailure, lockDataDirectory } from './backup-command';

export const VAULT_USAGE = [
  'usage: benefits vault status',
  '       benefits vault rewrap [--batch <n>]',
  '',
  '个人信息保管库主密钥轮换 / vault master-key rotation (docs/operations/vault-keys.md):',
  '  status   各主密钥包装的数据密钥数量 / how many data keys each master key wraps',
  '  rewrap   将旧主密钥包装的数据密钥改由当前主密钥包装（服务可照常运行）/ re-wrap data keys still under a',
  '           previous master key with the current one (the services keep running)',
  'Keys: BENEFITS_VAULT_KEY_FILE, or BENEFITS_VAULT_MASTER_KEY / _INDEX_KEY / _PREVIOUS_MASTER_KEYS, or the embedded key file.',
  'The vault database: BENEFITS_VAULT_PG_URL or BENEFITS_PG_URL (postgres), else <data dir>/vault (embedded: services stopped,',
  'the command holds the data directory lock). Never creates keys or a vault: refuses if they are missing.',
].join('\n');

/** `benefits vault status | rewrap`: the master-key rotation's second half, from the command line. */
export async function vaultCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'status' && sub !== 'rewrap') {
    io.stderr.write(`${VAULT_USAGE}\n`);
    return 2;
  }
  let batchSize = 500;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--batch' && /^[1-9]\d{0,5}$/.test(rest[i + 1] ?? '')) batchSize = Number(rest[++i]);
    else {
      io.stderr.write(`错误：无法识别的参数 ${rest[i]}\nerror: unknown argument ${rest[i]}\n${VAULT_USAGE}\n`);
      return 2;
    }
  }
  const env = io.env ?? process.env;
  let lock: DataDirectoryLock | null = null;
  try {
    lock = lockForVault(env);
    const handle = await vaultFromEnvironment(env)();
    try {
      if (sub === 'status') {
        io.stdout.write(`${JSON.stringify(await handle.vault.masterKeyUsage(), null, 2)}\n`);
        return 0;
      }
      const result = await handle.vault.rewrapDataKeys({ batchSize });
      io.stdout.write(`${JSON.stringify({ current: handle.vault.masterKeyId, ...result }, null, 2)}\n`);
      return Object.keys(result.remaining).length === 0 ? 0 : 1;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!(error instanceof BackupFailure)) throw error;
    io.stderr.write(`错误 Error [${error.code}]: ${error.zh}\n  ${error.en}\n`);
    return error.exitCode;
  } finally {
    lock?.release();
  }
}

/**
 * This command only works on an existing vault with existing keys: it never generates a key file
 * (which would wrap nothing and hide the real keys) nor creates an empty vault. In embedded mode it
 * holds the data directory's lock for its whole run, as `benefits backup` does, so it refuses while
 * the services run (DATA_DIRECTORY_IN_USE) and they cannot start meanwhile. Returns the lock (null
 * when the vault is on PostgreSQL, where the services may keep running).
 */
function lockForVault(env: NodeJS.ProcessEnv): DataDirectoryLock | null {
  const settings = loadRuntimeConfig(env);
  const dataDir = settings.BENEFITS_DATA_DIR;
  const embedded = !vaultOnPostgres(settings);
  const eventsDir = join(dataDir, 'events');
  // First the lock (a running service wins over every other complaint), then what must exist.
  let lock = embedded && existsSync(eventsDir) ? lockDataDirectory(dataDir) : null;
  try {
    const keysFromSecretStore = Boolean(env[VAULT_KEY_FILE_ENV]?.trim()) || Boolean(env[VAULT_MASTER_KEY_ENV]) || Boolean(settings.BENEFITS_JWKS_URL);
    if (!keysFromSecretStore && !existsSync(vaultKeyFilePath(dataDir))) {
      throw new BackupFailure(
        'VAULT_KEYS_NOT_FOUND',
        `未找到保管库密钥：既未设置 ${VAULT_KEY_FILE_ENV} 或 ${VAULT_MASTER_KEY_ENV}，${vaultKeyFilePath(dataDir)} 也不存在。本命令不会生成密钥`,
        `no vault keys: neither ${VAULT_KEY_FILE_ENV} nor ${VAULT_MASTER_KEY_ENV} is set and ${vaultKeyFilePath(dataDir)} does not exist. This command never generates keys`,
      );
    }
    if (!embedded) return null;
    const vaultDir = join(dataDir, 'vault');
    if (!existsSync(join(vaultDir, 'PG_VERSION'))) {
      throw new BackupFailure(
        'VAULT_NOT_FOUND',
        `数据目录 ${dataDir} 中没有保管库（${vaultDir}）。本命令不会创建保管库`,
        `no vault in the data directory ${dataDir} (${vaultDir}). This command never creates one`,
      );
    }
    if (!lock) {
      mkdirSync(eventsDir, { recursive: true });
      lock = lockDataDirectory(dataDir);
    }
    return lock;
  } catch (error) {
    lock?.release();
    throw error;
  }
}
