import { z } from 'zod';
import { defaultDibaoPolicy } from '../../../../applications/src/dibao/policy';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { daysFrom, dueAfter, shippedCalendar, type DueDate } from './read-models/procedure-calendar';
import { divisionScope, eachDocument, PROCEDURE_CASES, PROCEDURE_PROJECTION, procedureProjection, type ProcedureCaseDoc } from './read-models/procedure-cases';

/**
 * A9 程序超期 — decisions past their working-day limit.
 *
 * 低保 (limits of `defaultDibaoPolicy()`, the figures the applications service enforces): the whole
 * process from 受理 to the decision (审核确认 or 不予批准) within `processLimit` (25) working days, and
 * the decision within `stepLimits.decision` (10) working days after the 公示 ends. Counted in the
 * published working-day calendar; for a year not published, the due date recorded on the case when
 * the step was recorded (`processDueOn`, `decisionDueOn`) is used and the finding says so.
 *
 * 临时救助: `LinshiPolicy` sets no decision limit (the standards delegate it; one local rule says 15
 * working days), so none is checked unless `linshiDecisionWorkingDays` is configured — counted from
 * the application, a 先行救助 counting as the decision.
 */
export const DecisionOverdueConfigSchema = z
  .object({
    dibaoProcessWorkingDays: z.number().int().min(1).max(365),
    dibaoDecisionWorkingDays: z.number().int().min(1).max(365),
    /** null: 临时救助 decisions are not checked (no limit is encoded in the 临时救助 policy). */
    linshiDecisionWorkingDays: z.number().int().min(1).max(365).nullable(),
    /** Also list cases still undecided at the scan date whose limit has passed (default true). */
    includePending: z.boolean(),
  })
  .strict();
export type DecisionOverdueConfig = z.infer<typeof DecisionOverdueConfigSchema>;

const dibaoPolicy = defaultDibaoPolicy(shippedCalendar());

export const DECISION_OVERDUE_DEFAULTS: DecisionOverdueConfig = {
  dibaoProcessWorkingDays: dibaoPolicy.processLimit,
  dibaoDecisionWorkingDays: dibaoPolicy.stepLimits.decision,
  linshiDecisionWorkingDays: null,
  includePending: true,
};

export const decisionOverdueRule: AnomalyRule<DecisionOverdueConfig> = {
  id: 'A9-decision-overdue',
  title: { zh: '审核确认超过办理时限', en: 'Decision (审核确认) past its working-day limit' },
  description: {
    zh:
      '检查低保案件的办理时限（按已发布的工作日历计算工作日）：自受理至审核确认（或不予批准）不超过25个工作日；公示期满后10个工作日内作出审核确认。' +
      '已超期作出决定的，以及截至扫描日仍未决定而已超期的，列为疑点。某年度工作日历未发布时，改用办理该环节时记录在案件中的期限日期，并在疑点详情中说明。' +
      '临时救助：现行临时救助参数未规定审批时限，默认不检查；可配置工作日数（自申请之日起，先行救助视为作出决定）。数据：审计读模型 audit.procedure。' +
      '依据：低保审核确认时限（受理后全程不超过25个工作日、公示结束后10个工作日内确认）；超期办理属审计常见的程序问题（A9）。',
    en:
      'For 低保 cases, counted in working days of the published calendar: from acceptance (受理) to the decision (approval or rejection) within 25 working ' +
      'days, and the decision within 10 working days after the public notice ends. Decisions made late, and cases still undecided at the scan date whose ' +
      'limit has passed, are listed. For a year without a published calendar the due date recorded on the case when the step was recorded is used, and ' +
      'the finding says so. 临时救助: its policy sets no decision limit, so none is checked unless configured (working days from the application; an ' +
      'advance aid counts as the decision). Data: the audit read model audit.procedure. Why: the 低保 limits (whole process ≤ 25 working days, decision ' +
      '≤ 10 working days after the notice) are the standards’ time limits; late handling is a procedure defect auditors list (A9).',
  },
  configSchema: DecisionOverdueConfigSchema,
  defaults: DECISION_OVERDUE_DEFAULTS,
  projections: () => [procedureProjection()],
  scan: scanDecisions,
};

interface Breach {
  limit: 'dibao.process' | 'dibao.decisionAfterNotice' | 'linshi.decision';
  from: string;
  workingDays: number;
  dueOn: string;
  basis: DueDate['basis'];
  calendarNote?: DueDate['note'];
  decidedOn: string | null;
  /** Calendar days from the due date to the decision (or to the scan date while undecided). */
  daysLate: number;
  evidence: { streamId: string; revision: number; note: string };
}

function breachOf(
  limit: Breach['limit'],
  from: string,
  workingDays: number,
  recordedDueOn: string | null,
  decidedOn: string | null,
  asOf: string,
  evidence: Breach['evidence'],
): Breach | null {
  const due = dueAfter(from, workingDays, 'working', { recordedDueOn });
  const judged = decidedOn ?? asOf;
  if (judged <= due.dueOn) return null;
  return {
    limit,
    from,
    workingDays,
    dueOn: due.dueOn,
    basis: due.basis,
    ...(due.note ? { calendarNote: due.note } : {}),
    decidedOn,
    daysLate: daysFrom(due.dueOn, judged),
    evidence,
  };
}

