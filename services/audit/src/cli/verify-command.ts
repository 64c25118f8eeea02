import type { AuditCliIo } from './audit-cli-io';
import { AuditCliFailure, auditRequest, COMMON_USAGE, parseCommonOptions, runAuditCommand, usageFailure, type CommonOptions } from './http-client';

/**
 * `benefits audit verify --all | --stream <id>` (ADR 0012 §4) over the running audit service:
 * --all starts a verification of the whole log (POST /audit/verifications, with --anchor also writing
 * the day's signed anchor) and polls it, printing progress on stderr until it completes; --stream
 * verifies one stream's chain. Exit 1 when anything is broken (or the verification failed).
 */

export const VERIFY_USAGE = [
  'usage: benefits audit verify --all [--anchor] [--check-anchors latest|all|none] [--id <verificationId>] [--json]',
  '       benefits audit verify --stream <streamId> [--json]',
  '',
  '哈希链与锚定核验 / Verify hash chains and anchored heads, through the running audit service.',
  '  --all            一次读完整个日志：逐流核对修订号连续、prevHash 链接、重算哈希、日志位置递增，并核对锚定的链头',
  '                   / read the whole log once: per stream revisions from 0, prevHash links, every hash recomputed,',
  '                   positions increasing; each stream against its anchored head (ANCHOR_MISMATCH)',
  '  --anchor         同时写出当天的签名锚定文件（Ed25519）/ also write the day’s signed anchor of every stream head',
  '  --check-anchors  核对哪些锚定：latest（默认）、all、none / which anchors to check (default latest)',
  '  --id             核验编号：同一编号已完成则直接显示结果 / verification id: a completed one is shown, not run again',
  '  --stream         只核验一个流 / verify one stream only',
  '  --json           输出 JSON / print the result as JSON',
  COMMON_USAGE,
  '',
  '退出码 exit codes: 0 完好 intact; 1 发现问题、服务拒绝或无法连接 something broken, refused or unreachable; 2 参数错误 bad arguments',
  '',
].join('\n');

interface BrokenLink {
  streamId: string;
  revision: number;
  reason: string;
  code: string;
  detail: string;
}

export interface VerificationView {
  verificationId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  intact: boolean | null;
  progress: { pages: number; events: number; brokenStreams: number; cursor: string | null };
  mode: string | null;
  counts: { events: number; streams: number; brokenStreams: number; positionViolations: number; anchoredStreams: number; anchorMismatches: number; anchorProblems: number } | null;
  head: string | null;
  firstPositionViolation: { position: string; after: string } | null;
  anchors: { file: string; signature: string; streams: number; code?: string }[];
  anchorWritten: { file: string; sha256: string; streams: number } | null;
  brokenStreams: BrokenLink[];
  brokenStreamsTotal: number;
  brokenStreamsOutsideScope: number;
  resultHash: string | null;
  failure: string | null;
  eventsPerSecond: number | null;
}

const n = (x: number) => x.toLocaleString('en-US');

export function formatVerification(job: VerificationView): string {
  const verdict = job.status !== 'completed' ? `未完成 ${job.status}` : job.intact ? '完好 intact' : '发现问题 NOT intact';
  const lines = [`哈希链核验 verification ${job.verificationId}: ${verdict}`];
  if (job.failure) lines.push(`  失败原因 failure: ${job.failure}`);
  const c = job.counts;
  if (c) {
    lines.push(`  事件 events ${n(c.events)}  流 streams ${n(c.streams)}  日志头 log head ${job.head ?? '-'}${job.eventsPerSecond ? `  (${n(job.eventsPerSecond)} events/s, ${job.mode})` : ''}`);
    lines.push(`  断链的流 broken streams ${n(c.brokenStreams)}  位置乱序 positions out of order ${n(c.positionViolations)}  与锚定不符 anchor mismatches ${n(c.anchorMismatches)}`);
    if (job.firstPositionViolation) lines.push(`    首个乱序位置 first out of order: ${job.firstPositionViolation.position} after ${job.firstPositionViolation.after}`);
  }
  for (const b of job.brokenStreams) lines.push(`    ${b.streamId}  revision ${b.revision}  [${b.code}] ${b.reason}: ${b.detail}`);
  const shown = job.brokenStreams.length;
  if (job.brokenStreamsTotal > shown) {
    lines.push(`    …共 ${n(job.brokenStreamsTotal)} 个，显示 ${shown} 个${job.brokenStreamsOutsideScope > 0 ? `，辖区外 ${n(job.brokenStreamsOutsideScope)} 个仅计数` : ''} / ${n(job.brokenStreamsTotal)} in all, ${shown} shown${job.brokenStreamsOutsideScope > 0 ? `, ${n(job.brokenStreamsOutsideScope)} outside your division counted only` : ''}`);
  }
  for (const a of job.anchors) {
    lines.push(`  锚定 anchor ${a.file}: 签名 signature ${a.signature}, ${n(a.streams)} streams${a.code ? `  [${a.code}]` : ''}`);
  }
  if (job.status === 'completed' && job.anchors.length === 0) lines.push('  锚定 anchors: 未核对（尚无或未要求）/ none checked (none yet, or not asked)');
  if (job.anchorWritten) lines.push(`  新锚定 anchor written: ${job.anchorWritten.file} (${n(job.anchorWritten.streams)} heads) sha256 ${job.anchorWritten.sha256}`);
  if (job.resultHash) lines.push(`  结果哈希 result hash ${job.resultHash}`);
  return `${lines.join('\n')}\n`;
}

