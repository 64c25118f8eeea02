/**
 * The embedded default (`npm start`): the four services in one process, one PGlite event store in
 * the data directory (./.data unless BENEFITS_DATA_DIR says otherwise), no broker and no servers.
 * Services talk through integration events fed from the store's global log (event-log transport),
 * with inbox, checkpoints and parked messages in a second PGlite database (<dataDir>/messaging),
 * which also holds the read models of the four services (their projections run in this process).
 * Shutdown is orchestrated: stop taking requests on every service, stop the consumers (each drains
 * its in-flight handler), close the HTTP apps in dependency order (audit reads everything, so it
 * goes first; applications is the source and goes last), then close the messaging database and the
 * store so every acknowledged write is on disk.
 */
import {
  configureLogging,
  serviceLogger,
  startTracing,
  stopTracing,
  tracedEventStore,
  createServiceApp,
  loadBenefitModules,
  loadRuntimeConfig,
  metricsOf,
  openEventStore,
  openTokenVerifier,
  READ_MODELS,
  sharedSqlReadStore,
  type ServiceDefinition,
  type ServiceRuntime,
} from '@benefits/http';
import { join } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DevTokenAuthority } from '@benefits/identity';
import { EventLogServer, IntegrationEventMapper } from '@benefits/messaging';
import type { ReadModels } from '@benefits/read-store';
import { APPLICATIONS_CONSUMER, applicationsService, createApplicationsConsumer } from './applications/src/service';
import { auditService } from './audit/src/service';
import { DISBURSEMENT_CONSUMER, createDisbursementConsumer, disbursementService } from './disbursement/src/service';
import { ELIGIBILITY_CONSUMER, createEligibilityConsumer, eligibilityService } from './eligibility/src/service';
import { buildConsoleIfStale } from './console/server/build';
import { isLoopbackHost, startConsoleServer, type RunningConsole } from './console/server/console-server';
import { withParkedMessages } from './parked-admin';
import { openPgliteDatabase } from '@benefits/sql';

const startOrder: ServiceDefinition[] = [applicationsService, eligibilityService, disbursementService, auditService];

/** A service app's read models, or null when it has none. */
function readModelsOf(app: INestApplication): ReadModels | null {
  try {
    // Asked through ModuleRef: a miss on the application itself would end the process (Nest's abortOnError).
    return app.get(ModuleRef).get<ReadModels>(READ_MODELS, { strict: false });
  } catch {
    return null;
  }
}

/**
 * Starts a service's projections now rather than on its first request (none for a service without
 * read models). A read store that cannot be opened is reported, not fatal: the first request that
 * needs it tries again.
 */
function startReadModels(name: string, app: INestApplication): void {
  const readModels = readModelsOf(app);
  if (!readModels) return;
  readModels.start().catch((error: unknown) => serviceLogger(name).error({ err: error }, 'read models not started'));
}

