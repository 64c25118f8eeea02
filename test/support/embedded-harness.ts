import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import request from 'supertest';
import { readSeed } from '@benefits/standards';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, metricsOf, sharedSqlReadStore, type ServiceRuntime } from '@benefits/http';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { EventLogServer, IntegrationEventMapper } from '@benefits/messaging';
import {
  APPLICATIONS_CONSUMER,
  createApplicationsConsumer,
  createApplicationsService,
  type ApplicationsServiceOptions,
} from '../../services/applications/src/service';
import { vaultFromEnvironment } from '../../services/applications/src/personal-data/vault-connection';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER, eligibilityService } from '../../services/eligibility/src/service';
import { createDisbursementConsumer, createDisbursementService, DISBURSEMENT_CONSUMER } from '../../services/disbursement/src/service';
import { auditService } from '../../services/audit/src/service';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

/**
 * The four services in one process over the event-log transport on a PGlite store, as `npm start`
 * runs them, with a clock the test moves (applications' commands read it). For cross-service suites.
 */
export type ServiceName = 'applications' | 'eligibility' | 'disbursement' | 'audit';

export interface EmbeddedHarness {
  dataDir: string;
  store: EventStore;
  db: SqlDatabase;
  apps: Record<ServiceName, INestApplication>;
  consumers: { name: string; app: INestMicroservice; server: EventLogServer }[];
  errors: unknown[];
  /** The development token authority the services verify against (the console's dev sign-in issues with it). */
  verifier: DevTokenAuthority;
  /** The instant applications' commands are made at; set it to move time. */
  clock: { now: Date };
  http(service: ServiceName): ReturnType<typeof request>;
  /** Authorization header of a token issued for `who` (see `issue`). */
  as(who: string): { Authorization: string };
  issue(who: string, role: string, division: string): Promise<void>;
  /** Imports a seed standards document through eligibility as `who` (201 expected); the import's answer. */
  importStandard(who: string, division: string, seedFile: string): Promise<{ standardId: string; versionId: string }>;
  close(): Promise<void>;
}

export async function startEmbeddedHarness(options: {
  now: Date;
  prefix?: string;
  /** Passed to createApplicationsService (e.g. a sample working-day calendar); vault and clock stay the harness's. */
  applicationsOptions?: Omit<ApplicationsServiceOptions, 'openVault' | 'clock'>;
  /** The event store on this PostgreSQL database instead of PGlite (the rest stays embedded). */
  eventStoreUrl?: string;
}): Promise<EmbeddedHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), options.prefix ?? 'benefits-harness-'));
  const store = options.eventStoreUrl
    ? await createEventStore({ kind: 'postgres', url: options.eventStoreUrl })
    : await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
  const db = await openPgliteDatabase();
  const verifier = await createDevTokenVerifier({ dataDir });
  // As npm start: the four services' read models in the local messaging database.
  const runtime: ServiceRuntime = { store, verifier, readStore: sharedSqlReadStore(db, 'pglite') };
  const clock = { now: options.now };
  const apps = {} as Record<ServiceName, INestApplication>;
  apps.applications = await createServiceApp(
    createApplicationsService({ ...options.applicationsOptions, openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }), clock: () => clock.now }),
    runtime,
    { logger: false },
  );
  apps.eligibility = await createServiceApp(eligibilityService, runtime, { logger: false });
  // One vault for the process, as in npm start: applications and disbursement share its PGlite.
  apps.disbursement = await createServiceApp(createDisbursementService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }) }), runtime, { logger: false });
  apps.audit = await createServiceApp(auditService, runtime, { logger: false });

  const errors: unknown[] = [];
  const consumers: EmbeddedHarness['consumers'] = [];
  const mapper = new IntegrationEventMapper();
  // As npm start: each consumer reports to its service's metrics, and its handlers' appends are timed by them.
  const start = async (name: ServiceName, create: (s: EventLogServer, store: EventStore) => Promise<INestMicroservice>) => {
    const metrics = metricsOf(apps[name]);
    const server = new EventLogServer({ consumer: name, db, store, mapper, pollIntervalMs: 50, retryDelayMs: () => 20, onError: (e) => errors.push(e), metrics });
    metrics.watchConsumer(name, server);
    const app = await create(server, metrics.instrumentStore(store));
    await app.listen();
    consumers.push({ name, app, server });
  };
  await start(APPLICATIONS_CONSUMER, (s, timed) => createApplicationsConsumer({ store: timed, server: s, logger: false, pollIntervalMs: 50, onError: (e) => errors.push(e) }));
  await start(ELIGIBILITY_CONSUMER, (s, timed) => createEligibilityConsumer({ store: timed, server: s, logger: false }));
  await start(DISBURSEMENT_CONSUMER, (s, timed) => createDisbursementConsumer({ store: timed, server: s, logger: false }));

  const tokens: Record<string, string> = {};
  return {
    dataDir,
    store,
    db,
    apps,
    consumers,
    errors,
    verifier,
    clock,
    http: (service) => request(apps[service].getHttpServer()),
    as: (who) => ({ Authorization: `Bearer ${tokens[who]}` }),
    async issue(who, role, division) {
      tokens[who] = await verifier.issueDevToken({ sub: who, role, division });
    },
    async importStandard(who, division, seedFile) {
      const res = await request(apps.eligibility.getHttpServer())
        .post(`/standards/import?division=${division}&sourceName=${seedFile}`)
        .set({ Authorization: `Bearer ${tokens[who]}` })
        .set('Content-Type', 'text/plain')
        .send(readSeed(seedFile))
        .expect(201);
      return res.body as { standardId: string; versionId: string };
    },
    async close() {
      for (const { app } of [...consumers].reverse()) await app.close().catch(() => undefined);
      for (const app of Object.values(apps).reverse()) await app.close().catch(() => undefined);
      await store.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