interface StreamReport {
  streamId: string;
  intact: boolean;
  length: number;
  head?: string;
  brokenAt?: number;
  reason?: string;
}

export function formatStreamReport(report: StreamReport): string {
  return report.intact
    ? `流 stream ${report.streamId}: 完好 intact, ${report.length} events, head ${report.head}\n`
    : `流 stream ${report.streamId}: 断链 BROKEN at revision ${report.brokenAt} (${report.reason}), ${report.length} events\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function verifyCommand(argv: string[], io: AuditCliIo): Promise<number> {
  return runAuditCommand(io, VERIFY_USAGE, async () => {
    const parsed = parseCommonOptions(argv, { options: ['stream', 'check-anchors', 'id'], flags: ['all', 'anchor', 'json'], command: 'verify' });
    if (parsed === 'help') {
      io.stdout.write(VERIFY_USAGE);
      return 0;
    }
    const { options, flags, positional } = parsed;
    if (positional.length > 0) throw usageFailure(`无法识别的参数 ${positional[0]}`, `unexpected argument ${positional[0]}`);
    const all = flags.has('all');
    if (all === (options.stream !== undefined)) throw usageFailure('请给出 --all 或 --stream <流编号> 之一', 'give either --all or --stream <streamId>');
    if (!all && (flags.has('anchor') || options['check-anchors'] !== undefined || options.id !== undefined)) {
      throw usageFailure('--anchor、--check-anchors、--id 只用于 --all', '--anchor, --check-anchors and --id go with --all only');
    }
    const check = options['check-anchors'];
    if (check !== undefined && !['latest', 'all', 'none'].includes(check)) throw usageFailure('--check-anchors 应为 latest、all 或 none', '--check-anchors must be latest, all or none');
    if (options.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(options.id)) throw usageFailure('--id 只能含字母、数字和 -', '--id: letters, digits and - only');

    if (!all) {
      const report = (await auditRequest<StreamReport>(io, options, 'GET', `/audit/streams/${encodeURIComponent(options.stream!)}/verify`)).body;
      io.stdout.write(flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatStreamReport(report));
      return report.intact ? 0 : 1;
    }

    const body: Record<string, unknown> = {};
    if (options.id !== undefined) body.verificationId = options.id;
    if (flags.has('anchor')) body.anchor = true;
    if (check !== undefined) body.checkAnchors = check;
    let job = (await auditRequest<VerificationView>(io, options, 'POST', '/audit/verifications', body)).body;
    job = await poll(io, options, job);
    io.stdout.write(flags.has('json') ? `${JSON.stringify(job, null, 2)}\n` : formatVerification(job));
    return job.status === 'completed' && job.intact === true ? 0 : 1;
  });
}

/** Polls until the verification is no longer running; progress on stderr when it moved, or every interval. */
async function poll(io: AuditCliIo, options: CommonOptions, first: VerificationView): Promise<VerificationView> {
  const interval = io.progressIntervalMs ?? 2000;
  let job = first;
  let said = '';
  const started = Date.now();
  while (job.status === 'running') {
    const line = `  核验中 verifying ${job.verificationId}: ${n(job.progress.events)} events, ${n(job.progress.brokenStreams)} broken streams … ${Math.round((Date.now() - started) / 1000)} s\n`;
    if (line !== said) io.stderr.write(line);
    said = line;
    await sleep(interval);
    job = (await auditRequest<VerificationView>(io, options, 'GET', `/audit/verifications/${encodeURIComponent(job.verificationId)}`)).body;
  }
  if (job.status === 'interrupted') {
    throw new AuditCliFailure('VERIFICATION_INTERRUPTED', `核验 ${job.verificationId} 已中断（服务重启？），请用 --id 重新运行`, `verification ${job.verificationId} was interrupted (service restarted?): run it again with --id`);
  }
  return job;
}
