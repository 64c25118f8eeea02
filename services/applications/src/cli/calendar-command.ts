import { readFile } from 'node:fs/promises';
import { cliBearer, CliTokenRequired } from '@benefits/identity';

/**
 * `benefits calendar publish|list`: the working-day calendar (工作日历) over the applications
 * service's HTTP API. Never opens the data directory's stores; without --token it reads only the
 * local development signing key there (as `benefits token` does) to sign an admin token.
 */

export interface CalendarIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
}

export const CALENDAR_USAGE = [
  'usage: benefits calendar publish --year <yyyy> --file <calendar.json> [--effective-from <yyyy-mm-dd>]',
  '       benefits calendar list',
  '  common: [--url <applications service url>] [--token <bearer>] [--user <id>] [--division <xx0000>] [--data-dir <dir>]',
  '',
  '工作日历（法定节假日及调休）/ The working-day calendar the working-day limits are counted in.',
  '  publish   发布一年的工作日历或其更正 / publish a year, or a correction of it',
  '            --file: {"holidays":[…],"workdays":[…],"source":{"docNo":"国办发明电〔…〕…号","title":"…"},"sampleData":false}',
  '            示例或测试日历须标注 "sampleData": true / a sample or test calendar says "sampleData": true',
  '  list      已有年度及其来源 / the years with their source and the version in effect today',
  '  --url       applications 服务地址 / the applications service (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE, as `npm start` lays them out)',
  '  --token     令牌 / bearer token; without it a local development token is signed (role admin, division --division, default 330000)',
  '  --data-dir  开发密钥所在数据目录 / data directory holding the dev signing key (default $BENEFITS_DATA_DIR or ./.data)',
  '',
  '退出码 exit codes: 0 成功 ok; 1 服务拒绝或无法连接 refused or unreachable; 2 参数错误 bad arguments',
  '',
].join('\n');

