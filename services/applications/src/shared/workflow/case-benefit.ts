import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, type Type } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { newCaseId, type Actor, type Decider, type EventEnvelope } from '@benefits/kernel';
import { BENEFIT_ID_PATTERN } from '@benefits/standards';
import { CurrentActor, type SealedPersonalData } from '@benefits/identity';
import {
  authenticatedErrors,
  etagResponseHeader,
  IfMatchHeaderSchema,
  parseOrThrow,
  ProblemSchema,
  revisionErrors,
  SERVICE_RUNTIME,
  setETag,
  z,
  type ServiceRuntime,
} from '@benefits/http';
import type { BenefitWorkflow } from '../../integration/benefit-workflow';
import type { OpenState } from '../case-commands';
import { caseHandlingAccess, caseMetadata, caseResult, commandContextOf, type Clock } from '../case-http';
import { CaseIdParamsSchema, CaseIdSchema } from '../case-id.schema';
import { requireDivision, type CaseCommandMetadata } from '../case-rules';
import { CaseStepsController } from './step-controller';
import { ModuleCases } from './module-cases';
import { checkPersons, PLACEHOLDER_SEALED, placeholderRef, sealPersons, type PersonInput } from '../person-intake';
import { VaultConnection } from '../../personal-data/vault-connection';
import { openMembers } from '../case-view-helpers';
import { allowCaseListBenefit } from '../../case-index/case-list.schemas';
// The service's clock provider (declared with the 特扶 controller, which came first).
import { CLOCK } from '../../tefu/tefu.controller';
import type { StepRoute } from './step-routes';


type AnyCommand = { type: string; data: { caseId: string }; metadata: CaseCommandMetadata };
type AnyEvent = { type: string; data: unknown; actor: Actor | null };

/**
 * A benefit added to this service as a module of its own (docs/benefits/adding-a-benefit.md, ADR
 * 0019): its decider on the case-workflow engine, its route table, how an application creates a
 * case, what `GET /cases/<benefit>/{caseId}` shows, and its integration workflow (fact snapshots
 * out, determinations in, the case-list line). The service serves it with the controller and the
 * OpenAPI paths below; nothing of it is written into shared code.
 */
export interface CaseBenefitModule<Command extends AnyCommand = AnyCommand, Event extends AnyEvent = AnyEvent, State extends { status: string } = { status: string }> {
  benefit: string;
  /** OpenAPI tag and summaries, e.g. `示例补贴 cases`. */
  titleZh: string;
  /** The officers' words for the statuses (the web console shows the code where one is missing). */
  statusLabelsZh?: Readonly<Record<string, string>>;
  decider: Decider<Command, Event, State>;
  isEventType(type: string): boolean;
  stepRoutes: readonly StepRoute[];
  /**
   * Who takes each step and in which statuses — the `steps` of the benefit's case workflow, by
   * command type — so that the web console offers a step only to the roles and in the statuses its
   * decider accepts. Omitted: the console offers every step and the service's answer says why not.
   */
  steps?: Readonly<Record<string, StepOffer>>;
  /**
   * One person, one open case of the benefit (重复享受), as the shipped benefits keep it: the
   * statuses in which a case holds its persons and the person references of a case's state. An
   * application naming a person held by another open case is refused (409 PERSON_HAS_OPEN_CASE)
   * and writes nothing. Omitted: the benefit has no such rule.
   */
  onePersonOneCase?: { openStatuses: readonly State['status'][]; personRefs(state: State): readonly string[] };
  /** `POST /cases/<benefit>`: the application's body and the command it becomes. */
  create: {
    schema: z.ZodType;
    /**
     * The persons whose personal data the application carries (name, 身份证号, date of birth), in
     * the body's `members` order. They are checked (GB 11643, the date of birth agrees, no number
     * twice) and the application decided with stand-ins before the vault is touched — a refused
     * application registers nobody and writes nothing — then registered in the vault and sealed;
     * `command` receives each one's person reference and sealed data in the same order. Omitted: the
     * application carries no personal data (`persons` is empty).
     */
    persons?(body: unknown): readonly PersonInput[];
    command(caseId: string, body: unknown, metadata: CaseCommandMetadata, persons: readonly SealedPerson[]): Command;
  };
  /**
   * `GET /cases/<benefit>/{caseId}`: the case as officers see it. Sealed personal data never leaves
   * in clear: `openPersons` opens members from the vault, logged under the reader and masked for
   * their role (name, masked 身份证号, age; the date of birth for the roles that need it).
   */
  view(state: OpenState<State>, envelopes: readonly EventEnvelope[], personalData: { openPersons(members: readonly SealedMember[]): Promise<object[]> }): object | Promise<object>;
  workflow: BenefitWorkflow;
}

