import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createDevTokenVerifier, DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER, devSigningKeyPath, isDivisionCode } from '@benefits/identity';
import { isBenefitId } from '../../../../libs/standards/src/benefits';

/**
 * `benefits disbursement run|approve|export|import-returns|reconcile|holds|close`: the finance steps
 * of a 发放批次 (ADR 0011) over the disbursement service's HTTP API, as a finance clerk works them.
 * The command never opens the data directory's stores; without --token it only reads the local
 * development signing key there (as `benefits token` does) to sign a token for the step.
 */

export interface DisbursementIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /** How often a long request reports that it is still working (default 2000 ms). */
  progressIntervalMs?: number;
}

export const DISBURSEMENT_USAGE = [
  'usage: benefits disbursement run --benefit <tefu|dibao|linshi|a registered benefit> --division <code> --period <yyyy-mm|yyyy>',
  '       benefits disbursement approve <envelopeId> [--note <text>]',
  '       benefits disbursement export <envelopeId> --out <file> [--layout <id>] [--format csv|xlsx]',
  '       benefits disbursement import-returns <envelopeId> --file <return file> [--mode strict|partial] [--encoding UTF-8|GBK]',
  '       benefits disbursement reconcile <envelopeId> [--csv <file>] [--xlsx <file>]',
  '       benefits disbursement reconcile --benefit <b> --division <code> --period <p> [--csv <file>] [--xlsx <file>]',
  '       benefits disbursement holds --benefit <b> --division <code> [--limit <n>]',
  '       benefits disbursement close <envelopeId>',
  '  common: [--url <disbursement service url>] [--token <bearer>] [--user <id>] [--data-dir <dir>]',
  '',
  '发放批次的财政流程（经运行中的 disbursement 服务）/ The finance steps of a payment envelope, through the running disbursement service.',
  '  run             生成发放批次：打印批次号、状态、笔数与金额 / a payment run: prints the run (= envelope) id, status and counts',
  '  approve         财政审核（审核人不得为制单人）/ approve the envelope (maker-checker: not by whoever prepared it)',
  '  export          导出银行文件到 --out，打印 SHA-256、笔数、合计 / writes the bank file to --out, prints SHA-256, lines, total',
  '                  --layout 默认 sample-csv-utf8（样例版式）/ default sample-csv-utf8 (a sample layout)',
  '  import-returns  导入银行回盘：打印各类笔数，逐行列出被拒的行号 / imports the bank return: counts, each refused line with its number',
  '  reconcile       对账：打印各项金额及是否平衡，可另存 --csv / --xlsx / reconciliation: every line and whether it balances',
  '  holds           暂缓发放清单（待补录账户、重复享受待决）/ held payments (account missing, duplicate person)',
  '  close           关闭已全部回盘的批次 / close an envelope whose payments all have a return',
  '  --url       disbursement 服务地址 / the disbursement service (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+2, as `npm start` lays them out)',
  '  --token     令牌 / bearer token; without it a local development token is signed (role finance_clerk, the step\'s division)',
  '  --user      开发令牌的用户标识 / subject of the development token (default cli-preparer for run, cli-finance-clerk otherwise:',
  '              制单与审核为不同人员 / maker and checker are different people)',
  '  --data-dir  开发密钥所在数据目录 / data directory holding the dev signing key (default $BENEFITS_DATA_DIR or ./.data)',
  '',
  '退出码 exit codes: 0 成功 ok; 1 服务拒绝、无法连接或对账不平 refused, unreachable, or reconciliation not balanced; 2 参数错误 bad arguments',
  '',
].join('\n');

