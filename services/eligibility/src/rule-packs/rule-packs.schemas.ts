import { z } from '@benefits/http';
import { BenefitSchema, DateSchema, DivisionCodeSchema, StandardRefSchema } from '../standards/standards.schemas';

export const PackIdSchema = z.string().regex(/^[a-z]+-\d{6}-[a-z0-9-]+$/, 'a rule pack id').openapi({ example: 'tefu-330400-2023' });

export const PackUsageQuerySchema = z
  .object({ division: DivisionCodeSchema.optional(), date: DateSchema.optional() })
  .strict()
  .refine((q) => (q.division === undefined) === (q.date === undefined), { message: 'give both division and date, or neither' });

export const RulePackSummarySchema = z
  .object({
    id: z.string(),
    benefit: BenefitSchema,
    jurisdiction: z.object({ nameZh: z.string(), divisionCode: z.string() }),
    standard: z.object({ standardId: z.string(), versionId: z.string() }),
    parameterCount: z.number().int(),
    readings: z.array(z.string()),
    note: z.string().nullable(),
    source: z.enum(['shipped', 'published']).openapi({ description: 'shipped with the product, or published through the API (recorded on the standard stream)' }),
    published: z
      .object({ publishedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).passthrough(), recordedAt: z.string(), packHash: z.string(), supersedes: z.string().nullable() })
      .nullable(),
    inUse: z.boolean().openapi({ description: 'whether determinations use it for its benefit and version (a later publication replaces an earlier one)' }),
  })
  .openapi('RulePackSummary');

export const LoadedRulePackSchema = z
  .object({
    id: z.string(),
    benefit: BenefitSchema,
    source: z.enum(['shipped', 'published']),
    published: z.object({ publishedBy: z.record(z.string(), z.unknown()), recordedAt: z.string(), packHash: z.string(), supersedes: z.string().nullable() }).nullable(),
    requiresActivation: z.boolean(),
    usage: z.object({ division: z.string(), date: z.string(), basis: z.enum(['document', 'activation']), activationLabel: z.string().nullable() }).nullable(),
    parameters: z.array(
      z.object({
        key: z.string(),
        descriptionZh: z.string(),
        value: z.record(z.string(), z.unknown()),
        citation: z.object({ itemNo: z.string(), field: z.string(), quote: z.string(), line: z.number().int() }),
        standardRef: StandardRefSchema,
      }),
    ),
    readings: z.array(z.object({ id: z.string(), questionZh: z.string(), defaultEn: z.string(), source: z.string() })),
  })
  .openapi('LoadedRulePack');

const CitationSchema = z
  .object({
    itemNo: z.string().min(1).max(20).openapi({ example: '52' }),
    field: z.string().min(1).max(20).openapi({ example: '服务标准', description: 'the field label (服务对象, 服务内容, 服务标准…) whose text contains the quote' }),
    quote: z.string().min(1).max(2000).openapi({ description: 'verbatim from the item (compared after NFC, full/half-width folding and removing whitespace)' }),
    line: z.number().int().min(1).openapi({ description: 'line in the source document, for people' }),
  })
  .strict();

const PackValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('money'), fen: z.number().int().min(0).max(1e12), per: z.enum(['person-month', 'person-year']) }).strict(),
  z.object({ kind: z.literal('rate'), bp: z.number().int().min(0).max(1_000_000) }).strict(),
  z.object({ kind: z.literal('fraction'), num: z.number().int().min(0), den: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('multiple'), times: z.number().positive().max(1000), of: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('count'), value: z.number().int().min(0).max(1000), unit: z.enum(['years', 'months']) }).strict(),
  z.object({ kind: z.literal('text'), value: z.string().min(1).max(2000) }).strict(),
]);

/** A rule pack as published (and as the shipped files under libs/standards/data/rule-packs are written). */
export const RulePackInputSchema = z
  .object({
    id: PackIdSchema,
    benefit: BenefitSchema,
    jurisdiction: z.object({ nameZh: z.string().min(1).max(50), divisionCode: DivisionCodeSchema }).strict(),
    standard: z.object({ standardId: z.string().regex(/^bps-\d{6}$/), versionId: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
    parameters: z
      .array(
        z
          .object({
            key: z.string().min(1).max(100),
            descriptionZh: z.string().min(1).max(200),
            value: PackValueSchema,
            citation: CitationSchema,
            printedAs: z.string().min(1).max(100).optional().openapi({ description: 'how the value is printed in the quote when not the plain number (「3万元」)' }),
            floor: z.boolean().optional().openapi({ description: 'a benefit floor (不低于): a lower level may raise it but not set it lower' }),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    readings: z.array(z.string().min(1).max(100)).max(50).openapi({ description: 'named readings (GET /rule-packs/{id} lists them with their questions)' }),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('RulePackInput');

export const PublishRulePackResultSchema = z
  .object({
    id: z.string(),
    benefit: BenefitSchema,
    standard: z.object({ standardId: z.string(), versionId: z.string() }),
    created: z.boolean().openapi({ description: 'false when this exact pack was already published (or shipped): nothing was written' }),
    packHash: z.string(),
    supersedes: z.string().nullable().openapi({ description: 'the pack this one replaces for the same benefit and version' }),
    requiresActivation: z.boolean(),
    parameterCount: z.number().int(),
  })
  .openapi('PublishRulePackResult');
