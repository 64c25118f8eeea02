import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import { monthPeriod, yearPeriod, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { assertMay, assertRoleMay } from './access';
import { DisbursementErrors } from './disbursement.errors';
import { DisbursementHandlers, type CommandContext } from './disbursement.handlers';
import { PaymentRunRequestSchema, RecordScheduleRequestSchema, RunPaymentsQuerySchema } from './disbursement.schemas';
import { PaymentRunHandler } from './runs/payment-run.handler';
import { parseRunId } from './runs/payment-run';
import { parsePaymentStreamId } from './payments/payment-id';
import { accountLookup, personClaims } from './envelopes/finance-ports';
import { commandContext as context } from './http-context';

/** 资金发放: entitlement schedules in, payments out. Parse, check access, call one handler. */
@Controller('disbursement')
export class DisbursementController {
  private readonly handlers: DisbursementHandlers;
  private readonly runs: PaymentRunHandler;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.handlers = new DisbursementHandlers(runtime.store);
    this.runs = new PaymentRunHandler(runtime.store, readModels, {
      claims: personClaims(runtime.store),
      accounts: accountLookup(readModels),
      onCompleted: (observed) => runtime.metrics?.paymentRun(observed),
    });
  }

  /** Internal: how schedules get in until eligibility delivers them over Kafka. */
  @Post('schedules')
  async recordScheduleInternally(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const schedule = parseOrThrow(RecordScheduleRequestSchema, body);
    assertMay(actor, 'recordSchedule', schedule.divisionCode);
    return this.handlers.recordSchedule(schedule, context(actor, request));
  }

  /** 发放批次: creates the payments due for a benefit, division and month, page by page; an unfinished run is continued, a finished one run again creates none. */
  @Post('runs')
  @HttpCode(200)
  async runPayments(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    const run = parseOrThrow(PaymentRunRequestSchema, body);
    assertMay(actor, 'runPayments', run.divisionCode);
    return this.runs.run({ benefit: run.benefit, divisionCode: run.divisionCode, period: /^\d{4}$/.test(run.period) ? yearPeriod(Number(run.period)) : monthPeriod(run.period) }, context(actor, request));
  }

  @Get('runs/:runId')
  async readRun(@CurrentActor() actor: Actor, @Param('runId') runId: string) {
    assertMay(actor, 'readPayment', this.divisionOfRun(runId));
    const run = await this.runs.read(runId);
    if (!run) throw DisbursementErrors.RUN_NOT_FOUND({ runId });
    return run;
  }

  /** The payments a run created, in pages (`limit` ≤ 1000, `cursor` from the previous page). */
  @Get('runs/:runId/payments')
  async runPaymentsList(@CurrentActor() actor: Actor, @Param('runId') runId: string, @Query() query: unknown) {
    assertMay(actor, 'readPayment', this.divisionOfRun(runId));
    const page = parseOrThrow(RunPaymentsQuerySchema, query);
    if (!(await this.runs.read(runId))) throw DisbursementErrors.RUN_NOT_FOUND({ runId });
    return this.runs.payments(runId, { limit: page.limit, cursor: page.cursor ?? null });
  }

  private divisionOfRun(runId: string): string {
    const parsed = parseRunId(runId);
    if (!parsed) throw DisbursementErrors.INVALID_RUN_ID({ runId });
    return parsed.divisionCode;
  }

  @Get('payments/:paymentStreamId')
  async readPayment(@CurrentActor() actor: Actor, @Param('paymentStreamId') paymentStreamId: string) {
    // A role that may not read payments is refused before the lookup: a 404 would tell it the payment does not exist.
    assertRoleMay(actor, 'readPayment');
    parsePaymentStreamId(paymentStreamId);
    const payment = await this.handlers.readPayment(paymentStreamId);
    if (!payment) throw DisbursementErrors.PAYMENT_NOT_FOUND({ paymentStreamId });
    assertMay(actor, 'readPayment', payment.divisionCode);
    return payment;
  }
}
