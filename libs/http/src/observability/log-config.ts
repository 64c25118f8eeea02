import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type BenefitsLogLevel = (typeof LOG_LEVELS)[number];

/**
 * The observability keys of the runtime configuration (spread into RuntimeConfigSchema, so a bad
 * value stops the process at start-up with the other configuration problems).
 */
export const ObservabilityConfigShape = {
  /** Structured log level; default `info` (`error` under jest, so test output stays small). */
  BENEFITS_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  /** Where spans go: `none` (default: no SDK is started at all), `otlp` (OTLP/HTTP) or `console`. */
  BENEFITS_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  /** The OTLP collector's base URL (traces are posted to `<endpoint>/v1/traces`); default http://localhost:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
};

export const ObservabilityConfigSchema = z.object(ObservabilityConfigShape);
export type ObservabilityConfig = z.infer<typeof ObservabilityConfigSchema>;

/** The observability configuration alone (libs that run without the full runtime configuration). */
export function observabilityConfigOf(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const parsed = ObservabilityConfigSchema.safeParse(env);
  // The full configuration (loadRuntimeConfig) reports bad values; here they fall back to the defaults.
  return parsed.success ? parsed.data : { BENEFITS_TRACES_EXPORTER: 'none' };
}

/** The configured level, else `error` under jest and `info` otherwise. */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): BenefitsLogLevel {
  const configured = observabilityConfigOf(env).BENEFITS_LOG_LEVEL;
  if (configured) return configured;
  return env.JEST_WORKER_ID ? 'error' : 'info';
}