const LIMIT_TEXT: Record<Breach['limit'], { zh: string; en: string }> = {
  'dibao.process': { zh: '受理至审核确认', en: 'acceptance to decision' },
  'dibao.decisionAfterNotice': { zh: '公示期满至审核确认', en: 'end of notice to decision' },
  'linshi.decision': { zh: '申请至审批', en: 'application to decision' },
};

async function* scanDecisions(context: RuleScanContext<DecisionOverdueConfig>): AsyncIterable<AnomalyCandidate> {
  const config = context.config;
  const view = await context.view(PROCEDURE_PROJECTION);
  const benefits = config.linshiDecisionWorkingDays === null ? ['dibao'] : ['dibao', 'linshi'];
  let examined = 0;
  for (const benefit of benefits) {
    const docs = eachDocument(view.collection<ProcedureCaseDoc>(PROCEDURE_CASES), { filter: { benefit, divisionCode: divisionScope(context.divisionCode) } });
    for await (const doc of docs) {
      examined += 1;
      if (examined % 500 === 0) context.progress(examined);
      if (doc.applied.on > context.asOf) continue;
      const decided = doc.decided && doc.decided.on <= context.asOf ? doc.decided : null;
      if (!decided && !config.includePending) continue;
      const decidedOn = decided?.on ?? null;
      const breaches: Breach[] = [];
      if (doc.benefit === 'dibao') {
        const accepted = doc.accepted && doc.accepted.on <= context.asOf ? doc.accepted : null;
        if (!accepted) continue;
        const process = breachOf('dibao.process', accepted.on, config.dibaoProcessWorkingDays, accepted.processDueOn, decidedOn, context.asOf, {
          streamId: doc.streamId,
          revision: accepted.revision,
          note: 'dibao.ApplicationAccepted.v1',
        });
        if (process) breaches.push(process);
        const before = decided ? decided.revision : Number.POSITIVE_INFINITY;
        const notice = [...doc.notices].reverse().find((n) => n.revision < before && n.startedOn <= context.asOf);
        // Only once the notice is over is the decision due.
        if (notice && notice.endsOn < (decidedOn ?? context.asOf)) {
          const step = breachOf('dibao.decisionAfterNotice', notice.endsOn, config.dibaoDecisionWorkingDays, notice.decisionDueOn, decidedOn, context.asOf, {
            streamId: doc.streamId,
            revision: notice.revision,
            note: 'dibao.PublicNoticePosted.v1',
          });
          if (step) breaches.push(step);
        }
      } else {
        const linshi = breachOf('linshi.decision', doc.applied.on, config.linshiDecisionWorkingDays!, null, decidedOn, context.asOf, {
          streamId: doc.streamId,
          revision: doc.applied.revision,
          note: 'linshi.ApplicationSubmitted.v1',
        });
        if (linshi) breaches.push(linshi);
      }
      if (breaches.length === 0) continue;
      const worst = breaches.reduce((a, b) => (b.daysLate > a.daysLate ? b : a));
      const evidence = [...breaches.map((b) => b.evidence)];
      if (decided) evidence.push({ streamId: doc.streamId, revision: decided.revision, note: `${doc.benefit}.Case${doc.decision === 'approved' ? 'Approved' : 'Rejected'}.v1` });
      const benefitZh = doc.benefit === 'dibao' ? '低保' : '临时救助';
      yield {
        subjectKey: `case-${doc.caseId}`,
        cases: [{ caseId: doc.caseId, divisionCode: doc.divisionCode, benefit: doc.benefit }],
        summary: decided
          ? {
              zh: `${benefitZh}案件超期作出决定：${LIMIT_TEXT[worst.limit].zh}期限 ${worst.dueOn}，${decided.on} 作出决定，超期 ${worst.daysLate} 天`,
              en: `${doc.benefit} case decided late: ${LIMIT_TEXT[worst.limit].en} due ${worst.dueOn}, decided ${decided.on}, ${worst.daysLate} days late`,
            }
          : {
              zh: `${benefitZh}案件截至 ${context.asOf} 仍未作出决定：${LIMIT_TEXT[worst.limit].zh}期限 ${worst.dueOn}，已超期 ${worst.daysLate} 天`,
              en: `${doc.benefit} case still undecided on ${context.asOf}: ${LIMIT_TEXT[worst.limit].en} was due ${worst.dueOn}, ${worst.daysLate} days ago`,
            },
        evidence,
        details: {
          status: decided ? 'decided-late' : 'pending-overdue',
          decision: decided ? doc.decision : null,
          breaches: breaches.map(({ evidence: _e, ...b }) => b),
        },
      };
    }
  }
  context.progress(examined);
}