class Failure extends Error {
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
const usage = (zh: string, en: string) => new Failure('USAGE', zh, en, 2);

const OPTIONS: Record<'publish' | 'list', readonly string[]> = { publish: ['year', 'file', 'effective-from'], list: [] };
const COMMON = ['url', 'token', 'user', 'division', 'data-dir'];

export function parseCalendarArgs(argv: readonly string[]): { sub: 'publish' | 'list'; options: Record<string, string> } {
  const [sub, ...rest] = argv;
  if (sub !== 'publish' && sub !== 'list') throw usage(`未知子命令：${sub ?? '（无）'}`, `unknown subcommand: ${sub ?? '(none)'}`);
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (!name || (!OPTIONS[sub].includes(name) && !COMMON.includes(name))) throw usage(`未知参数：${arg}`, `unknown argument: ${arg}`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw usage(`--${name} 缺少值`, `--${name} needs a value`);
    options[name] = value;
    i += 1;
  }
  if (sub === 'publish') {
    if (!options.year || !/^\d{4}$/.test(options.year)) throw usage('publish 需要 --year <yyyy>', 'publish needs --year <yyyy>');
    if (!options.file) throw usage('publish 需要 --file <calendar.json>', 'publish needs --file <calendar.json>');
  }
  if (options.division !== undefined && !/^\d{2}0000$/.test(options.division)) throw usage('--division 应为省级区划代码（xx0000）', '--division must be a province-level code (xx0000)');
  if (options.url !== undefined && !/^https?:\/\/[^/\s]+/.test(options.url)) throw usage(`--url 应为 http(s):// 地址，收到 ${options.url}`, `--url must be an http(s):// address, got ${options.url}`);
  return { sub, options };
}

function defaultUrl(env: NodeJS.ProcessEnv): string {
  const host = env.BENEFITS_HOST || '127.0.0.1';
  const base = Number(env.BENEFITS_PORT_BASE || 3001);
  if (!Number.isInteger(base) || base < 1 || base > 65000) throw usage(`BENEFITS_PORT_BASE 无效：${env.BENEFITS_PORT_BASE}`, `BENEFITS_PORT_BASE is not a port: ${env.BENEFITS_PORT_BASE}`);
  const connect = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${connect.includes(':') ? `[${connect}]` : connect}:${base}`;
}

async function bearer(options: Record<string, string>, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return await cliBearer(
      { token: options.token, dataDir: options['data-dir'], role: 'admin', division: options.division ?? '330000', sub: options.user ?? 'cli-calendar-admin', ttlSeconds: 600 },
      env,
    );
  } catch (error) {
    if (error instanceof CliTokenRequired) throw new Failure(error.code, error.zh, error.en);
    throw error;
  }
}

async function call(fetchFn: typeof fetch, url: string, token: string, method: 'GET' | 'POST', body?: unknown): Promise<{ status: number; json: any }> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Failure('UNREACHABLE', `无法连接 applications 服务（${url}）：${reason}。服务是否在运行？`, `cannot reach the applications service at ${url}: ${reason}. Is it running?`);
  }
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (response.status >= 400) {
    if (json && typeof json.code === 'string' && json.message) throw new Failure(json.code, String(json.message.zh), String(json.message.en), 1, json.details);
    throw new Failure(`HTTP_${response.status}`, `applications 服务返回 HTTP ${response.status}`, `the applications service answered HTTP ${response.status}`);
  }
  return { status: response.status, json };
}

async function readCalendarFile(file: string, year: number, effectiveFrom: string | undefined): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usage(`无法读取日历文件 ${file}：${(error as Error).message}`, `cannot read the calendar file ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usage(`${file} 应为 JSON 对象`, `${file} must hold a JSON object`);
  const body = { ...(parsed as Record<string, unknown>) };
  if (body.year !== undefined && body.year !== year) throw usage(`文件中的年度 ${String(body.year)} 与 --year ${year} 不一致`, `the file's year ${String(body.year)} differs from --year ${year}`);
  body.year = year;
  if (effectiveFrom !== undefined) body.effectiveFrom = effectiveFrom;
  return body;
}

const describe = (c: { year: number; origin: string; status: string; source: { docNo: string; title: string | null }; sampleData: boolean; effectiveFrom: string | null; holidays: string[]; workdays: string[] }) =>
  `${c.year}  ${c.origin === 'shipped' ? '随产品发布 shipped' : '已发布 published'}  ${c.status}${c.effectiveFrom ? ` from ${c.effectiveFrom}` : ''}  ` +
  `${c.source.docNo}${c.source.title ? ` 《${c.source.title}》` : ''}${c.sampleData ? '  [示例数据（非官方）sample data]' : ''}  ` +
  `holidays ${c.holidays.length}, workdays ${c.workdays.length}`;

/** `benefits calendar …`: exit code 0 ok, 1 refused or unreachable, 2 bad arguments. */
export async function calendarCommand(argv: string[], io: CalendarIo): Promise<number> {
  const env = io.env ?? process.env;
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(CALENDAR_USAGE);
    return 0;
  }
  try {
    const { sub, options } = parseCalendarArgs(argv);
    const url = `${(options.url ?? defaultUrl(env)).replace(/\/+$/, '')}/applications/working-day-calendars`;
    const fetchFn = io.fetch ?? fetch;
    if (sub === 'publish') {
      const body = await readCalendarFile(options.file, Number(options.year), options['effective-from']);
      const { json } = await call(fetchFn, url, await bearer(options, env), 'POST', body);
      io.stdout.write(`${json.unchanged ? '未变更（与现行版本相同）/ unchanged (same as the latest version)' : '已发布 / published'}\n${describe(json.calendar)}\n`);
      return 0;
    }
    const { json } = await call(fetchFn, url, await bearer(options, env), 'GET');
    io.stdout.write(`今天 today ${json.today}\n`);
    for (const year of json.years) io.stdout.write(`${year.inEffect ? describe(year.inEffect) : `${year.year}  （尚未生效 not in effect yet）`}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    io.stderr.write(`错误 ${error.code}：${error.zh}\nerror ${error.code}: ${error.en}\n`);
    if (error.details !== undefined) io.stderr.write(`${JSON.stringify(error.details)}\n`);
    if (error.exitCode === 2) io.stderr.write(`\n${CALENDAR_USAGE}`);
    return error.exitCode;
  }
}
