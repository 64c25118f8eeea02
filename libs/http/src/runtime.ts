import { join } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier, createJwksTokenVerifier, type TokenVerifier } from '@benefits/identity';
import {
  ensureMessagingSchema,
  IntegrationEventMapper,
  KafkaIntegrationServer,
  KafkaPublisher,
  OutboxForwarder,
  ReplicationMapper,
  registerParkedMessages,
  SqlCheckpointStore,
  type IntegrationEventServer,
  errorLogFields,
} from '@benefits/messaging';
import { loadRuntimeConfig, type RuntimeConfig } from './config';
import { loadBenefitModules } from './benefit-modules';
import { READ_MODELS } from './read-models';
import type { ReadModels } from '@benefits/read-store';
import { createServiceApp, type ServiceDefinition } from './service-app';
import { configureLogging, NestPinoLogger, serviceLogger } from './observability/logger';
import { startTracing, stopTracing, tracedEventStore } from './observability/tracing';
import { metricsOf, type ServiceMetrics } from './observability/metrics';
import { openPgliteDatabase, openPostgresDatabase, type SqlDatabase } from '@benefits/sql';

export async function openEventStore(config: RuntimeConfig): Promise<EventStore> {
  switch (config.BENEFITS_EVENT_STORE) {
    case 'postgres':
      return createEventStore({ kind: 'postgres', url: config.BENEFITS_PG_URL as string });
    case 'kurrentdb':
      return createEventStore({ kind: 'kurrentdb', connectionString: config.BENEFITS_KURRENTDB_URL as string });
    default:
      return createEventStore({ kind: 'pglite', dataDir: `${config.BENEFITS_DATA_DIR}/events` });
  }
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

/** The integration-event consumer a service process runs next to its HTTP app (Kafka mode). */
export interface StandaloneConsumer {
  /** Names the consumer's group, inbox and parked messages (e.g. "eligibility"). */
  name: string;
  /** The topics it reads (the publishing services' topics it has handlers for). */
  topics: string[];
  create(setup: { store: EventStore; server: IntegrationEventServer; db: SqlDatabase }): Promise<INestMicroservice>;
}

export interface StandaloneOptions {
  consumer?: StandaloneConsumer;
}

/** Kafka wiring of one process: its outbox and replication forwarders and, when it has one, its consumer. */
interface KafkaWiring {
  forwarder: OutboxForwarder;
  replication: OutboxForwarder | null;
  publisher: KafkaPublisher;
  consumer: INestMicroservice | null;
  db: SqlDatabase;
}

async function openMessagingDatabase(config: RuntimeConfig): Promise<SqlDatabase> {
  const messagingUrl = process.env.BENEFITS_MESSAGING_PG_URL || config.BENEFITS_PG_URL;
  const db = messagingUrl ? openPostgresDatabase(messagingUrl) : await openPgliteDatabase(join(config.BENEFITS_DATA_DIR, 'messaging'));
  await ensureMessagingSchema(db);
  return db;
}

async function startKafkaWiring(
  name: string,
  brokers: string[],
  db: SqlDatabase,
  store: EventStore,
  consumer: StandaloneConsumer | undefined,
  metrics: ServiceMetrics,
): Promise<KafkaWiring> {
  const mapper = new IntegrationEventMapper();
  const log = serviceLogger(name);
  const onError = (error: unknown) => log.error(errorLogFields(error), 'messaging failure (retrying)');
  const publisher = new KafkaPublisher({ brokers, clientId: `${name}-outbox` });
  const forwarder = new OutboxForwarder({
    forwarderId: `${name}.outbox`,
    store,
    checkpoints: new SqlCheckpointStore(db),
    mapper,
    publisher,
    pollIntervalMs: 100,
    onError,
    metrics,
  });
  metrics.watchForwarder(forwarder);
  forwarder.start();
  // Every recorded event, verbatim, for the audit service's replica (off with BENEFITS_AUDIT_REPLICATION=off).
  const replication =
    process.env.BENEFITS_AUDIT_REPLICATION === 'off'
      ? null
      : new OutboxForwarder({
          forwarderId: `${name}.replication`,
          store,
          checkpoints: new SqlCheckpointStore(db),
          mapper: new ReplicationMapper(name),
          publisher,
          pollIntervalMs: 100,
          onError,
          metrics,
        });
  if (replication) metrics.watchForwarder(replication);
  replication?.start();
  let app: INestMicroservice | null = null;
  if (consumer) {
    const server = new KafkaIntegrationServer({ consumer: consumer.name, db, brokers, topics: consumer.topics, onError, metrics });
    metrics.watchConsumer(consumer.name, server);
    // The consumer's handlers append through the same timed view of the store as the HTTP side.
    app = await consumer.create({ store: metrics.instrumentStore(store), server, db });
    await app.listen();
    // Its parked messages through the service's admin routes (503 CONSUMER_NOT_STARTED before this).
    registerParkedMessages(consumer.name, server);
  }
  return { forwarder, replication, publisher, consumer: app, db };
}

/**
 * One service in its own process: `node tools/run-ts.js services/<name>/src/main.ts`.
 * With BENEFITS_KAFKA_BROKERS (comma-separated) the process also forwards its own store's
 * integration events to Kafka (outbox forwarder), every recorded event to the audit replication
 * topic (a second forwarder), and runs its consumer on a KafkaIntegrationServer;
 * checkpoints, inbox and parked messages live in the `messaging` schema of BENEFITS_MESSAGING_PG_URL,
 * else of the event store's database (BENEFITS_PG_URL), else in PGlite under the data directory.
 * Shutdown: stop taking requests, stop the consumer (it finishes the message in hand), stop the
 * forwarder (after the page in hand) and its producer, close the HTTP app, then the databases.
 */
function readModelsOf(app: INestApplication): ReadModels | null {
  try {
    return app.get<ReadModels>(READ_MODELS, { strict: false });
  } catch {
    return null; // a service without read models
  }
}

export async function runStandalone(definition: ServiceDefinition, options: StandaloneOptions = {}): Promise<INestApplication> {
  // A signal during start-up is honoured once everything is open, so nothing closes half-opened.
  let requested: string | null = null;
  let onSignal = (signal: string) => void (requested = signal);
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const config = loadRuntimeConfig();
  // JSON lines on stdout, every one with this service's name; traces only when an exporter is configured.
  configureLogging({ service: definition.name });
  const log = serviceLogger(definition.name);
  // Benefits added as modules (BENEFITS_MODULES) register before the service is made.
  const modules = loadBenefitModules();
  if (modules.length > 0) log.info(`${definition.name}: benefit modules ${modules.join(', ')}`);
  startTracing({ serviceName: definition.name });
  const brokers = (process.env.BENEFITS_KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  const store = tracedEventStore(await openEventStore(config));
  const verifier = await openTokenVerifier(config);
  const messagingDb = brokers.length > 0 ? await openMessagingDatabase(config) : undefined;
  const app = await createServiceApp(definition, { store, verifier, messagingDb }, { logger: new NestPinoLogger(log) });
  const kafka = messagingDb ? await startKafkaWiring(definition.name, brokers, messagingDb, store, options.consumer, metricsOf(app)) : null;
  const port = config.PORT ?? config.BENEFITS_PORT_BASE;
  await app.listen(port, config.BENEFITS_HOST);
  log.info(`${definition.name} listening on http://${config.BENEFITS_HOST}:${port}`);
  if (kafka) log.info(`${definition.name}: outbox forwarder${kafka.consumer ? ` and consumer ${options.consumer?.name}` : ''} on Kafka ${brokers.join(',')}`);
  // The service's read models follow the log from boot, so the first request after a restart does not
  // wait for a whole catch-up; a read store that cannot be opened now is tried again by the first
  // request that needs it.
  const readModels = readModelsOf(app);
  readModels?.start().catch((error: unknown) => log.error(`${definition.name} read models: ${error instanceof Error ? error.message : String(error)}`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${definition.name}: ${signal}, stopping`);
    app.getHttpServer().close();
    if (kafka) {
      await kafka.consumer?.close();
      await kafka.forwarder.stop();
      await kafka.replication?.stop();
      await kafka.publisher.close();
    }
    await app.close();
    await kafka?.db.close();
    await store.close();
    await stopTracing();
    process.exit(0);
  };
  onSignal = (signal) => void stop(signal);
  if (requested) await stop(requested);
  return app;
}
