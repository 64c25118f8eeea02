import { cliBearer, CliTokenRequired, type CliIo } from '@benefits/identity';
import type { ParkedMessage, SettleResult } from '@benefits/messaging';
import {
  AuditCliFailure as CliFailure,
  parseCommonOptions,
  runAuditCommand as runCommand,
  usageFailure,
  type CommonOptions,
} from '../../services/audit/src/cli/http-client';

/**
 * `benefits parked list | retry <parkId> | resolve <parkId> --note <text>`: the parked messages of
 * the running consumers, over their services' admin endpoints
 * (`/admin/messaging/consumers/<consumer>/parked`, admin role). A parked message blocks its case in
 * that consumer until it is retried (after a fix) or resolved by hand; the case's later messages
 * wait behind it and are replayed in order once it is settled. The command never opens the data
 * directory's databases (the running process holds them); it reads at most the development key to
 * sign an admin token, as `benefits token` would.
 */

/** The consumers of `npm start`, each served by its own service (port base + index). */
export const CONSUMERS = [
  { consumer: 'applications', port: 0 },
  { consumer: 'eligibility', port: 1 },
  { consumer: 'disbursement', port: 2 },
] as const;

export const PARKED_USAGE = [
  'usage: benefits parked list [--consumer <name>] [--json]',
  '       benefits parked retry <parkId> [--consumer <name>]',
  '       benefits parked resolve <parkId> --note <text> [--consumer <name>]',
  '  common: [--url <service url>] [--token <bearer>] [--user <id>] [--data-dir <dir>] [--division <code>]',
  '',
  '搁置消息：某案件的消息多次处理失败后被搁置，该案件后续消息排在其后等待 / Parked messages: a message that failed all its',
  'attempts is parked and blocks its case in that consumer; the case’s later messages wait behind it.',
  '  list      列出各消费者的搁置与等待消息 / list every consumer’s failed (blocking) and waiting messages',
  '  retry     修复原因后重试该消息；成功则依次重放该案件等待的消息 / run it again after a fix; on success the case’s',
  '            waiting messages are replayed in order',
  '  resolve   人工处理（如已发出更正事件）：跳过该消息并重放等待的消息，须写明原因 / settle it by hand (e.g. a',
  '            corrected event was issued): skip it and replay the waiting ones; a reason is required',
  '  --consumer  applications、eligibility 或 disbursement（默认：全部；retry/resolve 按编号查找）',
  '              / one consumer (default: all; retry/resolve find the id)',
  '  --note      处理说明，1–500 字 / the reason, 1–500 characters',
  '  --url       服务地址 / the service hosting the consumer (default: as `npm start` lays them out, $BENEFITS_PORT_BASE + 0, 1, 2)',
  '  --token     令牌（须 admin 角色）/ bearer token of role admin; without it an admin development token is signed',
  '  --user      开发令牌的用户标识 / subject of the development token (default cli-admin)',
  '  --data-dir  开发密钥所在数据目录 / data directory holding the dev signing key (default $BENEFITS_DATA_DIR or ./.data)',
  '  --division  开发令牌的行政区划 / division of the development token (default 330000)',
  '',
  '退出码 exit codes: 0 成功 done; 1 仍被阻塞、被拒绝或无法连接 still blocked, refused or unreachable; 2 参数错误 bad arguments',
  '',
].join('\n');

export interface ParkedIo extends CliIo {
  fetch?: typeof fetch;
}

interface Target {
  consumer: string;
  base: string;
}

function targets(options: CommonOptions & { consumer?: string }, env: NodeJS.ProcessEnv): Target[] {
  const names = CONSUMERS.map((c) => c.consumer as string);
  if (options.consumer !== undefined && !names.includes(options.consumer)) {
    throw usageFailure(`未知消费者 ${options.consumer}（可选：${names.join('、')}）`, `unknown consumer ${options.consumer} (one of ${names.join(', ')})`);
  }
  const chosen = CONSUMERS.filter((c) => options.consumer === undefined || c.consumer === options.consumer);
  if (options.url !== undefined) return chosen.map((c) => ({ consumer: c.consumer, base: options.url!.replace(/\/+$/, '') }));
  const host = env.BENEFITS_HOST || '127.0.0.1';
  const base = Number(env.BENEFITS_PORT_BASE || 3001);
  if (!Number.isInteger(base) || base < 1 || base > 65000) {
    throw usageFailure(`BENEFITS_PORT_BASE 无效：${env.BENEFITS_PORT_BASE}`, `BENEFITS_PORT_BASE is not a port: ${env.BENEFITS_PORT_BASE}`);
  }
  const connect = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const hostPart = connect.includes(':') ? `[${connect}]` : connect;
  return chosen.map((c) => ({ consumer: c.consumer, base: `http://${hostPart}:${base + c.port}` }));
}

