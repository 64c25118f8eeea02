import { Body, Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import { assertMay } from '../access';
import { FundingHandler } from './funding.handler';
import { FundingSharesQuerySchema, PublishFundingSharesRequestSchema } from './funding.schemas';
import { commandContext as context } from '../http-context';

/** 支出责任: publish and read the funding shares of a benefit in a division. Parse, check access, call the handler. */
@Controller('disbursement/funding-shares')
export class FundingController {
  private readonly funding: FundingHandler;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime) {
    this.funding = new FundingHandler(runtime.store);
  }

  @Post()
  async publish(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const input = parseOrThrow(PublishFundingSharesRequestSchema, body);
    assertMay(actor, 'publishFundingShares', input.divisionCode);
    return this.funding.publish(input, context(actor, request));
  }

  @Get()
  async read(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = parseOrThrow(FundingSharesQuerySchema, query);
    assertMay(actor, 'readFundingShares', q.divisionCode);
    return this.funding.view(q.benefit, q.divisionCode, q.period);
  }
}
