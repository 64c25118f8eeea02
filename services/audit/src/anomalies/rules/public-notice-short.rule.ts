import { z } from 'zod';
import { defaultDibaoPolicy } from '../../../../applications/src/dibao/policy';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { dayBefore, daysFrom, dueAfter, minDate } from './read-models/procedure-calendar';
import { divisionScope, eachDocument, PROCEDURE_CASES, PROCEDURE_PROJECTION, procedureProjection, type ProcedureCaseDoc } from './read-models/procedure-cases';

/**
 * A9 程序缺失 — 低保 公示 too short or skipped. The 低保 result is posted in the village (community) for
 * 7 days before the 乡镇(街道) decides (审核确认); an approval without a 公示, or with one that stood
 * fewer days, is a procedure defect auditors list (the "跳过初审公示" pattern).
 *
 * Reading: the 7 days are calendar days (the named reading of the 低保 workflow, ADR 0009 §2 and
 * `DibaoPolicy.publicNoticeDays`); `dayKind: "working"` counts them in the published working-day
 * calendar instead, falling back to calendar days (said in the finding) for a year not published.
 */
export const PublicNoticeShortConfigSchema = z
  .object({
    /** Days the 公示 must stand before the approval. Default: the 低保 policy's `publicNoticeDays` (7). */
    minimumDays: z.number().int().min(1).max(60),
    dayKind: z.enum(['calendar', 'working']),
  })
  .strict();
export type PublicNoticeShortConfig = z.infer<typeof PublicNoticeShortConfigSchema>;

export const PUBLIC_NOTICE_SHORT_DEFAULTS: PublicNoticeShortConfig = { minimumDays: defaultDibaoPolicy().publicNoticeDays, dayKind: 'calendar' };

export const publicNoticeShortRule: AnomalyRule<PublicNoticeShortConfig> = {
  id: 'A9-public-notice-short',
  title: { zh: '低保公示不足天数或未公示即审批', en: '低保 public notice (公示) too short or skipped' },
  description: {
    zh:
      '检查每个已审批（审核确认）的低保案件：审批前是否张榜公示（dibao.PublicNoticePosted），公示在审批前实际持续的天数是否达到规定天数' +
      '（默认7天，按自然日计算，即公示首日起连续7天，审批不得早于第8天；可配置为按工作日计算）。数据：审计读模型 audit.procedure（案件事件流中的受理、公示、审批事件及其版本号）。' +
      '依据：低保审核确认前须在村（社区）公示7天，公示有异议的须重新调查并再次公示；审计常见问题中“跳过公示”“公示流于形式”属程序缺失（A9）。',
    en:
      'For every approved 低保 case: was the result posted (dibao.PublicNoticePosted) before the approval (审核确认), and did the notice stand for at least ' +
      'the configured days before it (default 7 calendar days: the approval may come on the 8th day at the earliest; configurable to working days)? ' +
      'Data: the audit read model audit.procedure (the case stream’s acceptance, notice and approval events with their revisions). Why: the 低保 result ' +
      'must be posted in the village or community for 7 days before the decision, and an upheld objection means a new notice; skipped or shortened 公示 is ' +
      'a procedure defect auditors list (A9).',
  },
  configSchema: PublicNoticeShortConfigSchema,
  defaults: PUBLIC_NOTICE_SHORT_DEFAULTS,
  projections: () => [procedureProjection()],
  scan: scanPublicNotices,
};

async function* scanPublicNotices(context: RuleScanContext<PublicNoticeShortConfig>): AsyncIterable<AnomalyCandidate> {
  const { minimumDays, dayKind } = context.config;
  const view = await context.view(PROCEDURE_PROJECTION);
  let examined = 0;
  const approved = eachDocument(view.collection<ProcedureCaseDoc>(PROCEDURE_CASES), {
    filter: { benefit: 'dibao', decision: 'approved', divisionCode: divisionScope(context.divisionCode) },
  });
  for await (const doc of approved) {
    examined += 1;
    if (examined % 500 === 0) context.progress(examined);
    const decided = doc.decided!;
    // The approval is judged at the scan's date: an approval recorded after asOf is not looked at.
    if (decided.on > context.asOf) continue;
    const cases = [{ caseId: doc.caseId, divisionCode: doc.divisionCode, benefit: 'dibao' }];
    const approval = { streamId: doc.streamId, revision: decided.revision, note: 'dibao.CaseApproved.v1' };
    const notice = [...doc.notices].reverse().find((n) => n.revision < decided.revision);
    if (!notice) {
      yield {
        subjectKey: `case-${doc.caseId}`,
        cases,
        summary: { zh: `低保案件未经公示即审批（审批日 ${decided.on}）`, en: `低保 case approved without a public notice (approved on ${decided.on})` },
        evidence: [approval],
        details: { kind: 'skipped', approvedOn: decided.on, minimumDays, dayKind },
      };
      continue;
    }
    // The last day the notice stood before the approval: its end, or the day before the approval if that came first.
    const lastDay = minDate(notice.endsOn, dayBefore(decided.on));
    const postedDays = Math.max(0, daysFrom(notice.startedOn, lastDay) + 1);
    // The notice must stand until the minimumDays-th (calendar or working) day counted from its first day.
    const required = dueAfter(dayBefore(notice.startedOn), minimumDays, dayKind);
    if (lastDay >= required.dueOn) continue;
    const cutShort = decided.on <= notice.endsOn;
    yield {
      subjectKey: `case-${doc.caseId}`,
      cases,
      summary: {
        zh: `低保公示不足${minimumDays}${dayKind === 'working' ? '个工作日' : '天'}：${notice.startedOn} 起公示，审批日 ${decided.on}，实际公示 ${postedDays} 天`,
        en: `低保 public notice shorter than ${minimumDays} ${dayKind} days: posted ${notice.startedOn}, approved ${decided.on}, stood ${postedDays} days`,
      },
      evidence: [{ streamId: doc.streamId, revision: notice.revision, note: 'dibao.PublicNoticePosted.v1' }, approval],
      details: {
        kind: 'short',
        noticeNo: notice.noticeNo,
        startedOn: notice.startedOn,
        endsOn: notice.endsOn,
        approvedOn: decided.on,
        postedDays,
        requiredUntil: required.dueOn,
        minimumDays,
        dayKind,
        basis: required.basis,
        ...(required.note ? { calendarNote: required.note } : {}),
        /** The approval came before the notice's own recorded end, or the notice was posted for fewer days than required. */
        cause: cutShort ? 'approved-before-notice-ended' : 'notice-period-too-short',
      },
    };
  }
  context.progress(examined);
}
