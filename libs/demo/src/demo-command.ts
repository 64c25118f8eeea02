import { createDevTokenVerifier, DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER, isDivisionCode } from '@benefits/identity';
import { Api, ApiError, serviceUrlsFromBase, type FetchLike, type TokenSource } from './api';
import { SAMPLE_LABEL } from './caseload';
import { writeFile } from 'node:fs/promises';
import { advanceCaseload, seedCaseload, type RunSummary } from './seed';
import { simulateBankReturn } from './finance';
import { SetupError } from './setup';

/**
 * `benefits demo seed|advance`: a sample caseload through the running server's public HTTP API.
 * The command never opens the data directory's stores; it only reads the development signing key
 * there, exactly as `benefits token` does, to sign the sample officers' tokens.
 */

export interface DemoIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Replaces global fetch (tests). */
  fetch?: FetchLike;
}

export const DEMO_USAGE = [
  'usage: benefits demo seed --cases <n> [--division <code>] [--url <applications url>] [--concurrency <n>] [--seed <n>]',
  '                          [--linshi-division <code>] [--data-dir <dir>] [--timeout-ms <ms>]',
  '       benefits demo advance [--division <code>] [--url <applications url>] [--concurrency <n>] [--data-dir <dir>]',
  '       benefits demo bank-return --envelope <id> [--fail-rate 0.01] [--out <file>] [--seed <n>] [--url <applications url>] [--data-dir <dir>]',
  '',
  `通过运行中服务的公开 HTTP 接口生成样例案件（${SAMPLE_LABEL}）/ Creates a sample caseload through the running server's HTTP API.`,
  '  seed       约 60% 低保、30% 计生特扶、10% 临时救助；低保办到公示为止 / ~60 % 低保, 30 % 特扶, 10 % 临时救助; 低保 up to 公示',
  '  advance    公示期满后审批样例低保案件并执行计划的增发/减发/停发/退出 / approves sample 低保 cases whose 公示 is over, then the planned change',
  '  bank-return 银行模拟器：为已导出的发放批次生成样例回盘文件（按 --fail-rate 随机失败「账户已销户」）',
  '             / bank simulator: writes a SAMPLE return file for an exported envelope (a --fail-rate share fails as account closed)',
  '             seed 同时录入样例一卡通账户（约 1% 案件不录，显示「待补录账户」）和样例资金分担比例',
  '             / seed also records SAMPLE 一卡通 accounts (~1 % of cases left without: 待补录账户) and SAMPLE funding shares',
  '  --cases            样例案件数 / number of sample cases',
  '  --division         行政区划代码，默认 330402；市、省级代码分布到所辖区县 / division (default 330402); a city or province spreads over its counties',
  '  --url              applications 服务地址，默认 http://127.0.0.1:$BENEFITS_PORT_BASE (3001)；其余三个服务依次为后续端口',
  '                     / applications URL; eligibility, disbursement and audit are the next three ports',
  '  --concurrency      并发案件数 / cases in flight (default 16)',
  '  --seed             随机种子，相同种子生成相同样例 / PRNG seed: the same seed gives the same households (default 1)',
  '  --linshi-division  临时救助案件所在区划 / division of the 临时救助 cases (default: one whose standard defines the amounts)',
  '  --data-dir         开发密钥所在数据目录 / data directory holding the dev signing key (default $BENEFITS_DATA_DIR or ./.data)',
  '  --timeout-ms       等待资格认定的时限 / how long to wait for a determination (default 60000)',
  '  --envelope         发放批次编号 / the envelope (run) id, e.g. tefu-330402-2026-03-1',
  '  --fail-rate        失败比例 0–1 / share of lines the simulated bank refuses (default 0.01)',
  '  --out              回盘文件 / where to write the return file (default return-<envelope>.csv)',
  '',
  '输出：进度写入 stderr，汇总 JSON 写入 stdout；退出码 0 全部成功，1 有案件失败或准备失败，2 参数错误',
  'output: progress on stderr, a JSON summary on stdout; exit 0 all cases fine, 1 some failed (or setup failed), 2 bad arguments',
  '',
].join('\n');

const OPTIONS = ['cases', 'division', 'url', 'concurrency', 'seed', 'linshi-division', 'data-dir', 'timeout-ms', 'envelope', 'fail-rate', 'out'] as const;
const BANK_RETURN_OPTIONS: readonly Option[] = ['envelope', 'fail-rate', 'out', 'seed', 'url', 'data-dir'];
type Option = (typeof OPTIONS)[number];

