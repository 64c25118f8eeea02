import 'reflect-metadata';
import { Global, Module, type DynamicModule, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EventStore } from '@benefits/event-store';
import { AuthGuard, type TokenVerifier } from '@benefits/identity';
import { ActorController } from './actor.controller';
import { HealthModule } from './health';
import { ActorSchema, authenticatedErrors, buildOpenApiDocument, createApiRegistry } from './openapi';
import { ProblemFilter, toDomainError } from './problem.filter';
import { toProblem } from '@benefits/kernel';
import type { OpenReadStore } from './read-models';
import { installLogging, loggingModuleImports } from './observability/logging';
import { describeMetricsRoute, installMetrics, SERVICE_METRICS, ServiceMetrics } from './observability/metrics';
import { edgeModuleImports, installEdge } from './edge/edge';
import type { SqlDatabase } from '@benefits/sql';

/** JSON bodies are commands and facts, not documents; large texts use text/plain routes. */
export const JSON_BODY_LIMIT = '1mb';
/** Uploaded files (`application/octet-stream`): a return file of 100,000 lines is about 10 MB. */
export const FILE_BODY_LIMIT = '64mb';

interface BodyErrorResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** Express error middleware (four arguments) for errors raised by the body parser. */
function bodyErrorHandler(error: unknown, _req: unknown, res: BodyErrorResponse, next: (error?: unknown) => void): void {
  if (typeof (error as { type?: unknown })?.type !== 'string') return next(error);
  const domainError = toDomainError(error);
  res.status(domainError.status).json(toProblem(domainError));
}

export type ServiceName = 'applications' | 'eligibility' | 'disbursement' | 'audit';

/** What a service needs from its process: its event store and the token verifier of the mode it runs in. */
export interface ServiceRuntime {
  store: EventStore;
  verifier: TokenVerifier;
  /** The process's messaging database (inbox, checkpoints, audit replica): separate-process Kafka mode only. */
  messagingDb?: SqlDatabase;
  /** Where the service's read models live; default from the environment (`readStoreFromEnvironment`). Embedded: one database shared by the four services. */
  readStore?: OpenReadStore;
  /**
   * The service's metrics (its own registry, served on its `/metrics`). `createServiceApp` makes them
   * when none are given and hands the service a runtime whose store is timed by them.
   */
  metrics?: ServiceMetrics;
}

/** A service as the product knows it: its Nest module (thin shell) and its HTTP contract. */
export interface ServiceDefinition {
  name: ServiceName;
  title: string;
  description: string;
  module(runtime: ServiceRuntime): DynamicModule;
  describeRoutes(registry: OpenAPIRegistry): void;
}

export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');

export function serviceOpenApi(definition: ServiceDefinition): OpenAPIObject {
  const registry = createApiRegistry();
  registry.registerPath({
    method: 'get',
    path: '/whoami',
    summary: 'The actor of the bearer token, as recorded in event metadata',
    tags: ['identity'],
    responses: {
      200: { description: 'the verified actor', content: { 'application/json': { schema: ActorSchema } } },
      401: authenticatedErrors[401],
    },
  });
  describeMetricsRoute(registry);
  definition.describeRoutes(registry);
  return buildOpenApiDocument(registry, {
    title: definition.title,
    version: '0.1.0',
    description: definition.description,
  }) as unknown as OpenAPIObject;
}

export interface CreateServiceAppOptions {
  logger?: LoggerService | LogLevel[] | false;
}

export async function createServiceApp(
  definition: ServiceDefinition,
  given: ServiceRuntime,
  options: CreateServiceAppOptions = {},
): Promise<INestApplication> {
  // The service's own metrics, and its store with appends timed by them (in embedded mode the four
  // services share one store object: each gets its own timed view of it).
  const metrics = given.metrics ?? new ServiceMetrics(definition.name);
  const runtime: ServiceRuntime = { ...given, metrics, store: metrics.instrumentStore(given.store) };
  @Global()
  @Module({ providers: [{ provide: SERVICE_METRICS, useValue: metrics }], exports: [SERVICE_METRICS] })
  class ServiceMetricsModule {}
  @Module({
    imports: [
      ServiceMetricsModule,
      ...loggingModuleImports(definition, runtime),
      ...edgeModuleImports(definition),
      HealthModule.register({ eventStore: async () => void (await runtime.store.headPosition()) }),
      definition.module(runtime),
    ],
    controllers: [ActorController],
  })
  class ServiceRootModule {}
  Object.defineProperty(ServiceRootModule, 'name', { value: `${definition.name}RootModule` });

  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
    logger: options.logger ?? ['error', 'warn'],
    bodyParser: false,
  });
  // Our own JSON parser and its error handler, ahead of the routes: Nest would turn a parse error
  // into a bare 400 and lose which kind of bad body it was (MALFORMED_JSON vs PAYLOAD_TOO_LARGE).
  // ETags are stream revisions set by the handlers; express's own body-hash ETags would mislead clients.
  app.set('etag', false);
  // Order matters: logs and traces see every request, metrics time all of them, the edge refuses
  // bad encodings and charsets before any body parser reads a byte.
  installLogging(app, definition, runtime);
  installMetrics(app, definition, runtime);
  installEdge(app, definition);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // Files uploaded as they are (a bank's return file): bytes, never decoded by the server.
  app.useBodyParser('raw', { limit: FILE_BODY_LIMIT, type: 'application/octet-stream' });
  app.use(bodyErrorHandler);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalGuards(new AuthGuard(runtime.verifier, app.get(Reflector)));
  SwaggerModule.setup('docs', app, serviceOpenApi(definition), { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
