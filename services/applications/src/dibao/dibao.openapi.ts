import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, etagResponseHeader, IfMatchHeaderSchema, ProblemSchema, revisionErrors, type z } from '@benefits/http';
import { CaseIdParamsSchema, CreateDibaoCaseSchema, DibaoCaseViewSchema, DibaoCommandResultSchema } from './dibao.schemas';
import { DIBAO_STEP_ROUTES } from './dibao.routes';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const withETag = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } }, headers: etagResponseHeader });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const refusals = {
  403: problem('ROLE_NOT_ALLOWED, APPROVER_ROLE_REQUIRED, DIVISION_NOT_ALLOWED, MAKER_CHECKER_VIOLATION (or FORBIDDEN)'),
  404: problem('CASE_NOT_FOUND, OBJECTION_NOT_FOUND'),
  409: problem(
    'STEP_NOT_ALLOWED, CASE_ALREADY_DECIDED, FINANCIAL_CHECK_FAILED, PUBLIC_NOTICE_NOT_OVER, OBJECTION_OPEN, OBJECTION_ALREADY_RESOLVED, ' +
      'NOTICE_ALREADY_DELIVERED, NO_PENDING_CHANGE, DETERMINATION_STALE, DETERMINATION_NOT_FOUND, DETERMINATION_NOT_CURRENT, DETERMINATION_ID_REUSED, ' +
      'DETERMINATION_NOT_ELIGIBLE, WORKING_DAY_CALENDAR_MISSING (the year’s working-day calendar is not published)',
  ),
};
const badInput =
  'VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, IF_MATCH_INVALID, DATE_IN_FUTURE, DATE_OUT_OF_ORDER, INCOME_OUTSIDE_CHECK_PERIOD, ' +
  'TOO_FEW_INVESTIGATORS, INVALID_VOTES, REJECTION_REASON_REQUIRED, EFFECTIVE_DATE_BEFORE_APPROVAL, MEMBER_NOT_IN_HOUSEHOLD, HOUSEHOLD_WOULD_BE_EMPTY, INVALID_AMOUNT';

/** The 低保 routes of the applications service's OpenAPI document. */
export function describeDibaoRoutes(registry: OpenAPIRegistry): void {
  const tags = ['低保 cases'];
  registry.registerPath({
    method: 'post',
    path: '/cases/dibao',
    summary: 'Register a 低保 application (申请): the household, its category and (optionally) a 单人户 request',
    description:
      'Names and 身份证号 go to the personal-data vault; events carry personRefs and sealed data. A person may be in one open or active 低保 ' +
      'case at a time, across households (PERSON_HAS_OPEN_DIBAO_CASE). Roles intake_officer or case_officer of the division or a parent.',
    tags,
    request: { body: body(CreateDibaoCaseSchema) },
    responses: {
      201: withETag(DibaoCommandResultSchema, 'the new case (revision 0)'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, INVALID_RESIDENT_ID, BIRTH_DATE_MISMATCH, DUPLICATE_RESIDENT_ID, APPLICANT_REQUIRED, DUPLICATE_MEMBER, DATE_IN_FUTURE, MEMBER_NOT_IN_HOUSEHOLD'),
      403: refusals[403],
      409: problem('PERSON_HAS_OPEN_DIBAO_CASE'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/cases/dibao/{caseId}',
    summary: 'A 低保 case: status, members (name and masked 身份证号), the steps recorded, determinations, open deadlines, timeline',
    tags,
    request: { params: CaseIdParamsSchema },
    responses: { 200: withETag(DibaoCaseViewSchema, 'the case; ETag is its revision'), ...authenticatedErrors, 403: refusals[403], 404: refusals[404] },
  });
  const step = (path: string, summary: string, schema: z.ZodType, description: string, extraTags: string[] = []) =>
    registry.registerPath({
      method: 'post',
      path: `/cases/dibao/{caseId}/${path}`,
      summary,
      description,
      tags: [...tags, ...extraTags],
      request: { params: CaseIdParamsSchema, headers: IfMatchHeaderSchema, body: body(schema) },
      responses: {
        200: withETag(DibaoCommandResultSchema, 'the case after the step'),
        ...authenticatedErrors,
        400: problem(badInput),
        ...refusals,
        ...revisionErrors,
      },
    });
  for (const route of DIBAO_STEP_ROUTES) step(route.path, route.summary, route.schema, route.description, route.internal ? ['internal'] : []);
}
