import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  SERVICE_RUNTIME,
  authenticatedErrors,
  describeProjectionRoutes,
  etagResponseHeader,
  IfMatchHeaderSchema,
  ProblemSchema,
  readModelsModule,
  revisionErrors,
  z,
  type ServiceDefinition,
} from '@benefits/http';
import { describeParkedMessageRoutes, parkedMessagesModule } from '@benefits/http';
import { APPLICATIONS_CONSUMER } from './integration/applications.consumer';
import { OPEN_VAULT, VaultConnection, vaultFromEnvironment, type OpenVault } from './personal-data/vault-connection';
import type { WorkingDayCalendar } from './calendar/working-day-calendar';
import { businessDate, CalendarBook } from './calendar/calendar-book';
import { CALENDAR_BOOK, WorkingDayCalendarController } from './calendar/calendar.controller';
import { describeCalendarRoutes } from './calendar/calendar.openapi';
import { shippedCalendarYears } from './calendar/process-calendar';
import { DIBAO_POLICY, DibaoCasesController } from './dibao/dibao.controller';
import { describeDibaoRoutes } from './dibao/dibao.openapi';
import { defaultDibaoPolicy, type DibaoPolicy } from './dibao/policy';
import { LINSHI_POLICY, LinshiCasesController } from './linshi/linshi.controller';
import { describeLinshiRoutes } from './linshi/linshi.openapi';
import { DEFAULT_LINSHI_POLICY, type LinshiPolicy } from './linshi/policy';
import { caseIndexProjection, CaseIndexController, describeCaseIndexRoutes, type CaseIndexOptions } from './case-index';
import { BENEFIT_WORKFLOWS } from './workflows';
import { CLOCK, TEFU_POLICY, TefuCasesController, type Clock } from './tefu/tefu.controller';
import { DEFAULT_TEFU_POLICY, type TefuPolicy } from './tefu/decider';
import { TefuPaymentStatusSchema } from './tefu/payment-suspension.schemas';
import {
  AnnualReviewTickResultSchema,
  AnnualReviewTickSchema,
  EvidenceBodySchema,
  RecordFactSchema,
  TerminateCaseSchema,
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
  409: problem(
    'CASE_ALREADY_SUBMITTED, CASE_NOT_SUBMITTED, CASE_ALREADY_DECIDED, CASE_NOT_ACTIVE, CASE_TERMINATED, DETERMINATION_STALE, DETERMINATION_NOT_FOUND, ' +
      'DETERMINATION_NOT_CURRENT, DETERMINATION_ID_REUSED, ELIGIBILITY_NOT_CONFIRMED, FACT_NOT_FOUND, FACT_ALREADY_SUPERSEDED, FACT_ID_REUSED, MEMBER_ALREADY_DECEASED',
  ),
};

function describeRoutes(registry: OpenAPIRegistry): void {
  describeCaseIndexRoutes(registry);
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
  describeTefuLifecycleRoutes(registry, update, tags);
}

