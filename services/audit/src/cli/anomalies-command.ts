import { LocalDate } from '@benefits/kernel';
import type { AuditCliIo } from './audit-cli-io';
import { auditRequest, COMMON_USAGE, parseCommonOptions, runAuditCommand, usageFailure, yuan, type CommonOptions } from './http-client';

/**
 * `benefits audit anomalies <scan|list|show|assign|check|outcome>`: 疑点 scans and the worklist
 * (ADR 0012 §5) through the running audit service. `scan` starts a scan and polls it, printing
 * each rule's progress, until it completes; the worklist steps send the finding's revision as
 * If-Match (`--revision`, else the revision read just before).
 */
export const ANOMALIES_USAGE = [
  'usage: benefits audit anomalies <step> [options]',
  '  scan --division <code> [--rules A1-…,A3-…] [--as-of yyyy-mm-dd] [--scan-id <id>] [--no-wait] [--json]',
  '       筛查疑点（默认全部规则），轮询直至完成 / run a scan (all rules by default) and wait for it; --scan-id resumes one',
  '  list [--rule <id>] [--status open|assigned|checked|cleared|confirmed] [--list-division <code>] [--scan <id>] [--limit n] [--cursor c] [--json]',
  '       疑点清单 / the findings you may see, newest first',
  '  show <findingId> [--json]                     疑点详情与时间线 / a finding and its timeline',
  '  assign <findingId> --assignee <id> [--note <text>] [--revision n]',
  '  check <findingId> --result confirmed_on_site|not_confirmed --note <text> [--evidence-ref <ref>] [--revision n]',
  '  outcome <findingId> --outcome cleared --reason <text> [--revision n]',
  '  outcome <findingId> --outcome confirmed --action recovery|referral --note <text> [--revision n]',
  COMMON_USAGE,
  '',
  '退出码 exit codes: 0 成功 ok; 1 服务拒绝、无法连接或筛查失败 refused, unreachable or scan failed; 2 参数错误 bad arguments',
  '',
].join('\n');

const FINDING_ID = /^[0-9a-f]{32}$/;
const SCAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ScanAnswer {
  scanId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  divisionCode: string;
  rules: string[];
  asOf: string;
  attempt: number;
  progress: { ruleId: string; state: string; examined: number; counts: { raised: number; seenAgain: number; unchanged: number; candidates: number } | null }[];
  counts: { findings: number; raised: number; seenAgain: number; unchanged: number; outOfScope: number } | null;
  resultHash: string | null;
  error: { ruleId: string | null; code: string; message: string } | null;
}

