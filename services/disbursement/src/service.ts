import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { SERVICE_RUNTIME, authenticatedErrors, ProblemSchema, z, type ServiceDefinition } from '@benefits/http';
import { DisbursementController } from './disbursement.controller';
import {
  PaymentRunRequestSchema,
  PaymentRunResultSchema,
  PaymentSchema,
  PaymentStreamIdSchema,
  RecordScheduleRequestSchema,
  RecordScheduleResultSchema,
} from './disbursement.schemas';

@Module({})
class DisbursementModule {}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);

function describeRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/disbursement/schedules',
    summary: 'INTERNAL — record an entitlement schedule (待遇发放计划) by hand, until eligibility delivers schedules over Kafka',
    description:
      'Idempotent by determinationId: the same schedule again records nothing (recorded: false). The latest schedule of a case replaces earlier ones. Role admin, for its own division or one under it.',
    tags: ['internal'],
    request: { body: { content: { 'application/json': { schema: RecordScheduleRequestSchema } } } },
    responses: {
      201: json(RecordScheduleResultSchema, 'the schedule version'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, DUPLICATE_SCHEDULE_LINE; nothing was written'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      409: problem('SCHEDULE_CONFLICT (same determination, different content), BENEFIT_MISMATCH, CONFLICT; nothing was written'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/runs',
    summary: 'Payment run (发放批次): create every payment due for a benefit, division and month (or year), and settle arrears (补发) / recovery (追缴)',
    description:
      'Each payment is the stream payment-<caseId>-<personRef>-<periodKey>, created only if it does not exist: running the same month again creates nothing and reports the payments as alreadyExisted. ' +
      'Periods already paid whose amount the current schedule changed get one arrears or recovery payment (stream …-adj<scheduleVersion>, kind arrears | recovery) traced to both schedules. Role finance_clerk, for its own division or one under it.',
    tags: ['payments'],
    request: { body: { content: { 'application/json': { schema: PaymentRunRequestSchema } } } },
    responses: {
      200: json(PaymentRunResultSchema, 'what was created and what existed already, with the control total'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON; nothing was written'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/payments/{paymentStreamId}',
    summary: 'One payment with the determination, standard clause and schedule version it came from',
    tags: ['payments'],
    request: { params: z.object({ paymentStreamId: PaymentStreamIdSchema }) },
    responses: {
      200: json(PaymentSchema, 'the payment'),
      400: problem('INVALID_PAYMENT_ID'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('PAYMENT_NOT_FOUND'),
    },
  });
}

/** 资金发放: entitlement schedules to payments, bank files and reconciliation. */
export const disbursementService: ServiceDefinition = {
  name: 'disbursement',
  title: 'disbursement — 资金发放与对账',
  description: 'Payments per beneficiary and benefit period, payment envelopes, bank files and reconciliation.',
  module: (runtime) => ({
    module: DisbursementModule,
    controllers: [DisbursementController],
    providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }],
  }),
  describeRoutes,
};

// The integration-event consumer (entitlement schedules in): started by the process, see README.
export { DISBURSEMENT_CONSUMER, createDisbursementConsumer, type DisbursementConsumerSetup } from './integration/schedules.consumer';
