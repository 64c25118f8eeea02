import { z } from '@benefits/http';
import { CaseIdSchema } from '../history/history.schemas';

export const RecomputationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -, at most 64')
  .openapi({ example: 'county-330402-2024-09' });

const DivisionCodeSchema = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 code').openapi({ example: '330402' });
const PeriodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'yyyy-mm or yyyy')
  .describe('only payments of benefit periods in this month (yyyy-mm) or year (yyyy), and the determinations behind them');

export const RecomputationScopeSchema = z.union([
  z.object({ caseId: CaseIdSchema }).strict(),
  z
    .object({
      divisionCode: DivisionCodeSchema,
      // The shape here (the console validates with this schema); the service also requires a known benefit (StartKnownBenefitSchema, recomputation.controller.ts).
      benefit: z
        .string()
        .regex(/^[a-z]{2,32}$/, 'a benefit id')
        .describe('tefu, dibao, linshi or a benefit registered as a module')
        .optional(),
      period: PeriodSchema.optional(),
    })
    .strict(),
]);
export type RecomputationScope = z.infer<typeof RecomputationScopeSchema>;

export const StartRecomputationSchema = z
  .object({
    scope: RecomputationScopeSchema,
    recomputationId: RecomputationIdSchema.optional().describe('client-chosen id: a POST with the id of an unfinished recomputation resumes it after its last recorded page'),
    pageSize: z.number().int().min(1).max(500).optional().describe('cases per recorded page (default 100)'),
  })
  .strict();

export const ReportQuerySchema = z
  .object({
    cursor: z.string().regex(/^\d{1,12}:\d{1,9}$/, 'a cursor this report gave').optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('findings per answer (default 100)'),
  })
  .strict();

const CountsSchema = z.object({ match: z.number().int(), mismatch: z.number().int(), notRecomputable: z.number().int() });
export const RecomputationCountsSchema = z.object({
  cases: z.number().int(),
  determinations: CountsSchema,
  determinationRecords: CountsSchema,
  payments: CountsSchema,
});

const FindingSchema = z
  .object({
    subject: z.enum(['determination', 'determinationRecord', 'payment']),
    subjectId: z.string(),
    caseId: z.string(),
    divisionCode: z.string().nullable(),
    benefit: z.string().nullable(),
    status: z.enum(['match', 'mismatch', 'not_recomputable']),
    recordedFen: z.number().int().nullable(),
    recomputedFen: z.number().int().nullable(),
    differences: z.array(z.string()).optional(),
    firstDifferingStep: z.object({ index: z.number().int(), stepId: z.string().nullable(), recorded: z.unknown(), recomputed: z.unknown() }).nullable().optional(),
    stage: z.enum(['schedule', 'issuedSchedule', 'engine']).optional(),
    chain: z.object({ scheduleFen: z.number().int().nullable(), issuedFen: z.number().int().nullable(), engineFen: z.number().int().nullable() }).optional(),
    engineError: z.string().optional(),
    parameterDifference: z
      .object({
        key: z.literal('dibao.standard'),
        recorded: z.object({ fen: z.number().int(), effectiveFrom: z.string(), divisionCode: z.string(), entryId: z.string() }),
        published: z.object({ fen: z.number().int(), effectiveFrom: z.string() }).nullable(),
      })
      .optional(),
    reason: z.object({ code: z.string(), detail: z.record(z.string(), z.unknown()) }).optional(),
    evidence: z.array(z.object({ streamId: z.string(), revision: z.number().int(), note: z.string().optional() })),
  })
  .openapi('RecomputeFinding');

export const RecomputationReportSchema = z
  .object({
    recomputationId: z.string(),
    streamId: z.string(),
    status: z.enum(['running', 'completed', 'failed', 'interrupted']),
    scope: z.record(z.string(), z.unknown()),
    startedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).nullable(),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    progress: z.object({ pages: z.number().int(), casesExamined: z.number().int(), casesInScope: z.number().int().nullable() }),
    counts: RecomputationCountsSchema,
    resultHash: z.string().nullable(),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    mismatches: z.array(FindingSchema),
    notRecomputable: z.array(FindingSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('RecomputationReport');
