import { isDomainError, LocalDate, type Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { FindOptions, ReadModels } from '@benefits/read-store';
import { CASE_INDEX, CASE_INDEX_PROJECTION, DUE_KEY_SEPARATOR, type CaseIndexEntry } from '../case-index/case-index';
import { divisionScope } from '../case-index/case-list';
import { mayActInDivision, type TefuPolicy } from './decider';
import { TefuErrors } from './errors';
import { TefuCases, type CommandContext } from './tefu-cases';
import { ANNUAL_REVIEW_DUE } from './tefu-workflow';

/**
 * The 年审 tick: on every active 特扶 case of the caller's division (or under it) whose 年审 due
 * date has passed, records `tefu.AnnualReviewOverdue.v1` — once per due date, so a second tick
 * (the same day or later) writes nothing.
 *
 * Which cases to look at comes from the case index, not from the log: its `dueKeys` hold
 * `tefu.annualReview|<dueOn>` for every active case with an open 年审, so "due on or before today"
 * is one range query, read in keyset pages. The cost follows the number of cases due, not the size
 * of the log. The index is asked for *fresh* (everything committed before the tick applied), so a
 * case approved or reviewed just before is seen as it is. The index only narrows: each case found
 * is loaded from its stream and the decider decides, as for any command — a line of the index that
 * is behind its case can cost a load, never a wrong event. The range includes `today` itself (the
 * decider's "before today" is its own rule, not repeated here). An overdue 年审 stays open until
 * confirmed, so it is loaded again by later ticks and writes nothing.
 */

/** Cases per page of the index: bounds what one tick holds in memory. */
export const TICK_PAGE = 200;

/** The index query of one page: active 特扶 cases in the actor's scope with a 年审 due on or before `today`. */
export function dueAnnualReviews(actorDivision: string, today: string, cursor: string | null): FindOptions {
  const prefix = `${ANNUAL_REVIEW_DUE}${DUE_KEY_SEPARATOR}`;
  return {
    filter: {
      benefit: 'tefu',
      status: 'active',
      divisionCode: { startsWith: divisionScope(actorDivision) },
      dueKeys: { gte: prefix, lte: `${prefix}${today}` },
    },
    limit: TICK_PAGE,
    cursor,
  };
}

export interface TickOutcome {
  today: string;
  examined: number;
  markedOverdue: { caseId: string; dueOn: string; revision: number }[];
}

export interface TickDependencies {
  store: EventStore;
  readModels: Pick<ReadModels, 'fresh'>;
}

export async function tickAnnualReviews(
  { store, readModels }: TickDependencies,
  request: { actor: Actor; now: Date; today: string; policy: TefuPolicy },
  context: CommandContext,
): Promise<TickOutcome> {
  // Refused up front too, so that a wrong caller learns it even when no case is due.
  if (request.actor.role !== 'admin') throw TefuErrors.ROLE_NOT_ALLOWED({ step: 'MarkAnnualReviewOverdue', role: request.actor.role, allowed: ['admin'] });
  const realToday = LocalDate.ofInstant(request.now);
  if (LocalDate.parse(request.today).isAfter(realToday)) throw TefuErrors.DATE_IN_FUTURE({ field: 'today', date: request.today, today: realToday.toString() });
  const index = (await readModels.fresh(CASE_INDEX_PROJECTION)).collection<CaseIndexEntry>(CASE_INDEX);
  const cases = new TefuCases(store);
  const outcome: TickOutcome = { today: request.today, examined: 0, markedOverdue: [] };
  let cursor: string | null = null;
  do {
    // Keyset pages by case id: the tick's own appends change the lines it has passed, not the order.
    const page = await index.find(dueAnnualReviews(request.actor.divisionCode, request.today, cursor));
    for (const { caseId } of page.items) await tickCase(cases, caseId, request, context, outcome);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return outcome;
}

async function tickCase(
  cases: TefuCases,
  caseId: string,
  request: { actor: Actor; now: Date; today: string; policy: TefuPolicy },
  context: CommandContext,
  outcome: TickOutcome,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const { state, revision } = await cases.load(caseId);
    if (state.status !== 'active' || !mayActInDivision(request.actor.divisionCode, state.divisionCode)) return;
    if (attempt === 0) outcome.examined += 1;
    try {
      const result = await cases.update(
        { type: 'MarkAnnualReviewOverdue', data: { caseId, today: request.today }, metadata: { now: request.now, actor: request.actor, policy: request.policy } },
        revision,
        context,
      );
      if (result.revision !== revision) outcome.markedOverdue.push({ caseId, dueOn: state.annualReview!.dueOn, revision: result.revision });
      return;
    } catch (error) {
      // Another writer moved the case between our read and our append: read it again, once.
      if (isDomainError(error, 'STALE_REVISION') && attempt === 0) continue;
      throw error;
    }
  }
}
