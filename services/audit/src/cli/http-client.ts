import { cliBearer, CliTokenRequired, isDivisionCode } from '@benefits/identity';
import type { AuditCliIo } from './audit-cli-io';

/**
 * What every `benefits audit <sub>` that talks to the running audit service shares: the common
 * options (--url, --token, --user, --data-dir, --division, --role), the bearer token (given, or a
 * local development token signed from the data directory's dev key, as `benefits token` does), one
 * HTTP request with the service's refusals turned into a stable code and a Chinese and English
 * message, and the error/exit-code convention (0 ok, 1 refused or unreachable, 2 bad arguments).
 * The commands never open the data directory's stores.
 */

/** A refusal by the command itself or by the service: a stable code and the message in Chinese and English. */
export class AuditCliFailure extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly exitCode = 1,
    readonly details?: unknown,
    /** From a 503's Retry-After header (seconds), when the service sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(en);
  }
}

export const usageFailure = (zh: string, en: string) => new AuditCliFailure('USAGE', zh, en, 2);

/** Options every HTTP subcommand takes. */
export const COMMON_OPTIONS = ['url', 'token', 'user', 'data-dir', 'division', 'role'] as const;

export interface CommonOptions {
  url?: string;
  token?: string;
  user?: string;
  'data-dir'?: string;
  /** Division of the development token (default 330000). */
  division?: string;
  /** Role of the development token: auditor (default) or admin. */
  role?: string;
}

export const COMMON_USAGE = [
  '  common: [--url <audit service url>] [--token <bearer>] [--user <id>] [--data-dir <dir>] [--division <code>] [--role auditor|admin]',
  '  --url       audit 服务地址 / the audit service (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+3, as `npm start` lays them out)',
  '  --token     令牌 / bearer token; without it a local development token is signed (see --role, --division, --user)',
  '  --user      开发令牌的用户标识 / subject of the development token (default cli-auditor)',
  '  --data-dir  开发密钥所在数据目录 / data directory holding the dev signing key (default $BENEFITS_DATA_DIR or ./.data)',
  '  --division  开发令牌的行政区划 / division of the development token (default 330000, a province: covers the divisions under it)',
  '  --role      开发令牌的角色 / role of the development token: auditor (default) or admin',
].join('\n');

export interface ParsedCommandLine {
  positional: string[];
  /** `--name value` / `--name=value` options, common ones included. */
  options: Record<string, string> & CommonOptions;
  /** Flags given (`--json`, …): options that take no value. */
  flags: Set<string>;
}

/**
 * Parses a subcommand's arguments: its own options (`options`, each with a value), its flags
 * (`flags`, no value) and the common options. `--help`/`-h` anywhere → 'help'. Throws a USAGE
 * failure (exit 2) for an unknown option, a missing or repeated value, a malformed --url,
 * --division or --role.
 */
