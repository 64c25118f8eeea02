import type { ServerResponse } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import helmet from 'helmet';
import { toProblem, type DomainError } from '@benefits/kernel';
import { EdgeConfigSchema } from '../config';
import { FILE_BODY_LIMIT, JSON_BODY_LIMIT, type ServiceDefinition } from '../service-app';
import { bodyReader } from './body';
import { installClientErrorHandler } from './client-error';
import { rateLimiter } from './rate-limit';

export { EdgeErrors } from './errors';
export { findInvalidText, isValidText } from './text';

/** Writes a refusal the way the app's exception filter would. */
function sendProblem(res: ServerResponse, error: DomainError): void {
  const body = JSON.stringify(toProblem(error));
  res.statusCode = error.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Nest modules of the HTTP edge: @nestjs/throttler's storage, which the rate limiter counts in. */
export function edgeModuleImports(_definition: ServiceDefinition): DynamicModule[] {
  // The window here is unused (the edge's middleware passes its own); the module provides the storage.
  return [ThrottlerModule.forRoot([{ name: 'edge', ttl: 60_000, limit: 1 }])];
}

/**
 * The HTTP edge, ahead of the routes and the app's body parsers (docs/operations/http-edge.md):
 * Node-level refusals as JSON, security headers, a rate limit per client address, and the body
 * reader that refuses charsets, encodings, bombs and invalid text with typed errors.
 */
export function installEdge(app: INestApplication, definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): void {
  const config = EdgeConfigSchema.parse(env);
  installClientErrorHandler(app.getHttpServer());
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Services are also reached over plain HTTP inside a cluster; upgrading would break /docs there.
        directives: { 'upgrade-insecure-requests': null },
      },
    }),
  );
  // `/docs/` (with the slash) would load the Swagger UI page with its assets resolved one level off.
  app.use((req: { method?: string; url?: string }, res: ServerResponse, next: () => void) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.url === '/docs/') {
      res.statusCode = 301;
      res.setHeader('Location', '/docs');
      return res.end();
    }
    next();
  });
  app.use(
    rateLimiter(
      definition.name,
      { limit: config.BENEFITS_RATE_LIMIT, windowSeconds: config.BENEFITS_RATE_LIMIT_WINDOW_SECONDS },
      app.get<ThrottlerStorage>(ThrottlerStorage),
      sendProblem,
    ),
  );
  app.use(bodyReader({ json: JSON_BODY_LIMIT, file: FILE_BODY_LIMIT }, sendProblem));
}
