import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ServiceDefinition, ServiceRuntime } from '../service-app';

/** Nest modules a service app imports for structured logging and tracing (none yet). */
export function loggingModuleImports(_definition: ServiceDefinition, _runtime: ServiceRuntime): DynamicModule[] {
  return [];
}

/** HTTP middleware for logs and traces, installed before every other middleware (none yet). */
export function installLogging(_app: INestApplication, _definition: ServiceDefinition, _runtime: ServiceRuntime): void {}
