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
  })
  .openapi('RulePackSummary');

export const LoadedRulePackSchema = z
  .object({
    id: z.string(),
    benefit: BenefitSchema,
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
