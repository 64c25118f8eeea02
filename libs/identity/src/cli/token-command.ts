import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../tokens/claims';
import { createDevTokenVerifier, DEFAULT_DEV_TOKEN_TTL_SECONDS } from '../tokens/dev-tokens';
import { isIdentityError } from '../errors';
import { ROLES, ROLE_LABELS_ZH } from '../roles';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Environment to read BENEFITS_DATA_DIR, BENEFITS_TOKEN_ISSUER, BENEFITS_TOKEN_AUDIENCE from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const TOKEN_USAGE = [
  'usage: benefits token --role <role> --division <code> [--sub <id>] [--ttl <seconds>] [--data-dir <dir>]',
  '',
  '用本地开发密钥签发身份令牌（嵌入模式）/ Issues a bearer token signed with the local development key (embedded mode).',
  `  --role       ${ROLES.map((r) => `${r} (${ROLE_LABELS_ZH[r]})`).join(', ')}`,
  '  --division   6 位行政区划代码 / 6-digit GB/T 2260 division code, e.g. 330402',
  '  --sub        用户标识 / actor id (default dev-<role>-<division>)',
  `  --ttl        有效期（秒）/ lifetime in seconds (default ${DEFAULT_DEV_TOKEN_TTL_SECONDS})`,
  '  --data-dir   数据目录 / data directory (default $BENEFITS_DATA_DIR or ./.data)',
  '',
].join('\n');

const OPTIONS = ['role', 'division', 'sub', 'ttl', 'data-dir'] as const;
type Option = (typeof OPTIONS)[number];

class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function parse(argv: string[]): Partial<Record<Option, string>> | 'help' {
  const values: Partial<Record<Option, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`无法识别的参数 ${arg}`, `unexpected argument ${arg}`);
    const name = match[1] as Option;
    if (!OPTIONS.includes(name)) throw new UsageError(`未知选项 --${match[1]}`, `unknown option --${match[1]}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) {
      throw new UsageError(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    }
    if (values[name] !== undefined) throw new UsageError(`选项 --${name} 重复`, `option --${name} given twice`);
    values[name] = value;
  }
  return values;
}

/**
 * `benefits token …`: prints a dev token on stdout (and nothing else, so `TOKEN=$(…)` works).
 * @returns the exit code: 0, or 2 for bad arguments.
 */
export async function tokenCommand(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
    if (options === 'help') {
      io.stdout.write(TOKEN_USAGE);
      return 0;
    }
    if (options.role === undefined) throw new UsageError('缺少 --role', 'missing --role');
    if (options.division === undefined) throw new UsageError('缺少 --division', 'missing --division');
    if (options.ttl !== undefined && !/^\d+$/.test(options.ttl)) {
      throw new UsageError(`--ttl 应为正整数秒，收到 ${options.ttl}`, `--ttl must be a whole number of seconds, got ${options.ttl}`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`错误：${error.zh}\nerror: ${error.en}\n\n${TOKEN_USAGE}`);
    return 2;
  }

  if (env.BENEFITS_JWKS_URL) {
    io.stderr.write(
      '注意：已配置 BENEFITS_JWKS_URL（生产模式），服务不会接受本地开发令牌\n' +
        'note: BENEFITS_JWKS_URL is set (production mode); services will not accept local dev tokens\n',
    );
  }
  try {
    const authority = await createDevTokenVerifier({
      dataDir: options['data-dir'] ?? env.BENEFITS_DATA_DIR ?? './.data',
      issuer: env.BENEFITS_TOKEN_ISSUER || DEFAULT_DEV_ISSUER,
      audience: env.BENEFITS_TOKEN_AUDIENCE || DEFAULT_AUDIENCE,
    });
    const token = await authority.issueDevToken({
      role: options.role,
      division: options.division,
      sub: options.sub,
      ttlSeconds: options.ttl === undefined ? undefined : Number(options.ttl),
    });
    io.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (isIdentityError(error, 'INVALID_ARGUMENT')) {
      io.stderr.write(`错误：${error.messageZh}\nerror: ${error.messageEn}\n`);
      return 2;
    }
    throw error;
  }
}
