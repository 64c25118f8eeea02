import { Body, Controller, Get, HttpCode, Inject, Logger, Param, Post, Query, Req, Res, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage as Request, ServerResponse } from 'node:http';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { isWithinDivision, StandardsErrors } from '@benefits/standards';
import { correlationIdOf } from '../request-body';
import { writeSimulationWorkbook } from './export';
import { SimulationRunErrors, SimulationRunner, type SimulationView } from './runner';
import { ChangesQuerySchema, ListQuerySchema, RowsQuerySchema, SimulationIdSchema } from './simulations.schemas';

/**
 * 政策测算 over HTTP. Running and replaying: roles admin (民政) and finance_clerk (财政), for a scope in
 * their division or under it; reading: those and auditor (审计). Case officers and approvers decide
 * cases, not policy: they are refused. A simulation writes only its own stream.
 */
const RUNNERS = ['admin', 'finance_clerk'];
const READERS = ['admin', 'finance_clerk', 'auditor'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function assertRole(actor: Actor, roles: readonly string[]): void {
  if (!roles.includes(actor.role)) throw Errors.FORBIDDEN({ reason: 'role', required: roles, role: actor.role });
}

function assertDivision(actor: Actor, divisionCode: string): void {
  if (!isWithinDivision(divisionCode, actor.divisionCode)) throw StandardsErrors.DIVISION_OUT_OF_SCOPE({ divisionCode, actorDivision: actor.divisionCode });
}

function scopeDivisionOf(body: unknown): string | null {
  const code = (body as { scope?: { divisionCode?: unknown } } | null)?.scope?.divisionCode;
  return typeof code === 'string' && /^\d{6}$/.test(code) ? code : null;
}

/** How often the service looks for runs a stopped process left unfinished (and resumes them). */
const RESUME_SWEEP_MS = 60_000;

@Controller('eligibility/simulations')
export class SimulationsController implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: SimulationRunner;
  private readonly logger = new Logger('SimulationRunner');
  private sweep: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.runner = new SimulationRunner(runtime.store, readModels);
  }

  /** Runs left `running` by a stopped process are resumed at start and looked for every minute. */
  onApplicationBootstrap(): void {
    const resume = () => {
      if (this.closing) return;
      this.sweeping = this.runner
        .resumeInterrupted()
        .then((ids) => {
          if (ids.length > 0) this.logger.log(`resumed interrupted simulations: ${ids.join(', ')}`);
        })
        .catch((error: unknown) => {
          if (!this.closing) this.logger.warn(`looking for interrupted simulations failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    };
    resume();
    this.sweep = setInterval(resume, RESUME_SWEEP_MS);
    this.sweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.sweep) clearInterval(this.sweep);
    await this.sweeping;
    await this.runner.close();
  }

  @Post()
  @HttpCode(202)
  async start(@CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown) {
    assertRole(actor, RUNNERS);
    // The division is checked before anything else is read: a refused scope learns nothing about the catalog.
    const division = scopeDivisionOf(body);
    if (division) assertDivision(actor, division);
    const started = await this.runner.start(body, actor, correlationIdOf(request));
    response.setHeader('Location', `/eligibility/simulations/${started.simulationId}`);
    return started;
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    assertRole(actor, READERS);
    const q = parseOrThrow(ListQuerySchema, query);
    return this.runner.list({ divisionCode: actor.divisionCode, cursor: q.cursor ?? null, limit: q.limit });
  }

  @Get(':simulationId')
  async get(@CurrentActor() actor: Actor, @Param('simulationId') simulationId: string): Promise<SimulationView> {
    return this.readable(actor, simulationId);
  }

  @Get(':simulationId/rows')
  async rows(@CurrentActor() actor: Actor, @Param('simulationId') simulationId: string, @Query() query: unknown) {
    await this.readable(actor, simulationId);
    const q = parseOrThrow(RowsQuerySchema, query);
    return { rows: (await this.runner.rows(simulationId, q)) ?? [] };
  }

  @Get(':simulationId/changes')
  async changes(@CurrentActor() actor: Actor, @Param('simulationId') simulationId: string, @Query() query: unknown) {
    await this.readable(actor, simulationId);
    const q = parseOrThrow(ChangesQuerySchema, query);
    return this.runner.changedCases(simulationId, { ...q, cursor: q.cursor ?? null });
  }

  @Get(':simulationId/export.xlsx')
  async export(@CurrentActor() actor: Actor, @Param('simulationId') simulationId: string, @Res() response: ServerResponse): Promise<void> {
    const view = await this.readable(actor, simulationId);
    if (view.status !== 'completed') throw SimulationRunErrors.SIMULATION_NOT_COMPLETED({ simulationId, status: view.status });
    response.statusCode = 200;
    response.setHeader('Content-Type', XLSX);
    response.setHeader('Content-Disposition', `attachment; filename="simulation-${simulationId}.xlsx"`);
    await writeSimulationWorkbook(this.runner, view, response);
  }

  @Post(':simulationId/replays')
  @HttpCode(202)
  async replay(@CurrentActor() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: ServerResponse, @Param('simulationId') simulationId: string) {
    assertRole(actor, READERS);
    await this.readable(actor, simulationId);
    const started = await this.runner.replay(simulationId, actor, correlationIdOf(request));
    response.setHeader('Location', `/eligibility/simulations/${started.simulationId}`);
    return started;
  }

  private async readable(actor: Actor, simulationId: string): Promise<SimulationView> {
    assertRole(actor, READERS);
    if (!SimulationIdSchema.safeParse(simulationId).success) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'simulationId', message: 'expected a UUID' }] });
    const view = await this.runner.get(simulationId);
    // Another division's simulation is reported as not found: its existence is not disclosed.
    if (!view || !isWithinDivision(view.request.scope.divisionCode, actor.divisionCode)) throw SimulationRunErrors.SIMULATION_NOT_FOUND({ simulationId });
    return view;
  }
}
