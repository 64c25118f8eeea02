import type { Decider } from '@benefits/kernel';
import type { LinshiPolicy } from './policy';
import type { LinshiCommand } from './commands';
import type { LinshiEvent } from './events';
import { evolveLinshi, type LinshiCase } from './state';
import { decideLinshi } from './decide';

/**
 * 临时救助 (`linshi`) case. Two types:
 * - 急难型 (`jinan`, emergency): an authorised officer may grant aid first (先行救助), up to the cap
 *   of eligibility's determination, and the paperwork (登记救助对象、事由、金额, 签字盖章) is completed
 *   afterwards against a durable deadline; or the case goes through the normal review.
 * - 支出型 (`zhichu`, expenditure): normal review (审核审批) with the expenditure evidence.
 * An approval may stage the aid (一次审批、分阶段救助): instalments, each released as its own event,
 * never more than approved. In-kind aid (实物救助) and referrals (转介) are recorded on the case.
 * 一事一救: an application for the same cause by a member of a household helped for it within the
 * configured period is refused unless an override with a reason is recorded (the lookup across
 * cases is the command handler's: cause-index.ts).
 *
 *   submitted ─GrantAdvanceAid─▶ advanceAided ─CompletePaperwork─▶ approved
 *       ├─ApproveCase─▶ approved ─ReleaseInstalment…
 *       └─RejectCase──▶ rejected
 */

export * from './types';
export * from './commands';
export * from './events';
export * from './state';

export function createLinshiDecider(policy: LinshiPolicy): Decider<LinshiCommand, LinshiEvent, LinshiCase> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve: evolveLinshi,
    decide: (command, state) => decideLinshi(command, state, policy),
  };
}
