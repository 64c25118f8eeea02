import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EventStore } from '@benefits/event-store';
import { AuthGuard, type TokenVerifier } from '@benefits/identity';
import { ActorController } from './actor.controller';
import { HealthModule } from './health';
import { ActorSchema, authenticatedErrors, buildOpenApiDocument, createApiRegistry } from './openapi';
import { ProblemFilter } from './problem.filter';

export type ServiceName = 'applications' | 'eligibility' | 'disbursement' | 'audit';

/** What a service needs from its process: its event store and the token verifier of the mode it runs in. */
export interface ServiceRuntime {
  store: EventStore;
  verifier: TokenVerifier;
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
  runtime: ServiceRuntime,
  options: CreateServiceAppOptions = {},
): Promise<INestApplication> {
  @Module({
    imports: [
      HealthModule.register({ eventStore: async () => void (await runtime.store.headPosition()) }),
      definition.module(runtime),
    ],
    controllers: [ActorController],
  })
  class ServiceRootModule {}
  Object.defineProperty(ServiceRootModule, 'name', { value: `${definition.name}RootModule` });

  const app = await NestFactory.create(ServiceRootModule, { logger: options.logger ?? ['error', 'warn'], bodyParser: true });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalGuards(new AuthGuard(runtime.verifier, app.get(Reflector)));
  SwaggerModule.setup('docs', app, serviceOpenApi(definition), { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