interface FindingAnswer {
  findingId: string;
  ruleId: string;
  status: string;
  summary: { zh: string; en: string };
  amountFen: number | null;
  divisionCodes: string[];
  cases: { caseId: string; divisionCode: string; benefit?: string }[];
  otherDivisions: { cases: number; divisionCodes: string[] } | null;
  evidence: { streamId: string; revision: number; note?: string }[];
  hiddenEvidence: number;
  details: Record<string, unknown>;
  raisedAt: string;
  revision: number;
  assignment: { assignee: string; note: string; by: string | null; at: string } | null;
  check: { result: string; note: string; evidenceRef: string | null; by: string | null; at: string } | null;
  outcome: { outcome: string; reason?: string; action?: string; note?: string; by: string | null; at: string } | null;
  timeline?: { revision: number; type: string; recordedAt: string; actor: { id: string; role: string } | null; scanId?: string; data?: Record<string, unknown> }[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function anomaliesCommand(argv: string[], io: AuditCliIo): Promise<number> {
  return runAuditCommand(io, ANOMALIES_USAGE, async () => {
    const [step, ...rest] = argv;
    if (step === undefined || step === '--help' || step === '-h') {
      (step === undefined ? io.stderr : io.stdout).write(ANOMALIES_USAGE);
      return step === undefined ? 2 : 0;
    }
    switch (step) {
      case 'scan':
        return scan(rest, io);
      case 'list':
        return list(rest, io);
      case 'show':
        return show(rest, io);
      case 'assign':
      case 'check':
      case 'outcome':
        return worklistStep(step, rest, io);
      default:
        throw usageFailure(`未知的步骤 ${step}`, `unknown step ${step}`);
    }
  });
}

function parse(argv: string[], io: AuditCliIo, spec: { options?: string[]; flags?: string[] }) {
  const parsed = parseCommonOptions(argv, { ...spec, command: 'anomalies' });
  if (parsed === 'help') {
    io.stdout.write(ANOMALIES_USAGE);
    return null;
  }
  return parsed;
}

async function scan(argv: string[], io: AuditCliIo): Promise<number> {
  // --division is the common option of the dev token; the scan's division is the same flag: the scope scanned.
  const parsed = parse(argv, io, { options: ['rules', 'as-of', 'scan-id'], flags: ['json', 'no-wait'] });
  if (!parsed) return 0;
  const { options, flags, positional } = parsed;
  if (positional.length > 0) throw usageFailure(`无法识别的参数 ${positional[0]}`, `unexpected argument ${positional[0]}`);
  if (!options.division) throw usageFailure('缺少 --division（筛查的行政区划）', 'missing --division (the division to scan)');
  if (options['as-of'] !== undefined && !LocalDate.isValid(options['as-of'])) throw usageFailure('--as-of 应为 yyyy-mm-dd 日期', '--as-of must be a yyyy-mm-dd date');
  if (options['scan-id'] !== undefined && !SCAN_ID.test(options['scan-id'])) throw usageFailure('--scan-id 应为筛查编号（UUID）', '--scan-id must be a scan id (UUID)');
  const rules = options.rules?.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
  const body = { divisionCode: options.division, ...(rules && rules.length > 0 ? { rules } : {}), ...(options['as-of'] ? { asOf: options['as-of'] } : {}), ...(options['scan-id'] ? { scanId: options['scan-id'] } : {}) };
  let answer = (await auditRequest<ScanAnswer>(io, options, 'POST', '/audit/anomaly-scans', body)).body;
  io.stderr.write(`筛查 scan ${answer.scanId} 已开始 started: ${answer.divisionCode}, ${answer.rules.length} 条规则 rules, as of ${answer.asOf}\n`);
  if (flags.has('no-wait')) {
    io.stdout.write(flags.has('json') ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.scanId}\n`);
    return 0;
  }
  const interval = io.progressIntervalMs ?? 2000;
  let last = '';
  while (answer.status === 'running') {
    await sleep(interval);
    answer = (await auditRequest<ScanAnswer>(io, options, 'GET', `/audit/anomaly-scans/${answer.scanId}`)).body;
    const line = answer.progress.map((p) => `${p.ruleId} ${p.state}${p.examined ? ` ${p.examined}` : ''}`).join('; ');
    if (line !== last) io.stderr.write(`  进度 progress: ${line}\n`);
    last = line;
  }
  io.stdout.write(flags.has('json') ? `${JSON.stringify(answer, null, 2)}\n` : formatScan(answer));
  return answer.status === 'completed' ? 0 : 1;
}

export function formatScan(s: ScanAnswer): string {
  const lines = [`筛查 scan ${s.scanId}  区划 division ${s.divisionCode}  日期 as of ${s.asOf}  状态 status ${s.status}${s.attempt > 1 ? `  (第 ${s.attempt} 次运行 attempt ${s.attempt})` : ''}`];
  for (const p of s.progress) {
    const c = p.counts;
    lines.push(`  ${p.ruleId.padEnd(34)} ${p.state.padEnd(8)} 查看 examined ${p.examined}${c ? `  新增 raised ${c.raised}  变化 changed ${c.seenAgain}  未变 unchanged ${c.unchanged}` : ''}`);
  }
  if (s.counts) lines.push(`合计 total: 疑点 findings ${s.counts.findings}（新增 raised ${s.counts.raised}，变化 changed ${s.counts.seenAgain}，未变 unchanged ${s.counts.unchanged}）`);
  if (s.resultHash) lines.push(`结果哈希 result hash ${s.resultHash}`);
  if (s.error) lines.push(`错误 error [${s.error.code}] ${s.error.ruleId ?? ''}: ${s.error.message}`);
  if (s.status === 'interrupted' || s.status === 'failed') lines.push(`续跑 resume: benefits audit anomalies scan --division ${s.divisionCode} --scan-id ${s.scanId} --as-of ${s.asOf}${s.rules.length ? ` --rules ${s.rules.join(',')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

async function list(argv: string[], io: AuditCliIo): Promise<number> {
  const parsed = parse(argv, io, { options: ['rule', 'status', 'list-division', 'scan', 'limit', 'cursor'], flags: ['json'] });
  if (!parsed) return 0;
  const { options, flags, positional } = parsed;
  if (positional.length > 0) throw usageFailure(`无法识别的参数 ${positional[0]}`, `unexpected argument ${positional[0]}`);
  const query = new URLSearchParams();
  if (options.rule) query.set('ruleId', options.rule);
  if (options.status) query.set('status', options.status);
  if (options['list-division']) query.set('divisionCode', options['list-division']);
  if (options.scan) query.set('scanId', options.scan);
  if (options.limit) query.set('limit', options.limit);
  if (options.cursor) query.set('cursor', options.cursor);
  const qs = query.toString();
  const res = await auditRequest<{ items: FindingAnswer[]; nextCursor: string | null }>(io, options, 'GET', `/audit/anomalies${qs ? `?${qs}` : ''}`);
  if (flags.has('json')) {
    io.stdout.write(`${JSON.stringify(res.body, null, 2)}\n`);
    return 0;
  }
  const lines = res.body.items.map(
    (f) => `${f.findingId}  ${f.ruleId.padEnd(30)} ${f.status.padEnd(9)} ${f.amountFen !== null ? `${yuan(f.amountFen)}元 `.padStart(12) : ''.padStart(12)} ${f.summary.zh}`,
  );
  if (lines.length === 0) lines.push('（无疑点 no findings）');
  if (res.body.nextCursor) lines.push(`下一页 next page: --cursor ${res.body.nextCursor}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function show(argv: string[], io: AuditCliIo): Promise<number> {
  const parsed = parse(argv, io, { flags: ['json'] });
  if (!parsed) return 0;
  const findingId = findingIdOf(parsed.positional);
  const res = await auditRequest<FindingAnswer>(io, parsed.options, 'GET', `/audit/anomalies/${findingId}`);
  io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(res.body, null, 2)}\n` : formatFinding(res.body));
  return 0;
}

function findingIdOf(positional: string[]): string {
  const [findingId, ...extra] = positional;
  if (findingId === undefined) throw usageFailure('缺少疑点编号', 'missing the finding id');
  if (!FINDING_ID.test(findingId)) throw usageFailure(`疑点编号格式不正确：${findingId}（32 位十六进制）`, `not a finding id: ${findingId} (32 hex digits)`);
  if (extra.length > 0) throw usageFailure(`无法识别的参数 ${extra[0]}`, `unexpected argument ${extra[0]}`);
  return findingId;
}

export function formatFinding(f: FindingAnswer): string {
  const lines = [`疑点 finding ${f.findingId}  规则 rule ${f.ruleId}  状态 status ${f.status}  版本 revision ${f.revision}`, `  ${f.summary.zh}`, `  ${f.summary.en}`];
  if (f.amountFen !== null) lines.push(`  金额 amount ${yuan(f.amountFen)} 元`);
  for (const c of f.cases) lines.push(`  案件 case ${c.caseId} (${c.benefit ?? '-'}, ${c.divisionCode})`);
  if (f.otherDivisions) lines.push(`  另有 ${f.otherDivisions.cases} 个其他区划的案件（${f.otherDivisions.divisionCodes.join(', ')}），编号不予显示 / ${f.otherDivisions.cases} case(s) of other divisions, ids not shown`);
  for (const e of f.evidence) lines.push(`  证据 evidence ${e.streamId}@${e.revision}${e.note ? `  ${e.note}` : ''}`);
  if (f.hiddenEvidence > 0) lines.push(`  另有 ${f.hiddenEvidence} 条其他区划的证据 / ${f.hiddenEvidence} evidence link(s) of other divisions`);
  if (Object.keys(f.details).length > 0) lines.push(`  详情 details ${JSON.stringify(f.details)}`);
  if (f.assignment) lines.push(`  交办 assigned to ${f.assignment.assignee} by ${f.assignment.by ?? '-'} at ${f.assignment.at}${f.assignment.note ? `: ${f.assignment.note}` : ''}`);
  if (f.check) lines.push(`  核查 check ${f.check.result} by ${f.check.by ?? '-'} at ${f.check.at}: ${f.check.note}${f.check.evidenceRef ? ` (${f.check.evidenceRef})` : ''}`);
  if (f.outcome) lines.push(`  结论 outcome ${f.outcome.outcome}${f.outcome.action ? ` → ${f.outcome.action}` : ''} by ${f.outcome.by ?? '-'} at ${f.outcome.at}: ${f.outcome.reason ?? f.outcome.note ?? ''}`);
  if (f.timeline) {
    lines.push('时间线 timeline:');
    for (const t of f.timeline) lines.push(`  #${t.revision}  ${t.recordedAt}  ${t.type}  by ${t.actor ? `${t.actor.id}(${t.actor.role})` : '-'}${t.scanId ? `  scan ${t.scanId}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

async function worklistStep(step: 'assign' | 'check' | 'outcome', argv: string[], io: AuditCliIo): Promise<number> {
  const own = { assign: ['assignee', 'note', 'revision'], check: ['result', 'note', 'evidence-ref', 'revision'], outcome: ['outcome', 'reason', 'action', 'note', 'revision'] }[step];
  const parsed = parse(argv, io, { options: own, flags: ['json'] });
  if (!parsed) return 0;
  const { options, flags } = parsed;
  const findingId = findingIdOf(parsed.positional);
  const body = bodyOf(step, options);
  let revision: number;
  if (options.revision !== undefined) {
    if (!/^(0|[1-9]\d{0,9})$/.test(options.revision)) throw usageFailure('--revision 应为非负整数', '--revision must be a non-negative integer');
    revision = Number(options.revision);
  } else {
    revision = (await auditRequest<FindingAnswer>(io, options, 'GET', `/audit/anomalies/${findingId}`)).body.revision;
  }
  const res = await auditRequest<FindingAnswer>(withIfMatch(io, revision), options, 'POST', `/audit/anomalies/${findingId}/${step}`, body);
  io.stdout.write(flags.has('json') ? `${JSON.stringify(res.body, null, 2)}\n` : formatFinding(res.body));
  return 0;
}

function bodyOf(step: 'assign' | 'check' | 'outcome', options: Record<string, string> & CommonOptions): Record<string, unknown> {
  const need = (name: string) => {
    const value = options[name];
    if (value === undefined || value.trim() === '') throw usageFailure(`缺少 --${name}`, `missing --${name}`);
    return value;
  };
  switch (step) {
    case 'assign':
      return { assignee: need('assignee'), ...(options.note ? { note: options.note } : {}) };
    case 'check': {
      const result = need('result');
      if (result !== 'confirmed_on_site' && result !== 'not_confirmed') throw usageFailure('--result 应为 confirmed_on_site 或 not_confirmed', '--result must be confirmed_on_site or not_confirmed');
      return { result, note: need('note'), ...(options['evidence-ref'] ? { evidenceRef: options['evidence-ref'] } : {}) };
    }
    case 'outcome': {
      const outcome = need('outcome');
      if (outcome === 'cleared') return { outcome, reason: need('reason') };
      if (outcome === 'confirmed') {
        const action = need('action');
        if (action !== 'recovery' && action !== 'referral') throw usageFailure('--action 应为 recovery（追缴）或 referral（移送）', '--action must be recovery or referral');
        return { outcome, action, note: need('note') };
      }
      throw usageFailure('--outcome 应为 cleared 或 confirmed', '--outcome must be cleared or confirmed');
    }
  }
}

/** The same io, with every request carrying If-Match: the revision the step is decided on. */
function withIfMatch(io: AuditCliIo, revision: number): AuditCliIo {
  const base = io.fetch ?? fetch;
  return {
    ...io,
    fetch: ((url: string | URL | Request, init?: RequestInit) => base(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'If-Match': `"${revision}"` } })) as typeof fetch,
  };
}
