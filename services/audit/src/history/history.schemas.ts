import { z } from '@benefits/http';
import { LocalDate } from '@benefits/kernel';

export const CaseIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lowercase UUID')
  .openapi({ example: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const HistoryQuerySchema = z
  .object({
    asKnownAt: z
      .string()
      .regex(/^[A-Za-z0-9:._+ -]{1,100}$/, "a log position as returned by the store (e.g. an event's position), or an ISO-8601 instant with offset")
      .optional()
      .describe(
        'replay as known at: a log position (the store\'s order: only events at or before it) or an ISO-8601 instant with offset, ' +
          'e.g. 2026-03-01T00:00:00+08:00 (only events whose recordedAt is at or before it; encode + as %2B)',
      ),
    asEffectiveOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
      .refine((d) => LocalDate.isValid(d), 'not a calendar date')
      .optional()
      .describe(
        'as effective on this business date: of the events known, fold only those whose effectiveFrom is on or before it ' +
          '(events without effectiveFrom count from the Asia/Shanghai date they were recorded on)',
      ),
  })
  .strict();

const ActorSchema = z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }).nullable();
const StandardRefSchema = z
  .object({ standardId: z.string(), versionId: z.string(), itemNo: z.string(), contentHash: z.string() })
  .nullable();

const ChainStatusSchema = z.union([
  z.object({ intact: z.literal(true), length: z.number().int(), head: z.string() }),
  z.object({ intact: z.literal(false), length: z.number().int(), brokenAt: z.number().int(), reason: z.enum(['prevHash', 'hash', 'revision']) }),
]);

const CaseStateSchema = z
  .object({
    benefit: z.string().nullable(),
    divisionCode: z.string().nullable(),
    status: z.string().nullable().describe("the benefit's own status name from its lifecycle events (null before any)"),
    statusSince: z.string().nullable(),
    statusRevision: z.number().int().nullable(),
    paymentSuspended: z.boolean(),
    approvedDeterminationId: z.string().nullable(),
    facts: z.array(
      z.object({
        key: z.string(),
        subject: z.string(),
        kind: z.string(),
        value: z.unknown(),
        effectiveFrom: z.string(),
        factId: z.string().nullable(),
        revision: z.number().int(),
        recordedAt: z.string(),
      }),
    ),
  })
  .openapi('ReplayCaseState');

const DeterminationEntrySchema = z.object({
  determinationId: z.string(),
  streamId: z.string(),
  revision: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  recordedAt: z.string(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable().describe('the day before the next determination by effective date; null while none follows'),
  replacedBy: z.string().nullable().describe('a determination recorded later for the same effectiveFrom'),
  basedOnCaseRevision: z.number().int().nullable(),
  eligible: z.boolean().nullable(),
  standardRef: StandardRefSchema,
  rulesetVersion: z.string().nullable(),
  trace: z.unknown(),
  chainIntact: z.boolean(),
  appliesOn: z.boolean().nullable().describe('the determination in force on asEffectiveOn; null without asEffectiveOn'),
});

export const CaseHistorySchema = z
  .object({
    caseId: z.string(),
    streamId: z.string(),
    asKnownAt: z.string().nullable(),
    knownAt: z.object({ kind: z.enum(['now', 'position', 'instant']) }),
    asEffectiveOn: z.string().nullable(),
    chain: ChainStatusSchema,
    timeline: z.array(
      z.object({
        revision: z.number().int(),
        eventId: z.string(),
        type: z.string(),
        recordedAt: z.string(),
        position: z.string(),
        actor: ActorSchema,
        effectiveFrom: z.string().nullable(),
        effectiveTo: z.string().nullable(),
        correlationId: z.string(),
        causationId: z.string().nullable(),
        chainIntact: z.boolean(),
        effective: z.boolean().describe('counts as effective on asEffectiveOn (always true without it)'),
        state: CaseStateSchema.describe('the case state after this event'),
      }),
    ),
    state: CaseStateSchema,
    determinations: z.array(DeterminationEntrySchema),
    payments: z.array(
      z.object({
        paymentStreamId: z.string(),
        personRef: z.string().nullable(),
        benefit: z.string().nullable(),
        periodKey: z.string().nullable(),
        period: z.unknown(),
        amount: z.object({ fen: z.number().int() }).nullable(),
        createdAt: z.string(),
        createdBy: ActorSchema,
        events: z.array(z.object({ revision: z.number().int(), type: z.string(), recordedAt: z.string() })),
        chain: ChainStatusSchema,
        trace: z.object({
          determinationId: z.string().nullable(),
          standardRef: StandardRefSchema,
          schedule: z
            .object({
              streamId: z.string(),
              version: z.number().int(),
              revision: z.number().int(),
              eventId: z.string(),
              recordedAt: z.string(),
              determinationId: z.string(),
              effectiveFrom: z.string().nullable(),
              standardRef: StandardRefSchema,
              chainIntact: z.boolean(),
            })
            .nullable(),
          determination: z
            .object({
              streamId: z.string(),
              revision: z.number().int(),
              eventId: z.string(),
              type: z.string(),
              recordedAt: z.string(),
              basedOnCaseRevision: z.number().int().nullable(),
              standardRef: StandardRefSchema,
              rulesetVersion: z.string().nullable(),
              trace: z.unknown(),
              chainIntact: z.boolean(),
            })
            .nullable(),
          consistent: z.boolean().nullable(),
        }),
        appliesOn: z.boolean().nullable().describe('the payment is for asEffectiveOn (month/year containing it; one-off or instalment due on or before it)'),
      }),
    ),
  })
  .openapi('CaseHistory');
