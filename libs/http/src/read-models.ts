import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, HttpCode, Inject, Module, Param, Post, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import {
  createDocumentStore,
  ReadModels,
  type DocumentStore,
  type Projection,
  type ProjectionSource,
  type ProjectionStatus,
} from '@benefits/read-store';
import { loadRuntimeConfig } from './config';
import { authenticatedErrors, ProblemSchema, z } from './openapi';
import { SERVICE_RUNTIME, type ServiceRuntime } from './service-app';
import type { SqlDatabase } from '@benefits/sql';

/** Opens the database a service's read models live in. */
export type OpenReadStore = () => Promise<DocumentStore>;

const ReadStoreEnvSchema = z.object({
  BENEFITS_READ_STORE: z.enum(['pglite', 'postgres', 'mongo']).optional(),
  BENEFITS_READ_STORE_PG_URL: z.string().url().optional(),
  BENEFITS_MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//).optional(),
});

/**
 * Where read models live, from the environment: `BENEFITS_READ_STORE` = `mongo` (BENEFITS_MONGO_URL),
 * `postgres` (BENEFITS_READ_STORE_PG_URL, else the event store's BENEFITS_PG_URL; schema
 * `read_store`) or `pglite` (`<BENEFITS_DATA_DIR>/read-models`, covered by the data directory's
 * lock). Default: postgres when the event store is, else pglite. Read when first opened.
 */
export function readStoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): OpenReadStore {
  return async (): Promise<DocumentStore> => {
    const runtime = loadRuntimeConfig(env);
    // An empty variable (as in deploy/env.example) means "not set".
    const parsed = ReadStoreEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
    const invalid = (issues: { path: string; message: string }[]) => Errors.CONFIGURATION_INVALID({ issues });
    if (!parsed.success) throw invalid(parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: i.path.join('.'), message: i.message })));
    const settings = parsed.data;
    const kind = settings.BENEFITS_READ_STORE ?? (runtime.BENEFITS_EVENT_STORE === 'postgres' ? 'postgres' : 'pglite');
    switch (kind) {
      case 'mongo':
        if (!settings.BENEFITS_MONGO_URL) throw invalid([{ path: 'BENEFITS_MONGO_URL', message: 'required when BENEFITS_READ_STORE=mongo' }]);
        return createDocumentStore({ kind: 'mongo', url: settings.BENEFITS_MONGO_URL });
      case 'postgres': {
        const url = settings.BENEFITS_READ_STORE_PG_URL ?? runtime.BENEFITS_PG_URL;
        if (!url) throw invalid([{ path: 'BENEFITS_READ_STORE_PG_URL', message: 'required when BENEFITS_READ_STORE=postgres (or BENEFITS_PG_URL)' }]);
        return createDocumentStore({ kind: 'postgres', url });
      }
      case 'pglite': {
        const dataDir = join(runtime.BENEFITS_DATA_DIR, 'read-models');
        mkdirSync(dataDir, { recursive: true });
        return createDocumentStore({ kind: 'pglite', dataDir });
      }
    }
  };
}

/**
 * Read models in a database the process already has (or is about to have) open — embedded mode:
 * the local PGlite database of the messaging tables, schema `read_store` — so the four services share
 * one connection instead of opening one database each. Closing the read store leaves the database
 * open: its owner closes it, after the services.
 */
export function sharedSqlReadStore(database: SqlDatabase | PromiseLike<SqlDatabase>, dialect: 'pglite' | 'postgres'): OpenReadStore {
  return async () => {
    const owned = await database;
    const borrowed: SqlDatabase = {
      query: (sql, params) => owned.query(sql, params),
      transaction: (work) => owned.transaction(work),
      close: async () => undefined,
    };
    return createDocumentStore({ kind: 'sql', database: borrowed, dialect });
  };
}

export const READ_MODELS = Symbol('READ_MODELS');

export interface ReadModelsModuleOptions {
  /** The service's projections (names `<service>.<model>`). */
  projections: (runtime: ServiceRuntime) => readonly Projection[];
  /** What the projections follow; default the service's event store. */
  source?: (runtime: ServiceRuntime) => ProjectionSource;
  /** Default: `runtime.readStore`, else from the environment. */
  openReadStore?: OpenReadStore;
  catchUpMs?: number;
  pollIntervalMs?: number;
}

/** Closes the read models with the module, before the process closes the event store. */
class ReadModelsLifecycle implements OnModuleDestroy {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}
  async onModuleDestroy(): Promise<void> {
    await this.readModels.close();
  }
}

