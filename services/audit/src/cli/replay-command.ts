import { LocalDate } from '@benefits/kernel';
import type { AuditCliIo } from './audit-cli-io';
import { auditRequest, COMMON_USAGE, parseCommonOptions, runAuditCommand, usageFailure, yuan } from './http-client';

/**
 * `benefits audit replay <caseId>`: a case replayed as known at / as effective on (ADR 0012 §2)
 * through the running audit service's `GET /audit/cases/{caseId}/history`. Prints one line per
 * timeline event with the case state after it, then the determinations and payments (each with its
 * clause and whether it applies on the date); `--json` prints the service's answer as is.
 */

export const REPLAY_USAGE = [
  'usage: benefits audit replay <caseId> [--as-known-at <instant|position>] [--as-effective-on <yyyy-mm-dd>] [--json]',
  COMMON_USAGE,
  '',
  '案件回放 / replay one case.',
  '  --as-known-at      知悉时点：带时区的 ISO-8601 时刻（如 2026-03-01T00:00:00+08:00）或日志位置 / an instant with offset, or a log position',
  '  --as-effective-on  生效日期：只计入 effectiveFrom 不晚于该日的事件 / fold only events effective on or before this date',
  '  --json             原样输出服务的 JSON / print the service\'s JSON answer',
  '',
  '退出码 exit codes: 0 成功 ok; 1 服务拒绝或无法连接 refused or unreachable; 2 参数错误 bad arguments',
  '',
].join('\n');

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
}
interface ReplayState {
  status: string | null;
  statusSince: string | null;
  paymentSuspended: boolean;
  approvedDeterminationId: string | null;
  facts: { key: string; value: unknown; effectiveFrom: string }[];
}
export interface ReplayAnswer {
  caseId: string;
  asKnownAt: string | null;
  knownAt?: { kind: string };
  asEffectiveOn?: string | null;
  chain: { intact: boolean; length: number; brokenAt?: number; reason?: string };
  timeline: {
    revision: number;
    type: string;
    recordedAt: string;
    effectiveFrom: string | null;
    actor: { id: string; role: string; divisionCode: string } | null;
    chainIntact: boolean;
    effective?: boolean;
    state?: ReplayState;
  }[];
  state?: ReplayState;
  determinations?: {
    determinationId: string;
    effectiveFrom: string | null;
    effectiveTo: string | null;
    replacedBy: string | null;
    standardRef: StandardRef | null;
    rulesetVersion: string | null;
    chainIntact: boolean;
    appliesOn: boolean | null;
  }[];
  payments: {
    paymentStreamId: string;
    periodKey: string | null;
    personRef: string | null;
    amount: { fen: number } | null;
    chain: { intact: boolean };
    trace: { determinationId: string | null; standardRef: StandardRef | null; consistent: boolean | null };
    appliesOn?: boolean | null;
  }[];
}