export function parseCommonOptions(
  argv: readonly string[],
  spec: { options?: readonly string[]; flags?: readonly string[]; command?: string } = {},
): ParsedCommandLine | 'help' {
  const own = spec.options ?? [];
  const flagNames = spec.flags ?? [];
  const allowed = [...own, ...COMMON_OPTIONS];
  const command = spec.command ?? 'audit';
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const name = match[1];
    if (flagNames.includes(name)) {
      if (match[2] !== undefined) throw usageFailure(`选项 --${name} 不带取值`, `option --${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!allowed.includes(name)) throw usageFailure(`${command} 不接受选项 --${name}`, `${command} takes no option --${name}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw usageFailure(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    if (options[name] !== undefined) throw usageFailure(`选项 --${name} 重复`, `option --${name} given twice`);
    options[name] = value;
  }
  if (options.url !== undefined && !/^https?:\/\/[^/\s]+/.test(options.url)) {
    throw usageFailure(`--url 应为 http(s):// 地址，收到 ${options.url}`, `--url must be an http(s):// address, got ${options.url}`);
  }
  if (options.division !== undefined && !isDivisionCode(options.division)) throw usageFailure('--division 应为 6 位行政区划代码', '--division must be a 6-digit division code');
  if (options.role !== undefined && !['auditor', 'admin'].includes(options.role)) throw usageFailure('--role 应为 auditor 或 admin', '--role must be auditor or admin');
  return { positional, options, flags };
}

/** The audit service's address: --url, else as `npm start` lays the services out (port base + 3). */
export function auditUrl(options: CommonOptions, env: NodeJS.ProcessEnv): string {
  if (options.url !== undefined) return options.url.replace(/\/+$/, '');
  const host = env.BENEFITS_HOST || '127.0.0.1';
  const base = Number(env.BENEFITS_PORT_BASE || 3001);
  if (!Number.isInteger(base) || base < 1 || base > 65000) {
    throw usageFailure(`BENEFITS_PORT_BASE 无效：${env.BENEFITS_PORT_BASE}`, `BENEFITS_PORT_BASE is not a port: ${env.BENEFITS_PORT_BASE}`);
  }
  const connect = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${connect.includes(':') ? `[${connect}]` : connect}:${base + 3}`;
}

const tokens = new WeakMap<object, Promise<string>>();

/** The bearer token: --token as given, else a development token signed once per options object. */
export function auditBearer(options: CommonOptions, env: NodeJS.ProcessEnv): Promise<string> {
  let token = tokens.get(options);
  if (!token) {
    token = signBearer(options, env);
    tokens.set(options, token);
    token.catch(() => tokens.delete(options));
  }
  return token;
}

async function signBearer(options: CommonOptions, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return await cliBearer(
      { token: options.token, dataDir: options['data-dir'], role: options.role ?? 'auditor', division: options.division ?? '330000', sub: options.user ?? 'cli-auditor', ttlSeconds: 3600 },
      env,
    );
  } catch (error) {
    if (error instanceof CliTokenRequired) throw new AuditCliFailure(error.code, error.zh, error.en);
    throw error;
  }
}

export interface AuditResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One request to the audit service. `path` starts with `/` and carries its own query string; a
 * JSON `body` is sent as such. Answers with the parsed JSON body (null when empty or not JSON);
 * a status ≥ 400 throws an AuditCliFailure with the service's code and messages (or HTTP_<status>),
 * a connection failure UNREACHABLE.
 */
export async function auditRequest<T = unknown>(
  io: Pick<AuditCliIo, 'env' | 'fetch'>,
  options: CommonOptions,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AuditResponse<T>> {
  const env = io.env ?? process.env;
  const root = auditUrl(options, env);
  const headers: Record<string, string> = { Authorization: `Bearer ${await auditBearer(options, env)}`, Accept: 'application/json' };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await (io.fetch ?? fetch)(`${root}${path}`, { method, headers, body: payload });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new AuditCliFailure('UNREACHABLE', `无法连接 audit 服务（${root}）：${reason}。服务是否在运行？`, `cannot reach the audit service at ${root}: ${reason}. Is it running?`);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.status >= 400) throw refusal(response, parsed, root);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

function refusal(response: Response, body: unknown, root: string): AuditCliFailure {
  const retry = Number(response.headers.get('retry-after') ?? NaN);
  const retryAfter = Number.isFinite(retry) ? retry : undefined;
  const problem = body as { code?: unknown; message?: { zh?: unknown; en?: unknown }; details?: unknown } | null;
  if (problem && typeof problem.code === 'string' && typeof problem.message?.zh === 'string' && typeof problem.message?.en === 'string') {
    return new AuditCliFailure(problem.code, problem.message.zh, problem.message.en, 1, problem.details, retryAfter);
  }
  return new AuditCliFailure(`HTTP_${response.status}`, `audit 服务（${root}）返回 HTTP ${response.status}`, `the audit service (${root}) answered HTTP ${response.status}`, 1, undefined, retryAfter);
}

export function formatAuditFailure(failure: { code: string; zh: string; en: string; details?: unknown; retryAfterSeconds?: number }): string {
  const lines = [`错误 Error [${failure.code}]: ${failure.zh} / ${failure.en}`];
  if (failure.retryAfterSeconds !== undefined) lines.push(`  请 ${failure.retryAfterSeconds} 秒后重试 / retry after ${failure.retryAfterSeconds} s`);
  const details = failure.details;
  if (details !== undefined && details !== null && (typeof details !== 'object' || Object.keys(details).length > 0)) {
    lines.push(`  详情 details: ${JSON.stringify(details)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs a subcommand's work and maps failures to exit codes: an AuditCliFailure is printed on
 * stderr (with the usage after a USAGE failure) and returns its exit code; anything else propagates.
 */
export async function runAuditCommand(io: AuditCliIo, usage: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AuditCliFailure)) throw error;
    io.stderr.write(formatAuditFailure(error));
    if (error.exitCode === 2) io.stderr.write(`\n${usage}`);
    return error.exitCode;
  }
}

/** Reports on stderr every interval that a long request is still open (AuditCliIo.progressIntervalMs, default 2000 ms). */
export async function withProgress<T>(io: AuditCliIo, label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => void io.stderr.write(`  ${label} … ${Math.round((Date.now() - started) / 1000)} s\n`), io.progressIntervalMs ?? 2000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Integer fen as yuan with two decimals (no floating point). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
