import { z } from '@benefits/http';
import { BenefitSchema, DivisionCodeSchema } from '../disbursement.schemas';

/**
 * HTTP shapes of the funding split. The request schema checks types only; the rules (shares sum to
 * 10000, a citation, a valid month) are the decider's, so each refusal has its own stable code.
 */
const BasisPointsSchema = z.number().int().describe('basis points (万分比), 0..10000');

export const FundingSharesSchema = z
  .object({ central: BasisPointsSchema, provincial: BasisPointsSchema, city: BasisPointsSchema, county: BasisPointsSchema })
  .strict()
  .openapi('FundingShares', { description: '中央 / 省 / 市 / 县 shares in basis points, summing to exactly 10000', example: { central: 5000, provincial: 2000, city: 1500, county: 1500 } });

export const FundingSourceCitationSchema = z
  .object({
    document: z.string().max(300).describe('the document the shares rest on (文件名称及文号)'),
    clause: z.string().max(100).describe('the clause of it (条款)'),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .openapi('FundingSourceCitation');

export const PublishFundingSharesRequestSchema = z
  .object({
    benefit: BenefitSchema,
    divisionCode: DivisionCodeSchema,
    fromPeriod: z.string().max(7).describe('yyyy-mm: the first month the shares apply to').openapi({ example: '2025-01' }),
    shares: FundingSharesSchema,
    source: FundingSourceCitationSchema,
    sample: z.boolean().describe('true for demonstration shares that rest on no real document'),
  })
  .strict()
  .openapi('PublishFundingSharesRequest');

export const FundingSharesQuerySchema = z
  .object({
    benefit: BenefitSchema,
    divisionCode: DivisionCodeSchema,
    period: z.string().regex(/^\d{4}(-\d{2})?$/, 'a month yyyy-mm (or a year yyyy: its January)').openapi({ example: '2025-03' }),
  })
  .strict();

const ActorSchema = z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).nullable();

export const RecordedFundingPublicationSchema = z
  .object({
    benefit: BenefitSchema,
    divisionCode: z.string(),
    fromPeriod: z.string(),
    shares: FundingSharesSchema,
    source: FundingSourceCitationSchema,
    sample: z.boolean(),
    sequence: z.number().int(),
    revision: z.number().int().describe('stream revision of the publication'),
    correction: z.boolean().describe('replaced an earlier publication for the same fromPeriod'),
    supersededBy: z.number().int().nullable().describe('the later publication for the same fromPeriod that replaced this one'),
    recordedAt: z.string(),
    publishedBy: ActorSchema,
  })
  .openapi('FundingPublication');

export const PublishFundingSharesResultSchema = z
  .object({
    streamId: z.string().openapi({ example: 'funding-dibao-330402' }),
    revision: z.number().int(),
    recorded: z.boolean().describe('false: the same publication was already in force for this fromPeriod; nothing was written'),
    correction: z.boolean(),
    publication: RecordedFundingPublicationSchema,
  })
  .openapi('PublishFundingSharesResult');

const FundingLevelSchema = z.enum(['county', 'city', 'province']);

export const FundingSharesViewSchema = z
  .object({
    benefit: BenefitSchema,
    divisionCode: z.string(),
    period: z.string(),
    inForce: z.object({
      publication: RecordedFundingPublicationSchema,
      from: z.object({ divisionCode: z.string(), level: FundingLevelSchema, streamId: z.string() }),
    }),
    history: z.array(
      z.object({ divisionCode: z.string(), level: FundingLevelSchema, streamId: z.string(), publications: z.array(RecordedFundingPublicationSchema) }),
    ),
  })
  .openapi('FundingSharesView');
