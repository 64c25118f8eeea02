import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { Errors } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { assertMayAdminister } from '../access';
import { correlationIdOf } from '../request-body';
import { ParameterNameSchema, ParameterQuerySchema, PublishParameterSchema } from './parameters.schemas';
import { ParametersRepository } from './parameters.repository';
import { DeterminationsRepository } from '../determinations/determinations.repository';

/** 参数序列: dated values the standards do not contain (低保标准, minimum wage, statistics, calendar, 临时救助 band tables). */
@Controller('parameters')
export class ParametersController {
  private readonly repository: ParametersRepository;
  private readonly determinations: DeterminationsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.repository = new ParametersRepository(runtime.store);
    this.determinations = new DeterminationsRepository(runtime.store, readModels);
  }

  @Post(':name')
  async publish(@CurrentActor() actor: Actor, @Req() request: Request, @Param('name') rawName: string, @Body() body: unknown) {
    const name = parseOrThrow(ParameterNameSchema, rawName);
    const command = parseOrThrow(PublishParameterSchema, body);
    assertMayAdminister(actor, command.divisionCode);
    const decision = await this.repository.publish({
      name,
      ...command,
      source: {
        docNo: command.source.docNo,
        title: command.source.title ?? null,
        ...(command.source.issuer !== undefined ? { issuer: command.source.issuer } : {}),
      },
      actor,
      correlationId: correlationIdOf(request),
    });
    if (decision.kind !== 'publish') return { entryId: decision.entryId, created: false };
    const entry = decision.event.data;
    if (entry.name !== 'dibao.standard') return { entryId: entry.entryId, created: true };
    // A new 低保标准 (or a correction): every active 低保 case of the division (and under it) is
    // redetermined from the entry's month — from the earlier of the two dates for a correction.
    const corrected = entry.supersedes ? await this.repository.entry(entry.name, entry.divisionCode, entry.supersedes) : null;
    const effectiveFrom = corrected && corrected.effectiveFrom < entry.effectiveFrom ? corrected.effectiveFrom : entry.effectiveFrom;
    const redetermination = await this.determinations.redetermineAll({
      divisionCode: entry.divisionCode,
      benefit: 'dibao',
      effectiveFrom,
      cause: { kind: 'parameter', ref: entry.entryId },
      correlationId: correlationIdOf(request),
      actor,
    });
    return { entryId: entry.entryId, created: true, redetermination };
  }

  @Get(':name')
  async lookup(@Param('name') rawName: string, @Query() query: Record<string, unknown>) {
    const name = parseOrThrow(ParameterNameSchema, rawName);
    const q = parseOrThrow(ParameterQuerySchema, query);
    const result = await this.repository.lookup(name, q.division, { date: q.date, knownAt: q.knownAt, knownAtPosition: q.knownAtPosition });
    if (!result) throw Errors.NOT_FOUND({ reason: 'no value effective on that date', name, division: q.division, date: q.date });
    return { name, divisionCode: q.division, date: q.date, resolvedAt: result.resolvedAt, inherited: result.inherited, entry: result.entry };
  }
}
