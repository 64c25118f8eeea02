import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, type z } from '@benefits/http';
import { FundingSharesQuerySchema, FundingSharesViewSchema, PublishFundingSharesRequestSchema, PublishFundingSharesResultSchema } from './funding.schemas';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);

/** The funding-share routes (支出责任), registered by the service's describeRoutes. */
export function describeFundingRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/disbursement/funding-shares',
    summary: 'Publish the funding shares (支出责任: 中央 / 省 / 市 / 县) of a benefit in a division from a month on',
    description:
      'Appends disbursement.FundingSharesPublished.v1 to funding-<benefit>-<divisionCode>. Shares are basis points summing to exactly 10000; the publication cites the document and clause it rests on; `sample: true` marks demonstration shares (no official shares are shipped). ' +
      'The same publication again for the same fromPeriod records nothing (recorded: false); different content for an existing fromPeriod is a correction (recorded, the history keeps both, the latest wins). ' +
      'Role admin, for its own division or one under it.',
    tags: ['funding'],
    request: { body: { content: { 'application/json': { schema: PublishFundingSharesRequestSchema } } } },
    responses: {
      201: json(PublishFundingSharesResultSchema, 'the publication in force for that fromPeriod and its stream revision'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, INVALID_FUNDING_SHARES, FUNDING_SOURCE_MISSING, INVALID_FROM_PERIOD; nothing was written'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      409: problem('CONFLICT: published meanwhile by someone else; nothing was written'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/funding-shares',
    summary: 'The funding shares in force for a benefit, division and month, where they came from, and their history',
    description:
      'Looks for shares in force (the publication with the latest fromPeriod ≤ period) on the division\'s own stream, then its city\'s (first 4 digits + 00), then its province\'s (first 2 + 0000). ' +
      'A yearly period (yyyy) takes the shares in force in its January. Roles finance_clerk, auditor, admin, for their own division or one under it.',
    tags: ['funding'],
    request: { query: FundingSharesQuerySchema },
    responses: {
      200: json(FundingSharesViewSchema, 'the shares in force and the publications of each division searched'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_FROM_PERIOD'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('FUNDING_SHARES_MISSING: none in force for the division, its city or its province'),
    },
  });
}
