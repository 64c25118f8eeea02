import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import { monthPeriod, yearPeriod, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import { assertMay } from './access';
import { DisbursementErrors } from './disbursement.errors';
import { DisbursementHandlers, type CommandContext } from './disbursement.handlers';
import { PaymentRunRequestSchema, RecordScheduleRequestSchema } from './disbursement.schemas';
import { parsePaymentStreamId } from './payments/payment-id';

/** 资金发放: entitlement schedules in, payments out. Parse, check access, call one handler. */
@Controller('disbursement')
export class DisbursementController {
  private readonly handlers: DisbursementHandlers;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime) {
    this.handlers = new DisbursementHandlers(runtime.store);
  }

  /** Internal: how schedules get in until eligibility delivers them over Kafka. */
  @Post('schedules')
  async recordScheduleInternally(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const schedule = parseOrThrow(RecordScheduleRequestSchema, body);
    assertMay(actor, 'recordSchedule', schedule.divisionCode);
    return this.handlers.recordSchedule(schedule, context(actor, request));
  }

  /** 发放批次: creates the payments due for a benefit, division and month; a repeated run creates none. */
  @Post('runs')
  @HttpCode(200)
  async runPayments(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const run = parseOrThrow(PaymentRunRequestSchema, body);
    assertMay(actor, 'runPayments', run.divisionCode);
    return this.handlers.runPayments({ benefit: run.benefit, divisionCode: run.divisionCode, period: /^\d{4}$/.test(run.period) ? yearPeriod(Number(run.period)) : monthPeriod(run.period) }, context(actor, request));
  }

  @Get('payments/:paymentStreamId')
  async readPayment(@CurrentActor() actor: Actor, @Param('paymentStreamId') paymentStreamId: string) {
    parsePaymentStreamId(paymentStreamId);
    const payment = await this.handlers.readPayment(paymentStreamId);
    if (!payment) throw DisbursementErrors.PAYMENT_NOT_FOUND({ paymentStreamId });
    assertMay(actor, 'readPayment', payment.divisionCode);
    return payment;
  }
}

function context(actor: Actor, request: Request): CommandContext {
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : crypto.randomUUID();
  return { actor, correlationId, now: new Date() };
}
