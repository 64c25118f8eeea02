import type { CliIo } from '@benefits/identity';
import { vaultFromEnvironment } from '@benefits/http';

export const VAULT_USAGE = [
  'usage: benefits vault status',
  '       benefits vault rewrap [--batch <n>]',
  '',
  '个人信息保管库主密钥轮换 / vault master-key rotation (docs/operations/vault-keys.md):',
  '  status   各主密钥包装的数据密钥数量 / how many data keys each master key wraps',
  '  rewrap   将旧主密钥包装的数据密钥改由当前主密钥包装（服务可照常运行）/ re-wrap data keys still under a',
  '           previous master key with the current one (the services keep running)',
  'Keys: BENEFITS_VAULT_KEY_FILE, or BENEFITS_VAULT_MASTER_KEY / _INDEX_KEY / _PREVIOUS_MASTER_KEYS, or the embedded key file.',
  'The vault database: BENEFITS_VAULT_PG_URL or BENEFITS_PG_URL (postgres), else <data dir>/vault (embedded: services stopped).',
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
  const handle = await vaultFromEnvironment(io.env ?? process.env)();
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
}