/** 计生特扶 after the application: 资格确认, evidence, facts, termination, 年审. */
function describeTefuLifecycleRoutes(
  registry: OpenAPIRegistry,
  update: (path: string, summary: string, schema: z.ZodType, description: string) => void,
  tags: string[],
): void {
  update(
    '/cases/{caseId}/eligibility-confirmation',
    '资格确认: confirm the conditions on the evidence (submitted case)',
    EvidenceBodySchema,
    'Roles intake_officer or case_officer. At least one evidence item (EVIDENCE_REQUIRED). Does not change the facts revision, so the ' +
      'determination stays current. Whoever confirms may not approve (maker-checker).',
  );
  update('/cases/{caseId}/evidence', 'Attach evidence documents (kind and reference) to the case', EvidenceBodySchema, 'Roles intake_officer or case_officer.');
  update(
    '/cases/{caseId}/facts',
    'Record an effective-dated household or person fact, or correct one (supersedes)',
    RecordFactSchema,
    'Roles intake_officer or case_officer. A correction names the record it supersedes; both stay in the history. Facts the 特扶 rules read ' +
      '(养老服务补贴, 失能/失智, death, child disability grade) change the facts revision and publish a facts snapshot effective from the fact date; ' +
      'the death of the last member terminates the case from the date of death. 400: UNKNOWN_DIVISION, FACT_SUBJECT_UNKNOWN, FACT_SUBJECT_INVALID, ' +
      'FACT_BEFORE_BIRTH, CORRECTION_MISMATCH, FACT_NOT_APPLICABLE, DATE_IN_FUTURE, INVALID_AMOUNT.',
  );
  update(
    '/cases/{caseId}/terminate',
    'Terminate (终止扶助) on a new birth, an adoption or the child\'s recovery, from the event date',
    TerminateCaseSchema,
    'Roles intake_officer or case_officer; evidence required. Nothing is due from eventDate on; the case refuses further steps (CASE_TERMINATED).',
  );
  update(
    '/cases/{caseId}/suspend',
    '停发: suspend payment of an active case from a date, with a reason',
    TefuPaymentStatusSchema,
    "Role approver of the case's division or a parent. Active case only (CASE_NOT_ACTIVE, CASE_TERMINATED); not while suspended (409 PAYMENT_ALREADY_SUSPENDED); " +
      'effectiveFrom not before the approval (400 EFFECTIVE_DATE_BEFORE_APPROVAL); reason required (400 SUSPENSION_REASON_REQUIRED). The case stays active. ' +
      'Published as integration event PaymentSuspended: disbursement pays no month from the month of effectiveFrom until a resumption.',
  );
  update(
    '/cases/{caseId}/resume',
    '恢复: resume payment of a suspended case from a date, with a reason',
    TefuPaymentStatusSchema,
    "Role approver of the case's division or a parent. Suspended active case only (409 PAYMENT_NOT_SUSPENDED); effectiveFrom not before the suspension's " +
      '(400 RESUMPTION_BEFORE_SUSPENSION). Published as integration event PaymentResumed: payments restart from the month of effectiveFrom; the months ' +
      'suspended are not paid back.',
  );
  update(
    '/cases/{caseId}/annual-reviews',
    '年审: confirm the annual review; schedules the next one',
    EvidenceBodySchema,
    'Roles intake_officer or case_officer, active case (CASE_NOT_ACTIVE), evidence required.',
  );
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

export interface ApplicationsServiceOptions {
  /** Opens the personal-data vault; default: from the runtime configuration. */
  openVault?: OpenVault;
  /** The time commands are made at; default: the system clock. */
  clock?: Clock;
  /** 计生特扶 workflow settings (年审 interval, 资格确认 required before approval); default DEFAULT_TEFU_POLICY. */
  tefuPolicy?: Partial<TefuPolicy>;
  /**
   * The working-day calendar (工作日历) underneath the published years; default: the years shipped in
   * calendar/published-calendars.json. Years published on the working-day-calendar stream add to or
   * supersede it (calendar/calendar-book.ts).
   */
  calendar?: WorkingDayCalendar;
  /** 低保 time limits and review intervals; default: defaultDibaoPolicy(calendar). */
  dibaoPolicy?: Partial<DibaoPolicy>;
  /** 临时救助 settings (先行救助 roles, paperwork days, 一事一救 period); default DEFAULT_LINSHI_POLICY. */
  linshiPolicy?: Partial<LinshiPolicy>;
  /** The case index's workflows and poll interval (GET /cases, the 年审 tick); its read store is `ServiceRuntime.readStore`, else from the environment. */
  caseIndex?: CaseIndexOptions;
}

/** 申请受理: officers' intake and case workflow. */
export function createApplicationsService(options: ApplicationsServiceOptions = {}): ServiceDefinition {
  const openVault = options.openVault ?? vaultFromEnvironment();
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'applications',
    title: 'applications — 申请受理与案件办理',
    description: 'Intake, households and facts, and the case workflow of 低保, 临时救助 and 计生特扶.',
    module: (runtime) => {
      // One calendar book per running service: the shipped (or given) years and the calendar stream.
      const book = new CalendarBook(options.calendar?.calendars ?? shippedCalendarYears());
      const dibaoPolicy: DibaoPolicy = { ...defaultDibaoPolicy(book.live(() => businessDate(clock()))), ...options.dibaoPolicy };
      return {
        module: ApplicationsModule,
        imports: [
          readModelsModule(runtime, {
            projections: ({ store }) => [caseIndexProjection({ store, workflows: options.caseIndex?.workflows ?? BENEFIT_WORKFLOWS })],
            pollIntervalMs: options.caseIndex?.pollIntervalMs,
          }),
          parkedMessagesModule(APPLICATIONS_CONSUMER),
        ],
        controllers: [CaseIndexController, TefuCasesController, DibaoCasesController, LinshiCasesController, WorkingDayCalendarController],
        providers: [
          { provide: SERVICE_RUNTIME, useValue: runtime },
          { provide: OPEN_VAULT, useValue: openVault },
          { provide: CLOCK, useValue: clock },
          { provide: TEFU_POLICY, useValue: { ...DEFAULT_TEFU_POLICY, ...options.tefuPolicy } },
          { provide: DIBAO_POLICY, useValue: dibaoPolicy },
          { provide: LINSHI_POLICY, useValue: { ...DEFAULT_LINSHI_POLICY, ...options.linshiPolicy } },
          { provide: CALENDAR_BOOK, useValue: book },
          VaultConnection,
        ],
      };
    },
    describeRoutes: (registry) => {
      describeRoutes(registry);
      describeDibaoRoutes(registry);
      describeLinshiRoutes(registry);
      describeCalendarRoutes(registry);
      describeProjectionRoutes(registry);
      describeParkedMessageRoutes(registry, APPLICATIONS_CONSUMER);
    },
  };
}

export const applicationsService: ServiceDefinition = createApplicationsService();

// The integration-event consumer (determinations in, fact snapshots out): started by the process, see README.
export { APPLICATIONS_CONSUMER, createApplicationsConsumer, type ApplicationsConsumerSetup } from './integration/applications.consumer';
