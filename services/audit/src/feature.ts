import type { Provider, Type } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ServiceRuntime } from '@benefits/http';
import type { Projection } from '@benefits/read-store';
import type { AuditSource } from './replica/replica-store';

/**
 * What each audit capability contributes to the service (docs/adr/0012-audit.md): its controllers,
 * providers, the read models it keeps and its OpenAPI routes. service.ts composes the list, so a
 * capability is added in its own folder and one line there.
 *
 * Available to every provider: SERVICE_RUNTIME (the runtime; `runtime.store` is where audit records
 * its own events), AUDIT_SOURCE (what audit reads: the shared store, or the replica in the
 * separate-process mode), READ_MODELS, OPEN_VAULT / VaultConnection (the personal-data vault).
 */
export interface AuditFeature {
  name: string;
  controllers?: Type<unknown>[];
  providers?: (context: AuditContext) => Provider[];
  /** Read models over AUDIT_SOURCE. */
  projections?: (context: AuditContext) => Projection[];
  describeRoutes?: (registry: OpenAPIRegistry) => void;
}

export interface AuditContext {
  runtime: ServiceRuntime;
  source: AuditSource;
}
