import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  SERVICE_RUNTIME,
  authenticatedErrors,
  etagResponseHeader,
  IfMatchHeaderSchema,
  ProblemSchema,
  revisionErrors,
  z,
  type ServiceDefinition,
} from '@benefits/http';
import { OPEN_VAULT, VaultConnection, vaultFromEnvironment, type OpenVault } from './personal-data/vault-connection';
import { CLOCK, TefuCasesController, type Clock } from './tefu/tefu.controller';
import {
  ApproveCaseSchema,
  CaseCommandResultSchema,
  CaseIdParamsSchema,
  CaseViewSchema,
  CreateTefuCaseSchema,
  RecordDeterminationSchema,
  RejectCaseSchema,
  SubmitApplicationSchema,
} from './tefu/tefu.schemas';

@Module({})
class ApplicationsModule {}

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const withETag = (schema: z.ZodType, description: string) => ({ ...json(schema, description), headers: etagResponseHeader });
const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const caseRefusals = {
  403: problem('ROLE_NOT_ALLOWED, APPROVER_ROLE_REQUIRED, DIVISION_NOT_ALLOWED, MAKER_CHECKER_VIOLATION (or FORBIDDEN)'),
  404: problem('CASE_NOT_FOUND'),
  409: problem('CASE_ALREADY_SUBMITTED, CASE_NOT_SUBMITTED, CASE_ALREADY_DECIDED, DETERMINATION_STALE, DETERMINATION_NOT_FOUND, DETERMINATION_NOT_CURRENT, DETERMINATION_ID_REUSED'),
};

function describeRoutes(registry: OpenAPIRegistry): void {
  const tags = ['计生特扶 cases'];
  registry.registerPath({
    method: 'post',
    path: '/cases/tefu',
    summary: 'Register a 计生特扶 application: the household (spouses), the child event and its evidence',
    description:
      'Names and 身份证号 go to the personal-data vault; the case events carry only personRefs and sealed data. ' +
      'Roles intake_officer or case_officer, for their division or one under it.',
    tags,
    request: { body: body(CreateTefuCaseSchema) },
    responses: {
      201: withETag(CaseCommandResultSchema, 'the new case (revision 0)'),
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, INVALID_RESIDENT_ID, BIRTH_DATE_MISMATCH, DUPLICATE_RESIDENT_ID, DUPLICATE_MEMBER_ROLE, DATE_IN_FUTURE'),
      403: caseRefusals[403],
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
  const update = (path: string, summary: string, schema: z.ZodType, description: string, extraTags: string[] = []) =>
    registry.registerPath({
      method: 'post',
      path,
      summary,
      description,
      tags: [...tags, ...extraTags],
      request: { params: CaseIdParamsSchema, headers: IfMatchHeaderSchema, body: body(schema) },
      responses: {
        200: withETag(CaseCommandResultSchema, 'the case after the step'),
        ...authenticatedErrors,
        400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, IF_MATCH_INVALID, REJECTION_REASON_REQUIRED, INVALID_AMOUNT'),
        ...caseRefusals,
        ...revisionErrors,
      },
    });
  update('/cases/{caseId}/submit', 'Submit the application (申请)', SubmitApplicationSchema, 'Roles intake_officer or case_officer. Body: {}.');
  update(
    '/cases/{caseId}/determinations',
    'INTERNAL, temporary: record a determination of eligibility (until eligibility publishes it over Kafka)',
    RecordDeterminationSchema,
    "Accepted only if basedOnCaseRevision is the case's current facts revision (else DETERMINATION_STALE). " +
      'Roles case_officer or admin. The same determination sent again changes nothing.',
    ['internal'],
  );
  update(
    '/cases/{caseId}/approve',
    'Approve (审核确认) citing the current determination',
    ApproveCaseSchema,
    "Role approver of the case's division or a parent; whoever recorded any step of the case may not approve it (maker-checker).",
  );
  update('/cases/{caseId}/reject', 'Reject (审核确认, 不予批准) with reasons', RejectCaseSchema, 'Same rules as approval.');
}

export interface ApplicationsServiceOptions {
  /** Opens the personal-data vault; default: from the runtime configuration. */
  openVault?: OpenVault;
  /** The time commands are made at; default: the system clock. */
  clock?: Clock;
}

/** 申请受理: officers' intake and case workflow. */
export function createApplicationsService(options: ApplicationsServiceOptions = {}): ServiceDefinition {
  const openVault = options.openVault ?? vaultFromEnvironment();
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'applications',
    title: 'applications — 申请受理与案件办理',
    description: 'Intake, households and facts, and the case workflow of 低保, 临时救助 and 计生特扶.',
    module: (runtime) => ({
      module: ApplicationsModule,
      controllers: [TefuCasesController],
      providers: [
        { provide: SERVICE_RUNTIME, useValue: runtime },
        { provide: OPEN_VAULT, useValue: openVault },
        { provide: CLOCK, useValue: clock },
        VaultConnection,
      ],
    }),
    describeRoutes,
  };
}

export const applicationsService: ServiceDefinition = createApplicationsService();

// The integration-event consumer (determinations in, fact snapshots out): started by the process, see README.
export { APPLICATIONS_CONSUMER, createApplicationsConsumer, type ApplicationsConsumerSetup } from './integration/applications.consumer';
