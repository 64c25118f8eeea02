/**
 * The console as its own process (container): serves the production build and passes `/api/<service>`
 * through to the services' URLs. Sign-in is the configured OIDC provider's; without one the console
 * refuses to start (the development sign-in exists only inside `npm start`).
 *
 *   BENEFITS_CONSOLE_APPLICATIONS_URL / _ELIGIBILITY_URL / _DISBURSEMENT_URL / _AUDIT_URL
 *   BENEFITS_OIDC_ISSUER, BENEFITS_OIDC_CLIENT_ID, BENEFITS_OIDC_SCOPE (default "openid profile")
 *   BENEFITS_CONSOLE_DIST (default: the build next to this file; built now if absent), PORT (3000)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { buildConsole, DEFAULT_CONSOLE_DIST } from './build';
import { startConsoleServer } from './console-server';

const Env = z.object({
  BENEFITS_CONSOLE_APPLICATIONS_URL: z.string().url(),
  BENEFITS_CONSOLE_ELIGIBILITY_URL: z.string().url(),
  BENEFITS_CONSOLE_DISBURSEMENT_URL: z.string().url(),
  BENEFITS_CONSOLE_AUDIT_URL: z.string().url(),
  BENEFITS_OIDC_ISSUER: z.string().url(),
  BENEFITS_OIDC_CLIENT_ID: z.string().min(1),
  BENEFITS_OIDC_SCOPE: z.string().min(1).default('openid profile'),
  BENEFITS_CONSOLE_DIST: z.string().min(1).default(DEFAULT_CONSOLE_DIST),
  BENEFITS_HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error('console: configuration invalid / 工作台配置无效:');
    for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  const env = parsed.data;
  if (!existsSync(join(env.BENEFITS_CONSOLE_DIST, 'index.html'))) {
    const built = await buildConsole(env.BENEFITS_CONSOLE_DIST);
    console.log(`console built in ${built.ms} ms (${Math.round(built.bytes / 1024)} KiB)`);
  }
  const running = await startConsoleServer({
    staticDir: env.BENEFITS_CONSOLE_DIST,
    upstreams: {
      applications: env.BENEFITS_CONSOLE_APPLICATIONS_URL,
      eligibility: env.BENEFITS_CONSOLE_ELIGIBILITY_URL,
      disbursement: env.BENEFITS_CONSOLE_DISBURSEMENT_URL,
      audit: env.BENEFITS_CONSOLE_AUDIT_URL,
    },
    oidc: { issuer: env.BENEFITS_OIDC_ISSUER, clientId: env.BENEFITS_OIDC_CLIENT_ID, scope: env.BENEFITS_OIDC_SCOPE },
    host: env.BENEFITS_HOST,
    port: env.PORT,
  });
  console.log(`console listening on ${running.url}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
