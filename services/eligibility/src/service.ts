import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  SERVICE_RUNTIME,
  authenticatedErrors,
  describeProjectionRoutes,
  ProblemSchema,
  readModelsModule,
  z,
  type ServiceDefinition,
} from '@benefits/http';
import { describeParkedMessageRoutes, parkedMessagesModule } from '@benefits/http';
import { ELIGIBILITY_CONSUMER } from './determinations/determinations.consumer';
import { eligibilityProjections, ReadModelsSharing } from './read-models';
import { ParametersController } from './parameters/parameters.controller';
import {
  ParameterLookupSchema,
  ParameterNameSchema,
  ParameterQuerySchema,
  PublishParameterSchema,
  PublishResultSchema,
} from './parameters/parameters.schemas';
import { EvaluateController } from './evaluate/evaluate.controller';
import { SimulationsController } from './simulations/simulations.controller';
import { describeSimulationRoutes } from './simulations/simulations.schemas';
import { DeterminationsController } from './determinations/determinations.controller';
import { CaseDeterminationsSchema, ExtendSchedulesRequestSchema, RedeterminationRequestSchema, RunSummarySchema } from './determinations/determinations.schemas';
import { describeEvaluateRoutes } from './evaluate/evaluate.schemas';
import { RulePacksController } from './rule-packs/rule-packs.controller';
import { LoadedRulePackSchema, PackIdSchema, PackUsageQuerySchema, PublishRulePackResultSchema, RulePackInputSchema, RulePackSummarySchema } from './rule-packs/rule-packs.schemas';
import { StandardsController } from './standards/standards.controller';
import { StandardsWarningsController } from './standards/standards-warnings.controller';
import { describeWarningRoutes } from './standards/standards-warnings.schemas';
import {
  ActivationRequestSchema,
  ActivationSchema,
  DiffQuerySchema,
  DiffSchema,
  ImportJsonSchema,
  ImportQuerySchema,
  ImportResultSchema,
  InForceQuerySchema,
  InForceSchema,
  ItemSchema,
  ItemsQuerySchema,
  StandardDetailSchema,
  StandardIdSchema,
  StandardSchema,
  VersionIdSchema,
} from './standards/standards.schemas';

@Module({})
class EligibilityModule {}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);
/** The catalog and the active-case index are read models: a read that must see everything committed before it waits for them, boundedly. */
const behind = (what: string) => ({
  description: `READ_MODEL_BEHIND (${what} did not catch up in time; retry after Retry-After seconds), READ_MODEL_UNAVAILABLE`,
  headers: { 'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' as const } } },
  content: { 'application/json': { schema: ProblemSchema } },
});
const catalogBehind = behind('the standards catalog read model; nothing was written');
const runBehind = (written: string) =>
  behind(`the standards catalog or active-cases read model, waited for up to 30 s; ${written}the run can be repeated with POST /eligibility/redeterminations, idempotently`);

