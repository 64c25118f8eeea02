import { z } from '@benefits/http';
import { isUuid, LocalDate } from '@benefits/kernel';
import { isDivisionCode } from '@benefits/identity';
import { BENEFITS, isDisbursedBenefit, type BenefitId } from './entitlements/entitlement';

const UuidSchema = z.string().refine(isUuid, 'a lowercase UUID');

const DateSchema = z
  .string()
  .refine((s) => LocalDate.isValid(s), 'a calendar date yyyy-mm-dd')
  .openapi({ example: '2024-08-01' });

const MonthSchema = z
  .string()
  .refine((s) => /^\d{4}-\d{2}$/.test(s) && LocalDate.isValid(`${s}-01`), 'a month yyyy-mm')
  .openapi({ example: '2024-08' });

export const DivisionCodeSchema = z
  .string()
  .refine(isDivisionCode, '6-digit GB/T 2260 division code (行政区划代码)')
  .openapi({ example: '330402' });

/** A benefit id: the shipped three, or a benefit registered as a module (ADR 0019) — so not a closed enum. */
export const BenefitSchema = z
  .string()
  .refine(isDisbursedBenefit, { message: `expected a benefit: ${BENEFITS.join(' | ')} or a registered one` })
  .transform((id) => id as BenefitId)
  .openapi({ type: 'string', description: 'dibao 低保 · linshi 临时救助 · tefu 计生特扶, or a benefit registered as a module', example: 'dibao' });

/** Identifiers issued by other services (determinations, standards): no spaces, nothing personal. */
const ReferenceSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - (at most 128)');

export const StandardRefSchema = z
  .object({
    standardId: ReferenceSchema,
    versionId: ReferenceSchema,
    itemNo: z.string().regex(/^[0-9A-Za-z.-]{1,20}$/, 'the item number as catalogued'),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 of the normalised item text (64 hex digits)'),
  })
  .strict()
  .openapi('StandardRef');

export const PeriodSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('month'), month: MonthSchema }).strict(),
    z.object({ kind: z.literal('year'), year: z.number().int().min(1000).max(9999) }).strict(),
    z.object({ kind: z.literal('oneOff'), date: DateSchema }).strict(),
    z
      .object({
        kind: z.literal('instalment'),
        seriesId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        index: z.number().int().min(1),
        count: z.number().int().min(1).max(999),
        date: DateSchema,
      })
      .strict()
      .refine((p) => p.index <= p.count, { message: 'index must not exceed count', path: ['index'] }),
  ])
  .openapi('BenefitPeriod', { description: 'a benefit period (待遇期间): month, year, one-off or one instalment of a staged grant' });

export const MoneySchema = z
  .object({ fen: z.number().int().safe().describe('integer fen (分)') })
  .strict()
  .openapi('Money', { example: { fen: 100000 } });

const PositiveMoneySchema = MoneySchema.refine((m) => m.fen > 0, { message: 'the amount must be positive', path: ['fen'] });

export const ScheduleLineSchema = z
  .object({
    personRef: UuidSchema.describe('the beneficiary as a personRef (never a name or 身份证号)'),
    period: PeriodSchema,
    amount: PositiveMoneySchema,
  })
  .strict();

export const RecordScheduleRequestSchema = z
  .object({
    caseId: UuidSchema,
    determinationId: ReferenceSchema,
    scheduleId: ReferenceSchema.optional().describe('the issuing schedule id; when given, redelivery is recognised by it (a horizon extension keeps the determination)'),
    benefit: BenefitSchema,
    divisionCode: DivisionCodeSchema,
    effectiveFrom: DateSchema,
    standardRef: StandardRefSchema,
    lines: z.array(ScheduleLineSchema).min(1).max(1000),
  })
  .strict()
  .openapi('RecordScheduleRequest');

export const RecordScheduleResultSchema = z
  .object({
    streamId: z.string(),
    scheduleVersion: z.number().int(),
    recorded: z.boolean().describe('false when this determination was already recorded with the same content (nothing appended)'),
  })
  .openapi('RecordScheduleResult');

export const PaymentRunRequestSchema = z
  .object({
    benefit: BenefitSchema,
    divisionCode: DivisionCodeSchema,
    period: z
      .union([MonthSchema, z.string().regex(/^\d{4}$/, 'expected yyyy')])
      .describe('the run month (yyyy-mm: month periods, one-off grants and instalments dated in it), or a year (yyyy: yearly periods, 北京 特扶)'),
  })
  .strict()
  .openapi('PaymentRunRequest');

export const PaymentStreamIdSchema = z
  .string()
  .openapi({ example: 'payment-0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b-0192f3a0-0000-7000-8000-000000000001-2024-08' });

export const PaymentSchema = z
  .object({
    paymentStreamId: z.string(),
    revision: z.number().int(),
    caseId: z.string(),
    personRef: z.string(),
    benefit: BenefitSchema,
    divisionCode: z.string(),
    period: PeriodSchema,
    periodKey: z.string(),
    amount: MoneySchema,
    runPeriod: z.string(),
    determinationId: z.string(),
    standardRef: StandardRefSchema,
    schedule: z.object({ streamId: z.string(), version: z.number().int() }),
    kind: z.enum(['regular', 'arrears', 'recovery']).optional().describe('absent on payments recorded before adjustments existed (regular)'),
    adjusts: z
      .object({ paidFen: z.number().int(), dueFen: z.number().int(), previousSchedule: z.object({ streamId: z.string(), version: z.number().int() }) })
      .optional()
      .describe('arrears (补发) / recovery (追缴): net paid before, due under the current schedule, and the schedule the period was last paid under'),
    createdAt: z.string(),
    createdBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).nullable(),
  })
  .openapi('Payment');

const CountsSchema = z
  .object({
    created: z.number().int(),
    alreadyExisted: z.number().int().describe('payments found already made for the same beneficiary and period by an earlier run (nothing appended)'),
    createdFen: z.number().int().describe('control total (控制总额) of the regular payments this run created, in fen'),
    arrearsFen: z.number().int().describe('arrears (补发) this run created, in fen'),
    recoveryFen: z.number().int().describe('recoveries (追缴) this run created, in fen'),
  })
  .openapi('PaymentRunCounts');

export const PaymentRunSchema = z
  .object({
    runId: z.string().openapi({ example: 'tefu-330402-2025-01-1' }),
    seq: z.number().int().describe('the how-many-th run of this benefit, division and period'),
    run: z.object({ benefit: BenefitSchema, divisionCode: z.string(), period: z.string() }),
    status: z.enum(['running', 'completed']),
    startedAt: z.string(),
    startedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).nullable(),
    completedAt: z.string().nullable(),
    pages: z.number().int(),
    progress: z.object({ phase: z.enum(['adjustments', 'regular']), cursor: z.string().nullable() }).nullable().describe('where an unfinished run continues'),
    counts: CountsSchema,
  })
  .openapi('PaymentRun');

export const PaymentRunResultSchema = PaymentRunSchema.extend({
  resumed: z.boolean().describe('true when this request continued a run an earlier request left unfinished'),
}).openapi('PaymentRunResult');

export const RunPaymentsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict();

export const RunPaymentsPageSchema = z
  .object({
    items: z.array(PaymentSchema.omit({ revision: true, createdBy: true }).extend({ runId: z.string() })),
    nextCursor: z.string().nullable(),
  })
  .openapi('PaymentRunPaymentsPage');
