import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DomainError } from '@benefits/kernel';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { EdgeErrors } from './errors';

export interface RateLimit {
  /** Requests one client address may send per window; 0: no limit. */
  limit: number;
  windowSeconds: number;
}

/** Probes and scrapes are never throttled: an orchestrator or Prometheus must always get through. */
export function isExemptFromRateLimit(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!;
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Counts every request (also the ones later refused as unauthenticated) per client address and
 * service, in @nestjs/throttler's storage; over the limit → 429 RATE_LIMITED with Retry-After.
 */
export function rateLimiter(
  service: string,
  config: RateLimit,
  storage: ThrottlerStorage,
  send: (res: ServerResponse, error: DomainError) => void,
): Middleware {
  const ttlMs = config.windowSeconds * 1000;
  return (req, res, next) => {
    if (config.limit === 0 || isExemptFromRateLimit(req.url)) return next();
    const address = (req as { ip?: string }).ip ?? req.socket.remoteAddress ?? 'unknown';
    storage.increment(`${service}:${address}`, ttlMs, config.limit, 0, 'edge').then(
      (record) => {
        if (!record.isBlocked) return next();
        const retryAfterSeconds = Math.max(1, record.timeToBlockExpire || record.timeToExpire);
        res.setHeader('Retry-After', String(retryAfterSeconds));
        send(res, EdgeErrors.RATE_LIMITED({ retryAfterSeconds, limit: config.limit, windowSeconds: config.windowSeconds }));
      },
      (error: unknown) => next(error),
    );
  };
}
