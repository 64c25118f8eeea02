import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RuntimeConfigSchema } from '@benefits/http';
import { createDevTokenVerifier, DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER, devSigningKeyPath, type CliIo } from '@benefits/identity';

/**
 * `benefits projections list|rebuild <name>`: the read models of the running services, over HTTP.
 * In embedded mode the process that serves them holds the data directory's lock, so the command
 * never opens the databases itself; it reads at most the development signing key, to sign an
 * admin token as `benefits token` would.
 */

/** The services in the order `npm start` gives them ports from BENEFITS_PORT_BASE (services/main.ts). */
export const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
type Service = (typeof SERVICES)[number];

/** The division does not matter to the /projections endpoints; an admin token needs one. */
const ADMIN_DIVISION = '330000';

export const PROJECTIONS_USAGE = [
  'usage: benefits projections list [--url <service base url>] [--token <bearer>]',
  '       benefits projections rebuild <name> [--url <service base url>] [--token <bearer>]',
  '',
  '查看或重建运行中服务的数据视图（读模型）/ Lists or rebuilds the read models (projections) of the running services.',
  '  list      各服务的数据视图：版本、位置、延迟、重建进度 / every service: version, position, lag, rebuild in progress',
  '  rebuild   从事件日志重建为新版本，追平后切换；期间旧版本照常服务 / rebuild into a new version, swapped in once caught up',
  '            服务由名称前缀确定 / the service follows from the name: applications., eligibility., disbursement., audit.',
  '  --url     服务地址 / a service base URL (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+n, as `npm start` lays them out)',
  '  --token   令牌 / bearer token (default: an admin token signed with the local development key, as `benefits token`)',
  '',
].join('\n');

export interface ProjectionsIo extends CliIo {
  /** How often a rebuild's progress is looked up (default 1000 ms). */
  progressIntervalMs?: number;
}

class CliError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly exitCode = 1,
  ) {
    super(en);
  }
}

const usageError = (zh: string, en: string) => new CliError(zh, en, 2);

interface Options {
  command: 'list' | 'rebuild';
  name?: string;
  url?: string;
  token?: string;
}

