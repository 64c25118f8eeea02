import type { INestApplication } from '@nestjs/common';
import type { ServiceDefinition, ServiceRuntime } from '../service-app';

/** `/metrics` and the HTTP request metrics of a service app (none yet). */
export function installMetrics(_app: INestApplication, _definition: ServiceDefinition, _runtime: ServiceRuntime): void {}