/** Of a workflow step, what says who may take it and when (see `CaseStep`). */
export interface StepOffer {
  by: readonly string[] | 'decisionMaker' | ((...args: never[]) => void);
  in: readonly string[] | 'own' | 'any';
}

/** A person of an application once sealed: their reference in the vault and their sealed name and 身份证号. */
export interface SealedPerson {
  personRef: string;
  personalData: SealedPersonalData;
}

/** A member as a case holds it: the person reference, the date of birth the rules read, the sealed data. */
export interface SealedMember extends SealedPerson {
  birthDate: string;
}

const registered = new Map<string, { module: CaseBenefitModule; controller: Type<unknown> }>();

/**
 * Registers a benefit module with the applications service (before the service is created): its
 * controller, OpenAPI paths and integration workflow join the shipped benefits'. The same module
 * again is a no-op; another module under a known benefit is refused.
 */
export function registerCaseBenefit<C extends AnyCommand, E extends AnyEvent, S extends { status: string }>(module: CaseBenefitModule<C, E, S>): void {
  const known = registered.get(module.benefit);
  if (known && known.module !== (module as unknown as CaseBenefitModule)) throw new RangeError(`benefit ${module.benefit} already has a case module`);
  if (!BENEFIT_ID_PATTERN.test(module.benefit)) throw new RangeError(`benefit id ${JSON.stringify(module.benefit)} must match ${BENEFIT_ID_PATTERN}`);
  if (['dibao', 'linshi', 'tefu'].includes(module.benefit)) throw new RangeError(`benefit ${module.benefit} is shipped with the service`);
  allowCaseListBenefit(module.benefit);
  if (!known) registered.set(module.benefit, { module: module as unknown as CaseBenefitModule, controller: caseBenefitController(module as unknown as CaseBenefitModule) });
}

/** The registered modules, in registration order. */
export function registeredCaseBenefits(): { module: CaseBenefitModule; controller: Type<unknown> }[] {
  return [...registered.values()];
}

/** The cases of a module: the shared command handler with the module's decider, and its per-person index if it keeps one. */
export function caseBenefitCases(store: ServiceRuntime['store'], module: CaseBenefitModule): ModuleCases {
  return new ModuleCases(store, module);
}

