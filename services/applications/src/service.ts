import { Module } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { SERVICE_RUNTIME, describeProjectionRoutes, readModelsModule, type ServiceDefinition } from '@benefits/http';
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
import { benefitWorkflows } from './workflows';
import { describeCaseBenefitRoutes, registeredCaseBenefits } from './shared/workflow/case-benefit';
import { CaseBenefitsController, describeCaseBenefitsRoute } from './shared/workflow/case-benefits.controller';
import { CLOCK, TEFU_POLICY, TefuCasesController, type Clock } from './tefu/tefu.controller';
import { DEFAULT_TEFU_POLICY, type TefuPolicy } from './tefu/decider';
import { describeTefuRoutes } from './tefu/tefu.openapi';

@Module({})
class ApplicationsModule {}

function describeRoutes(registry: OpenAPIRegistry): void {
  describeCaseIndexRoutes(registry);
  describeTefuRoutes(registry);
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
      // Benefits registered as modules (registerCaseBenefit) are served next to the shipped ones.
      const added = registeredCaseBenefits();
      // One calendar book per running service: the shipped (or given) years and the calendar stream.
      const book = new CalendarBook(options.calendar?.calendars ?? shippedCalendarYears());
      const dibaoPolicy: DibaoPolicy = { ...defaultDibaoPolicy(book.live(() => businessDate(clock()))), ...options.dibaoPolicy };
      return {
        module: ApplicationsModule,
        imports: [
          readModelsModule(runtime, {
            projections: ({ store }) => [caseIndexProjection({ store, workflows: options.caseIndex?.workflows ?? benefitWorkflows() })],
            pollIntervalMs: options.caseIndex?.pollIntervalMs,
          }),
          parkedMessagesModule(APPLICATIONS_CONSUMER),
        ],
        controllers: [CaseIndexController, TefuCasesController, DibaoCasesController, LinshiCasesController, WorkingDayCalendarController, CaseBenefitsController, ...added.map((a) => a.controller)],
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
      describeCaseBenefitsRoute(registry);
      for (const { module } of registeredCaseBenefits()) describeCaseBenefitRoutes(registry, module);
      describeCalendarRoutes(registry);
      describeProjectionRoutes(registry);
      describeParkedMessageRoutes(registry, APPLICATIONS_CONSUMER);
    },
  };
}

export const applicationsService: ServiceDefinition = createApplicationsService();

// The integration-event consumer (determinations in, fact snapshots out): started by the process, see README.
export { APPLICATIONS_CONSUMER, applicationsConsumerTopics, createApplicationsConsumer, type ApplicationsConsumerSetup } from './integration/applications.consumer';
