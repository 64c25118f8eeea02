import { z } from '@benefits/http';
import { isParameterName, PARAMETERS } from '@benefits/standards';
import { DateSchema, DivisionCodeSchema } from '../standards/standards.schemas';

export const ParameterNameSchema = z
  .string()
  .refine(isParameterName, `one of: ${Object.keys(PARAMETERS).join(', ')}`)
  .openapi({ example: 'dibao.standard' });

const MoneyValueSchema = z.object({ fen: z.number().int().nonnegative() }).strict().openapi('MoneyValue', { description: 'integer fen (分)' });
/**
 * The HTTP layer checks only that a band table is an object with a tableId; the strict rules (both
 * groups, ascending bands, last band open, rates 0–10000 bp or fen amounts, positive caps) are the
 * standards library's, which answer BAND_TABLE_INVALID with every issue and its stable code.
 */
const BandTableValueSchema = z
  .object({ tableId: z.string() })
  .passthrough()
  .openapi('BandTableValue', {
    description:
      '临时救助 band table (linshi.band-table): { tableId, version: string|null, zhichu: { g1, g2: { floor: {fen}, bands: [{ upTo: {fen}|null, rateBp } | { upTo, amount: {fen} }], cap?: {monthsOfB}|{amount:{fen}} } }, jinan?: { monthsOfBPerPerson } }',
    example: {
      tableId: 'sample-330402',
      version: null,
      zhichu: {
        g1: { floor: { fen: 100000 }, bands: [{ upTo: { fen: 2000000 }, rateBp: 4000 }, { upTo: null, rateBp: 6000 }], cap: { monthsOfB: 20 } },
        g2: { floor: { fen: 300000 }, bands: [{ upTo: { fen: 1000000 }, amount: { fen: 200000 } }, { upTo: null, amount: { fen: 500000 } }] },
      },
      jinan: { monthsOfBPerPerson: 2 },
    },
  });

const SourceSchema = z
  .object({
    docNo: z.string().trim().min(1).max(200).describe('文号 of the publishing document'),
    title: z.string().max(500).nullable().optional(),
    issuer: z.string().trim().min(1).max(200).nullable().optional().describe('发文机关 (issuing body); required for linshi.band-table'),
  })
  .strict();

const CalendarValueSchema = z
  .object({ year: z.number().int(), holidays: z.array(DateSchema), workdays: z.array(DateSchema).describe('调休: weekend days that are working days') })
  .strict()
  .openapi('CalendarValue');

export const PublishParameterSchema = z
  .object({
    divisionCode: DivisionCodeSchema,
    effectiveFrom: DateSchema,
    effectiveTo: DateSchema.nullable().optional(),
    value: z.union([MoneyValueSchema, CalendarValueSchema, BandTableValueSchema]),
    source: SourceSchema,
    sampleData: z.boolean().describe('true for demonstration values: never an official figure'),
    supersedes: z.string().uuid().optional().describe('entryId corrected by this entry (a correction; may be retroactive)'),
    correctionReason: z.string().trim().min(2).max(500).optional(),
  })
  .strict()
  .refine((b) => (b.supersedes === undefined) === (b.correctionReason === undefined), {
    message: 'a correction needs both supersedes and correctionReason',
    path: ['correctionReason'],
  })
  .openapi('PublishParameterRequest');

export const ParameterQuerySchema = z
  .object({
    division: DivisionCodeSchema,
    date: DateSchema.describe('as effective on this date'),
    knownAt: z.string().datetime({ offset: true }).optional().describe('as known at this time (ISO 8601 instant)'),
    knownAtPosition: z.string().min(1).optional().describe('as known at this log position'),
  })
  .strict();

export const ParameterEntrySchema = z
  .object({
    entryId: z.string(),
    name: z.string(),
    divisionCode: z.string(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    value: z.union([MoneyValueSchema, CalendarValueSchema, BandTableValueSchema]),
    source: z.object({ docNo: z.string(), title: z.string().nullable(), issuer: z.string().nullable().optional() }),
    sampleData: z.boolean(),
    supersedes: z.string().nullable(),
    correctionReason: z.string().nullable(),
    publishedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }),
    recordedAt: z.string(),
  })
  .openapi('ParameterEntry');

export const PublishResultSchema = z
  .object({ entryId: z.string(), created: z.boolean().describe('false when the same value was already published for that date') })
  .openapi('PublishParameterResult');

export const ParameterLookupSchema = z
  .object({ name: z.string(), divisionCode: z.string(), date: z.string(), resolvedAt: z.string(), inherited: z.boolean(), entry: ParameterEntrySchema })
  .openapi('ParameterLookup');
