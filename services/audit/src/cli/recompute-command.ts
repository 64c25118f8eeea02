import type { AuditCliIo } from './audit-cli-io';
import { AuditCliFailure, auditRequest, COMMON_USAGE, parseCommonOptions, runAuditCommand, usageFailure, yuan } from './http-client';

/**
 * `benefits audit recompute --case <id> | --division <code> [--benefit b] [--period p] [--id <id>] [--json]`
 * (ADR 0012 §3): starts a recomputation on the running audit service (POST /audit/recomputations),
 * polls its report printing progress on stderr, and ends with the counts, the result hash and every
 * mismatch (all pages). Exit 0 when nothing mismatches, 1 when something does (or the service
 * refused, or the job failed), 2 for bad arguments. With the id of an unfinished recomputation it
 * resumes it.
 */

export const RECOMPUTE_USAGE = [
  'usage: benefits audit recompute (--case <caseId> | --division <code> [--benefit tefu|dibao|linshi|<registered>] [--period yyyy-mm|yyyy]) [--id <id>] [--page-size n] [--json]',
  '  按认定时锁定的标准版本、规则版本、参数和事实重算资格认定与发放 / recompute determinations and payments from what they pinned',
  '  --case            一个案件 / one case',
  '  --division        一个行政区划及其下级的全部案件 / every case of a division and the divisions under it',
  '                    (without --token it is also the division of the development token)',
  '  --benefit         只重算该待遇 / only this benefit',
  '  --period          只重算该月份或年度的发放 / only payments of this month or year',
  '  --id              重算编号；未完成的同号重算将续算 / recomputation id; an unfinished one with this id resumes',
  '  --json            以 JSON 输出报告 / print the report as JSON',
  '  exit: 0 all match, 1 mismatches (or refused / failed), 2 usage',
  COMMON_USAGE,
  '',
].join('\n');

interface Finding {
  subject: string;
  subjectId: string;
  caseId: string;
  status: string;
  recordedFen: number | null;
  recomputedFen: number | null;
  stage?: string;
  differences?: string[];
  firstDifferingStep?: { index: number; stepId: string | null } | null;
  reason?: { code: string };
  evidence: { streamId: string; revision: number }[];
}
interface Tally {
  match: number;
  mismatch: number;
  notRecomputable: number;
}
interface Report {
  recomputationId: string;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  progress: { pages: number; casesExamined: number; casesInScope: number | null };
  counts: { cases: number; determinations: Tally; determinationRecords: Tally; payments: Tally };
  resultHash: string | null;
  failure: { code: string; message: string } | null;
  mismatches: Finding[];
  notRecomputable: Finding[];
  nextCursor: string | null;
}

const POLL_MS = 1000;