type Sub = 'run' | 'approve' | 'export' | 'import-returns' | 'reconcile' | 'holds' | 'close';
const SUBS: readonly Sub[] = ['run', 'approve', 'export', 'import-returns', 'reconcile', 'holds', 'close'];
const COMMON = ['url', 'token', 'user', 'data-dir'] as const;
const OPTIONS: Record<Sub, readonly string[]> = {
  run: ['benefit', 'division', 'period'],
  approve: ['note'],
  export: ['out', 'layout', 'format'],
  'import-returns': ['file', 'mode', 'encoding'],
  reconcile: ['benefit', 'division', 'period', 'csv', 'xlsx'],
  holds: ['benefit', 'division', 'limit'],
  close: [],
};
const TAKES_ENVELOPE: readonly Sub[] = ['approve', 'export', 'import-returns', 'close'];
const ENVELOPE_ID = /^([a-z]{2,32})-(\d{6})-(\d{4}(?:-\d{2})?)-(\d+)$/;

export interface ParsedArgs {
  sub: Sub;
  envelopeId: string | null;
  options: Record<string, string>;
}

/** A refusal by the command itself or by the service: a stable code and the message in Chinese and English. */
export class CliFailure extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly exitCode = 1,
    readonly details?: unknown,
  ) {
    super(en);
  }
}

const usage = (zh: string, en: string) => new CliFailure('USAGE', zh, en, 2);