function describeRoutes(registry: OpenAPIRegistry): void {
  const tags = ['standards catalog'];
  registry.registerPath({
    method: 'post',
    path: '/standards/import',
    summary: 'Import a standards document (idempotent by content hash); a draft or undated one is never in force by itself',
    description:
      'Send the document as published — a PDF with a text layer (application/pdf), a Word file (application/vnd.openxmlformats-officedocument.wordprocessingml.document) or UTF-8 text (text/plain) — as the raw body with ?division= (and optional sourceName), or JSON { text, sourceName, divisionCode }. ' +
      'The answer lists the parse warnings with their lines; a version with warnings is imported but cannot be activated until each is acknowledged. No OCR: a scanned PDF is refused. Role admin, for its own division or one under it. ' +
      'The same document under another division is refused against the catalog read model after it has applied everything committed before the request.',
    tags,
    request: {
      query: ImportQuerySchema.partial(),
      body: {
        content: {
          'application/json': { schema: ImportJsonSchema },
          'text/plain': { schema: z.string() },
          'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
    },
    responses: {
      201: json(ImportResultSchema, 'the version (created: false when the same content was already imported)'),
      413: problem('PAYLOAD_TOO_LARGE, DOCUMENT_TOO_LARGE'),
      409: problem('DOCUMENT_ALREADY_IMPORTED (for another division), CONFLICT (concurrent change); nothing was written'),
      422: problem('DOCUMENT_UNPARSEABLE, DIVISION_LEVEL_MISMATCH, PDF_NO_TEXT_LAYER (a scan; no OCR), PDF_UNREADABLE, DOCX_UNREADABLE, UNSUPPORTED_FORMAT (e.g. an old .doc), NOT_UTF8; nothing was written'),
      503: catalogBehind,
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/standards',
    summary: 'Every standard with its versions and activations',
    description: 'From the read model eligibility.standards-catalog, after it has applied everything committed before the request (waits up to 5 s).',
    tags,
    responses: { 200: json(z.object({ standards: z.array(StandardSchema) }), 'the catalog'), 503: catalogBehind, ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/standards/in-force',
    summary: 'The standard version in force for a division, benefit and date (searching up to the city and province)',
    tags,
    request: { query: InForceQuerySchema },
    responses: {
      200: json(InForceSchema, 'the version, its basis (document or activation) and the benefit items'),
      404: problem('no standard in force (NOT_FOUND)'),
      503: catalogBehind,
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/standards/{standardId}',
    summary: 'One standard: versions, their document metadata, and activations',
    tags,
    request: { params: z.object({ standardId: StandardIdSchema }) },
    responses: { 200: json(StandardDetailSchema, 'the standard'), 404: problem('STANDARD_NOT_FOUND'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/standards/{standardId}/versions/{versionId}/items',
    summary: "A version's service items with their field text, line references and content hashes",
    tags,
    request: { params: z.object({ standardId: StandardIdSchema, versionId: VersionIdSchema }), query: ItemsQuerySchema },
    responses: {
      200: json(z.object({ standardId: z.string(), versionId: z.string(), items: z.array(ItemSchema) }), 'the items'),
      404: problem('STANDARD_NOT_FOUND, VERSION_NOT_FOUND'),
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/standards/{standardId}/diff',
    summary: 'Item-by-item difference between two versions',
    tags,
    request: { params: z.object({ standardId: StandardIdSchema }), query: DiffQuerySchema },
    responses: { 200: json(DiffSchema, 'added, removed and changed items'), 404: problem('STANDARD_NOT_FOUND, VERSION_NOT_FOUND'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/standards/{standardId}/activations',
    summary: 'Make a version usable for a division from a date (labelled; required for drafts and undated documents)',
    tags,
    request: { params: z.object({ standardId: StandardIdSchema }), body: { content: { 'application/json': { schema: ActivationRequestSchema } } } },
    responses: {
      201: json(
        ActivationSchema.omit({ eventId: true, recordedAt: true }).extend({ redetermination: RunSummarySchema }),
        'the activation, and the redetermination of the active cases of the division (and under it) from its date',
      ),
      404: problem('STANDARD_NOT_FOUND, VERSION_NOT_FOUND'),
      409: problem('STANDARD_WARNINGS_UNACKNOWLEDGED (the version has parse warnings nobody acknowledged; details.openWarnings lists them, see OpenParseWarnings), CONFLICT; nothing was written'),
      422: problem('ACTIVATION_OUTSIDE_STANDARD'),
      503: runBehind('the activation is recorded but its redetermination did not run; '),
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/parameters/{name}',
    summary: 'Publish a dated parameter value (or a correction that supersedes an entry, possibly retroactively)',
    tags: ['parameters'],
    request: { params: z.object({ name: ParameterNameSchema }), body: { content: { 'application/json': { schema: PublishParameterSchema } } } },
    responses: {
      201: json(
        PublishResultSchema.extend({ redetermination: RunSummarySchema.optional() }),
        'the entry (created: false when identical to the one already published); for a new dibao.standard entry, the redetermination of the active 低保 cases of the division (and under it) from its month',
      ),
      404: problem('UNKNOWN_PARAMETER'),
      409: problem('PARAMETER_ALREADY_PUBLISHED, ENTRY_ALREADY_SUPERSEDED, CONFLICT'),
      422: problem('SUPERSEDED_ENTRY_NOT_FOUND'),
      503: runBehind('for a new dibao.standard entry: the entry is recorded but its redetermination did not run; '),
      ...authenticatedErrors,
      400: problem('invalid input (VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON); for linshi.band-table also BAND_TABLE_INVALID (details.issues, each with a path and an issue code) and BAND_TABLE_SOURCE_INCOMPLETE (文号, title and issuer required)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/parameters/{name}',
    summary: 'A parameter as effective on a date, as known now or at a time / log position; falls back to the city and province',
    tags: ['parameters'],
    request: { params: z.object({ name: ParameterNameSchema }), query: ParameterQuerySchema },
    responses: { 200: json(ParameterLookupSchema, 'the entry that applies'), 404: problem('no value (NOT_FOUND)'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/rule-packs',
    summary: 'The shipped rule packs and those published on the catalog (benefit, jurisdiction, standard version, readings, which one is in use)',
    tags: ['rule packs'],
    responses: { 200: json(z.object({ rulePacks: z.array(RulePackSummarySchema) }), 'the packs'), 503: catalogBehind, ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/rule-packs',
    summary: 'Publish a rule pack for a standard version (role admin of its division): checked against the engine and the catalogued text, recorded on the standard stream, never edited',
    description:
      'The pack id is <benefit>-<division code of the standard>-<edition>. Every parameter key must be one the benefit\'s engine reads, with the right kind of value, and the pack must carry the keys the engine needs (RULE_PACK_SHAPE_INVALID lists what is wrong). ' +
      'Every quote must occur in its item and field of the cited version, and every value must be printed in its own quote (RULE_PACK_INVALID lists every problem). ' +
      'The same pack again: 201 with created false, nothing written. The same id with other content: 409 RULE_PACK_EXISTS (publish a correction under a new id). ' +
      'The latest pack published for a benefit and version is used by determinations from then on (replacing a shipped one); earlier determinations keep the pack they name. ' +
      'Active cases are not redetermined by the publication: run POST /eligibility/redeterminations for the division and date if the new pack should apply to them.',
    tags: ['rule packs'],
    request: { body: { content: { 'application/json': { schema: RulePackInputSchema } } } },
    responses: {
      201: json(PublishRulePackResultSchema, 'the pack as recorded (created false when already published or shipped identically)'),
      404: problem('STANDARD_NOT_FOUND'),
      409: problem('RULE_PACK_EXISTS, CONFLICT; nothing was written'),
      422: problem('RULE_PACK_ID_INVALID, RULE_PACK_SHAPE_INVALID (details.problems), RULE_PACK_INVALID (details.problems: version-not-found, item-not-found, field-not-found, quote-not-found, value-not-in-quote); nothing was written'),
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/rule-packs/{packId}',
    summary: 'A rule pack loaded against the catalog (every quote checked); with division and date, also checked usable there',
    tags: ['rule packs'],
    request: { params: z.object({ packId: PackIdSchema }), query: PackUsageQuerySchema },
    responses: {
      200: json(LoadedRulePackSchema, 'parameters with citations and standardRef, and the named readings'),
      404: problem('no such pack (NOT_FOUND)'),
      422: problem('RULE_PACK_INVALID (a citation does not match the catalogued text, or its standard version is not imported), RULE_PACK_NOT_USABLE'),
      503: catalogBehind,
      ...authenticatedErrors,
    },
  });
  describeEvaluateRoutes(registry);
  const determinationTags = ['determinations'];
  registry.registerPath({
    method: 'post',
    path: '/eligibility/redeterminations',
    summary: 'Redetermine every active case of a division (and under it) from a date: new determinations and superseding schedules; earlier periods unchanged',
    description:
      'Runs by itself when a dibao.standard value is published or a standard version is activated; this route repeats it or runs it for another cause. Idempotent per (division, benefit, date, reason). Role admin. ' +
      'The cases come from the read model eligibility.active-cases (division and below, benefit), page by page, after it has applied everything committed before the request.',
    tags: determinationTags,
    request: { body: { content: { 'application/json': { schema: RedeterminationRequestSchema } } } },
    responses: { 200: json(RunSummarySchema, 'what was recomputed'), 503: runBehind(''), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/eligibility/schedules/extend',
    summary: 'Issue the next horizon (12 more months, 2 more years for yearly payment) of every schedule ending within leadMonths of asOf',
    description:
      'Run it monthly (e.g. from a scheduler) before the payment runs; idempotent per case and old horizon. Role admin. ' +
      'The cases come from the read model eligibility.active-cases, page by page, after it has applied everything committed before the request.',
    tags: determinationTags,
    request: { body: { content: { 'application/json': { schema: ExtendSchedulesRequestSchema } } } },
    responses: { 200: json(RunSummarySchema, 'what was extended'), 503: behind('the standards catalog or active-cases read model, waited for up to 30 s; repeat the request, idempotently'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/eligibility/cases/{caseId}/determinations',
    summary: "A case's determinations and entitlement schedules (determination-<caseId>), with traces",
    tags: determinationTags,
    request: { params: z.object({ caseId: z.string().uuid() }) },
    responses: { 200: json(CaseDeterminationsSchema, 'the stream, folded'), 404: problem('NOT_FOUND'), ...authenticatedErrors },
  });
}

/** 资格认定: standards catalog and rule engines producing determinations. */
export const eligibilityService: ServiceDefinition = {
  name: 'eligibility',
  title: 'eligibility — 标准目录与资格认定',
  description: 'Standards catalog, parameter series, rule engines and determinations pinned to a standard version and clause.',
  module: (runtime) => ({
    module: EligibilityModule,
    imports: [readModelsModule(runtime, { projections: ({ store }) => eligibilityProjections(store) }), parkedMessagesModule(ELIGIBILITY_CONSUMER)],
    controllers: [StandardsController, StandardsWarningsController, ParametersController, RulePacksController, EvaluateController, DeterminationsController, SimulationsController],
    providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }, ReadModelsSharing],
  }),
  describeRoutes: (registry) => {
    describeRoutes(registry);
    describeWarningRoutes(registry);
    describeSimulationRoutes(registry);
    describeProjectionRoutes(registry);
    describeParkedMessageRoutes(registry, ELIGIBILITY_CONSUMER);
  },
};

// The integration-event consumer (fact snapshots and approvals in, determinations out): started by the process, see README.
export { ELIGIBILITY_CONSUMER, createEligibilityConsumer, eligibilityConsumerTopics, type EligibilityConsumerSetup } from './determinations/determinations.consumer';
