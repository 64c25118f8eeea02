import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, etagResponseHeader, IfMatchHeaderSchema, ProblemSchema, revisionErrors, type z } from '@benefits/http';
import { CaseIdParamsSchema } from '../dibao/dibao.schemas';
import { CreateLinshiCaseSchema, LinshiCaseViewSchema, LinshiCommandResultSchema } from './linshi.schemas';
import { LINSHI_STEP_ROUTES } from './linshi.routes';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const withETag = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } }, headers: etagResponseHeader });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const refusals = {
  403: problem('ROLE_NOT_ALLOWED, APPROVER_ROLE_REQUIRED, ADVANCE_AID_NOT_AUTHORISED, DIVISION_NOT_ALLOWED, MAKER_CHECKER_VIOLATION (or FORBIDDEN)'),
  404: problem('CASE_NOT_FOUND'),
  409: problem(
    'STEP_NOT_ALLOWED, CASE_ALREADY_DECIDED, ADVANCE_AID_ONLY_FOR_EMERGENCY, NO_CAP_DETERMINED, AMOUNT_ABOVE_CAP, PAPERWORK_ALREADY_COMPLETED, ' +
      'INSTALMENT_OUT_OF_ORDER, INSTALMENT_ABOVE_APPROVED, DETERMINATION_STALE, DETERMINATION_NOT_FOUND, DETERMINATION_NOT_CURRENT, DETERMINATION_ID_REUSED, DETERMINATION_NOT_ELIGIBLE',
  ),
};
const badInput =
  'VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, IF_MATCH_INVALID, DATE_IN_FUTURE, DATE_OUT_OF_ORDER, INVALID_AMOUNT, OVERRIDE_REASON_REQUIRED, INSTALMENTS_DO_NOT_ADD_UP, REJECTION_REASON_REQUIRED';

/** The 临时救助 routes of the applications service's OpenAPI document. */
export function describeLinshiRoutes(registry: OpenAPIRegistry): void {
  const tags = ['临时救助 cases'];
  registry.registerPath({
    method: 'post',
    path: '/cases/linshi',
    summary: 'Register a 临时救助 application (急难型 or 支出型 with its expenditure evidence)',
    description:
      '一事一救: refused (SAME_CAUSE_WITHIN_PERIOD) when a member applied for the same cause within the configured period, unless ' +
      'sameCauseOverrideReason is given (recorded on the case). 重复享受: refused (PERSON_HAS_OPEN_CASE, the other case ids in details) ' +
      'when a member is in another undecided 临时救助 case, unless an approver gives duplicateOverride with the legal basis. Roles ' +
      'intake_officer or case_officer; approver with duplicateOverride.',
    tags,
    request: { body: body(CreateLinshiCaseSchema) },
    responses: {
      201: withETag(LinshiCommandResultSchema, 'the new case (revision 0)'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, INVALID_RESIDENT_ID, BIRTH_DATE_MISMATCH, DUPLICATE_RESIDENT_ID, APPLICANT_REQUIRED, DUPLICATE_MEMBER, DATE_IN_FUTURE, EXPENDITURE_EVIDENCE_REQUIRED, INVALID_AMOUNT'),
      403: refusals[403],
      409: problem('SAME_CAUSE_WITHIN_PERIOD, PERSON_HAS_OPEN_CASE, DUPLICATE_OVERRIDE_NOT_NEEDED'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/cases/linshi/{caseId}',
    summary: 'A 临时救助 case: application, members, determinations, aid granted, paperwork, instalments, open deadlines, timeline',
    tags,
    request: { params: CaseIdParamsSchema },
    responses: { 200: withETag(LinshiCaseViewSchema, 'the case; ETag is its revision'), ...authenticatedErrors, 403: refusals[403], 404: refusals[404] },
  });
  const step = (path: string, summary: string, schema: z.ZodType, description: string, extraTags: string[] = []) =>
    registry.registerPath({
      method: 'post',
      path: `/cases/linshi/{caseId}/${path}`,
      summary,
      description,
      tags: [...tags, ...extraTags],
      request: { params: CaseIdParamsSchema, headers: IfMatchHeaderSchema, body: body(schema) },
      responses: { 200: withETag(LinshiCommandResultSchema, 'the case after the step'), ...authenticatedErrors, 400: problem(badInput), ...refusals, ...revisionErrors },
    });
  for (const route of LINSHI_STEP_ROUTES) step(route.path, route.summary, route.schema, route.description, route.internal ? ['internal'] : []);
}
