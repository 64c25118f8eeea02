import type { Decider } from '@benefits/kernel';
import type { TefuCommand } from './commands';
import type { TefuEvent } from './events';
import { evolveTefuCase, type TefuCase } from './state';
import { decideTefu } from './decide';

/**
 * 计划生育家庭特别扶助 (计生特扶, `tefu`) case: the household and its child's event are registered
 * at the window, the application is submitted (申请), eligibility's determination is recorded, an
 * officer confirms eligibility on the evidence (资格确认), and a county approver decides (审核确认:
 * approve citing the determination, or reject with reasons). Approval activates the case: from then
 * on it is managed for years — effective-dated fact changes (养老服务补贴, 失能/失智, a member's
 * death), 年审 (annual confirmation) due dates, and termination.
 *
 *   draft ──SubmitApplication──▶ submitted ──ApproveCase──▶ active ──TerminateCase / last death──▶ terminated
 *     ▲ RecordFact               │ ▲ RecordDetermination     │ ▲ RecordFact, RecordDetermination,
 *                                │ │ ConfirmEligibility      │ │ ConfirmAnnualReview, MarkAnnualReviewOverdue
 *                                └─┴─RejectCase──▶ rejected  └─┘
 *
 * Personal data never appears here in clear: a member is a `personRef` with their name and 身份证号
 * sealed by the identity vault. Dates of birth stay in clear because the rules work on ages.
 */

export * from './types';
export * from './commands';
export * from './events';
export * from './state';
export { mayActInDivision, requireDivision, MINIMUM_PARENT_AGE_YEARS } from './decide-guards';

export const tefuCaseDecider: Decider<TefuCommand, TefuEvent, TefuCase> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveTefuCase,
  decide: decideTefu,
};
