import { z } from '@benefits/http';
import { BENEFITS, isBenefitId, isDivisionCodeShape, type BenefitId } from '@benefits/standards';
import { LocalDate } from '@benefits/kernel';

export const DivisionCodeSchema = z
  .string()
  .refine(isDivisionCodeShape, '6-digit GB/T 2260 division code (行政区划代码)')
  .openapi({ example: '330400' });

export const DateSchema = z
  .string()
  .refine((s) => LocalDate.isValid(s), 'a calendar date yyyy-mm-dd')
  .openapi({ example: '2024-08-01' });

/**
 * A benefit id: the shipped three, or a benefit added as a module and registered at start
 * (docs/benefits/adding-a-benefit.md) — so not a closed enum.
 */
export const BenefitSchema = z
  .string()
  .refine(isBenefitId, { message: `expected a benefit: ${BENEFITS.join(' | ')} or a registered one` })
  .transform((id) => id as BenefitId)
  .openapi({ type: 'string', description: 'dibao 低保 · linshi 临时救助 · tefu 计生特扶, or a benefit registered as a module', example: 'tefu' });

export const StandardIdSchema = z.string().regex(/^bps-\d{6}$/, 'bps-<division code>').openapi({ example: 'bps-330400' });
export const VersionIdSchema = z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits').openapi({ example: '2c8fa3c496992144' });

export const ImportJsonSchema = z
  .object({
    text: z.string().min(1).describe('the standards document as plain UTF-8 text'),
    sourceName: z.string().min(1).max(200).optional(),
    divisionCode: DivisionCodeSchema.describe('the division that published the document; documents print names, not codes'),
  })
  .strict()
  .openapi('ImportStandardRequest');

export const ImportQuerySchema = z
  .object({
    division: DivisionCodeSchema,
    sourceName: z.string().min(1).max(200).optional(),
  })
  .strict();

/** Media types of documents as published, sent as the raw request body with ?division=. */
export const DOCUMENT_MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  octetStream: 'application/octet-stream',
} as const;

export const ImportWarningSchema = z
  .object({
    line: z.number().int(),
    endLine: z.number().int().optional(),
    code: z.string(),
    message: z.string(),
  })
  .openapi('ImportParseWarning');

export const ImportResultSchema = z
  .object({
    standardId: z.string(),
    versionId: z.string(),
    created: z.boolean().describe('false when a version with the same content hash already existed (nothing appended)'),
    format: z.enum(['text', 'pdf', 'docx']).describe('what the document was read as'),
    itemCount: z.number().int(),
    warnings: z
      .array(ImportWarningSchema)
      .describe('the parse warnings with their lines; each must be acknowledged before the version can be activated'),
  })
  .openapi('ImportStandardResult');

export const InForceQuerySchema = z.object({ division: DivisionCodeSchema, benefit: BenefitSchema, date: DateSchema }).strict();

export const DiffQuerySchema = z.object({ from: VersionIdSchema, to: VersionIdSchema }).strict();

export const ItemsQuerySchema = z.object({ benefit: BenefitSchema.optional() }).strict();

export const ActivationRequestSchema = z
  .object({
    versionId: VersionIdSchema,
    divisionCode: DivisionCodeSchema.describe("the standard's division or one under it"),
    effectiveFrom: DateSchema,
    reason: z.string().trim().min(4).max(500).describe('why this version is used (shown with every use)'),
  })
  .strict()
  .openapi('ActivateStandardRequest');

export const VersionSummarySchema = z
  .object({
    standardId: z.string(),
    divisionCode: z.string().describe("the standard's division (its admins may acknowledge the version's parse warnings)"),
    versionId: z.string(),
    title: z.string().nullable(),
    docNo: z.string().nullable(),
    status: z.enum(['draft', 'final']).nullable(),
    effectiveFrom: z.string().nullable(),
    notInForceReason: z.enum(['draft', 'undated', 'status-unknown']).nullable(),
    supersedes: z.string().nullable(),
    contentHash: z.string(),
    sourceName: z.string().nullable(),
    itemCount: z.number().int(),
    recordedAt: z.string(),
    repairCounts: z.record(z.string(), z.number().int()).describe('repairs the parser made, by kind'),
    warnings: z
      .array(
        z.object({
          warningId: z.string().describe('stable: <version id>-<position>'),
          line: z.number().int(),
          endLine: z.number().int().nullable(),
          code: z.string(),
          message: z.string(),
          acknowledged: z
            .object({ by: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }), at: z.string(), note: z.string() })
            .nullable()
            .describe('null while open'),
        }),
      )
      .describe('what the parser could not place, with the line, and whether an admin has acknowledged it'),
    openWarnings: z.number().int().describe('warnings not yet acknowledged; the version cannot be activated while this is above 0'),
  })
  .openapi('StandardVersionSummary');

export const ActivationSchema = z
  .object({
    eventId: z.string(),
    versionId: z.string(),
    divisionCode: z.string(),
    effectiveFrom: z.string(),
    reason: z.string(),
    label: z.string(),
    labelZh: z.string(),
    activatedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }),
    recordedAt: z.string(),
  })
  .openapi('StandardActivation');

export const StandardSchema = z
  .object({
    standardId: z.string(),
    divisionCode: z.string(),
    versions: z.array(VersionSummarySchema),
    activations: z.array(ActivationSchema),
  })
  .openapi('Standard');

export const StandardDetailSchema = StandardSchema.extend({
  documents: z.array(z.object({ versionId: z.string(), document: z.record(z.string(), z.unknown()).describe('parsed metadata: each value { value, inferred, line, reason? } or null') })),
}).openapi('StandardDetail');

export const ItemSchema = z
  .object({
    number: z.string(),
    printedNumber: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    subcategory: z.string().nullable(),
    fields: z.record(z.string(), z.string()),
    startLine: z.number().int(),
    endLine: z.number().int(),
    contentHash: z.string(),
  })
  .openapi('StandardItem');

export const StandardRefSchema = z
  .object({ standardId: z.string(), versionId: z.string(), itemNo: z.string(), contentHash: z.string() })
  .openapi('StandardRef');

export const InForceSchema = z
  .object({
    standardId: z.string(),
    versionId: z.string(),
    standardDivisionCode: z.string(),
    resolvedAt: z.string(),
    inherited: z.boolean(),
    basis: z.enum(['document', 'activation']),
    effectiveFrom: z.string(),
    activation: z.object({ eventId: z.string(), label: z.string(), labelZh: z.string(), reason: z.string() }).passthrough().nullable(),
    title: z.string().nullable(),
    status: z.enum(['draft', 'final']).nullable(),
    items: z.array(z.object({ item: ItemSchema, standardRef: StandardRefSchema })),
  })
  .openapi('StandardInForce');

const ItemSummarySchema = z.object({ number: z.string(), name: z.string(), category: z.string().nullable(), contentHash: z.string() });
export const DiffSchema = z
  .object({
    standardId: z.string(),
    from: z.string(),
    to: z.string(),
    added: z.array(ItemSummarySchema),
    removed: z.array(ItemSummarySchema),
    changed: z.array(
      z.object({
        name: z.string(),
        from: ItemSummarySchema,
        to: ItemSummarySchema,
        changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
      }),
    ),
    unchanged: z.number().int(),
  })
  .openapi('StandardDiff');
