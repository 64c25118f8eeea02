import { readFileSync, writeFileSync } from 'node:fs';
import type { AuditCliIo } from '../../../audit/src/cli/audit-cli-io';
import type { SimulationView } from '../simulations/runner';
import {
  AuditCliFailure,
  COMMON_USAGE,
  auditRequest,
  parseCommonOptions,
  runAuditCommand,
  usageFailure,
  yuan,
  type CommonOptions,
} from '../../../audit/src/cli/http-client';

/**
 * `benefits eligibility simulate | simulation | replay`: policy simulation (政策测算) through the
 * running eligibility service (`npm start` lays it out on port base + 1). Progress lines go to
 * stderr while the run goes on; the totals, the result hash and the workbook path to stdout.
 */
export const SIMULATE_USAGE = [
  'usage:',
  '  benefits eligibility simulate --scenario <request.json> [--funding-from-disbursement] [--out <result.xlsx>] [common]',
  '  benefits eligibility simulation <simulationId> [--out <result.xlsx>] [common]',
  '  benefits eligibility replay <simulationId> [common]',
  '  --scenario  测算请求（情景、范围、可选的支出责任比例）/ the request: { scenario, scope, fundingShares? } (docs/eligibility/simulation.md)',
  '  --funding-from-disbursement  从发放服务读取范围所在区划当前的支出责任比例 / take the funding shares in force for the scope from disbursement',
  '  --disbursement-url  发放服务地址（与 --url 同用时必填）/ the disbursement service (required with --url; default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+2)',
  '  --out       导出 xlsx / write the result workbook here',
  COMMON_USAGE.replace(/audit 服务地址 \/ the audit service \(default http:\/\/\$BENEFITS_HOST:\$BENEFITS_PORT_BASE\+3/, 'eligibility 服务地址 / the eligibility service (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+1').replace('(default cli-auditor)', '(default cli-admin)').replace('auditor (default) or admin', 'admin (default) or auditor'),
  '',
].join('\n');

const SUBCOMMANDS = ['simulate', 'simulation', 'replay'];
export const isSimulationSubcommand = (argv: readonly string[]) => SUBCOMMANDS.includes(argv[0] ?? '');

export function serviceUrl(options: CommonOptions, env: NodeJS.ProcessEnv, offset: number): string {
  if (options.url !== undefined) return options.url.replace(/\/+$/, '');
  const host = env.BENEFITS_HOST || '127.0.0.1';
  const base = Number(env.BENEFITS_PORT_BASE || 3001);
  const connect = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${connect.includes(':') ? `[${connect}]` : connect}:${base + offset}`;
}

/**
 * Where disbursement answers: `--disbursement-url`, else the port after eligibility's on the local
 * host. With `--url` (eligibility elsewhere) the disbursement service must be named too: its address
 * cannot be guessed, and asking eligibility for funding shares would only leave the amounts unallocated.
 */
function disbursementUrl(options: CommonOptions, given: string | undefined, env: NodeJS.ProcessEnv): string {
  if (given !== undefined) return given.replace(/\/+$/, '');
  if (options.url !== undefined) {
    throw usageFailure('与 --url 同用时，--funding-from-disbursement 需要 --disbursement-url <发放服务地址>', '--funding-from-disbursement with --url needs --disbursement-url <the disbursement service>');
  }
  return serviceUrl(options, env, 2);
}

type View = Pick<SimulationView, 'simulationId' | 'status' | 'progress' | 'totals' | 'resultHash' | 'durationMs' | 'replayOf' | 'sameHashAsOriginal' | 'error'>;

export async function simulateCommand(argv: readonly string[], io: AuditCliIo): Promise<number> {
  return runAuditCommand(io, SIMULATE_USAGE, async () => {
    const [sub, ...rest] = argv;
    const parsed = parseCommonOptions(rest, { options: ['scenario', 'out', 'disbursement-url'], flags: ['funding-from-disbursement'], command: `eligibility ${sub}` });
    if (parsed === 'help') {
      io.stdout.write(SIMULATE_USAGE);
      return 0;
    }
    const env = io.env ?? process.env;
    const options: CommonOptions = { ...parsed.options, role: parsed.options.role ?? 'admin', user: parsed.options.user ?? 'cli-admin' };
    const eligibility = { ...options, url: serviceUrl(options, env, 1) };
    const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => auditRequest<T>(io, eligibility, method, path, body);
    let simulationId: string;
    if (sub === 'simulate') {
      const file = parsed.options.scenario;
      if (!file) throw usageFailure('缺少 --scenario <文件>', '--scenario <file> is required');
      let request: { scope?: { divisionCode?: string; benefits?: string[]; months?: { from?: string } }; fundingShares?: unknown[] };
      try {
        request = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw usageFailure(`无法读取测算请求 ${file}：${(error as Error).message}`, `cannot read the request ${file}: ${(error as Error).message}`);
      }
      if (parsed.flags.has('funding-from-disbursement')) request = await withDisbursementShares(io, { ...options, url: disbursementUrl(options, parsed.options['disbursement-url'], env) }, request);
      const started = await call<{ simulationId: string }>('POST', '/eligibility/simulations', request);
      simulationId = started.body.simulationId;
      io.stderr.write(`政策测算已记录 / simulation recorded: ${simulationId}\n`);
    } else if (sub === 'simulation' || sub === 'replay') {
      const id = parsed.positional[0];
      if (!id) throw usageFailure('缺少测算编号', 'the simulation id is missing');
      simulationId = id;
      if (sub === 'replay') {
        simulationId = (await call<{ simulationId: string }>('POST', `/eligibility/simulations/${encodeURIComponent(id)}/replays`)).body.simulationId;
        io.stderr.write(`重放已记录 / replay recorded: ${simulationId} (of ${id})\n`);
      }
    } else {
      throw usageFailure(`未知子命令 ${sub ?? ''}`, `unknown subcommand ${sub ?? ''}`);
    }
    const view = await waitForResult(io, call, simulationId);
    printView(io, view);
    if (parsed.options.out && view.status === 'completed') {
      const workbook = await fetchWorkbook(io, eligibility, simulationId);
      writeFileSync(parsed.options.out, workbook);
      io.stdout.write(`工作簿 / workbook: ${parsed.options.out}\n`);
    }
    return view.status === 'completed' && view.sameHashAsOriginal !== false ? 0 : 1;
  });
}

async function waitForResult(io: AuditCliIo, call: <T>(method: 'GET' | 'POST', path: string) => Promise<{ body: T }>, simulationId: string): Promise<View> {
  let last = '';
  for (;;) {
    const view = (await call<View>('GET', `/eligibility/simulations/${encodeURIComponent(simulationId)}`)).body;
    if (view.status !== 'running') return view;
    const line = `  进度 progress: ${view.progress.pagesDone} 页 pages, ${view.progress.casesDone} 案件 cases\n`;
    if (line !== last) io.stderr.write(line);
    last = line;
    await new Promise((resolve) => setTimeout(resolve, io.progressIntervalMs ?? 1000));
  }
}

function printView(io: AuditCliIo, view: View): void {
  const lines = [`测算 simulation ${view.simulationId}: ${view.status}`];
  if (view.error) lines.push(`  错误 error [${view.error.code}]: ${view.error.message}`);
  const t = view.totals;
  if (t) {
    lines.push(`  案件 cases ${t.cases}, 案件月 case-months ${t.caseMonths}, 变化案件 changed ${t.changedCases} (新增符合 newly eligible ${t.newlyEligible}, 不再符合 no longer ${t.noLongerEligible})`);
    lines.push(`  金额 amount: 前 before ${yuan(t.amountBeforeFen)} 元, 后 after ${yuan(t.amountAfterFen)} 元, 差额 difference ${yuan(t.differenceFen)} 元`);
    if (t.scheduleMismatches > 0) lines.push(`  与现行发放计划不一致的期间 periods differing from the schedule in force: ${t.scheduleMismatches}`);
    if (t.failures > 0) lines.push(`  未能测算的案件 cases not evaluated: ${t.failures} (see GET /eligibility/simulations/${view.simulationId})`);
  }
  if (view.resultHash) lines.push(`  结果哈希 result hash: ${view.resultHash}${view.durationMs !== null ? ` (${view.durationMs} ms)` : ''}`);
  if (view.replayOf) lines.push(`  重放自 replay of ${view.replayOf}: ${view.sameHashAsOriginal ? '哈希一致 same hash' : '哈希不一致 DIFFERENT hash'}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

async function fetchWorkbook(io: AuditCliIo, options: CommonOptions & { url: string }, simulationId: string): Promise<Buffer> {
  const { auditBearer } = await import('../../../audit/src/cli/http-client');
  const response = await (io.fetch ?? fetch)(`${options.url}/eligibility/simulations/${encodeURIComponent(simulationId)}/export.xlsx`, {
    headers: { Authorization: `Bearer ${await auditBearer(options, io.env ?? process.env)}` },
  });
  if (!response.ok) throw new AuditCliFailure(`HTTP_${response.status}`, `导出失败 HTTP ${response.status}`, `the export answered HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The request with the funding shares disbursement has in force for the scope's division and first month, per benefit. */
async function withDisbursementShares<R extends { scope?: { divisionCode?: string; benefits?: string[]; months?: { from?: string } }; fundingShares?: unknown[] }>(
  io: AuditCliIo,
  options: CommonOptions,
  request: R,
): Promise<R> {
  const division = request.scope?.divisionCode;
  const period = request.scope?.months?.from;
  if (!division || !period) return request;
  const entries: unknown[] = [...(request.fundingShares ?? [])];
  for (const benefit of request.scope?.benefits ?? []) {
    try {
      const res = await auditRequest<{ inForce: { publication: { shares: unknown } } }>(io, options, 'GET', `/disbursement/funding-shares?benefit=${benefit}&divisionCode=${division}&period=${period}`);
      entries.push({ benefit, divisionCode: division, shares: res.body.inForce.publication.shares });
      io.stderr.write(`  支出责任 funding shares for ${benefit} ${division} (${period}) from disbursement\n`);
    } catch (error) {
      if (!(error instanceof AuditCliFailure)) throw error;
      io.stderr.write(`  警告 warning: no funding shares for ${benefit} ${division} (${error.code}); its amounts stay unallocated\n`);
    }
  }
  return { ...request, fundingShares: entries };
}
