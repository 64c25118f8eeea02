import { Controller, Get, Inject, Query } from '@nestjs/common';
import { LocalDate, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { parseOrThrow } from '@benefits/http';
import { CLOCK, type Clock } from '../tefu/tefu.controller';
import { isOverdue } from './case-index';
import { CaseIndexConnection } from './case-index.connection';
import { caseListQuery } from './case-list';
import { ListCasesQuerySchema } from './case-list.schemas';

/**
 * GET /cases: the cross-benefit case list from the case index (a read model). Thin: parse the
 * query, scope it to the actor's division, read one page. Any role may list, within its division.
 */
@Controller('cases')
export class CaseIndexController {
  constructor(
    @Inject(CaseIndexConnection) private readonly index: CaseIndexConnection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() rawQuery: unknown) {
    const query = parseOrThrow(ListCasesQuerySchema, rawQuery ?? {});
    const today = LocalDate.ofInstant(this.clock()).toString();
    const options = caseListQuery(query, actor.divisionCode, today);
    const { cases, position, caughtUp } = await this.index.fresh();
    const page = await cases.find(options);
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
      position,
      caughtUp,
      today,
    };
  }
}
