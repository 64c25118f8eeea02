import { z } from 'zod';
import { Errors } from '@benefits/kernel';
import { ObservabilityConfigShape } from './observability/log-config';

/**
 * The HTTP edge's settings (docs/operations/http-edge.md): requests one client address may send to
 * one service per window before 429 RATE_LIMITED (0 = no limit). Generous by default: a busy
 * office behind one gateway address must never be throttled by the defaults.
 */
export const EdgeConfigShape = {
  BENEFITS_RATE_LIMIT: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
  BENEFITS_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
};
export const EdgeConfigSchema = z.object(EdgeConfigShape);
export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;

/**
 * Runtime configuration from the environment, validated once at start-up so a misconfigured
 * process fails fast with every problem listed, instead of failing on the first request.
 */
export const RuntimeConfigSchema = z
  .object({
    BENEFITS_EVENT_STORE: z.enum(['pglite', 'postgres', 'kurrentdb']).default('pglite'),
    BENEFITS_DATA_DIR: z.string().min(1).default('./.data'),
    BENEFITS_PG_URL: z.string().url().optional(),
    /**
     * The personal-data vault's PostgreSQL database, shared by every service that seals or opens
     * personal data (applications: names and 身份证号; disbursement: 一卡通 accounts). Default: the
     * service's own BENEFITS_PG_URL — right only when all services share one database.
     */
    BENEFITS_VAULT_PG_URL: z.string().url().optional(),
    /** e.g. kurrentdb://kurrentdb:2113?tls=false */
    BENEFITS_KURRENTDB_URL: z.string().regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'a kurrentdb:// connection string').optional(),
    BENEFITS_JWKS_URL: z.string().url().optional(),
    BENEFITS_TOKEN_ISSUER: z.string().min(1).default('benefits-dev'),
    BENEFITS_TOKEN_AUDIENCE: z.string().min(1).default('benefits'),
    BENEFITS_HOST: z.string().default('127.0.0.1'),
    BENEFITS_PORT_BASE: z.coerce.number().int().min(1).max(65000).default(3001),
    PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** The web console's port in embedded mode (default: BENEFITS_PORT_BASE - 1, i.e. 3000); 0 = no console. */
    BENEFITS_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    ...EdgeConfigShape,
    /** Log level and trace exporter (docs/operations/logs-and-traces.md). */
    ...ObservabilityConfigShape,
  })
  .superRefine((config, ctx) => {
    if (config.BENEFITS_EVENT_STORE === 'postgres' && !config.BENEFITS_PG_URL) {
      ctx.addIssue({ code: 'custom', path: ['BENEFITS_PG_URL'], message: 'required when BENEFITS_EVENT_STORE=postgres' });
    }
    if (config.BENEFITS_EVENT_STORE === 'kurrentdb' && !config.BENEFITS_KURRENTDB_URL) {
      ctx.addIssue({ code: 'custom', path: ['BENEFITS_KURRENTDB_URL'], message: 'required when BENEFITS_EVENT_STORE=kurrentdb' });
    }
  });

export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const result = RuntimeConfigSchema.safeParse(env);
  if (result.success) return result.data;
  throw Errors.CONFIGURATION_INVALID({
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
