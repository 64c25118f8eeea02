import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import { Errors, LocalDate, isUuid, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { isWithinDivision } from '@benefits/standards';
import { assertMayAdminister } from '../access';
import { correlationIdOf } from '../request-body';
import { DeterminationsRepository } from './determinations.repository';
import { ExtendSchedulesRequestSchema, RedeterminationRequestSchema } from './determinations.schemas';
import { caseDeterminations } from './redetermination';
import { caseDeterminationsView } from './determinations.view';

/**
 * 重新认定 and schedule horizons. Redetermination also runs by itself when a 低保标准 is published
 * (POST /parameters/dibao.standard) or a standard version is activated; this route repeats it or
 * runs it for another cause (e.g. a new final edition imported). Both are idempotent.
 */
@Controller('eligibility')
export class DeterminationsController {
  private readonly repository: DeterminationsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.repository = new DeterminationsRepository(runtime.store, readModels);
  }

  @Post('redeterminations')
  @HttpCode(200)
  async redetermine(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const command = parseOrThrow(RedeterminationRequestSchema, body);
    assertMayAdminister(actor, command.divisionCode);
    return this.repository.redetermineAll({
      divisionCode: command.divisionCode,
      benefit: command.benefit ?? null,
      effectiveFrom: command.effectiveFrom,
      cause: { kind: 'manual', ref: `${command.divisionCode}:${command.benefit ?? '*'}:${command.effectiveFrom}:${command.reason}` },
      correlationId: correlationIdOf(request),
      actor,
    });
  }

  @Post('schedules/extend')
  @HttpCode(200)
  async extend(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const command = parseOrThrow(ExtendSchedulesRequestSchema, body);
    assertMayAdminister(actor, command.divisionCode);
    const asOfMonth = command.asOf ?? LocalDate.ofInstant(new Date()).yearMonth().toString();
    return this.repository.extendAll({ divisionCode: command.divisionCode, asOfMonth, leadMonths: command.leadMonths ?? 3, correlationId: correlationIdOf(request), actor });
  }

  @Get('cases/:caseId/determinations')
  async read(@CurrentActor() actor: Actor, @Param('caseId') caseId: string) {
    if (!isUuid(caseId)) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'caseId', message: 'expected a UUID' }] });
    const history = await this.repository.readCase(caseId);
    const folded = caseDeterminations(history);
    const division = folded.determinations[0]?.divisionCode;
    if (!division) throw Errors.NOT_FOUND({ reason: 'no determination for this case', caseId });
    if (!isWithinDivision(division, actor.divisionCode)) throw Errors.FORBIDDEN({ reason: 'division', divisionCode: division });
    // Per role: only the roles that check facts against documents see members' birth dates (docs/operations/masking.md).
    return caseDeterminationsView(actor.role, caseId, folded);
  }
}
