import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ActorSchema, ProblemSchema, z } from './schema-kit';

export { ActorSchema, ProblemSchema };

const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: ProblemSchema } },
});

/** Standard error responses of an authenticated endpoint. */
export const authenticatedErrors = {
  400: problem('invalid input (VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON)'),
  401: problem('missing, malformed, forged or expired bearer token (UNAUTHENTICATED)'),
  403: problem('the token is valid but its role or division does not allow this (FORBIDDEN)'),
} as const;

/**
 * A registry per service. Routes are described from the same zod schemas the controllers parse with,
 * so the document cannot drift from what is enforced.
 */
export function createApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.register('Problem', ProblemSchema);
  registry.registerPath({
    method: 'get',
    path: '/health/live',
    summary: 'Liveness: the process answers',
    tags: ['health'],
    responses: { 200: { description: 'alive' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness: the event store answers',
    tags: ['health'],
    responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
  });
  return registry;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

export function buildOpenApiDocument(registry: OpenAPIRegistry, info: OpenApiInfo) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { ...info },
    security: [{ bearer: [] }],
  });
}

export { z };