class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export function parseDemoArgs(argv: readonly string[]): { sub: 'seed' | 'advance' | 'bank-return'; options: Partial<Record<Option, string>> } | 'help' {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return 'help';
  if (sub !== 'seed' && sub !== 'advance' && sub !== 'bank-return') throw new UsageError(`未知子命令 ${sub}`, `unknown subcommand ${sub}`);
  const options: Partial<Record<Option, string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`无法识别的参数 ${arg}`, `unexpected argument ${arg}`);
    const name = match[1] as Option;
    if (!OPTIONS.includes(name)) throw new UsageError(`未知选项 --${match[1]}`, `unknown option --${match[1]}`);
    const value = match[2] ?? rest[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new UsageError(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    options[name] = value;
  }
  const whole = (name: Option, min: number) => {
    const v = options[name];
    if (v !== undefined && (!/^\d+$/.test(v) || Number(v) < min)) throw new UsageError(`--${name} 应为不小于 ${min} 的整数`, `--${name} must be a whole number ≥ ${min}`);
  };
  if (sub === 'seed' && options.cases === undefined) throw new UsageError('缺少 --cases', 'missing --cases');
  for (const name of Object.keys(options) as Option[]) {
    const bankReturnOnly = name === 'envelope' || name === 'fail-rate' || name === 'out';
    if (sub === 'bank-return' ? !BANK_RETURN_OPTIONS.includes(name) : bankReturnOnly) throw new UsageError(`${sub} 不接受 --${name}`, `${sub} takes no --${name}`);
  }
  if (sub === 'bank-return') {
    if (options.envelope === undefined) throw new UsageError('缺少 --envelope', 'missing --envelope');
    if (!/^(tefu|dibao|linshi)-\d{6}-\d{4}(-\d{2})?-\d+$/.test(options.envelope)) throw new UsageError(`--envelope 不是发放批次编号：${options.envelope}`, `--envelope is not an envelope id: ${options.envelope}`);
    const rate = options['fail-rate'];
    if (rate !== undefined && (!/^(0(\.\d+)?|1(\.0+)?)$/.test(rate))) throw new UsageError('--fail-rate 应为 0 到 1 之间的小数', '--fail-rate must be a number from 0 to 1');
  }
  if (sub === 'advance' && (options.cases !== undefined || options.seed !== undefined || options['linshi-division'] !== undefined)) {
    throw new UsageError('advance 不接受 --cases、--seed、--linshi-division', 'advance takes no --cases, --seed or --linshi-division');
  }
  whole('cases', 1);
  whole('concurrency', 1);
  whole('seed', 0);
  whole('timeout-ms', 1);
  for (const name of ['division', 'linshi-division'] as const) {
    const v = options[name];
    if (v !== undefined && !isDivisionCode(v)) throw new UsageError(`--${name} 应为 6 位行政区划代码`, `--${name} must be a 6-digit division code`);
  }
  if (options.url !== undefined && !/^https?:\/\/[^/]+\/?$/.test(options.url)) throw new UsageError('--url 应形如 http://127.0.0.1:3001', '--url must look like http://127.0.0.1:3001');
  return { sub, options };
}

/** Signs the sample officers' tokens with the data directory's dev key, as `benefits token` resolves it. */
export async function devTokenSource(env: NodeJS.ProcessEnv, dataDir?: string): Promise<TokenSource> {
  const authority = await createDevTokenVerifier({
    dataDir: dataDir ?? env.BENEFITS_DATA_DIR ?? './.data',
    issuer: env.BENEFITS_TOKEN_ISSUER || DEFAULT_DEV_ISSUER,
    audience: env.BENEFITS_TOKEN_AUDIENCE || DEFAULT_AUDIENCE,
  });
  return (who) => authority.issueDevToken({ role: who.role, division: who.division, sub: who.sub });
}

export async function demoCommand(argv: string[], io: DemoIo): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: ReturnType<typeof parseDemoArgs>;
  try {
    parsed = parseDemoArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`错误：${error.zh}\nerror: ${error.en}\n\n${DEMO_USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout.write(DEMO_USAGE);
    return 0;
  }
  const { sub, options } = parsed;
  const base = options.url ?? `http://${env.BENEFITS_HOST ?? '127.0.0.1'}:${env.BENEFITS_PORT_BASE ?? '3001'}`;
  const api = new Api(serviceUrlsFromBase(base), await devTokenSource(env, options['data-dir']), io.fetch);
  if (sub === 'bank-return') return bankReturn(api, options, io);
  const common = {
    api,
    division: options.division ?? '330402',
    concurrency: Number(options.concurrency ?? 16),
    determinationTimeoutMs: options['timeout-ms'] ? Number(options['timeout-ms']) : undefined,
    progress: (line: string) => void io.stderr.write(line),
  };
  io.stderr.write(`${SAMPLE_LABEL} — benefits demo ${sub} → ${base}\n`);
  let summary: RunSummary;
  try {
    summary =
      sub === 'seed'
        ? await seedCaseload({ ...common, seed: Number(options.seed ?? 1), cases: Number(options.cases), linshiDivision: options['linshi-division'] })
        : await advanceCaseload(common);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(error instanceof SetupError ? `准备失败 / setup failed:\n${message}\n` : `错误 / error: ${message}\n`);
    return 1;
  }
  io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const failed = summary.failures.length + summary.failuresNotListed + (summary.finance?.accountFailures.length ?? 0);
  io.stderr.write(`${SAMPLE_LABEL}: ${failed} case(s) failed${summary.next ? `; ${summary.next}` : ''}\n`);
  return failed > 0 ? 1 : 0;
}

/** `demo bank-return`: the bank simulator's SAMPLE return file for an exported envelope, written to --out. */
async function bankReturn(api: Api, options: Partial<Record<Option, string>>, io: DemoIo): Promise<number> {
  const envelopeId = options.envelope!;
  const out = options.out ?? `return-${envelopeId}.csv`;
  const createdOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  try {
    const file = await simulateBankReturn({ api, envelopeId, failRate: Number(options['fail-rate'] ?? '0.01'), seed: Number(options.seed ?? 1), createdOn });
    await writeFile(out, file.bytes);
    io.stdout.write(
      `${JSON.stringify({ sampleData: true, label: file.label, envelopeId, layoutId: file.layoutId, out, lines: file.lines, settled: file.settled, failed: file.failed, totalFen: file.totalFen }, null, 2)}\n`,
    );
    io.stderr.write(`${SAMPLE_LABEL}: 样例回盘文件 simulated return → ${out}; next: npx benefits disbursement import-returns ${envelopeId} --file ${out}\n`);
    return 0;
  } catch (error) {
    const code = error instanceof ApiError ? ` [${error.code}]` : '';
    io.stderr.write(`错误 / error${code}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
