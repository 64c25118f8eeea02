import type { DynamicModule } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ParkedMessagesModule } from '@benefits/messaging';
import { authenticatedErrors, ProblemSchema, z } from './openapi';
import { scrubLogText } from './observability/log-redaction';

/**
 * The parked-message admin routes of a service that runs a consumer
 * (`/admin/messaging/consumers/<consumer>/parked`, docs/operations/parked-messages.md): mounted in
 * the service's own module in every mode, answering for the consumer registered in the process
 * (`registerParkedMessages`: `npm start` and the standalone Kafka run do it), 503
 * CONSUMER_NOT_STARTED until it is. Error texts leave through the log scrubber.
 */
export function parkedMessagesModule(consumer: string): DynamicModule {
  return ParkedMessagesModule.register({ consumers: [consumer], scrub: scrubLogText });
}

const ParkedMessageSchema = z
  .object({
    parkId: z.string().regex(/^[1-9]\d{0,17}$/),
    consumer: z.string(),
    caseKey: z.string(),
    eventId: z.string(),
    topic: z.string(),
    type: z.string(),
    status: z.enum(['failed', 'waiting']).describe('failed: gave up after its attempts and blocks its case; waiting: a later message of that case'),
    attempts: z.number().int(),
    error: z.string().nullable().describe('the last failure, scrubbed of resident ids, phone and account numbers'),
    parkedAt: z.string(),
  })
  .openapi('ParkedMessage');

const SettleResultSchema = z
  .object({
    replayed: z.number().int().describe('messages of the case replayed successfully (the retried one included)'),
    blockedBy: ParkedMessageSchema.nullable().describe("the case's new blocking message if a replay failed again, else null"),
  })
  .openapi('ParkedMessageSettleResult');

/** The three routes in the OpenAPI document of the service whose consumer is `consumer`. */
export function describeParkedMessageRoutes(registry: OpenAPIRegistry, consumer: string): void {
  const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
  const base = `/admin/messaging/consumers/{consumer}/parked`;
  const tags = ['operations'];
  const who = 'Role admin of a province-level division (xx0000): the consumer serves the cases of every division.';
  const params = z.object({ consumer: z.enum([consumer]) });
  const parkParams = params.extend({ parkId: z.string().regex(/^[1-9]\d{0,17}$/) });
  const common = {
    ...authenticatedErrors,
    403: problem('FORBIDDEN (not admin), PARKED_MESSAGES_PROVINCE_ONLY (not a province-level division)'),
    503: problem('CONSUMER_NOT_STARTED: the consumer of this process has not started (or this process runs none); try again'),
  };
  registry.registerPath({
    method: 'get',
    path: base,
    summary: `Parked messages of the ${consumer} consumer (each failed one blocks its case)`,
    description: `${who} \`npx benefits parked list\` calls it.`,
    tags,
    request: { params },
    responses: { 200: { description: 'failed messages and the ones waiting behind them', content: { 'application/json': { schema: z.array(ParkedMessageSchema) } } }, ...common, 404: problem('NOT_FOUND: no such consumer here') },
  });
  for (const action of ['retry', 'resolve'] as const) {
    registry.registerPath({
      method: 'post',
      path: `${base}/{parkId}/${action}`,
      summary:
        action === 'retry'
          ? 'Deliver a failed parked message again; on success the case’s waiting messages follow in order'
          : 'Settle a failed parked message without delivering it (reason required); the case’s waiting messages follow',
      description: `${who} \`npx benefits parked ${action}\` calls it.`,
      tags,
      request: {
        params: parkParams,
        ...(action === 'resolve' ? { body: { content: { 'application/json': { schema: z.object({ note: z.string().min(1).max(500) }) } } } } : {}),
      },
      responses: {
        200: { description: 'what was replayed', content: { 'application/json': { schema: SettleResultSchema } } },
        ...common,
        400: problem(action === 'resolve' ? 'INVALID_ID, VALIDATION_FAILED (note of 1–500 characters)' : 'INVALID_ID'),
        404: problem('NOT_FOUND: no such consumer or parked message'),
      },
    });
  }
}
