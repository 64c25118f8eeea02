import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ServiceDefinition } from '../service-app';

/** Nest modules of the HTTP edge (rate limiting) a service app imports (none yet). */
export function edgeModuleImports(_definition: ServiceDefinition): DynamicModule[] {
  return [];
}

/** Middleware of the HTTP edge (security headers, body encodings and charsets), before the body parsers (none yet). */
export function installEdge(_app: INestApplication, _definition: ServiceDefinition): void {}
