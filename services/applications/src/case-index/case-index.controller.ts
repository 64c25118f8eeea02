import { Controller, Get, Inject, Query } from '@nestjs/common';
import { LocalDate, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { parseOrThrow, READ_MODELS } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { CLOCK, type Clock } from '../tefu/tefu.controller';
import { CASE_INDEX, CASE_INDEX_PROJECTION, isOverdue, type CaseIndexEntry } from './case-index';
import { caseListQuery } from './case-list';
import { ListCasesQuerySchema } from './case-list.schemas';

/**
 * How long a list request waits for the index to apply what was committed before it. A list shows
 * its own freshness (`position`, `caughtUp`), so a slow index answers late rather than not at all.
 */
export const CASE_LIST_WAIT_MS = 2000;

/**
 * GET /cases: the cross-benefit case list from the case index (a read model). Thin: parse the
 * query, scope it to the actor's division, read one page. Any role may list, within its division.
 */
@Controller('cases')
export class CaseIndexController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() rawQuery: unknown) {
    const query = parseOrThrow(ListCasesQuerySchema, rawQuery ?? {});
    const today = LocalDate.ofInstant(this.clock()).toString();
    const options = caseListQuery(query, actor.divisionCode, today);
    const index = await this.readModels.view(CASE_INDEX_PROJECTION, CASE_LIST_WAIT_MS);
    const page = await index.collection<CaseIndexEntry>(CASE_INDEX).find(options);
    return {
      items: page.items.map((entry) => ({
        caseId: entry.caseId,
        benefit: entry.benefit,
        divisionCode: entry.divisionCode,
        status: entry.status,
        revision: entry.revision,
        openedOn: entry.openedOn,
        updatedAt: entry.updatedAt,
        due: entry.due,
        nextDueOn: entry.nextDueOn,
        overdue: isOverdue(entry, today),
      })),
      nextCursor: page.nextCursor,
      position: index.position,
      caughtUp: index.caughtUp,
      today,
    };
  }
}
