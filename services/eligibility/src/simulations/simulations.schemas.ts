import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { SimulationRequestSchema } from './scenario';

/** Query parameters and answers of the simulation routes (validation and OpenAPI). */
export const SimulationIdSchema = z.string().uuid();
export const ChangesQuerySchema = z
  .object({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    benefit: z.enum(['dibao', 'tefu']).optional(),
    divisionCode: z.string().regex(/^\d{6}$/).optional(),
    change: z.enum(['newlyEligible', 'noLongerEligible', 'increase', 'decrease', 'mixed']).optional(),
  })
  .strict();
export const RowsQuerySchema = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(), divisionCode: z.string().regex(/^\d{6}$/).optional(), benefit: z.enum(['dibao', 'tefu']).optional() })
  .strict();
export const ListQuerySchema = z.object({ cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

const Started = z.object({ simulationId: z.string().uuid(), status: z.literal('running'), replayOf: z.string().uuid().optional() });
const View = z.object({
  simulationId: z.string().uuid(),
  status: z.enum(['running', 'completed', 'failed']),
  request: SimulationRequestSchema,
  requestedBy: z.object({ id: z.string(), role: z.string(), divisionCode: z.string() }),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  progress: z.object({ pagesDone: z.number().int(), casesDone: z.number().int() }),
  casesRecorded: z.number().int(),
  resumes: z.number().int().openapi({ description: 'how often the run was resumed after its process stopped (it goes on from what its stream recorded; the result hash is the one an uninterrupted run gives)' }),
  totals: z.record(z.string(), z.number()).nullable(),
  resultHash: z.string().nullable(),
  durationMs: z.number().nullable(),
  threads: z.number().nullable(),
  replayOf: z.string().nullable(),
  originalHash: z.string().nullable(),
  sameHashAsOriginal: z.boolean().nullable(),
  scheduleMismatches: z.array(z.object({ caseId: z.string(), periodKey: z.string(), scheduleFen: z.number(), evaluatedFen: z.number() })),
  failures: z.array(z.object({ caseId: z.string(), code: z.string(), message: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);

export function describeSimulationRoutes(registry: OpenAPIRegistry): void {
  const tags = ['policy simulation'];
  const id = { params: z.object({ simulationId: SimulationIdSchema }) };
  const readers = 'Roles admin, finance_clerk and auditor, for simulations whose scope is their division or under it.';
  registry.registerPath({
    method: 'post',
    path: '/eligibility/simulations',
    summary: '政策测算: re-evaluate every case in scope month by month under a scenario (proposed 低保标准, a standard edition not in force, a policy reading)',
    description:
      'Checked and recorded (stream simulation-<id>), then run off the request path in worker threads; poll GET /eligibility/simulations/{id}. Writes nothing to any case, determination or payment stream. Roles admin and finance_clerk, for a scope in their division or under it.',
    tags,
    request: { body: { content: { 'application/json': { schema: SimulationRequestSchema } } } },
    responses: {
      202: json(Started, 'recorded and running; Location names the simulation'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED (with paths); nothing was written'),
      403: problem('FORBIDDEN (role), DIVISION_OUT_OF_SCOPE (scope outside the actor’s division)'),
      422: problem('SIMULATION_SCOPE_INVALID, SCENARIO_STANDARD_UNKNOWN, SCENARIO_EDITION_INVALID, SCENARIO_NO_RULE_PACK, SCENARIO_RULE_PACK_INVALID, INVALID_FUNDING_SHARES; nothing was written'),
      503: problem('READ_MODEL_BEHIND (the catalog or the caseload read model did not catch up in 30 s); nothing was written'),
    },
  });
  registry.registerPath({ method: 'get', path: '/eligibility/simulations', summary: 'Simulations of the actor’s division and below', description: readers, tags, request: { query: ListQuerySchema }, responses: { 200: json(z.object({ items: z.array(View), nextCursor: z.string().nullable() }), 'a page'), ...authenticatedErrors } });
  registry.registerPath({ method: 'get', path: '/eligibility/simulations/{simulationId}', summary: 'One simulation: request, who ran it, progress, totals, result hash', description: readers, tags, request: id, responses: { 200: json(View, 'the simulation'), 404: problem('SIMULATION_NOT_FOUND'), ...authenticatedErrors } });
  registry.registerPath({
    method: 'get',
    path: '/eligibility/simulations/{simulationId}/rows',
    summary: 'Summary rows per month, county-level division and benefit: households and persons before/after, newly / no longer eligible, amounts and difference, by funding level',
    description: readers,
    tags,
    request: { ...id, query: RowsQuerySchema },
    responses: { 200: json(z.object({ rows: z.array(z.record(z.string(), z.unknown())) }), 'the rows'), 404: problem('SIMULATION_NOT_FOUND'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/eligibility/simulations/{simulationId}/changes',
    summary: 'The cases whose amount changes, in case-id order, with both amounts and the first trace step that differs',
    description: readers,
    tags,
    request: { ...id, query: ChangesQuerySchema },
    responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }), 'a page'), 404: problem('SIMULATION_NOT_FOUND'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/eligibility/simulations/{simulationId}/export.xlsx',
    summary: 'The result as a workbook: 说明 (scenario, scope, who, hash), 汇总 (rows), 变化案件 (changed cases)',
    description: readers,
    tags,
    request: id,
    responses: {
      200: { description: 'the workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } } },
      404: problem('SIMULATION_NOT_FOUND'),
      409: problem('SIMULATION_NOT_COMPLETED'),
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/eligibility/simulations/{simulationId}/replays',
    summary: 'Run a completed simulation again from what it recorded (standards, parameters and cases at their recorded revisions); the new one says whether its result hash is the same',
    description: 'Roles admin, finance_clerk and auditor.',
    tags,
    request: id,
    responses: { 202: json(Started, 'recorded and running'), 404: problem('SIMULATION_NOT_FOUND'), 409: problem('SIMULATION_NOT_COMPLETED'), ...authenticatedErrors },
  });
}
