import { z } from 'zod';
import { DEFAULT_LINSHI_POLICY } from '../../../../applications/src/linshi/policy';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { daysFrom, dueAfter } from './read-models/procedure-calendar';
import { divisionScope, eachDocument, PROCEDURE_CASES, PROCEDURE_PROJECTION, procedureProjection, type ProcedureCaseDoc } from './read-models/procedure-cases';

/**
 * A9 程序缺失 — 临时救助 先行救助 whose paperwork (登记救助对象、事由、金额, 补齐签字盖章) was not completed
 * within the limit. 急难型 aid may be paid first and the paperwork completed once the emergency has
 * eased; aid paid and never documented is what auditors look for.
 *
 * Limit: `LinshiPolicy.paperworkDays` (a product default of 10 — no official figure is known) in
 * calendar days, the named reading of ADR 0009 §2 (emergency aid never waits for a calendar).
 * `dayKind: "working"` counts in the published working-day calendar; for a year not published the
 * rule counts calendar days and says so in the finding.
 */
export const AdvanceAidPaperworkConfigSchema = z
  .object({
    paperworkDays: z.number().int().min(1).max(365),
    dayKind: z.enum(['calendar', 'working']),
    /** Also list paperwork completed, but after the limit (default true); false lists only what is still outstanding. */
    includeCompletedLate: z.boolean(),
  })
  .strict();
export type AdvanceAidPaperworkConfig = z.infer<typeof AdvanceAidPaperworkConfigSchema>;

export const ADVANCE_AID_PAPERWORK_DEFAULTS: AdvanceAidPaperworkConfig = {
  paperworkDays: DEFAULT_LINSHI_POLICY.paperworkDays,
  dayKind: 'calendar',
  includeCompletedLate: true,
};

export const advanceAidPaperworkOverdueRule: AnomalyRule<AdvanceAidPaperworkConfig> = {
  id: 'A9-advance-aid-paperwork-overdue',
  title: { zh: '临时救助先行救助后未按期补齐手续', en: '临时救助 advance aid (先行救助) paperwork not completed in time' },
  description: {
    zh:
      '检查每笔临时救助先行救助（linshi.AdvanceAidGranted）：在规定期限内（默认10天，按自然日，为产品默认值，无官方数字；可配置天数及按工作日计算）是否补齐手续' +
      '（linshi.AdvanceAidPaperworkCompleted）。截至扫描日仍未补齐的、或补齐晚于期限的，列为疑点；金额为先行救助金额。数据：审计读模型 audit.procedure。' +
      '依据：急难型临时救助可“先行救助”，急难缓解后须登记救助对象、事由、金额并补齐经办人员签字盖章手续；先救助后长期不补手续是审计常见的程序缺失（A9）。',
    en:
      'For every 临时救助 advance aid (linshi.AdvanceAidGranted): was the paperwork (linshi.AdvanceAidPaperworkCompleted) completed within the limit ' +
      '(default 10 calendar days — a product default, no official figure is known; days and working-day counting are configurable)? Aid still undocumented ' +
      'at the scan date, or documented after the limit, is listed with the amount granted. Data: the audit read model audit.procedure. Why: 急难型 aid may be ' +
      'paid first, but the recipient, cause and amount must be registered and the officers’ signatures and seals completed once the emergency has eased; ' +
      'aid paid and never documented is a procedure defect auditors list (A9).',
  },
  configSchema: AdvanceAidPaperworkConfigSchema,
  defaults: ADVANCE_AID_PAPERWORK_DEFAULTS,
  projections: () => [procedureProjection()],
  scan: scanAdvanceAid,
};

async function* scanAdvanceAid(context: RuleScanContext<AdvanceAidPaperworkConfig>): AsyncIterable<AnomalyCandidate> {
  const { paperworkDays, dayKind, includeCompletedLate } = context.config;
  const view = await context.view(PROCEDURE_PROJECTION);
  let examined = 0;
  const granted = eachDocument(view.collection<ProcedureCaseDoc>(PROCEDURE_CASES), {
    filter: { benefit: 'linshi', advanceAid: true, divisionCode: divisionScope(context.divisionCode) },
  });
  for await (const doc of granted) {
    examined += 1;
    if (examined % 500 === 0) context.progress(examined);
    const advance = doc.advance!;
    if (advance.on > context.asOf) continue;
    const due = dueAfter(advance.on, paperworkDays, dayKind);
    // Paperwork recorded after the scan's date is not known at that date.
    const paperwork = doc.paperwork && doc.paperwork.on <= context.asOf ? doc.paperwork : null;
    const grant = { streamId: doc.streamId, revision: advance.revision, note: 'linshi.AdvanceAidGranted.v1' };
    const cases = [{ caseId: doc.caseId, divisionCode: doc.divisionCode, benefit: 'linshi' }];
    const common = {
      grantedOn: advance.on,
      dueOn: due.dueOn,
      recordedDueOn: advance.paperworkDueOn,
      paperworkDays,
      dayKind,
      basis: due.basis,
      ...(due.note ? { calendarNote: due.note } : {}),
    };
    if (paperwork) {
      if (!includeCompletedLate || paperwork.on <= due.dueOn) continue;
      const daysLate = daysFrom(due.dueOn, paperwork.on);
      yield {
        subjectKey: `case-${doc.caseId}`,
        cases,
        summary: {
          zh: `先行救助（${advance.on}）手续逾期补齐：期限 ${due.dueOn}，补齐于 ${paperwork.on}，逾期 ${daysLate} 天`,
          en: `advance aid of ${advance.on}: paperwork completed ${daysLate} days late (due ${due.dueOn}, completed ${paperwork.on})`,
        },
        amountFen: advance.amountFen,
        evidence: [grant, { streamId: doc.streamId, revision: paperwork.revision, note: 'linshi.AdvanceAidPaperworkCompleted.v1' }],
        details: { ...common, status: 'completed-late', completedOn: paperwork.on, daysLate },
      };
      continue;
    }
    if (context.asOf <= due.dueOn) continue;
    const daysOverdue = daysFrom(due.dueOn, context.asOf);
    yield {
      subjectKey: `case-${doc.caseId}`,
      cases,
      summary: {
        zh: `先行救助（${advance.on}）截至 ${context.asOf} 仍未补齐手续：期限 ${due.dueOn}，已逾期 ${daysOverdue} 天`,
        en: `advance aid of ${advance.on}: paperwork still outstanding on ${context.asOf}, ${daysOverdue} days past ${due.dueOn}`,
      },
      amountFen: advance.amountFen,
      evidence: [grant],
      details: { ...common, status: 'outstanding', daysOverdue },
    };
  }
  context.progress(examined);
}
