import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, etagResponseHeader, IfMatchHeaderSchema, ProblemSchema, revisionErrors, type z } from '@benefits/http';
import {
  AnnualReviewTickResultSchema,
  AnnualReviewTickSchema,
  CaseCommandResultSchema,
  CaseIdParamsSchema,
  CaseViewSchema,
  CreateTefuCaseSchema,
} from './tefu.schemas';
import { TEFU_STEP_ROUTES } from './tefu.routes';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const withETag = (schema: z.ZodType, description: string) => ({ ...json(schema, description), headers: etagResponseHeader });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const caseRefusals = {
  403: problem('ROLE_NOT_ALLOWED, APPROVER_ROLE_REQUIRED, DIVISION_NOT_ALLOWED, MAKER_CHECKER_VIOLATION (or FORBIDDEN)'),
  404: problem('CASE_NOT_FOUND'),
  409: problem(
    'CASE_ALREADY_SUBMITTED, CASE_NOT_SUBMITTED, CASE_ALREADY_DECIDED, CASE_NOT_ACTIVE, CASE_TERMINATED, DETERMINATION_STALE, DETERMINATION_NOT_FOUND, ' +
      'DETERMINATION_NOT_CURRENT, DETERMINATION_ID_REUSED, ELIGIBILITY_NOT_CONFIRMED, FACT_NOT_FOUND, FACT_ALREADY_SUPERSEDED, FACT_ID_REUSED, MEMBER_ALREADY_DECEASED',
  ),
};

/** The 计生特扶 routes of the applications service's OpenAPI document: creation, the case view, the step table, the 年审 tick. */
export function describeTefuRoutes(registry: OpenAPIRegistry): void {
  const tags = ['计生特扶 cases'];
  registry.registerPath({
    method: 'post',
    path: '/cases/tefu',
    summary: 'Register a 计生特扶 application: the household (spouses), the child event and its evidence',
    description:
      'Names and 身份证号 go to the personal-data vault; the case events carry only personRefs and sealed data. ' +
      'Roles intake_officer or case_officer, for their division or one under it. 重复享受: refused (PERSON_HAS_OPEN_CASE, the other case ids ' +
      'in details, nothing written) when a member is in another draft, submitted or active 特扶 case, unless an approver gives ' +
      'duplicateOverride with the legal basis (recorded as tefu.DuplicateCaseOverridden.v1).',
    tags,
    request: { body: body(CreateTefuCaseSchema) },
    responses: {
      201: withETag(CaseCommandResultSchema, 'the new case (revision 0)'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, INVALID_RESIDENT_ID, BIRTH_DATE_MISMATCH, DUPLICATE_RESIDENT_ID, DUPLICATE_MEMBER_ROLE, DATE_IN_FUTURE'),
      403: caseRefusals[403],
      409: problem('PERSON_HAS_OPEN_CASE, DUPLICATE_OVERRIDE_NOT_NEEDED'),
      422: problem('CHILD_EVENT_BEFORE_PARENTHOOD: the child event is dated before the elder spouse was 14 (a plausibility reading)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/cases/{caseId}',
    summary: 'A case: its state, members (name and masked 身份证号 from the vault) and timeline of events',
    tags,
    request: { params: CaseIdParamsSchema },
    responses: { 200: withETag(CaseViewSchema, 'the case; ETag is its revision'), ...authenticatedErrors, 403: caseRefusals[403], 404: caseRefusals[404] },
  });
  for (const route of TEFU_STEP_ROUTES) {
    registry.registerPath({
      method: 'post',
      path: `/cases/{caseId}/${route.path}`,
      summary: route.summary,
      description: route.description,
      tags: [...tags, ...(route.internal ? ['internal'] : [])],
      request: { params: CaseIdParamsSchema, headers: IfMatchHeaderSchema, body: body(route.schema) },
      responses: {
        200: withETag(CaseCommandResultSchema, 'the case after the step'),
        ...authenticatedErrors,
        400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, IF_MATCH_INVALID, REJECTION_REASON_REQUIRED, INVALID_AMOUNT'),
        ...caseRefusals,
        ...revisionErrors,
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/cases/tefu/annual-reviews/tick',
    summary: '年审 tick: record AnnualReviewOverdue on every active case of your division whose due date has passed',
    description:
      'Role admin (cron). Idempotent: a due date found overdue once is not recorded again. `today` defaults to today in Asia/Shanghai. ' +
      "The cases come from the case index (active 特扶 cases of your division and below with a 年审 due on or before `today`, in pages), after it has applied " +
      'everything committed before the request (waits up to 5 s, else 503 READ_MODEL_BEHIND with Retry-After); each one is then decided on its own stream.',
    tags,
    request: { body: body(AnnualReviewTickSchema) },
    responses: {
      200: json(AnnualReviewTickResultSchema, 'what the tick examined and recorded'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, DATE_IN_FUTURE'),
      403: problem('ROLE_NOT_ALLOWED'),
      503: {
        description: 'READ_MODEL_BEHIND (the case index did not catch up in time; Retry-After), READ_MODEL_UNAVAILABLE',
        headers: { 'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' as const } } },
        content: { 'application/json': { schema: ProblemSchema } },
      },
    },
  });
}