async function main(): Promise<void> {
  // A signal during start-up is honoured once everything is open, so nothing closes half-opened.
  let requested: string | null = null;
  let onSignal = (signal: string) => void (requested = signal);
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  const config = loadRuntimeConfig();
  // Benefits added as modules (BENEFITS_MODULES) register before the services are made.
  const modules = loadBenefitModules();
  // Logs: JSON lines on stdout, one child logger per service (BENEFITS_LOG_LEVEL). The lines below
  // that tell a person where things are (URLs, how to get a token) stay plain text on purpose.
  configureLogging();
  // Traces only with BENEFITS_TRACES_EXPORTER=otlp|console; the store then records the trace context in event metadata.
  startTracing({ serviceName: 'benefits' });
  const store = tracedEventStore(await openEventStore(config));
  const verifier = await openTokenVerifier(config);
  // The local database: inbox, checkpoints and parked messages of the event-log transport, and the
  // read models of all four services (schema read_store) — one database, one connection.
  const db = await openPgliteDatabase(join(config.BENEFITS_DATA_DIR, 'messaging'));
  const runtime: ServiceRuntime = { store, verifier, readStore: sharedSqlReadStore(db, 'pglite') };
  const running: { name: string; app: INestApplication }[] = [];
  // Each consumer's parked messages are served by its service's app (`npx benefits parked`), once it listens.
  const parkedSources = new Map<string, EventLogServer>();
  for (const [i, definition] of startOrder.entries()) {
    const app = await createServiceApp(withParkedMessages(definition, parkedSources), runtime);
    const port = config.BENEFITS_PORT_BASE + i;
    await app.listen(port, config.BENEFITS_HOST);
    running.push({ name: definition.name, app });
    console.log(`${definition.name.padEnd(13)} http://${config.BENEFITS_HOST}:${port}  (API: /docs)`);
  }

  const mapper = new IntegrationEventMapper();
  // Each consumer reports to its own service's metrics (its /metrics), and its handlers append through them.
  const metricsFor = (consumer: string) => metricsOf(running.find((r) => r.name === consumer)!.app);
  const server = (consumer: string) => {
    const metrics = metricsFor(consumer);
    const created = new EventLogServer({ consumer, db, store, mapper, metrics });
    metrics.watchConsumer(consumer, created);
    return created;
  };
  const consumers: { name: string; app: INestMicroservice }[] = [];
  for (const [name, create] of [
    [APPLICATIONS_CONSUMER, (s: EventLogServer) => createApplicationsConsumer({ store: metricsFor(APPLICATIONS_CONSUMER).instrumentStore(store), server: s })],
    // The eligibility HTTP app's read models, given explicitly: the consumer's store is a wrapper, so the
    // consumer would not find them by store and would open a second copy in a database of its own.
    [
      ELIGIBILITY_CONSUMER,
      (s: EventLogServer) =>
        createEligibilityConsumer({
          store: metricsFor(ELIGIBILITY_CONSUMER).instrumentStore(store),
          server: s,
          readModels: readModelsOf(running.find((r) => r.name === eligibilityService.name)!.app) ?? undefined,
        }),
    ],
    [DISBURSEMENT_CONSUMER, (s: EventLogServer) => createDisbursementConsumer({ store: metricsFor(DISBURSEMENT_CONSUMER).instrumentStore(store), server: s })],
  ] as const) {
    const eventLog = server(name);
    parkedSources.set(name, eventLog);
    const app = await create(eventLog);
    await app.listen();
    consumers.push({ name, app });
  }
  console.log(`consumers     ${consumers.map((c) => c.name).join(', ')} (event-log transport)`);
  if (modules.length > 0) console.log(`benefit modules ${modules.join(', ')} (BENEFITS_MODULES)`);
  // The projections, started in the background so start-up does not wait for them; each stops when
  // its service's app closes, before the database and the store.
  for (const { name, app } of running) startReadModels(name, app);
  // The web console: built now unless its folder holds the build of the same sources (a restart), and served next to the APIs, passing /api/<service>
  // through to them; its development sign-in issues tokens with the same key as `npx benefits token`.
  let consoleServer: RunningConsole | null = null;
  if (config.BENEFITS_CONSOLE_PORT !== 0) {
    const built = await buildConsoleIfStale();
    const base = (i: number) => `http://${config.BENEFITS_HOST}:${config.BENEFITS_PORT_BASE + i}`;
    consoleServer = await startConsoleServer({
      staticDir: built.outDir,
      upstreams: { applications: base(0), eligibility: base(1), disbursement: base(2), audit: base(3) },
      // The development sign-in mints any role with the local key: offered only on a loopback address.
      devSignIn: verifier instanceof DevTokenAuthority && isLoopbackHost(config.BENEFITS_HOST) ? (input) => verifier.issueDevToken(input) : undefined,
      host: config.BENEFITS_HOST,
      port: config.BENEFITS_CONSOLE_PORT ?? config.BENEFITS_PORT_BASE - 1,
    });
    console.log(`console       ${consoleServer.url}  (工作台; ${built.reused ? 'build of the same sources reused' : `built in ${built.ms} ms`})`);
  }
  console.log(`embedded mode: data in ${config.BENEFITS_DATA_DIR}; dev tokens: npx benefits token --role case_officer --division 330402`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await consoleServer?.close();
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
    await stopTracing();
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