async function bearer(options: CommonOptions, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return await cliBearer({ token: options.token, dataDir: options['data-dir'], role: 'admin', division: options.division ?? '330000', sub: options.user ?? 'cli-admin', ttlSeconds: 3600 }, env);
  } catch (error) {
    if (error instanceof CliTokenRequired) throw new CliFailure(error.code, error.zh, error.en);
    throw error;
  }
}

/** One request to a consumer's parked-message endpoint; a refusal keeps the service's code and messages. */
async function call<T>(io: ParkedIo, token: string, target: Target, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = `${target.base}/admin/messaging/consumers/${encodeURIComponent(target.consumer)}/parked${path}`;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await (io.fetch ?? fetch)(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new CliFailure('UNREACHABLE', `无法连接 ${target.consumer} 所在服务（${target.base}）：${reason}。服务是否在运行？`, `cannot reach the service of ${target.consumer} at ${target.base}: ${reason}. Is it running?`);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.status < 400) return parsed as T;
  const problem = parsed as { code?: unknown; message?: { zh?: unknown; en?: unknown }; details?: unknown } | null;
  if (problem && typeof problem.code === 'string' && typeof problem.message?.zh === 'string' && typeof problem.message?.en === 'string') {
    const hint = response.status === 401 || response.status === 403 ? { zh: '（需要 admin 角色的令牌）', en: ' (needs a token of role admin)' } : { zh: '', en: '' };
    throw new CliFailure(problem.code, `${target.consumer}：${problem.message.zh}${hint.zh}`, `${target.consumer}: ${problem.message.en}${hint.en}`, 1, problem.details);
  }
  throw new CliFailure(`HTTP_${response.status}`, `${target.consumer}（${target.base}）返回 HTTP ${response.status}`, `${target.consumer} (${target.base}) answered HTTP ${response.status}`);
}

export function formatParked(p: ParkedMessage): string {
  const state = p.status === 'failed' ? '阻塞 failed (blocks its case)' : '等待 waiting';
  const lines = [`  #${p.parkId}  ${state}  case ${p.caseKey}  ${p.type}  attempts ${p.attempts}  parked ${p.parkedAt}`, `      event ${p.eventId}  topic ${p.topic}`];
  if (p.error) lines.push(`      错误 error: ${p.error}`);
  return lines.join('\n');
}

async function list(io: ParkedIo, options: CommonOptions & { consumer?: string }, json: boolean): Promise<number> {
  const env = io.env ?? process.env;
  const token = await bearer(options, env);
  const all: ParkedMessage[] = [];
  let failures = 0;
  for (const target of targets(options, env)) {
    try {
      const parked = await call<ParkedMessage[]>(io, token, target, 'GET', '');
      all.push(...parked);
      if (!json) {
        io.stdout.write(`${target.consumer}  ${target.base}  ${parked.length === 0 ? '无搁置消息 / nothing parked' : `${parked.length} 条 / parked`}\n`);
        for (const p of parked) io.stdout.write(`${formatParked(p)}\n`);
      }
    } catch (error) {
      // With --url and no --consumer, a consumer that lives elsewhere is not an error.
      if (error instanceof CliFailure && error.code === 'NOT_FOUND' && options.url !== undefined && options.consumer === undefined) continue;
      if (!(error instanceof CliFailure)) throw error;
      failures += 1;
      io.stderr.write(`错误 Error [${error.code}]: ${error.zh} / ${error.en}\n`);
    }
  }
  if (json) io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  return failures === 0 ? 0 : 1;
}

