import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { pinoHttp } from 'pino-http';
import type { Actor } from '@benefits/kernel';
import { ACTOR_REQUEST_KEY } from '@benefits/identity';
import type { ServiceDefinition, ServiceRuntime } from '../service-app';
import { normaliseCorrelationId } from '../correlation';
import { NestPinoLogger, runWithLogger, serviceLogger } from './logger';
import { httpTracingMiddleware, tracingEnabled } from './tracing';

/** Nest modules a service app imports for logs and traces: none (the middleware below does it all). */
export function loggingModuleImports(_definition: ServiceDefinition, _runtime: ServiceRuntime): DynamicModule[] {
  return [];
}

type LoggedRequest = IncomingMessage & {
  id?: unknown;
  originalUrl?: string;
  params?: Record<string, string | undefined>;
  route?: { path?: string };
  [ACTOR_REQUEST_KEY]?: Actor;
};

/** `/cases/<benefit>/<caseId>/…` or `/cases/<caseId>/…`: the case a request is about, when its path says so. */
const CASE_IN_PATH = /\/cases\/(?:(?:dibao|linshi|tefu)\/)?([A-Za-z0-9][A-Za-z0-9_.:-]{7,127})(?:\/|$)/;

function pathOf(req: LoggedRequest): string {
  return (req.originalUrl ?? req.url ?? '/').split('?')[0];
}

function caseIdOf(req: LoggedRequest): string | undefined {
  return req.params?.caseId ?? CASE_IN_PATH.exec(pathOf(req))?.[1];
}

/** Routine probes are not logged per request (they are scraped every few seconds). */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * HTTP middleware for logs and traces, installed before every other middleware:
 * 1. the correlation id is settled first — the caller's `X-Correlation-Id` when sane, else a new
 *    one written back into the request headers (so `correlationIdOf` in the handlers, the events'
 *    metadata and the log lines all agree) and returned in the response header;
 * 2. with tracing on, a server span around the request;
 * 3. one JSON line per request when it ends (method, path without query, status, time, correlation
 *    id, actor id and role, case id), never bodies or headers; Nest's own logger writes JSON too,
 *    inside a request with the request's bindings.
 */
export function installLogging(app: INestApplication, definition: ServiceDefinition, _runtime: ServiceRuntime): void {
  const logger = serviceLogger(definition.name);
  app.useLogger(new NestPinoLogger(logger));
  app.use((req: LoggedRequest, res: ServerResponse, next: () => void) => {
    const correlationId = normaliseCorrelationId(req);
    res.setHeader('X-Correlation-Id', correlationId);
    next();
  });
  if (tracingEnabled()) app.use(httpTracingMiddleware(definition.name));
  const requestLogs = pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    genReqId: (req) => normaliseCorrelationId(req),
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Bound once the response is written: who acted and on which case (the guard has run by then).
    customProps: (req, res) => {
      if (!res.writableEnded) return {};
      const actor = req[ACTOR_REQUEST_KEY];
      return { actorId: actor?.id, actorRole: actor?.role, caseId: caseIdOf(req), route: req.route?.path };
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    autoLogging: { ignore: (req) => QUIET_PATHS.test(pathOf(req)) },
  });
  app.use((req: LoggedRequest & { log?: typeof logger }, res: ServerResponse, next: () => void) => {
    requestLogs(req, res);
    runWithLogger(req.log ?? logger, next);
  });
}
