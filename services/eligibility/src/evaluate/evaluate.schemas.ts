import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { EvaluateRequestSchema } from '@benefits/benefits';
import { BenefitSchema, StandardRefSchema } from '../standards/standards.schemas';

/**
 * The what-if result as the engines return it (`EngineResult` in @benefits/benefits). Objects are
 * strict so that the HTTP test fails if the engines' result gains a field this document lacks.
 */
const MoneyJsonSchema = z.object({ fen: z.number().int() }).strict().openapi({ description: 'money in integer fen (分)', example: { fen: 100000 } });

const ClauseSchema = z
  .object({ standardRef: StandardRefSchema, field: z.string(), line: z.number().int(), quote: z.string() })
  .strict()
  .openapi('Clause', { description: 'the pinned standard item and the words of the rule-pack citation' });

const TraceStepSchema = z
  .object({
    id: z.string().openapi({ description: 'stable within a ruleset version', example: 'tefu.personAmount' }),
    titleZh: z.string(),
    clause: ClauseSchema.nullable().openapi({ description: 'null when a named policy decides what the standard leaves open' }),
    parameters: z.array(
      z
        .object({
          key: z.string(),
          value: z.unknown(),
          source: z.record(z.string(), z.unknown()).optional().openapi({ description: 'series values (低保标准 B): where published, and sampleData' }),
        })
        .strict(),
    ),
    facts: z.record(z.string(), z.unknown()),
    operation: z.string(),
    result: z.unknown(),
    policies: z.array(z.string()),
    rounding: z.string().optional().openapi({ description: 'the named rounding policy, on steps that round', example: 'HALF_UP_FEN' }),
  })
  .strict()
  .openapi('TraceStep');

const ReasonSchema = z
  .object({ code: z.string(), zh: z.string(), en: z.string(), clause: ClauseSchema.nullable(), policy: z.string().optional() })
  .strict()
  .openapi('Reason');

const AmountSchema = z
  .object({
    nature: z.enum(['entitlement', 'cap']).openapi({ description: 'cap: the most the officer may grant (临时救助 急难型)' }),
    perPerson: z
      .array(z.object({ personId: z.string(), role: z.string().optional(), amount: MoneyJsonSchema, parameterKey: z.string().optional() }).strict())
      .optional(),
    total: MoneyJsonSchema,
    period: z.enum(['monthly', 'yearly', 'oneOff']),
    paymentStart: z.object({ from: z.string(), policy: z.string() }).strict().optional(),
  })
  .strict()
  .openapi('Amount');

export const EvaluateResultSchema = z
  .object({
    benefit: BenefitSchema,
    rulesetVersion: z.string().openapi({ example: 'tefu.v1' }),
    rulePackId: z.string().openapi({ example: 'tefu-330400-2023' }),
    eligible: z.boolean(),
    outcome: z.enum(['eligible', 'ineligible', 'notComputable']),
    reasons: z.array(ReasonSchema),
    amount: AmountSchema.nullable(),
    trace: z.array(TraceStepSchema),
  })
  .strict()
  .openapi('EvaluateResult');

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export function describeEvaluateRoutes(registry: OpenAPIRegistry): void {
  const request = registry.register('EvaluateRequest', EvaluateRequestSchema);
  registry.registerPath({
    method: 'post',
    path: '/eligibility/evaluate',
    summary: 'What-if: evaluate a request against a shipped rule pack and return the result with its trace; writes nothing',
    description: [
      'Any authenticated role. The body names the benefit (tefu | dibao | linshi), the rule pack, the published parameter values',
      'it needs (低保标准 B as `dibaoStandard`, with its source and `sampleData`; for 临时救助 where the standard delegates the amount,',
      'the published band table as `bandTable`, i.e. the entry `GET /parameters/linshi.band-table` answers, with its source) and the facts;',
      'a table given in `facts.bandTable` is used instead of `bandTable` (what-if only; the trace names policy linshi.delegated.whatIfTable); money is { "fen": <integer> },',
      'unknown fields are refused. The same request gives the same result and trace as `benefits eligibility evaluate --file`.',
      'Nothing is appended to the event store.',
    ].join(' '),
    tags: ['what-if'],
    request: { body: { content: { 'application/json': { schema: request } } } },
    responses: {
      200: json(EvaluateResultSchema, 'eligible, outcome, reasons, amount (fen, period) and the trace'),
      ...authenticatedErrors,
      400: json(
        ProblemSchema,
        'VALIDATION_FAILED (details.issues[{path, code, message}]), UNKNOWN_FIELD, MALFORMED_JSON, BIRTH_DATE_AFTER_EVALUATION_DATE (details.path names the person); from the engines DIBAO_UNKNOWN_PERSON, LINSHI_FACT_MISSING, LINSHI_STANDARD_REQUIRED',
      ),
      404: json(ProblemSchema, 'UNKNOWN_RULE_PACK'),
      422: json(ProblemSchema, 'RULE_PACK_BENEFIT_MISMATCH, UNKNOWN_RULESET_VERSION, DIBAO_STANDARD_NOT_IN_EFFECT, LINSHI_STANDARD_NOT_IN_EFFECT, LINSHI_BAND_TABLE_NOT_IN_EFFECT'),
    },
  });
}
