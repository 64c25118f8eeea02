import { z } from 'zod';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { withinScope } from './rule-helpers';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, type CaseStreamDoc } from '../../read-models/case-streams.projection';
import { CaseRecomputer, type RecomputeFinding } from '../../recompute/recompute-case';

/**
 * A5-paid-differs-from-recomputed (ADR 0012 §5): a payment whose stored amount is not what its
 * schedule, the schedule eligibility issued, and the engine (run again from the determination's
 * pinned standard version, ruleset version, 低保标准 B and recorded facts) say is due. Reads the
 * read model audit.case-streams (cases of the division, in pages) and the case's streams by id; the
 * comparison is the recomputation core's (services/audit/src/recompute).
 */

export interface PaidDiffersConfig {
  /** Differences up to this many fen are not reported (0: every difference). */
  toleranceFen: number;
  /** Cases read per page of the read model. */
  pageSize: number;
}

const CASE_PAGE = 100;
const STREAM_PAGE = 1000;

export const paidDiffersFromRecomputedRule: AnomalyRule<PaidDiffersConfig> = {
  id: 'A5-paid-differs-from-recomputed',
  title: { zh: '实发金额与重算金额不符', en: 'Amount paid differs from the amount recomputed' },
  description: {
    zh:
      '逐笔核对发放记录：按发放所依据的待遇发放计划、资格认定服务签发的计划，以及按认定时锁定的标准版本、规则版本、低保标准和记录的家庭事实重新计算的应发金额，' +
      '与实际记录的发放金额比较；相差超过容差（默认 0 分）即列为疑点。数据：audit.case-streams 读模型及各案件的发放、计划、认定事件流。' +
      '审计常见问题：发放金额被改动、计划与认定不一致、认定所依据的事实被改动。',
    en:
      'Checks every payment: the amount due by the schedule it cites, by the schedule eligibility issued, and by evaluating the period again with the engine from the ' +
      "determination's pinned standard version, ruleset version, 低保标准 B and recorded facts, against the amount stored; a difference above the tolerance " +
      '(default 0 fen) is a 疑点. Reads the audit.case-streams read model and each case\'s payment, schedule and determination streams by id. ' +
      'Audit findings it comes from: amounts changed after the fact, schedules that do not follow the determination, determination facts changed.',
  },
  configSchema: z
    .object({
      toleranceFen: z.number().int().min(0),
      pageSize: z.number().int().min(1).max(1000),
    })
    .strict(),
  defaults: { toleranceFen: 0, pageSize: CASE_PAGE },
  async *scan(context: RuleScanContext<PaidDiffersConfig>): AsyncIterable<AnomalyCandidate> {
    const view = await context.view(CASE_STREAMS_PROJECTION);
    const collection = view.collection<CaseStreamDoc>(CASE_STREAMS);
    const recomputer = new CaseRecomputer(context.source);
    let after: string | null = null;
    let examined = 0;
    for (;;) {
      const page = await collection.find({
        filter: { kind: 'case', divisionCode: withinScope(context.divisionCode), ...(after ? { streamId: { gt: after } } : {}) },
        sort: [{ field: 'streamId', direction: 'asc' }],
        limit: context.config.pageSize,
      });
      for (const doc of page.items) {
        const streams: CaseStreamDoc[] = [];
        let cursor: string | null = null;
        do {
          const s = await collection.find({ filter: { caseId: doc.caseId }, sort: [{ field: 'streamId', direction: 'asc' }], limit: STREAM_PAGE, cursor });
          streams.push(...s.items);
          cursor = s.nextCursor;
        } while (cursor !== null);
        const findings = await recomputer.recompute({ caseId: doc.caseId, divisionCode: doc.divisionCode ?? null, benefit: doc.benefit ?? null, paymentsOnly: true }, streams);
        for (const finding of findings) {
          const candidate = candidateOf(finding, doc, context.config.toleranceFen);
          if (candidate) yield candidate;
        }
        examined += 1;
      }
      context.progress(examined);
      if (page.items.length < context.config.pageSize) return;
      after = page.items[page.items.length - 1].streamId;
    }
  },
};

function candidateOf(finding: RecomputeFinding, doc: CaseStreamDoc, toleranceFen: number): AnomalyCandidate | null {
  if (finding.subject !== 'payment' || finding.status !== 'mismatch') return null;
  const recorded = finding.recordedFen ?? 0;
  const difference = finding.recomputedFen === null ? null : recorded - finding.recomputedFen;
  if (difference !== null && Math.abs(difference) <= toleranceFen) return null;
  const yuan = (fen: number | null) => (fen === null ? '—' : (fen / 100).toFixed(2));
  return {
    subjectKey: finding.subjectId,
    cases: [{ caseId: doc.caseId, divisionCode: doc.divisionCode ?? '', ...(doc.benefit ? { benefit: doc.benefit } : {}) }],
    summary: {
      zh: `发放 ${finding.subjectId} 实发 ${yuan(recorded)} 元，重算应发 ${yuan(finding.recomputedFen)} 元（不符环节：${finding.stage ?? '—'}）`,
      en: `payment ${finding.subjectId} paid ${yuan(recorded)} yuan, recomputed ${yuan(finding.recomputedFen)} yuan (diverges at: ${finding.stage ?? '—'})`,
    },
    amountFen: difference === null ? recorded : Math.abs(difference),
    evidence: finding.evidence,
    details: {
      recordedFen: finding.recordedFen,
      recomputedFen: finding.recomputedFen,
      differenceFen: difference,
      stage: finding.stage ?? null,
      chain: finding.chain ?? null,
      ...(finding.engineError ? { engineError: finding.engineError } : {}),
    },
  };
}
