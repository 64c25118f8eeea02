import { z } from '@benefits/http';
import { isBenefitId } from '../../../../libs/standards/src/benefits';

const DIVISION = z.string().regex(/^\d{6}$/, 'a 6-digit division code (GB/T 2260)');
// A known benefit, not a closed list (a benefit registered as a module has envelopes too). By file,
// not through @benefits/standards: the console bundles this schema and needs only the registry.
const BENEFIT = z.string().refine(isBenefitId, { message: 'expected a benefit: tefu, dibao, linshi or a registered one' });
const PERIOD = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'yyyy-mm or yyyy');
const LIMIT = z.coerce.number().int().min(1).max(1000).default(100);

export const EnvelopeListQuerySchema = z.object({ divisionCode: DIVISION, benefit: BENEFIT.optional(), period: PERIOD.optional(), limit: LIMIT, cursor: z.string().max(2000).optional() }).strict();
export const ApproveEnvelopeSchema = z.object({ note: z.string().max(500).optional() }).strict();
export const ExportEnvelopeSchema = z
  .object({ layoutId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a layout id'), format: z.enum(['csv', 'xlsx']).default('csv') })
  .strict();
export const ReturnImportQuerySchema = z
  .object({
    mode: z.enum(['strict', 'partial']).default('strict'),
    encoding: z.enum(['UTF-8', 'GBK']).optional(),
    fileName: z.string().max(200).optional(),
  })
  .strict();
export const EnvelopePaymentsQuerySchema = z
  .object({
    status: z.enum(['held', 'cancelled', 'enveloped', 'settled', 'failed', 'reversed']).optional(),
    limit: LIMIT,
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export const HoldDecisionSchema = z.object({ decision: z.enum(['release', 'cancel']), reason: z.string().trim().min(4).max(500) }).strict();
export const HoldsQuerySchema = z.object({ divisionCode: DIVISION, benefit: BENEFIT, limit: LIMIT, cursor: z.string().max(2000).optional() }).strict();
export const PeriodReconciliationQuerySchema = z.object({ benefit: BENEFIT, divisionCode: DIVISION, period: PERIOD, format: z.enum(['json', 'csv', 'xlsx']).default('json') }).strict();
export const EnvelopeReconciliationQuerySchema = z.object({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }).strict();
