import type { INestApplication } from '@nestjs/common';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier, createJwksTokenVerifier, type TokenVerifier } from '@benefits/identity';
import { loadRuntimeConfig, type RuntimeConfig } from './config';
import { createServiceApp, type ServiceDefinition } from './service-app';

export async function openEventStore(config: RuntimeConfig): Promise<EventStore> {
  return config.BENEFITS_EVENT_STORE === 'postgres'
    ? createEventStore({ kind: 'postgres', url: config.BENEFITS_PG_URL as string })
    : createEventStore({ kind: 'pglite', dataDir: `${config.BENEFITS_DATA_DIR}/events` });
}

/**
 * Production verifies tokens against the identity provider's JWKS; without a JWKS URL the process
 * is in dev mode and trusts the local signing key in the data directory (`npx benefits token`).
 */
export async function openTokenVerifier(config: RuntimeConfig): Promise<TokenVerifier> {
  const claims = { issuer: config.BENEFITS_TOKEN_ISSUER, audience: config.BENEFITS_TOKEN_AUDIENCE };
  return config.BENEFITS_JWKS_URL
    ? createJwksTokenVerifier({ jwksUrl: config.BENEFITS_JWKS_URL, ...claims })
    : createDevTokenVerifier({ dataDir: config.BENEFITS_DATA_DIR, ...claims });
}

/** One service in its own process: `node tools/run-ts.js services/<name>/src/main.ts`. */
export async function runStandalone(definition: ServiceDefinition): Promise<INestApplication> {
  const config = loadRuntimeConfig();
  const store = await openEventStore(config);
  const verifier = await openTokenVerifier(config);
  const app = await createServiceApp(definition, { store, verifier }, { logger: ['log', 'error', 'warn'] });
  const port = config.PORT ?? config.BENEFITS_PORT_BASE;
  await app.listen(port, config.BENEFITS_HOST);
  console.log(`${definition.name} listening on http://${config.BENEFITS_HOST}:${port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return app;
}
