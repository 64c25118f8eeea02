import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { SERVICE_RUNTIME, authenticatedErrors, describeProjectionRoutes, ProblemSchema, readModelsModule, z, type ServiceDefinition } from '@benefits/http';
import { describeParkedMessageRoutes, parkedMessagesModule } from '@benefits/http';
import { DISBURSEMENT_CONSUMER } from './integration/schedules.consumer';
import { OPEN_VAULT, VaultConnection, vaultFromEnvironment, type OpenVault } from '@benefits/http';
import { AccountsController } from './accounts/accounts.controller';
import { accountsProjection } from './accounts/accounts.projection';
import { describeAccountRoutes } from './accounts/accounts.openapi';
import { entitlementsProjection } from './read-models/entitlements.projection';
import { ledgerProjection } from './ledger/ledger.projection';
import { DisbursementController } from './disbursement.controller';
import { EnvelopesController } from './envelopes/envelopes.controller';
import { describeEnvelopeRoutes } from './envelopes/envelopes.openapi';
import { FundingController } from './funding/funding.controller';
import { describeFundingRoutes } from './funding/funding.openapi';
import {
  PaymentRunRequestSchema,
  PaymentRunResultSchema,
  PaymentRunSchema,
  RunPaymentsPageSchema,
  RunPaymentsQuerySchema,
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
      'Works through the division\'s caseload in pages of 500 cases read from the entitlements read model (never the log), creating each page\'s payments in one transaction and recording the run\'s progress after each page on `paymentrun-<benefit>-<division>-<period>`. ' +
      'A run that did not finish (process killed, database lost) is continued from its last recorded page by the next request for the same benefit, division and period (`resumed: true`); a finished one asked again starts run n+1, which creates nothing already paid. ' +
      'Each payment is the stream payment-<caseId>-<personRef>-<periodKey>, created only if it does not exist (alreadyExisted otherwise). Periods already paid whose amount the current schedule changed get one arrears or recovery payment (stream …-adj<scheduleVersion>) traced to both schedules. ' +
      'Read-your-writes: the run first waits (up to 5 s) until the read model has applied everything committed before the request (a schedule recorded just before is paid); otherwise 503 READ_MODEL_BEHIND with Retry-After. ' +
      'The answer carries the run id and its control totals; its payments are listed by GET /disbursement/runs/{runId}/payments. Role finance_clerk, for its own division or one under it.',
    tags: ['payments'],
    request: { body: { content: { 'application/json': { schema: PaymentRunRequestSchema } } } },
    responses: {
      200: json(PaymentRunResultSchema, 'the run with its control totals'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON; nothing was written'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      409: problem('RUN_IN_PROGRESS: another request is working on the same run'),
      503: problem('READ_MODEL_BEHIND (Retry-After), READ_MODEL_UNAVAILABLE'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/runs/{runId}',
    summary: 'A payment run as recorded: status, progress, control totals',
    tags: ['payments'],
    request: { params: z.object({ runId: z.string().openapi({ example: 'tefu-330402-2025-01-1' }) }) },
    responses: {
      200: json(PaymentRunSchema, 'the run'),
      400: problem('INVALID_RUN_ID'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('RUN_NOT_FOUND'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/runs/{runId}/payments',
    summary: 'The payments a run created, in pages (payment id order; `nextCursor` for the next page)',
    description: 'Payments an earlier run had already made are listed under that run. Waits for the read model like the run does (503 READ_MODEL_BEHIND otherwise). Roles finance_clerk, auditor, admin.',
    tags: ['payments'],
    request: { params: z.object({ runId: z.string() }), query: RunPaymentsQuerySchema },
    responses: {
      200: json(RunPaymentsPageSchema, 'one page of payments'),
      400: problem('INVALID_RUN_ID, VALIDATION_FAILED, INVALID_CURSOR'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('RUN_NOT_FOUND'),
      503: problem('READ_MODEL_BEHIND (Retry-After), READ_MODEL_UNAVAILABLE'),
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

export interface DisbursementServiceOptions {
  /**
   * Opens the personal-data vault (一卡通 accounts are sealed in it); default: from the runtime
   * configuration — the deployment's PostgreSQL, or in embedded mode the PGlite vault of the data
   * directory, one instance shared with the other services of the process.
   */
  openVault?: OpenVault;
}

/** 资金发放: entitlement schedules to payments, bank files and reconciliation. */
export function createDisbursementService(options: DisbursementServiceOptions = {}): ServiceDefinition {
  const openVault = options.openVault ?? vaultFromEnvironment();
  return {
    name: 'disbursement',
    title: 'disbursement — 资金发放与对账',
    description: 'Payments per beneficiary and benefit period, payment envelopes, bank files and reconciliation.',
    module: (runtime) => ({
      module: DisbursementModule,
      imports: [readModelsModule(runtime, { projections: () => [entitlementsProjection(), ledgerProjection(), accountsProjection()] }), parkedMessagesModule(DISBURSEMENT_CONSUMER)],
      controllers: [DisbursementController, FundingController, AccountsController, EnvelopesController],
      providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }, { provide: OPEN_VAULT, useValue: openVault }, VaultConnection],
    }),
    describeRoutes: (registry) => {
      describeRoutes(registry);
      describeFundingRoutes(registry);
      describeAccountRoutes(registry);
      describeEnvelopeRoutes(registry);
      describeProjectionRoutes(registry);
      describeParkedMessageRoutes(registry, DISBURSEMENT_CONSUMER);
    },
  };
}

export const disbursementService: ServiceDefinition = createDisbursementService();

// The integration-event consumer (entitlement schedules in): started by the process, see README.
export { DISBURSEMENT_CONSUMER, createDisbursementConsumer, disbursementConsumerTopics, type DisbursementConsumerSetup } from './integration/schedules.consumer';