export async function replayCommand(argv: string[], io: AuditCliIo): Promise<number> {
  return runAuditCommand(io, REPLAY_USAGE, async () => {
    const parsed = parseCommonOptions(argv, { options: ['as-known-at', 'as-effective-on'], flags: ['json'], command: 'replay' });
    if (parsed === 'help') {
      io.stdout.write(REPLAY_USAGE);
      return 0;
    }
    const [caseId, ...extra] = parsed.positional;
    if (caseId === undefined) throw usageFailure('缺少案件编号', 'missing the case id');
    if (!CASE_ID.test(caseId)) throw usageFailure(`案件编号格式不正确：${caseId}（应为小写 UUID）`, `not a case id: ${caseId} (a lowercase UUID)`);
    if (extra.length > 0) throw usageFailure(`无法识别的参数 ${extra[0]}`, `unexpected argument ${extra[0]}`);
    const { options } = parsed;
    const effectiveOn = options['as-effective-on'];
    if (effectiveOn !== undefined && !LocalDate.isValid(effectiveOn)) throw usageFailure('--as-effective-on 应为 yyyy-mm-dd 日期', '--as-effective-on must be a yyyy-mm-dd date');
    const query = new URLSearchParams();
    if (options['as-known-at'] !== undefined) query.set('asKnownAt', options['as-known-at']);
    if (effectiveOn !== undefined) query.set('asEffectiveOn', effectiveOn);
    const qs = query.toString();
    const res = await auditRequest<ReplayAnswer>(io, options, 'GET', `/audit/cases/${caseId}/history${qs ? `?${qs}` : ''}`);
    io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(res.body, null, 2)}\n` : formatReplay(res.body));
    return 0;
  });
}

const clause = (ref: StandardRef | null) => (ref ? `${ref.standardId} ${ref.versionId} 第${ref.itemNo}项 item ${ref.itemNo}` : '无条款 no clause');
const applies = (v: boolean | null | undefined) => (v === true ? '  [适用 applies]' : v === false ? '  [不适用 does not apply]' : '');

function stateLine(state: ReplayState | undefined): string {
  if (!state) return '';
  const parts = [`状态 ${state.status ?? '-'}`];
  if (state.paymentSuspended) parts.push('停发 suspended');
  if (state.approvedDeterminationId) parts.push(`认定 ${state.approvedDeterminationId}`);
  parts.push(`事实 facts ${state.facts.length}`);
  return parts.join('; ');
}

function factValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const { kind: _kind, ...rest } = value as Record<string, unknown>;
  return Object.entries(rest)
    .map(([k, v]) => `${k}=${k.endsWith('Fen') && typeof v === 'number' ? `${yuan(v)}元` : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** The human reading: header, one line per event with the state after it, the state, determinations, payments. */
export function formatReplay(h: ReplayAnswer): string {
  const known = h.asKnownAt === null ? '现在 now' : `${h.asKnownAt} (${h.knownAt?.kind ?? 'position'})`;
  const lines = [`案件 case ${h.caseId}  知悉时点 as known at ${known}  生效日期 as effective on ${h.asEffectiveOn ?? '-'}`];
  lines.push(
    h.chain.intact
      ? `哈希链 chain: 完整 intact (${h.chain.length} 个事件 events)`
      : `哈希链 chain: 断裂 BROKEN at revision ${h.chain.brokenAt} (${h.chain.reason}), ${h.chain.length} 个事件 events`,
  );
  lines.push('时间线 timeline:');
  for (const e of h.timeline) {
    const by = e.actor ? `${e.actor.id}(${e.actor.role} ${e.actor.divisionCode})` : '-';
    const flags = `${e.chainIntact ? '' : ' [链断 chain broken]'}${e.effective === false ? ' [未生效 not effective]' : ''}`;
    lines.push(`  #${e.revision}  ${e.recordedAt}  生效 ${e.effectiveFrom ?? '-'}  ${e.type}  by ${by}${flags}  → ${stateLine(e.state)}`);
  }
  if (h.state) {
    lines.push(`状态 state: ${h.state.status ?? '-'}${h.state.statusSince ? ` since ${h.state.statusSince}` : ''}${h.state.paymentSuspended ? '; 停发 payment suspended' : ''}`);
    for (const f of h.state.facts) lines.push(`  事实 fact ${f.key}: ${factValue(f.value)} (from ${f.effectiveFrom})`);
  }
  if (h.determinations) {
    lines.push(`认定 determinations: ${h.determinations.length}`);
    for (const d of h.determinations) {
      const period = `${d.effectiveFrom ?? '?'} – ${d.effectiveTo ?? '…'}`;
      const replaced = d.replacedBy ? `  (被 ${d.replacedBy} 取代 replaced)` : '';
      lines.push(`  ${d.determinationId}  ${period}  ${clause(d.standardRef)}  ${d.rulesetVersion ?? ''}${d.chainIntact ? '' : ' [链断 chain broken]'}${replaced}${applies(d.appliesOn)}`);
    }
  }
  lines.push(`发放 payments: ${h.payments.length}`);
  for (const p of h.payments) {
    const amount = p.amount ? `${yuan(p.amount.fen)} 元` : '-';
    const consistent = p.trace.consistent === true ? '一致 consistent' : p.trace.consistent === false ? '不一致 INCONSISTENT' : '无从比对 not comparable';
    lines.push(`  ${p.periodKey ?? '-'}  ${p.personRef ?? '-'}  ${amount}  ${clause(p.trace.standardRef)}  ${consistent}${p.chain.intact ? '' : ' [链断 chain broken]'}${applies(p.appliesOn)}  ${p.paymentStreamId}`);
  }
  return `${lines.join('\n')}\n`;
}