export function parseDisbursementArgs(argv: readonly string[]): ParsedArgs | 'help' {
  const args = argv[0] === 'disbursement' ? argv.slice(1) : argv;
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return 'help';
  if (!SUBS.includes(sub as Sub)) throw usage(`未知子命令 ${sub}`, `unknown subcommand ${sub}`);
  const s = sub as Sub;
  const allowed = [...OPTIONS[s], ...COMMON];
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const name = match[1];
    if (!allowed.includes(name)) throw usage(`${s} 不接受选项 --${name}`, `${s} takes no option --${name}`);
    const value = match[2] ?? rest[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw usage(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    if (options[name] !== undefined) throw usage(`选项 --${name} 重复`, `option --${name} given twice`);
    options[name] = value;
  }
  let envelopeId: string | null = null;
  if (TAKES_ENVELOPE.includes(s) || (s === 'reconcile' && positional.length > 0)) {
    envelopeId = positional.shift() ?? null;
    if (envelopeId === null) throw usage('缺少发放批次编号', 'missing the envelope id');
    if (!ENVELOPE_ID.test(envelopeId)) throw usage(`发放批次编号格式不正确：${envelopeId}（应为 <待遇>-<区划>-<期间>-<序号>）`, `not an envelope id: ${envelopeId} (<benefit>-<division>-<period>-<n>)`);
  }
  if (positional.length > 0) throw usage(`无法识别的参数 ${positional[0]}`, `unexpected argument ${positional[0]}`);

  const need = (...names: string[]) => {
    for (const name of names) if (options[name] === undefined) throw usage(`缺少 --${name}`, `missing --${name}`);
  };
  if (s === 'run' || (s === 'reconcile' && envelopeId === null)) need('benefit', 'division', 'period');
  if (s === 'reconcile' && envelopeId !== null && (options.benefit ?? options.division ?? options.period) !== undefined) {
    throw usage('按批次对账时不接受 --benefit/--division/--period', 'a reconciliation of one envelope takes no --benefit/--division/--period');
  }
  if (s === 'holds') need('benefit', 'division');
  if (s === 'export') need('out');
  if (s === 'import-returns') need('file');
  // A known benefit: the shipped tefu, dibao, linshi or one of the modules BENEFITS_MODULES loads (the command line loads them too).
  if (options.benefit !== undefined && !isBenefitId(options.benefit)) {
    throw usage('--benefit 应为已知的救助类别：tefu、dibao、linshi 或 BENEFITS_MODULES 加载的模块', '--benefit must be a known benefit: tefu, dibao, linshi or one of the modules BENEFITS_MODULES loads');
  }
  if (options.division !== undefined && !isDivisionCode(options.division)) throw usage('--division 应为 6 位行政区划代码', '--division must be a 6-digit division code');
  if (options.period !== undefined && !/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(options.period)) throw usage('--period 应为 yyyy-mm 或 yyyy', '--period must be yyyy-mm or yyyy');
  if (options.format !== undefined && !['csv', 'xlsx'].includes(options.format)) throw usage('--format 应为 csv 或 xlsx', '--format must be csv or xlsx');
  if (options.mode !== undefined && !['strict', 'partial'].includes(options.mode)) throw usage('--mode 应为 strict 或 partial', '--mode must be strict or partial');
  if (options.encoding !== undefined && !['UTF-8', 'GBK'].includes(options.encoding)) throw usage('--encoding 应为 UTF-8 或 GBK', '--encoding must be UTF-8 or GBK');
  if (options.limit !== undefined && (!/^\d+$/.test(options.limit) || Number(options.limit) < 1 || Number(options.limit) > 1000)) throw usage('--limit 应为 1–1000', '--limit must be 1–1000');
  if (options.url !== undefined && !/^https?:\/\/[^/\s]+/.test(options.url)) throw usage(`--url 应为 http(s):// 地址，收到 ${options.url}`, `--url must be an http(s):// address, got ${options.url}`);
  return { sub: s, envelopeId, options };
}

// --- formatting ----------------------------------------------------------------------------------

/** Integer fen as yuan with two decimals (no floating point). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const money = (fen: number) => `${yuan(fen)} 元 (${fen} fen)`;

export function formatFailure(failure: { code: string; zh: string; en: string; details?: unknown }): string {
  const lines = [`错误 Error [${failure.code}]: ${failure.zh} / ${failure.en}`];
  const details = failure.details as { issues?: { line?: number; path?: string; paymentId?: string | null; code?: string; message?: string }[]; payments?: unknown[] } | undefined;
  if (details && Array.isArray(details.issues)) {
    for (const issue of details.issues) {
      const where = issue.line !== undefined ? `第 ${issue.line} 行 line ${issue.line}` : (issue.path ?? '');
      lines.push(`  ${where}${issue.code ? ` [${issue.code}]` : ''}${issue.paymentId ? ` ${issue.paymentId}` : ''}: ${issue.message ?? ''}`);
    }
  } else if (details !== undefined && details !== null && Object.keys(details).length > 0) {
    lines.push(`  详情 details: ${JSON.stringify(details)}`);
  }
  return `${lines.join('\n')}\n`;
}

interface RunResult {
  runId: string;
  status: string;
  resumed: boolean;
  pages?: number;
  counts: { created: number; alreadyExisted: number; createdFen: number; arrearsFen?: number; recoveryFen?: number };
}

interface EnvelopeView {
  envelopeId: string;
  status: string;
  prepared: { totals: { count: number; fen: number }; held: { count: number; fen: number; byReason: Record<string, { count: number; fen: number }> }; references: string[] };
}

export function formatRun(run: RunResult, envelope: EnvelopeView | null): string {
  const c = run.counts;
  const lines = [
    `发放批次 run ${run.runId}  状态 status ${run.status}${run.resumed ? '（续跑 resumed）' : ''}`,
    `  新建 created ${c.created}  已存在 already existed ${c.alreadyExisted}  新建金额 created ${money(c.createdFen)}`,
  ];
  if (c.arrearsFen || c.recoveryFen) lines.push(`  补发 arrears ${money(c.arrearsFen ?? 0)}  追缴 recovery ${money(c.recoveryFen ?? 0)}`);
  if (envelope) {
    const p = envelope.prepared;
    lines.push(`  批次 envelope ${envelope.envelopeId} (${envelope.status}): 报送银行 to the bank ${p.totals.count} 笔 lines, ${money(p.totals.fen)}`);
    lines.push(`  暂缓 held ${p.held.count} 笔, ${money(p.held.fen)}${Object.entries(p.held.byReason).map(([r, v]) => `; ${HOLD_LABEL[r] ?? r} ${v.count}`).join('')}`);
    if (p.references.length > 0) lines.push(`  承接 references ${p.references.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const HOLD_LABEL: Record<string, string> = { ACCOUNT_MISSING: '待补录账户 ACCOUNT_MISSING', DUPLICATE_PERSON: '重复享受待决 DUPLICATE_PERSON' };

export function formatExport(file: { out: string; sha256: string; lineCount: number; totalFen: number; bytes: number; recordedSha256: string | null }): string {
  return [
    `银行文件 bank file → ${file.out} (${file.bytes} bytes)`,
    `  sha256 ${file.sha256}`,
    `  笔数 lines ${file.lineCount}  合计 total ${money(file.totalFen)}`,
    file.recordedSha256 === null || file.recordedSha256 === file.sha256 ? '  哈希已记录于批次 hash recorded on the envelope' : `  警告 warning: 服务记录的哈希 ${file.recordedSha256} 与文件不符 / the recorded hash differs from the file`,
    '',
  ].join('\n');
}

interface ReturnResult {
  sha256: string;
  alreadyImported: boolean;
  counts: { settled: number; failed: number; reversed: number; alreadyApplied: number; refused: number };
  fen: { settled: number; failed: number; reversed: number };
  refused: { line: number; paymentId: string | null; code: string; message: string }[];
}

export function formatReturns(result: ReturnResult): string {
  const c = result.counts;
  const lines = [
    `回盘 return ${result.sha256}${result.alreadyImported ? '  已导入过，本次未作处理 / imported before: nothing changed' : ''}`,
    `  成功 settled ${c.settled} (${money(result.fen.settled)})  失败 failed ${c.failed} (${money(result.fen.failed)})  退回 reversed ${c.reversed} (${money(result.fen.reversed)})`,
    `  已处理过 already applied ${c.alreadyApplied}  拒绝 refused ${c.refused}`,
  ];
  for (const r of result.refused) lines.push(`  第 ${r.line} 行 line ${r.line} [${r.code}]${r.paymentId ? ` ${r.paymentId}` : ''}: ${r.message}`);
  return `${lines.join('\n')}\n`;
}

const LINE_LABELS: [string, string][] = [
  ['due', '应发 due'],
  ['held', '暂缓 held'],
  ['cancelled', '取消 cancelled'],
  ['enveloped', '入批次 enveloped'],
  ['notSent', '未报送 not sent'],
  ['sent', '已报送 sent'],
  ['pending', '待回盘 pending'],
  ['settled', '成功 settled'],
  ['failed', '失败 failed'],
  ['reversed', '退回 reversed'],
  ['netSettled', '净发放 net settled'],
  ['reissued', '已补发 reissued'],
  ['notReissued', '未补发 not reissued'],
  ['recoveryDue', '追缴应收 recovery due'],
  ['recoveryOpen', '追缴未清 recovery open'],
  ['inconsistent', '不一致 inconsistent'],
];

interface Report {
  lines: Record<string, { count: number; fen: number }>;
  checks: { name: string; formula: string; unit: string; difference: number }[];
  balanced: boolean;
  differences: unknown[];
  byFundingSource: Record<string, number>;
}

export function formatReconciliation(subject: string, report: Report): string {
  const out = [`对账 reconciliation ${subject}`];
  for (const [key, label] of LINE_LABELS) {
    const line = report.lines[key];
    if (!line) continue;
    out.push(`  ${label.padEnd(28)} ${String(line.count).padStart(7)} 笔  ${yuan(line.fen).padStart(14)} 元`);
  }
  const f = report.byFundingSource;
  out.push(`  资金来源 by funding source: 中央 central ${yuan(f.central ?? 0)}  省 provincial ${yuan(f.provincial ?? 0)}  市 city ${yuan(f.city ?? 0)}  县 county ${yuan(f.county ?? 0)}  未分配 unallocated ${yuan(f.unallocated ?? 0)}`);
  out.push(`  差异明细 differences listed: ${report.differences.length}`);
  for (const check of report.checks.filter((c) => c.difference !== 0)) out.push(`  不平 off: ${check.formula} (${check.unit}) difference ${check.difference}`);
  out.push(report.balanced ? '平衡 BALANCED: 各项勾稽关系差额为 0 / every identity balances to zero' : '不平衡 NOT BALANCED: 见上列差额 / see the differences above');
  return `${out.join('\n')}\n`;
}

interface HoldDoc {
  paymentStreamId: string;
  periodKey: string;
  fen: number;
  runId: string | null;
  hold: { reason: string; claimedBy?: string } | null;
}

export function formatHolds(items: readonly HoldDoc[], more: boolean): string {
  const out = [`暂缓发放 held payments: ${items.length}${more ? '+' : ''}`];
  for (const h of items) {
    out.push(`  ${h.paymentStreamId}  ${h.periodKey}  ${yuan(h.fen)} 元  ${HOLD_LABEL[h.hold?.reason ?? ''] ?? h.hold?.reason ?? '?'}${h.hold?.claimedBy ? ` (claimed by ${h.hold.claimedBy})` : ''}`);
  }
  if (more) out.push('  …更多请用 --limit / more: raise --limit');
  return `${out.join('\n')}\n`;
}

// --- HTTP ----------------------------------------------------------------------------------------

function defaultUrl(env: NodeJS.ProcessEnv): string {
  const host = env.BENEFITS_HOST || '127.0.0.1';
  const base = Number(env.BENEFITS_PORT_BASE || 3001);
  if (!Number.isInteger(base) || base < 1 || base > 65000) throw usage(`BENEFITS_PORT_BASE 无效：${env.BENEFITS_PORT_BASE}`, `BENEFITS_PORT_BASE is not a port: ${env.BENEFITS_PORT_BASE}`);
  const connect = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${connect.includes(':') ? `[${connect}]` : connect}:${base + 2}`;
}

async function bearer(args: ParsedArgs, division: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (args.options.token !== undefined) return args.options.token.replace(/^Bearer\s+/i, '');
  if (env.BENEFITS_JWKS_URL) {
    throw new CliFailure('TOKEN_REQUIRED', '已配置 BENEFITS_JWKS_URL（生产模式），服务不接受本地开发令牌；请用 --token 提供令牌', 'BENEFITS_JWKS_URL is set (production mode): services do not accept local dev tokens; pass a token with --token');
  }
  const dataDir = args.options['data-dir'] ?? (env.BENEFITS_DATA_DIR || './.data');
  if (!existsSync(devSigningKeyPath(dataDir))) {
    throw new CliFailure(
      'TOKEN_REQUIRED',
      `数据目录 ${dataDir} 中没有本地开发密钥（服务是否以 npm start 在此目录运行？）；请用 --token 提供令牌`,
      `no local development key in ${dataDir} (are the services running here with npm start?); pass a token with --token`,
    );
  }
  const authority = await createDevTokenVerifier({ dataDir, issuer: env.BENEFITS_TOKEN_ISSUER || DEFAULT_DEV_ISSUER, audience: env.BENEFITS_TOKEN_AUDIENCE || DEFAULT_AUDIENCE });
  const sub = args.options.user ?? (args.sub === 'run' ? 'cli-preparer' : 'cli-finance-clerk');
  return authority.issueDevToken({ role: 'finance_clerk', division, sub, ttlSeconds: 3600 });
}

interface Client {
  request(method: 'GET' | 'POST', path: string, body?: { json?: unknown; bytes?: Buffer }): Promise<{ status: number; headers: Headers; bytes: Buffer }>;
}

function client(base: string, token: string, fetchFn: typeof fetch): Client {
  const root = base.replace(/\/+$/, '');
  return {
    async request(method, path, body) {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      let payload: string | Uint8Array | undefined;
      if (body?.bytes) {
        headers['Content-Type'] = 'application/octet-stream';
        payload = new Uint8Array(body.bytes);
      } else if (body?.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      let response: Response;
      try {
        response = await fetchFn(`${root}${path}`, { method, headers, body: payload });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
        throw new CliFailure('UNREACHABLE', `无法连接 disbursement 服务（${root}）：${reason}。服务是否在运行？`, `cannot reach the disbursement service at ${root}: ${reason}. Is it running?`);
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status >= 400) throw refusal(response.status, bytes, root);
      return { status: response.status, headers: response.headers, bytes };
    },
  };
}

function refusal(status: number, bytes: Buffer, root: string): CliFailure {
  let body: { code?: unknown; message?: { zh?: unknown; en?: unknown }; details?: unknown } | null = null;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    body = null;
  }
  if (body && typeof body.code === 'string' && typeof body.message?.zh === 'string' && typeof body.message?.en === 'string') {
    return new CliFailure(body.code, body.message.zh, body.message.en, 1, body.details);
  }
  return new CliFailure(`HTTP_${status}`, `disbursement 服务（${root}）返回 HTTP ${status}`, `the disbursement service (${root}) answered HTTP ${status}`);
}

const asJson = <T>(r: { bytes: Buffer }): T => JSON.parse(r.bytes.toString('utf8')) as T;

/** Reports on stderr every interval that a long request is still open. */
async function withProgress<T>(io: DisbursementIo, label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => void io.stderr.write(`  ${label} … ${Math.round((Date.now() - started) / 1000)} s\n`), io.progressIntervalMs ?? 2000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

// --- the steps -----------------------------------------------------------------------------------

async function run(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const { benefit, division, period } = args.options;
  io.stderr.write(`发放批次 payment run ${benefit} ${division} ${period} …\n`);
  const result = asJson<RunResult>(await withProgress(io, '运行中 running', api.request('POST', '/disbursement/runs', { json: { benefit, divisionCode: division, period } })));
  let envelope: EnvelopeView | null = null;
  if (result.status === 'completed') {
    try {
      envelope = asJson<EnvelopeView>(await api.request('GET', `/disbursement/envelopes/${encodeURIComponent(result.runId)}`));
    } catch (error) {
      if (!(error instanceof CliFailure) || error.code !== 'ENVELOPE_NOT_FOUND') throw error;
    }
  }
  io.stdout.write(formatRun(result, envelope));
  return 0;
}

async function approve(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const view = asJson<EnvelopeView & { approved: { by: { id: string } | null; approvedAt: string } }>(
    await api.request('POST', `/disbursement/envelopes/${args.envelopeId}/approve`, { json: args.options.note ? { note: args.options.note } : {} }),
  );
  io.stdout.write(
    `已审核 approved ${view.envelopeId} by ${view.approved.by?.id ?? '?'} at ${view.approved.approvedAt}\n  报送银行 to the bank ${view.prepared.totals.count} 笔 lines, ${money(view.prepared.totals.fen)}; 状态 status ${view.status}\n`,
  );
  return 0;
}

async function exportFile(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const layoutId = args.options.layout ?? 'sample-csv-utf8';
  const format = args.options.format ?? 'csv';
  io.stderr.write(`导出 exporting ${args.envelopeId} (${layoutId}, ${format}) …\n`);
  const res = await withProgress(io, '导出中 exporting', api.request('POST', `/disbursement/envelopes/${args.envelopeId}/export`, { json: { layoutId, format } }));
  await writeFile(args.options.out, res.bytes);
  const sha256 = createHash('sha256').update(res.bytes).digest('hex');
  const lineCount = Number(res.headers.get('x-line-count') ?? NaN);
  const totalFen = Number(res.headers.get('x-total-fen') ?? NaN);
  io.stdout.write(formatExport({ out: args.options.out, sha256, lineCount, totalFen, bytes: res.bytes.length, recordedSha256: res.headers.get('x-content-sha256') }));
  const recorded = res.headers.get('x-content-sha256');
  if (recorded !== null && recorded !== sha256) {
    io.stderr.write(
      formatFailure({ code: 'EXPORT_HASH_MISMATCH', zh: `收到的文件与批次记录的哈希 ${recorded} 不符，请勿报送银行`, en: `the file received does not match the hash recorded on the envelope (${recorded}); do not send it to the bank` }),
    );
    return 1;
  }
  return 0;
}

async function importReturns(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(args.options.file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new CliFailure('UNREADABLE_FILE', `无法读取文件 ${args.options.file}（${reason}）`, `cannot read file ${args.options.file} (${reason})`);
  }
  const query = new URLSearchParams({ mode: args.options.mode ?? 'strict', fileName: basename(args.options.file) });
  if (args.options.encoding) query.set('encoding', args.options.encoding);
  io.stderr.write(`导入回盘 importing ${args.options.file} (${bytes.length} bytes) into ${args.envelopeId} …\n`);
  const result = asJson<ReturnResult>(await withProgress(io, '导入中 importing', api.request('POST', `/disbursement/envelopes/${args.envelopeId}/returns?${query}`, { bytes })));
  io.stdout.write(formatReturns(result));
  return 0;
}

async function reconcile(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const { benefit, division, period } = args.options;
  const path = args.envelopeId ? `/disbursement/envelopes/${args.envelopeId}/reconciliation` : '/disbursement/reconciliation';
  const query = (format: string) => {
    const q = new URLSearchParams(args.envelopeId ? {} : { benefit, divisionCode: division, period });
    if (format !== 'json') q.set('format', format);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  const subject = args.envelopeId ?? `${benefit} ${division} ${period}`;
  const report = asJson<Report>(await withProgress(io, '对账中 reconciling', api.request('GET', query('json'))));
  io.stdout.write(formatReconciliation(subject, report));
  for (const format of ['csv', 'xlsx'] as const) {
    const out = args.options[format];
    if (!out) continue;
    const file = await api.request('GET', query(format));
    await writeFile(out, file.bytes);
    io.stdout.write(`  对账单 ${format} → ${out} (${file.bytes.length} bytes)\n`);
  }
  if (!report.balanced) {
    io.stderr.write(formatFailure({ code: 'RECONCILIATION_NOT_BALANCED', zh: '对账不平衡，差额见输出', en: 'the reconciliation does not balance; see the differences printed' }));
    return 1;
  }
  return 0;
}

async function holds(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const q = new URLSearchParams({ benefit: args.options.benefit, divisionCode: args.options.division, limit: args.options.limit ?? '100' });
  const page = asJson<{ items: HoldDoc[]; nextCursor: string | null }>(await api.request('GET', `/disbursement/holds?${q}`));
  io.stdout.write(formatHolds(page.items, page.nextCursor !== null));
  return 0;
}

async function close(args: ParsedArgs, api: Client, io: DisbursementIo): Promise<number> {
  const view = asJson<EnvelopeView>(await api.request('POST', `/disbursement/envelopes/${args.envelopeId}/close`));
  io.stdout.write(`已关闭 closed ${view.envelopeId}; 状态 status ${view.status}\n`);
  return 0;
}

const basename = (path: string) => path.split(/[\\/]/).pop() ?? path;

const STEPS: Record<Sub, (args: ParsedArgs, api: Client, io: DisbursementIo) => Promise<number>> = {
  run,
  approve,
  export: exportFile,
  'import-returns': importReturns,
  reconcile,
  holds,
  close,
};

/** @returns the exit code: 0 ok, 1 refused / unreachable / not balanced, 2 bad arguments. */
export async function disbursementCommand(argv: string[], io: DisbursementIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    const args = parseDisbursementArgs(argv);
    if (args === 'help') {
      io.stdout.write(DISBURSEMENT_USAGE);
      return 0;
    }
    const division = args.options.division ?? ENVELOPE_ID.exec(args.envelopeId ?? '')?.[2] ?? '';
    const api = client(args.options.url ?? defaultUrl(env), await bearer(args, division, env), io.fetch ?? fetch);
    return await STEPS[args.sub](args, api, io);
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    io.stderr.write(formatFailure(error));
    if (error.exitCode === 2) io.stderr.write(`\n${DISBURSEMENT_USAGE}`);
    return error.exitCode;
  }
}
