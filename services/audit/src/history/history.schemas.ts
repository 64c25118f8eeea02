import { z } from '@benefits/http';

export const CaseIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lowercase UUID')
  .openapi({ example: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const HistoryQuerySchema = z
  .object({
    asKnownAt: z
      .string()
      .regex(/^[A-Za-z0-9:._-]{1,100}$/, 'a log position as returned by the store (e.g. an event\'s position)')
      .optional()
      .describe('replay as known at this log position: only what had been recorded by then'),
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

export const CaseHistorySchema = z
  .object({
    caseId: z.string(),
    streamId: z.string(),
    asKnownAt: z.string().nullable(),
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
      }),
    ),
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
      }),
    ),
  })
  .openapi('CaseHistory');
