/**
 * The decide slice of a 低保 case: its step table for the case-workflow engine
 * (../shared/workflow/engine.ts) — who takes each step, in which statuses, and the deciding function:
 * the application's steps in `./decide-intake`, the active case's in `./decide-lifecycle`, 停发/恢复/退出
 * shared with every benefit paid month by month (../shared/workflow/lifecycle-steps.ts).
 *
 * 最低生活保障 (低保, `dibao`) case: the household applies (申请), the 乡镇(街道) accepts it (受理),
 * the household's finances are checked across departments (家庭经济状况核对), two or more staff visit
 * (入户调查), the community deliberates (民主评议), the result is posted for 7 days (公示) and an
 * approver decides (审核确认). An approved case is active: paid from the following month, reviewed
 * (复核) at intervals by household category, and changed (增发/减发), suspended (停发) or ended
 * (退出) with effective dates. Re-applying after an exit is a new case.
 *
 *   applied ─Accept─▶ accepted ─FinancialCheck─▶ checked ─HomeVisit─▶ visited ─CommunityReview─▶ reviewed
 *     ─PostPublicNotice─▶ publicNotice ─Approve─▶ active ⇄ suspended ─Exit─▶ exited
 *   (any state before the decision) ─Reject─▶ rejected ; an upheld objection sends publicNotice back to checked
 *
 * Working-day limits are computed when a step is recorded, with the published working-day calendar,
 * and stored in the event: due dates are durable facts of the case, not recomputed later.
 */
import { CASE_OFFICER_ROLES, DETERMINATION_ROLES, OFFICER_ROLES } from '../shared/case-rules';
import { takeStep, type CaseWorkflow } from '../shared/workflow/engine';
import { paymentLifecycleSteps } from '../shared/workflow/lifecycle-steps';
import type { DibaoPolicy } from './policy';
import type { DibaoCommand } from './commands';
import type { DibaoEvent } from './events';
import type { DibaoCase, OpenDibaoCase } from './state';
import type { ExitReason } from './types';
import { PENDING } from './decide-guards';
import {
  acceptApplication,
  approveCase,
  createCase,
  deliverRejectionNotice,
  postPublicNotice,
  raiseObjection,
  recordCommunityReview,
  recordDetermination,
  recordFinancialCheck,
  recordHomeVisit,
  rejectCase,
  resolveObjection,
} from './decide-intake';
import { changeCircumstances, confirmAmountChange, recordReview } from './decide-lifecycle';

type DibaoStep = Exclude<DibaoCommand, { type: 'CreateCase' }>;

/** The 低保 workflow: every step after the application, in the order of the process. */
export const DIBAO_WORKFLOW: CaseWorkflow<DibaoStep, OpenDibaoCase, DibaoEvent, DibaoPolicy> = {
  pending: PENDING,
  makers: (state) => state.madeBy,
  steps: {
    AcceptApplication: { by: OFFICER_ROLES, in: ['applied'], decide: acceptApplication },
    RecordFinancialCheck: { by: CASE_OFFICER_ROLES, in: ['accepted', 'checked'], decide: recordFinancialCheck },
    RecordHomeVisit: { by: CASE_OFFICER_ROLES, in: ['checked'], decide: recordHomeVisit },
    RecordCommunityReview: { by: CASE_OFFICER_ROLES, in: ['visited'], decide: recordCommunityReview },
    PostPublicNotice: { by: CASE_OFFICER_ROLES, in: ['reviewed'], decide: postPublicNotice },
    RaiseObjection: { by: OFFICER_ROLES, in: ['publicNotice'], decide: raiseObjection },
    ResolveObjection: { by: CASE_OFFICER_ROLES, in: ['publicNotice'], decide: resolveObjection },
    // A repeat of a recorded determination is recognised before the status is checked.
    RecordDetermination: { by: DETERMINATION_ROLES, in: 'own', decide: recordDetermination },
    ApproveCase: { by: 'decisionMaker', in: ['publicNotice'], decide: approveCase },
    RejectCase: { by: 'decisionMaker', in: [...PENDING], decide: rejectCase },
    DeliverRejectionNotice: { by: OFFICER_ROLES, in: ['rejected'], decide: deliverRejectionNotice },
    RecordReview: { by: CASE_OFFICER_ROLES, in: ['active', 'suspended'], decide: recordReview },
    ChangeCircumstances: { by: CASE_OFFICER_ROLES, in: ['active', 'suspended'], decide: changeCircumstances },
    ConfirmAmountChange: { by: 'decisionMaker', in: ['active', 'suspended'], decide: confirmAmountChange },
    ...paymentLifecycleSteps<'dibao', ExitReason, OpenDibaoCase>('dibao'),
  },
};

/** Decides a command on a case: the application creates it, every later step goes through the engine. */
export function decideDibao(command: DibaoCommand, state: DibaoCase, policy: DibaoPolicy): DibaoEvent[] {
  return command.type === 'CreateCase' ? createCase(command, state) : takeStep(DIBAO_WORKFLOW, command, state, policy);
}