/** Who may see projection status and ask for a rebuild: system administrators (and auditors may look). */
function mayOperate(actor: Actor, write: boolean): void {
  if (actor.role === 'admin' || (!write && actor.role === 'auditor')) return;
  throw Errors.FORBIDDEN({ reason: write ? 'rebuilding a read model is for role admin' : 'read-model status is for roles admin and auditor' });
}

const ProjectionNameSchema = z.string().regex(/^[a-z][a-z0-9._-]{0,99}$/);

/** `GET /projections`, `POST /projections/{name}/rebuild` on every service with read models. */
@Controller('projections')
export class ProjectionsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  async list(@CurrentActor() actor: Actor): Promise<{ projections: ProjectionStatus[] }> {
    mayOperate(actor, false);
    return { projections: await this.readModels.status() };
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  async rebuild(@CurrentActor() actor: Actor, @Param('name') name: string): Promise<{ projection: ProjectionStatus }> {
    mayOperate(actor, true);
    const parsed = ProjectionNameSchema.safeParse(name);
    if (!parsed.success) throw Errors.VALIDATION_FAILED({ issues: [{ path: 'name', message: 'not a projection name' }] });
    return { projection: await this.readModels.rebuild(parsed.data) };
  }
}

/** The read models of a service as a Nest module: the `READ_MODELS` provider and the operations endpoints. */
export function readModelsModule(runtime: ServiceRuntime, options: ReadModelsModuleOptions): DynamicModule {
  @Module({})
  class ReadModelsModule {}
  const readModels = new ReadModels({
    store: options.source?.(runtime) ?? runtime.store,
    openReadStore: options.openReadStore ?? runtime.readStore ?? readStoreFromEnvironment(),
    projections: options.projections(runtime),
    catchUpMs: options.catchUpMs,
    pollIntervalMs: options.pollIntervalMs,
    onError: (projection, error) => console.error(`read model ${projection}: ${error instanceof Error ? error.message : String(error)}`),
  });
  runtime.metrics?.watchProjections(readModels);
  return {
    module: ReadModelsModule,
    controllers: [ProjectionsController],
    providers: [{ provide: READ_MODELS, useValue: readModels }, ReadModelsLifecycle],
    exports: [READ_MODELS],
  };
}

const ProjectionStatusSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    running: z.boolean(),
    position: z.string(),
    headPosition: z.string().nullable(),
    caughtUp: z.boolean(),
    lastEventRecordedAt: z.string().nullable(),
    lagSeconds: z.number().int().nullable().openapi({ description: 'seconds the oldest event not yet applied has been waiting; 0 when caught up, null when stopped and behind' }),
    updatedAt: z.string().nullable(),
    rebuiltAt: z.string().nullable(),
    rebuilding: z
      .object({ version: z.number().int(), position: z.string(), active: z.boolean().openapi({ description: 'false: interrupted, resumed at the next start or rebuild request' }) })
      .nullable(),
  })
  .openapi('ProjectionStatus');

export function describeProjectionRoutes(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
  const unavailable = {
    ...problem('READ_MODEL_UNAVAILABLE: the read store cannot be reached; retry after the seconds in Retry-After'),
    headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' as const } } },
  };
  const tags = ['read models'];
  registry.registerPath({
    method: 'get',
    path: '/projections',
    summary: "This service's read models: position, head of the log, lag, version, rebuild in progress",
    description: 'Roles admin and auditor.',
    tags,
    responses: {
      200: { description: 'one entry per projection', content: { 'application/json': { schema: z.object({ projections: z.array(ProjectionStatusSchema) }) } } },
      ...authenticatedErrors,
      403: problem('FORBIDDEN'),
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/projections/{name}/rebuild',
    summary: 'Rebuild a read model from the log into a new version; the current one serves until the new one has caught up',
    description:
      'Role admin. Answers when the new version is in place: a long rebuild keeps the request open, and its progress shows in `GET /projections` (`rebuilding`); ' +
      'a second request while one runs joins it, and a rebuild interrupted by a shutdown resumes at the next start. `npx benefits projections rebuild <name>` does both.',
    tags,
    request: { params: z.object({ name: ProjectionNameSchema }) },
    responses: {
      200: { description: 'the projection after the swap', content: { 'application/json': { schema: z.object({ projection: ProjectionStatusSchema }) } } },
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED'),
      403: problem('FORBIDDEN'),
      404: problem('PROJECTION_NOT_FOUND'),
      503: unavailable,
    },
  });
}
