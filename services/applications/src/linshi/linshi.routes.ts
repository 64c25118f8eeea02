/**
 * The 临时救助 steps over HTTP: one row per step, served by the controller's shared step route and
 * described in the OpenAPI document from the same row (../shared/workflow/step-routes.ts).
 */
import type { StepRouteTable } from '../shared/workflow/step-routes';
import type { LinshiCommand } from './commands';
import { RejectSchema } from '../dibao/dibao.schemas';
import { AdvanceAidSchema, InKindSchema, InstalmentSchema, LinshiApproveSchema, PaperworkSchema, RecordLinshiDeterminationSchema, ReferralSchema } from './linshi.schemas';

export const LINSHI_STEP_ROUTES: StepRouteTable<Exclude<LinshiCommand, { type: 'CreateCase' }>> = [
  {
    path: 'determinations',
    command: 'RecordDetermination',
    schema: RecordLinshiDeterminationSchema,
    summary: 'INTERNAL, temporary: record a determination of eligibility (amounts, 急难型 cap)',
    description: "Accepted only if basedOnCaseRevision is the case's facts revision. Roles case_officer or admin.",
    internal: true,
  },
  {
    path: 'advance-aid',
    command: 'GrantAdvanceAid',
    schema: AdvanceAidSchema,
    summary: '先行救助: grant emergency aid first, up to the determination’s cap; the paperwork is due later',
    description: '急难型 only; an authorised role (default approver). Publishes the approval with the amount for payment.',
  },
  { path: 'paperwork', command: 'CompletePaperwork', schema: PaperworkSchema, summary: '先行救助: complete the paperwork (登记、签字盖章)', description: 'Roles intake_officer or case_officer; a late completion is recorded as late.' },
  {
    path: 'approve',
    command: 'ApproveCase',
    schema: LinshiApproveSchema,
    summary: '审核审批: approve citing the current determination, optionally in instalments (一次审批、分阶段救助)',
    description: 'Role approver; maker-checker. 支出型: the determined amount unless an override code and reason; 急难型: within the cap.',
  },
  { path: 'reject', command: 'RejectCase', schema: RejectSchema, summary: 'Reject with reasons', description: 'Role approver; maker-checker.' },
  { path: 'instalments', command: 'ReleaseInstalment', schema: InstalmentSchema, summary: 'Release the next instalment of staged aid', description: 'Role case_officer; in order, never above the approved total.' },
  { path: 'in-kind-aid', command: 'RecordInKindAid', schema: InKindSchema, summary: 'Record in-kind aid (实物救助: clothing, food, water, temporary shelter…)', description: 'Roles intake_officer or case_officer.' },
  { path: 'referrals', command: 'RecordReferral', schema: ReferralSchema, summary: 'Record a referral (转介) to another programme or organisation', description: 'Roles intake_officer or case_officer.' },
];
