/**
 * The embedded default (`npm start`): the four services in one process, one PGlite event store in
 * the data directory (./.data unless BENEFITS_DATA_DIR says otherwise), no broker and no servers.
 * Services talk through integration events fed from the store's global log (event-log transport),
 * with inbox, checkpoints and parked messages in a second PGlite database (<dataDir>/messaging),
 * which also holds the read models (the case list's projection runs in this process).
 * Shutdown is orchestrated: stop taking requests on every service, stop the consumers (each drains
 * its in-flight handler), close the HTTP apps in dependency order (audit reads everything, so it
 * goes first; applications is the source and goes last), then close the messaging database and the
 * store so every acknowledged write is on disk.
 */
import { createServiceApp, loadRuntimeConfig, openEventStore, openTokenVerifier, type ServiceDefinition } from '@benefits/http';
import { join } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { EventLogServer, IntegrationEventMapper, openPgliteDatabase, type SqlDatabase } from '@benefits/messaging';
import { APPLICATIONS_CONSUMER, createApplicationsConsumer, createApplicationsService, sharedSqlReadStore, startCaseIndex } from './applications/src/service';
import { auditService } from './audit/src/service';
import { DISBURSEMENT_CONSUMER, createDisbursementConsumer, disbursementService } from './disbursement/src/service';
import { ELIGIBILITY_CONSUMER, createEligibilityConsumer, eligibilityService } from './eligibility/src/service';

/** Started after applications, which is built in main() (its read models share the local database). */
const startOrder: ServiceDefinition[] = [eligibilityService, disbursementService, auditService];

async function main(): Promise<void> {
  // A signal during start-up is honoured once everything is open, so nothing closes half-opened.
  let requested: string | null = null;
  let onSignal = (signal: string) => void (requested = signal);
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  const config = loadRuntimeConfig();
  const store = await openEventStore(config);
  const verifier = await openTokenVerifier(config);
  // The case list's read models live in the local database opened below (schema read_store).
  let localDbOpened: (db: SqlDatabase) => void = () => undefined;
  const localDb = new Promise<SqlDatabase>((resolve) => (localDbOpened = resolve));
  const applicationsService = createApplicationsService({ caseIndex: { openReadStore: sharedSqlReadStore(localDb, 'pglite') } });
  const running: { name: string; app: INestApplication }[] = [];
  for (const [i, definition] of [applicationsService, ...startOrder].entries()) {
    const app = await createServiceApp(definition, { store, verifier });
    const port = config.BENEFITS_PORT_BASE + i;
    await app.listen(port, config.BENEFITS_HOST);
    running.push({ name: definition.name, app });
    console.log(`${definition.name.padEnd(13)} http://${config.BENEFITS_HOST}:${port}  (API: /docs)`);
  }

  const db = await openPgliteDatabase(join(config.BENEFITS_DATA_DIR, 'messaging'));
  localDbOpened(db);
  const mapper = new IntegrationEventMapper();
  const server = (consumer: string) => new EventLogServer({ consumer, db, store, mapper });
  const consumers: { name: string; app: INestMicroservice }[] = [];
  for (const [name, create] of [
    [APPLICATIONS_CONSUMER, (s: EventLogServer) => createApplicationsConsumer({ store, server: s })],
    [ELIGIBILITY_CONSUMER, (s: EventLogServer) => createEligibilityConsumer({ store, server: s })],
    [DISBURSEMENT_CONSUMER, (s: EventLogServer) => createDisbursementConsumer({ store, server: s })],
  ] as const) {
    const app = await create(server(name));
    await app.listen();
    consumers.push({ name, app });
  }
  console.log(`consumers     ${consumers.map((c) => c.name).join(', ')} (event-log transport)`);
  // The case list's projection, opened in the background so start-up does not wait for it; it stops
  // when the applications app closes, before the database and the store.
  void startCaseIndex(running.find((r) => r.name === 'applications')!.app);
  console.log(`embedded mode: data in ${config.BENEFITS_DATA_DIR}; dev tokens: npx benefits token --role case_officer --division 330402`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    for (const { app } of running) app.getHttpServer().close();
    for (const { name, app } of [...consumers].reverse()) {
      await app.close();
      console.log(`consumer ${name} stopped`);
    }
    for (const { name, app } of [...running].reverse()) {
      await app.close();
      console.log(`stopped ${name}`);
    }
    await db.close();
    await store.close();
    console.log('event store closed');
    process.exit(0);
  };
  onSignal = (signal) => void shutdown(signal);
  if (requested) await shutdown(requested);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
