/**
 * The 低保 steps over HTTP: one row per step, served by the controller's shared step route and
 * described in the OpenAPI document from the same row (../shared/workflow/step-routes.ts).
 */
import type { StepRouteTable } from '../shared/workflow/step-routes';
import type { DibaoCommand } from './commands';
import {
  ChangeSchema,
  CiteDeterminationSchema,
  CommunityReviewSchema,
  EffectiveDatedSchema,
  EmptySchema,
  ExitSchema,
  FinancialCheckSchema,
  HomeVisitSchema,
  ObjectionResolutionSchema,
  ObjectionSchema,
  PublicNoticeSchema,
  RecordDibaoDeterminationSchema,
  RejectionNoticeSchema,
  RejectSchema,
  ReviewSchema,
} from './dibao.schemas';

export const DIBAO_STEP_ROUTES: StepRouteTable<Exclude<DibaoCommand, { type: 'CreateCase' }>> = [
  { path: 'accept', command: 'AcceptApplication', schema: EmptySchema, summary: '受理: accept the application', description: 'Sets the home-visit limit and the whole-process limit in working days. Roles intake_officer or case_officer.' },
  {
    path: 'financial-check',
    command: 'RecordFinancialCheck',
    schema: FinancialCheckSchema,
    summary: '家庭经济状况核对: record the result, the sources and the incomes by member, source and month',
    description: 'Publishes a facts snapshot for eligibility. Role case_officer.',
  },
  { path: 'home-visit', command: 'RecordHomeVisit', schema: HomeVisitSchema, summary: '入户调查: record the visit by two or more distinct investigators', description: 'Only after a passed check. Role case_officer.' },
  { path: 'community-review', command: 'RecordCommunityReview', schema: CommunityReviewSchema, summary: '民主评议: record attendance, votes and the minutes', description: 'Role case_officer.' },
  { path: 'public-notice', command: 'PostPublicNotice', schema: PublicNoticeSchema, summary: '公示: post the notice for 7 days (durable end date)', description: 'Role case_officer.' },
  { path: 'objections', command: 'RaiseObjection', schema: ObjectionSchema, summary: '公示 objection: record an objection', description: 'Roles intake_officer or case_officer.' },
  {
    path: 'objection-resolutions',
    command: 'ResolveObjection',
    schema: ObjectionResolutionSchema,
    summary: '公示 objection: resolve it (dismissed, or upheld: back to investigation and a new 公示)',
    description: 'Role case_officer.',
  },
  {
    path: 'determinations',
    command: 'RecordDetermination',
    schema: RecordDibaoDeterminationSchema,
    summary: 'INTERNAL, temporary: record a determination of eligibility (until eligibility publishes it)',
    description: "Accepted only if basedOnCaseRevision is the case's facts revision. Roles case_officer or admin.",
    internal: true,
  },
  {
    path: 'approve',
    command: 'ApproveCase',
    schema: CiteDeterminationSchema,
    summary: '审核确认: approve citing the current determination',
    description: 'Role approver; only after the 7-day 公示 with no open objection; maker-checker. Paid from the following month.',
  },
  { path: 'reject', command: 'RejectCase', schema: RejectSchema, summary: '审核确认: reject with written reasons', description: 'Role approver; maker-checker. The written notice is due within the configured working days.' },
  { path: 'rejection-notice', command: 'DeliverRejectionNotice', schema: RejectionNoticeSchema, summary: 'Record the delivery of the written rejection notice', description: 'Roles intake_officer or case_officer.' },
  { path: 'reviews', command: 'RecordReview', schema: ReviewSchema, summary: '复核: record a periodic review; the next one is due by household category', description: 'Role case_officer.' },
  // Its own handler: added members are registered in the personal-data vault.
  { path: 'changes', command: 'ChangeCircumstances', schema: ChangeSchema, summary: '增发/减发: record a change of circumstances (effective-dated)', description: 'Publishes a facts snapshot. Role case_officer.', own: true },
  { path: 'change-confirmation', command: 'ConfirmAmountChange', schema: CiteDeterminationSchema, summary: '增发/减发: confirm the new amount citing the current determination', description: 'Role approver; maker-checker.' },
  { path: 'suspend', command: 'SuspendPayment', schema: EffectiveDatedSchema, summary: '停发: suspend payment from a date', description: 'Role approver; maker-checker.' },
  { path: 'resume', command: 'ResumePayment', schema: EffectiveDatedSchema, summary: 'Resume payment from a date', description: 'Role approver; maker-checker.' },
  { path: 'exit', command: 'ExitCase', schema: ExitSchema, summary: '退出: end the case from a date (re-applying later is a new case)', description: 'Role approver; maker-checker. Releases the members for a new case.' },
];