function caseBenefitController(module: CaseBenefitModule): Type<unknown> {
  type Update = AnyCommand;
  @Controller(`cases/${module.benefit}`)
  class RegisteredCaseBenefitController extends CaseStepsController<Update> {
    protected readonly stepRoutes = module.stepRoutes;
    protected readonly cases: ModuleCases;

    constructor(
      @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
      @Inject(CLOCK) private readonly clock: Clock,
      @Inject(VaultConnection) private readonly vault: VaultConnection,
    ) {
      super();
      this.cases = caseBenefitCases(runtime.store, module);
    }

    protected stepMetadata(actor: Actor): CaseCommandMetadata {
      return caseMetadata(this.clock, actor);
    }

    @Post()
    @HttpCode(201)
    async create(@CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown) {
      const input = parseOrThrow(module.create.schema, body ?? {});
      const metadata = this.stepMetadata(actor);
      const caseId = newCaseId();
      const persons = module.create.persons ? checkPersons(module.create.persons(input)) : [];
      // Decided first with stand-in persons: a refused application registers nobody and writes nothing.
      const standIns = persons.map((_, i) => ({ personRef: placeholderRef(i), personalData: PLACEHOLDER_SEALED(placeholderRef(i)) }));
      module.decider.decide(module.create.command(caseId, input, metadata, standIns), module.decider.initialState());
      if (persons.length === 0) return caseResult(await this.cases.create(module.create.command(caseId, input, metadata, []), commandContextOf(request)), response);
      const vault = await this.vault.vault();
      await this.cases.refuseKnownDuplicates(vault, caseId, persons);
      const sealed = await sealPersons(vault, persons);
      return caseResult(await this.cases.create(module.create.command(caseId, input, metadata, sealed), commandContextOf(request)), response);
    }

    @Get(':caseId')
    async get(@CurrentActor() actor: Actor, @Param('caseId') rawCaseId: string, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
      const loaded = await this.cases.load(parseOrThrow(CaseIdSchema, rawCaseId));
      requireDivision(actor, (loaded.state as unknown as { divisionCode: string }).divisionCode);
      const access = caseHandlingAccess(actor, request);
      const openPersons = async (members: readonly SealedMember[]) => openMembers(await this.vault.vault(), members, access, this.clock());
      const view = await module.view(loaded.state, loaded.envelopes, { openPersons });
      setETag(response, loaded.revision);
      return { revision: loaded.revision, ...view };
    }
  }
  Object.defineProperty(RegisteredCaseBenefitController, 'name', { value: `${module.benefit}CasesController` });
  return RegisteredCaseBenefitController;
}

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const ResultSchema = z.object({ caseId: z.string(), revision: z.number().int(), status: z.string() });
const withETag = (description: string) => ({ description, content: { 'application/json': { schema: ResultSchema } }, headers: etagResponseHeader });

/** The OpenAPI paths of a registered module: creation, the case view and every row of its route table. */
export function describeCaseBenefitRoutes(registry: OpenAPIRegistry, module: CaseBenefitModule): void {
  const tags = [`${module.titleZh} cases`];
  const base = `/cases/${module.benefit}`;
  registry.registerPath({
    method: 'post',
    path: base,
    summary: `Register a ${module.titleZh} application`,
    tags,
    request: { body: { content: { 'application/json': { schema: module.create.schema } } } },
    responses: {
      201: withETag('the new case (revision 0)'),
      ...authenticatedErrors,
      400: problem(`VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON${module.create.persons ? ', INVALID_RESIDENT_ID, BIRTH_DATE_MISMATCH, DUPLICATE_RESIDENT_ID' : ''}`),
      403: problem('ROLE_NOT_ALLOWED, DIVISION_NOT_ALLOWED (or FORBIDDEN)'),
      ...(module.onePersonOneCase ? { 409: problem('PERSON_HAS_OPEN_CASE: a person is held by another open case of the benefit (重复享受)') } : {}),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/{caseId}`,
    summary: `A ${module.titleZh} case`,
    tags,
    request: { params: CaseIdParamsSchema },
    responses: {
      200: { description: 'the case; ETag is its revision', content: { 'application/json': { schema: z.object({ revision: z.number().int() }).passthrough() } }, headers: etagResponseHeader },
      ...authenticatedErrors,
      403: problem('DIVISION_NOT_ALLOWED'),
      404: problem('CASE_NOT_FOUND'),
    },
  });
  for (const row of module.stepRoutes) {
    registry.registerPath({
      method: 'post',
      path: `${base}/{caseId}/${row.path}`,
      summary: row.summary,
      description: row.description,
      tags: row.internal ? [...tags, 'internal'] : tags,
      request: { params: CaseIdParamsSchema, headers: IfMatchHeaderSchema, body: { content: { 'application/json': { schema: row.schema } } } },
      responses: {
        200: withETag('the case after the step'),
        ...authenticatedErrors,
        400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, IF_MATCH_INVALID'),
        403: problem('ROLE_NOT_ALLOWED, DIVISION_NOT_ALLOWED, MAKER_CHECKER_VIOLATION (or FORBIDDEN)'),
        404: problem('CASE_NOT_FOUND'),
        409: problem('STEP_NOT_ALLOWED, CASE_ALREADY_DECIDED, and the refusals of the benefit'),
        ...revisionErrors,
      },
    });
  }
}