export async function recomputeCommand(argv: string[], io: AuditCliIo): Promise<number> {
  return runAuditCommand(io, RECOMPUTE_USAGE, async () => {
    const parsed = parseCommonOptions(argv, {
      options: ['case', 'benefit', 'period', 'id', 'page-size'],
      flags: ['json'],
      command: 'audit recompute',
    });
    if (parsed === 'help') {
      io.stdout.write(RECOMPUTE_USAGE);
      return 0;
    }
    const { options, flags, positional } = parsed;
    if (positional.length > 0) throw usageFailure(`多余的参数：${positional.join(' ')}`, `unexpected arguments: ${positional.join(' ')}`);
    // --division is the common option (the development token's division) and, here, the scope too.
    const division = options.case === undefined ? options.division : undefined;
    if (options.case === undefined && division === undefined) throw usageFailure('须给出 --case 或 --division', 'give --case or --division');
    if (options.case !== undefined && (options.benefit !== undefined || options.period !== undefined)) {
      throw usageFailure('--benefit 与 --period 只用于 --division', '--benefit and --period go with --division only');
    }
    const pageSize = options['page-size'] === undefined ? undefined : Number(options['page-size']);
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)) throw usageFailure('--page-size 应为 1–500', '--page-size must be 1–500');
    const scope =
      options.case !== undefined
        ? { caseId: options.case }
        : { divisionCode: division!, ...(options.benefit ? { benefit: options.benefit } : {}), ...(options.period ? { period: options.period } : {}) };
    const body = { scope, ...(options.id ? { recomputationId: options.id } : {}), ...(pageSize ? { pageSize } : {}) };

    const started = await auditRequest<Report>(io, options, 'POST', '/audit/recomputations', body);
    const id = started.body.recomputationId;
    io.stderr.write(`重算 recomputation ${id}: ${started.status === 200 ? '已完成 already completed' : '已开始 started'}\n`);
    let report = started.body;
    const interval = io.progressIntervalMs ?? POLL_MS;
    let lastLine = '';
    while (report.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, interval));
      report = (await auditRequest<Report>(io, options, 'GET', `/audit/recomputations/${encodeURIComponent(id)}?limit=1`)).body;
      const line = progressLine(report);
      if (line !== lastLine) io.stderr.write(`  ${line}\n`);
      lastLine = line;
    }
    if (report.status !== 'completed') {
      const failure = report.failure ?? { code: 'INTERRUPTED', message: 'the job stopped before completing' };
      throw new AuditCliFailure(
        failure.code,
        `重算未完成（${report.status}）；以 --id ${id} 再次运行可续算`,
        `the recomputation did not complete (${report.status}: ${failure.message}); run again with --id ${id} to resume`,
      );
    }
    // Every mismatch and not-recomputable finding, page by page.
    const mismatches: Finding[] = [];
    const notRecomputable: Finding[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Report = (await auditRequest<Report>(io, options, 'GET', `/audit/recomputations/${encodeURIComponent(id)}${query}`)).body;
      mismatches.push(...page.mismatches);
      notRecomputable.push(...page.notRecomputable);
      cursor = page.nextCursor;
    } while (cursor);
    const mismatchCount = report.counts.determinations.mismatch + report.counts.determinationRecords.mismatch + report.counts.payments.mismatch;
    if (flags.has('json')) {
      io.stdout.write(`${JSON.stringify({ ...report, mismatches, notRecomputable, nextCursor: null }, null, 2)}\n`);
    } else {
      io.stdout.write(summary(report, mismatches, notRecomputable));
    }
    return mismatchCount > 0 ? 1 : 0;
  });
}

function progressLine(report: Report): string {
  const of = report.progress.casesInScope === null ? '' : ` / ${report.progress.casesInScope}`;
  const t = report.counts;
  const mismatched = t.determinations.mismatch + t.determinationRecords.mismatch + t.payments.mismatch;
  return `第 ${report.progress.pages} 页 page ${report.progress.pages}: 案件 cases ${report.progress.casesExamined}${of}, 不符 mismatches ${mismatched}`;
}

function summary(report: Report, mismatches: Finding[], notRecomputable: Finding[]): string {
  const c = report.counts;
  const row = (zh: string, en: string, t: Tally) => `  ${`${zh} ${en}`.padEnd(34)} 一致 match ${t.match}  不符 mismatch ${t.mismatch}  无法重算 not recomputable ${t.notRecomputable}`;
  const lines = [
    `重算 recomputation ${report.recomputationId}: 已完成 completed`,
    `  案件 cases ${c.cases}`,
    row('资格认定', 'determinations', c.determinations),
    row('案件记录的认定', 'determination records', c.determinationRecords),
    row('发放', 'payments', c.payments),
    `  结果哈希 result hash: ${report.resultHash}`,
  ];
  if (mismatches.length > 0) lines.push('', '不符 mismatches:');
  for (const m of mismatches) {
    const amounts = `记录 recorded ${m.recordedFen === null ? '—' : yuan(m.recordedFen)} 元, 重算 recomputed ${m.recomputedFen === null ? '—' : yuan(m.recomputedFen)} 元`;
    const where = m.stage ? ` at ${m.stage}` : m.firstDifferingStep ? ` first differing step #${m.firstDifferingStep.index} ${m.firstDifferingStep.stepId ?? ''}` : '';
    const evidence = m.evidence.map((e) => `${e.streamId}@${e.revision}`).join(', ');
    lines.push(`  ${m.subject} ${m.subjectId} (case ${m.caseId}): ${amounts}${where}${m.differences ? ` [${m.differences.join(', ')}]` : ''}`, `    evidence: ${evidence}`);
  }
  if (notRecomputable.length > 0) lines.push('', '无法重算 not recomputable:');
  for (const n of notRecomputable) lines.push(`  ${n.subject} ${n.subjectId} (case ${n.caseId}): ${n.reason?.code ?? ''}`);
  return `${lines.join('\n')}\n`;
}
