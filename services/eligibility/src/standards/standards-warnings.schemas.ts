import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { ACKNOWLEDGEMENT_NOTE_MAX, WARNING_ID_PATTERN } from '@benefits/standards';
import { StandardIdSchema, VersionIdSchema } from './standards.schemas';

export const WarningIdSchema = z
  .string()
  .regex(WARNING_ID_PATTERN, '<version id>-<position of the warning, from 1>')
  .openapi({ example: '2c8fa3c496992144-1' });

export const AcknowledgementRequestSchema = z
  .object({
    note: z
      .string()
      .max(ACKNOWLEDGEMENT_NOTE_MAX)
      .describe('what was checked against the source and why the warning does not matter (required, kept with the version)')
      .openapi({ example: '第37行系页眉，已核对原件，无遗漏' }),
  })
  .strict()
  .openapi('AcknowledgeParseWarningRequest');

const ActorSchema = z.object({ id: z.string(), role: z.string(), divisionCode: z.string() });

export const AcknowledgedSchema = z
  .object({ by: ActorSchema, at: z.string().describe('ISO timestamp'), note: z.string() })
  .openapi('ParseWarningAcknowledgement');

export const VersionWarningSchema = z
  .object({
    warningId: z.string().describe('stable: the version id and the position of the warning in the parse report'),
    line: z.number().int().describe('source line (1-based)'),
    endLine: z.number().int().nullable().describe('last line of the span, when the parser gives one'),
    code: z.string().openapi({ example: 'NUMBER_REPEATED' }),
    message: z.string(),
    acknowledged: AcknowledgedSchema.nullable().describe('null while open'),
  })
  .openapi('ParseWarning');

export const VersionWarningsSchema = z
  .object({
    standardId: z.string(),
    versionId: z.string(),
    divisionCode: z.string().describe("the standard's division: its admins (and those above) may acknowledge"),
    openWarnings: z.number().int().describe('warnings not yet acknowledged; the version cannot be activated while this is above 0'),
    warnings: z.array(VersionWarningSchema),
    revision: z.number().int().describe("the standard's stream revision"),
  })
  .openapi('StandardVersionWarnings');

export const AcknowledgementResultSchema = z
  .object({
    standardId: z.string(),
    versionId: z.string(),
    warning: VersionWarningSchema,
    openWarnings: z.number().int().describe('warnings of the version still open after this one'),
    revision: z.number().int().describe("the standard's stream revision after the acknowledgement (also the ETag)"),
  })
  .openapi('ParseWarningAcknowledged');

/** The open warnings a refused activation lists (details of 409 STANDARD_WARNINGS_UNACKNOWLEDGED). */
export const OpenWarningsDetailsSchema = z
  .object({
    standardId: z.string(),
    versionId: z.string(),
    openWarnings: z.array(z.object({ warningId: z.string(), line: z.number().int(), endLine: z.number().int().nullable(), code: z.string(), message: z.string() })),
  })
  .openapi('OpenParseWarnings');

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);

export function describeWarningRoutes(registry: OpenAPIRegistry): void {
  const tags = ['standards catalog'];
  const params = z.object({ standardId: StandardIdSchema, versionId: VersionIdSchema });
  registry.register('OpenParseWarnings', OpenWarningsDetailsSchema);
  registry.registerPath({
    method: 'get',
    path: '/standards/{standardId}/versions/{versionId}/warnings',
    summary: "A version's parse warnings, each with its id, line(s), code, message and acknowledgement (or null while open)",
    description:
      'A version with an open warning cannot be activated (POST /standards/{standardId}/activations answers 409 STANDARD_WARNINGS_UNACKNOWLEDGED with the open ones in details.openWarnings, see OpenParseWarnings). ' +
      'Acknowledge each, or import a corrected document: a new content hash is a new version with its own warnings.',
    tags,
    request: { params },
    responses: {
      200: json(VersionWarningsSchema, 'the warnings'),
      404: problem('STANDARD_NOT_FOUND, VERSION_NOT_FOUND'),
      ...authenticatedErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/standards/{standardId}/versions/{versionId}/warnings/{warningId}/acknowledgements',
    summary: 'Acknowledge one parse warning after checking it against the source, with a required note',
    description: "Role admin, of the standard's division or one above it. Recorded as standards.StandardWarningAcknowledged.v1; the answer carries the stream revision (ETag).",
    tags,
    request: {
      params: params.extend({ warningId: WarningIdSchema }),
      body: { content: { 'application/json': { schema: AcknowledgementRequestSchema } } },
    },
    responses: {
      ...authenticatedErrors,
      201: json(AcknowledgementResultSchema, 'the warning, now acknowledged'),
      400: problem('ACKNOWLEDGEMENT_NOTE_REQUIRED, ACKNOWLEDGEMENT_NOTE_TOO_LONG, VALIDATION_FAILED, UNKNOWN_FIELD; nothing was written'),
      404: problem('STANDARD_NOT_FOUND, VERSION_NOT_FOUND, WARNING_NOT_FOUND'),
      409: problem('WARNING_ALREADY_ACKNOWLEDGED (details: by whom, when, the note), CONFLICT (concurrent change; retry); nothing was written'),
      403: problem("FORBIDDEN (not an admin), DIVISION_OUT_OF_SCOPE (an admin of another division); nothing was written"),
    },
  });
}
