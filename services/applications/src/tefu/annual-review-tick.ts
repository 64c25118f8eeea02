import { isDomainError, LocalDate, type Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { mayActInDivision, type TefuPolicy } from './decider';
import { TefuErrors } from './errors';
import { TefuCases, type CommandContext } from './tefu-cases';

/**
 * The 年审 tick: on every active 特扶 case of the caller's division (or under it) whose 年审 due
 * date has passed, records `tefu.AnnualReviewOverdue.v1` — once per due date, so a second tick
 * (the same day or later) writes nothing.
 *
 * Which cases to look at: the case streams that ever recorded an approval, found by a scan of the
 * store's global log (`readAll`). It needs no index to keep in step and cannot miss a case; it
 * reads the whole log, which suits a daily tick at county volumes. When that stops being cheap, a
 * read model of active cases (the cross-benefit case index) replaces `approvedCaseIds`.
 */

const PAGE = 1000;

/** Ids of the 特扶 cases with an approval, in the order first approved. */
export async function approvedCaseIds(store: EventStore): Promise<string[]> {
  const ids = new Set<string>();
  let after: Parameters<EventStore['readAll']>[0]['after'] = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page.events) {
      if (event.type === 'tefu.CaseApproved.v1' && event.streamId.startsWith('case-')) ids.add(event.streamId.slice('case-'.length));
    }
    if (page.events.length < PAGE) return [...ids];
    after = page.continueAfter;
  }
}

export interface TickOutcome {
  today: string;
  examined: number;
  markedOverdue: { caseId: string; dueOn: string; revision: number }[];
}

export async function tickAnnualReviews(
  store: EventStore,
  request: { actor: Actor; now: Date; today: string; policy: TefuPolicy },
  context: CommandContext,
): Promise<TickOutcome> {
  // Refused up front too, so that a wrong caller learns it even when no case is due.
  if (request.actor.role !== 'admin') throw TefuErrors.ROLE_NOT_ALLOWED({ step: 'MarkAnnualReviewOverdue', role: request.actor.role, allowed: ['admin'] });
  const realToday = LocalDate.ofInstant(request.now);
  if (LocalDate.parse(request.today).isAfter(realToday)) throw TefuErrors.DATE_IN_FUTURE({ field: 'today', date: request.today, today: realToday.toString() });
  const cases = new TefuCases(store);
  const outcome: TickOutcome = { today: request.today, examined: 0, markedOverdue: [] };
  for (const caseId of await approvedCaseIds(store)) {
    for (let attempt = 0; ; attempt += 1) {
      const { state, revision } = await cases.load(caseId);
      if (state.status !== 'active' || !mayActInDivision(request.actor.divisionCode, state.divisionCode)) break;
      if (attempt === 0) outcome.examined += 1;
      try {
        const result = await cases.update(
          { type: 'MarkAnnualReviewOverdue', data: { caseId, today: request.today }, metadata: { now: request.now, actor: request.actor, policy: request.policy } },
          revision,
          context,
        );
        if (result.revision !== revision) outcome.markedOverdue.push({ caseId, dueOn: state.annualReview!.dueOn, revision: result.revision });
        break;
      } catch (error) {
        // Another writer moved the case between our read and our append: read it again, once.
        if (isDomainError(error, 'STALE_REVISION') && attempt === 0) continue;
        throw error;
      }
    }
  }
  return outcome;
}