function parse(argv: string[]): Options | 'help' {
  const [command, ...rest] = argv;
  if (command === undefined) throw usageError('缺少子命令 list 或 rebuild', 'missing subcommand: list or rebuild');
  if (command === '--help' || command === '-h') return 'help';
  if (command !== 'list' && command !== 'rebuild') throw usageError(`未知子命令 ${command}`, `unknown subcommand ${command}`);
  const options: Options = { command };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const name = match[1];
    if (name !== 'url' && name !== 'token') throw usageError(`未知选项 --${name}`, `unknown option --${name}`);
    const value = match[2] ?? rest[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw usageError(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    if (options[name] !== undefined) throw usageError(`选项 --${name} 重复`, `option --${name} given twice`);
    options[name as 'url' | 'token'] = value;
  }
  if (command === 'rebuild') {
    if (positional.length === 0) throw usageError('缺少要重建的数据视图名称', 'missing the name of the projection to rebuild');
    options.name = positional.shift();
  }
  if (positional.length > 0) throw usageError(`无法识别的参数 ${positional[0]}`, `unexpected argument ${positional[0]}`);
  if (options.url !== undefined && !/^https?:\/\/[^/\s]+/.test(options.url)) throw usageError(`--url 应为 http(s):// 地址，收到 ${options.url}`, `--url must be an http(s):// address, got ${options.url}`);
  return options;
}

/** Where `npm start` serves each service, from the same settings and defaults the services read. */
function embeddedUrls(env: NodeJS.ProcessEnv): Record<Service, string> {
  const shape = RuntimeConfigSchema.shape;
  const host = shape.BENEFITS_HOST.safeParse(env.BENEFITS_HOST || undefined);
  const base = shape.BENEFITS_PORT_BASE.safeParse(env.BENEFITS_PORT_BASE || undefined);
  if (!base.success) throw usageError(`BENEFITS_PORT_BASE 无效：${env.BENEFITS_PORT_BASE}`, `BENEFITS_PORT_BASE is not a port: ${env.BENEFITS_PORT_BASE}`);
  // A server listening on every interface is reached on this machine's loopback.
  const listening = host.success ? host.data : '127.0.0.1';
  const connect = listening === '0.0.0.0' || listening === '::' ? '127.0.0.1' : listening;
  const hostPart = connect.includes(':') ? `[${connect}]` : connect;
  return Object.fromEntries(SERVICES.map((service, i) => [service, `http://${hostPart}:${base.data + i}`])) as Record<Service, string>;
}

function serviceOf(name: string): Service | null {
  return SERVICES.find((service) => name.startsWith(`${service}.`)) ?? null;
}

async function bearer(options: Options, env: NodeJS.ProcessEnv): Promise<string> {
  if (options.token !== undefined) return options.token.replace(/^Bearer\s+/i, '');
  if (env.BENEFITS_JWKS_URL) {
    throw new CliError(
      '已配置 BENEFITS_JWKS_URL（生产模式），服务不接受本地开发令牌；请用 --token 提供管理员令牌',
      'BENEFITS_JWKS_URL is set (production mode): services do not accept local dev tokens; pass an admin token with --token',
    );
  }
  const dataDir = env.BENEFITS_DATA_DIR || './.data';
  // Only a key the running services already trust is of use; none is created here.
  if (!existsSync(devSigningKeyPath(dataDir))) {
    throw new CliError(
      `数据目录 ${dataDir} 中没有本地开发密钥（服务是否以 npm start 在此目录运行？）；请用 --token 提供令牌`,
      `no local development key in ${dataDir} (are the services running here with npm start?); pass a token with --token`,
    );
  }
  const authority = await createDevTokenVerifier({
    dataDir,
    issuer: env.BENEFITS_TOKEN_ISSUER || DEFAULT_DEV_ISSUER,
    audience: env.BENEFITS_TOKEN_AUDIENCE || DEFAULT_AUDIENCE,
  });
  return authority.issueDevToken({ role: 'admin', division: ADMIN_DIVISION, sub: 'cli-admin', ttlSeconds: 3600 });
}

interface Response {
  status: number;
  body: unknown;
}

/** One HTTP exchange. No response timeout: a rebuild answers when the new version is in place. */
function call(method: 'GET' | 'POST', url: string, token: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          // Not JSON (a proxy's error page): reported as text.
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface Problem {
  code: string;
  message: { zh: string; en: string };
  details?: Record<string, unknown>;
}

function isProblem(body: unknown): body is Problem {
  const b = body as Partial<Problem> | null;
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.message?.zh === 'string' && typeof b.message?.en === 'string';
}

function failure(service: string, url: string, response: Response): CliError {
  if (isProblem(response.body)) {
    const hint =
      response.status === 401 || response.status === 403
        ? { zh: '（需要 admin 角色的令牌，查看也可用 auditor）', en: ' (needs a token of role admin; auditor may list)' }
        : { zh: '', en: '' };
    return new CliError(`${service}：${response.body.message.zh}${hint.zh}（${response.body.code}）`, `${service}: ${response.body.message.en}${hint.en} (${response.body.code})`);
  }
  return new CliError(`${service}（${url}）返回 HTTP ${response.status}`, `${service} (${url}) answered HTTP ${response.status}`);
}

function unreachable(service: string, url: string, error: unknown): CliError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CliError(`无法连接 ${service} 服务（${url}）：${reason}。服务是否在运行？`, `cannot reach ${service} at ${url}: ${reason}. Is it running?`);
}

interface Status {
  name: string;
  version: number;
  running: boolean;
  position: string;
  headPosition: string | null;
  caughtUp: boolean;
  lagSeconds: number | null;
  rebuilding: { version: number; position: string; active: boolean } | null;
}

function describe(status: Status): string {
  const state = status.caughtUp ? '已追平 caught up' : `落后 behind, lag ${status.lagSeconds === null ? '?' : `${status.lagSeconds} s`}`;
  const parts = [`  ${status.name}`, `v${status.version}`, status.running ? state : `未运行 not running${status.caughtUp ? '' : ', behind'}`, `position ${status.position}`];
  if (status.headPosition !== null && !status.caughtUp) parts.push(`head ${status.headPosition}`);
  if (status.rebuilding) {
    const r = status.rebuilding;
    parts.push(r.active ? `重建中 rebuilding v${r.version} at ${r.position}` : `重建中断 rebuild to v${r.version} interrupted at ${r.position} (resumes on restart or rebuild)`);
  }
  return parts.join('  ');
}

async function list(options: Options, io: ProjectionsIo, token: string): Promise<number> {
  const env = io.env ?? process.env;
  const targets: [string, string][] = options.url ? [[options.url, options.url]] : Object.entries(embeddedUrls(env));
  let failed = 0;
  for (const [service, base] of targets) {
    const url = `${base.replace(/\/+$/, '')}/projections`;
    io.stdout.write(`${service === base ? base : `${service}  ${base}`}\n`);
    let response: Response;
    try {
      response = await call('GET', url, token);
    } catch (error) {
      failed += 1;
      const e = unreachable(service, base, error);
      io.stderr.write(`错误：${e.zh}\nerror: ${e.en}\n`);
      continue;
    }
    // A service without read models has no such route.
    if (response.status === 404 && isProblem(response.body) && response.body.code === 'NOT_FOUND') {
      io.stdout.write('  （无数据视图 / no read models）\n');
      continue;
    }
    if (response.status !== 200) {
      failed += 1;
      const e = failure(service, base, response);
      io.stderr.write(`错误：${e.zh}\nerror: ${e.en}\n`);
      continue;
    }
    const statuses = (response.body as { projections: Status[] }).projections;
    if (statuses.length === 0) io.stdout.write('  （无数据视图 / no read models）\n');
    for (const status of statuses) io.stdout.write(`${describe(status)}\n`);
  }
  return failed === 0 ? 0 : 1;
}

async function rebuild(options: Options, io: ProjectionsIo, token: string): Promise<number> {
  const env = io.env ?? process.env;
  const name = options.name!;
  let base = options.url;
  let service: string = base ?? name;
  if (base === undefined) {
    const owner = serviceOf(name);
    if (!owner) {
      throw usageError(
        `无法从名称 ${name} 判断所属服务（应以 ${SERVICES.map((s) => `${s}.`).join('、')} 开头）；或用 --url 指定服务地址`,
        `cannot tell the service of ${name} (names begin with ${SERVICES.map((s) => `${s}.`).join(', ')}); or give the service with --url`,
      );
    }
    service = owner;
    base = embeddedUrls(env)[owner];
  }
  const root = base.replace(/\/+$/, '');
  io.stdout.write(`重建 / rebuilding ${name} on ${service} (${root}) …\n`);
  const done = call('POST', `${root}/projections/${encodeURIComponent(name)}/rebuild`, token);
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  // Progress while the request is open: the rebuild's own checkpoint, from the status endpoint.
  let last = '';
  const interval = io.progressIntervalMs ?? 1000;
  const progress = (async () => {
    while (!finished) {
      await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, interval))]);
      if (finished) return;
      const status = await call('GET', `${root}/projections`, token).catch(() => null);
      const mine = status?.status === 200 ? (status.body as { projections: Status[] }).projections.find((p) => p.name === name) : undefined;
      if (!mine?.rebuilding || finished) continue;
      const line = `  v${mine.rebuilding.version} at ${mine.rebuilding.position}${mine.headPosition ? ` / head ${mine.headPosition}` : ''}`;
      if (line !== last) io.stdout.write(`${line}\n`);
      last = line;
    }
  })();
  let response: Response;
  try {
    response = await done;
  } catch (error) {
    throw unreachable(service, root, error);
  } finally {
    await progress;
  }
  if (response.status !== 200) throw failure(service, root, response);
  const status = (response.body as { projection: Status }).projection;
  io.stdout.write(`已重建 / rebuilt: ${name} now serves version ${status.version}\n${describe(status)}\n`);
  return 0;
}

/** @returns the exit code: 0, 1 when a service failed or could not be reached, 2 for bad arguments. */
export async function projectionsCommand(argv: string[], io: ProjectionsIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    const options = parse(argv);
    if (options === 'help') {
      io.stdout.write(PROJECTIONS_USAGE);
      return 0;
    }
    const token = await bearer(options, env);
    return options.command === 'list' ? await list(options, io, token) : await rebuild(options, io, token);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr.write(`错误：${error.zh}\nerror: ${error.en}\n${error.exitCode === 2 ? `\n${PROJECTIONS_USAGE}` : ''}`);
    return error.exitCode;
  }
}
