/**
 * The embedded default (`npm start`): the four services in one process, one PGlite event store in
 * the data directory (./.data unless BENEFITS_DATA_DIR says otherwise), no broker and no servers.
 * Shutdown is orchestrated: stop taking requests on every service, then close them in dependency
 * order (audit reads everything, so it goes first; applications is the source and goes last), then
 * close the store so every acknowledged write is on disk.
 */
import { createServiceApp, loadRuntimeConfig, openEventStore, openTokenVerifier, type ServiceDefinition } from '@benefits/http';
import type { INestApplication } from '@nestjs/common';
import { applicationsService } from './applications/src/service';
import { auditService } from './audit/src/service';
import { disbursementService } from './disbursement/src/service';
import { eligibilityService } from './eligibility/src/service';

const startOrder: ServiceDefinition[] = [applicationsService, eligibilityService, disbursementService, auditService];

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const store = await openEventStore(config);
  const verifier = await openTokenVerifier(config);
  const running: { name: string; app: INestApplication }[] = [];
  for (const [i, definition] of startOrder.entries()) {
    const app = await createServiceApp(definition, { store, verifier });
    const port = config.BENEFITS_PORT_BASE + i;
    await app.listen(port, config.BENEFITS_HOST);
    running.push({ name: definition.name, app });
    console.log(`${definition.name.padEnd(13)} http://${config.BENEFITS_HOST}:${port}  (API: /docs)`);
  }
  console.log(`embedded mode: data in ${config.BENEFITS_DATA_DIR}; dev tokens: npx benefits token --role case_officer --division 330402`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    for (const { app } of running) app.getHttpServer().close();
    for (const { name, app } of [...running].reverse()) {
      await app.close();
      console.log(`stopped ${name}`);
    }
    await store.close();
    console.log('event store closed');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