/** The consumer whose blocking message `parkId` is: --consumer, else looked up in every consumer's list. */
async function locate(io: ParkedIo, options: CommonOptions & { consumer?: string }, token: string, parkId: string): Promise<Target> {
  const env = io.env ?? process.env;
  const all = targets(options, env);
  if (options.consumer !== undefined) return all[0];
  for (const target of all) {
    let parked: ParkedMessage[];
    try {
      parked = await call<ParkedMessage[]>(io, token, target, 'GET', '');
    } catch (error) {
      if (error instanceof CliFailure && error.code === 'NOT_FOUND') continue;
      throw error;
    }
    const found = parked.find((p) => p.parkId === parkId);
    if (!found) continue;
    if (found.status === 'waiting') {
      const head = parked.find((p) => p.caseKey === found.caseKey && p.status === 'failed');
      throw new CliFailure(
        'PARKED_MESSAGE_NOT_BLOCKING',
        `#${parkId} 在等待同一案件的 #${head?.parkId ?? '?'}；请重试或处理 #${head?.parkId ?? '?'}，之后它会被依次重放`,
        `#${parkId} waits behind #${head?.parkId ?? '?'} of the same case; retry or resolve #${head?.parkId ?? '?'} and it is replayed after it`,
      );
    }
    return target;
  }
  throw new CliFailure('PARKED_MESSAGE_NOT_FOUND', `没有编号为 #${parkId} 的搁置消息（可用 benefits parked list 查看）`, `no parked message #${parkId} (see benefits parked list)`);
}

async function settle(io: ParkedIo, options: CommonOptions & { consumer?: string; note?: string }, action: 'retry' | 'resolve', positional: string[]): Promise<number> {
  const env = io.env ?? process.env;
  const parkId = positional[0];
  if (parkId === undefined) throw usageFailure('缺少搁置消息编号', 'missing the parked message id');
  if (positional.length > 1) throw usageFailure(`无法识别的参数 ${positional[1]}`, `unexpected argument ${positional[1]}`);
  if (!/^[1-9]\d{0,17}$/.test(parkId.replace(/^#/, ''))) throw usageFailure(`搁置消息编号应为正整数，收到 ${parkId}`, `a parked message id is a positive integer, got ${parkId}`);
  const id = parkId.replace(/^#/, '');
  let body: { note: string } | undefined;
  if (action === 'resolve') {
    const note = options.note?.trim() ?? '';
    if (note === '' || note.length > 500) throw usageFailure('resolve 须用 --note 写明处理原因（1–500 字）', 'resolve needs a reason: --note <text> of 1–500 characters');
    body = { note };
  } else if (options.note !== undefined) {
    throw usageFailure('--note 只用于 resolve', '--note goes with resolve only');
  }
  const token = await bearer(options, env);
  const target = await locate(io, options, token, id);
  const result = await call<SettleResult>(io, token, target, 'POST', `/${id}/${action}`, body);
  const verb = action === 'retry' ? '已重试 retried' : '已处理 resolved';
  io.stdout.write(`${verb} #${id} (${target.consumer}); 重放 replayed ${result.replayed}\n`);
  if (result.blockedBy === null) {
    io.stdout.write('  该案件已恢复流转 / the case flows again\n');
    return 0;
  }
  io.stdout.write(`  该案件仍被阻塞 / the case is still blocked by:\n${formatParked(result.blockedBy)}\n`);
  return 1;
}

/** @returns 0 done, 1 still blocked / refused / unreachable, 2 bad arguments. */
export async function parkedCommand(argv: string[], io: ParkedIo): Promise<number> {
  return runCommand(io, PARKED_USAGE, async () => {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h') {
      io.stdout.write(PARKED_USAGE);
      return 0;
    }
    if (sub !== 'list' && sub !== 'retry' && sub !== 'resolve') {
      throw usageFailure(sub === undefined ? '缺少子命令 list、retry 或 resolve' : `未知子命令 ${sub}`, sub === undefined ? 'missing subcommand: list, retry or resolve' : `unknown subcommand ${sub}`);
    }
    const parsed = parseCommonOptions(rest, { options: sub === 'list' ? ['consumer'] : ['consumer', 'note'], flags: sub === 'list' ? ['json'] : [], command: `parked ${sub}` });
    if (parsed === 'help') {
      io.stdout.write(PARKED_USAGE);
      return 0;
    }
    if (parsed.options.role !== undefined) throw usageFailure('parked 总以 admin 角色签发开发令牌，不接受 --role', 'parked always signs an admin development token; --role is not taken');
    if (sub === 'list') {
      if (parsed.positional.length > 0) throw usageFailure(`无法识别的参数 ${parsed.positional[0]}`, `unexpected argument ${parsed.positional[0]}`);
      return list(io, parsed.options, parsed.flags.has('json'));
    }
    return settle(io, parsed.options, sub, parsed.positional);
  });
}
