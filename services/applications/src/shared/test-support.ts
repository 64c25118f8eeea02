import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { createDevTokenVerifier, residentIdCheckChar, type DevTokenAuthority } from '@benefits/identity';
import { vaultFromEnvironment, type OpenVault } from '../personal-data/vault-connection';
import { createApplicationsService, type ApplicationsServiceOptions } from '../service';
import { caseIndexProjection } from '../case-index/case-index';
import { benefitWorkflows } from '../workflows';

/** Set-up the HTTP specs of this service share (a test helper, not production code). */

/** A valid 身份证号 (sample data): division, birth date, sequence (odd: man, even: woman) and the GB 11643 check character. */
export const residentId = (division: string, birth: string, sequence: string) => {
  const first17 = `${division}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};

/** 10:00 in Asia/Shanghai on a date. */
export const at = (date: string) => new Date(`${date}T02:00:00Z`);

export interface TestApplications {
  dataDir: string;
  store: EventStore;
  authority: DevTokenAuthority;
  app: INestApplication;
  /** A dev token for a user with a role in a division (330402 unless given). */
  issue(sub: string, role: string, division?: string): Promise<string>;
  close(): Promise<void>;
}

export type TestServiceOptions = Omit<ApplicationsServiceOptions, 'openVault'> & { wrapVault?: (open: OpenVault) => OpenVault };

/** The service's read models (the case index) over `store`, in an in-memory PGlite read store; started on first use. */
export function testReadModels(store: EventStore): ReadModels {
  return new ReadModels({
    store,
    openReadStore: () => createDocumentStore({ kind: 'pglite' }),
    projections: [caseIndexProjection({ store, workflows: benefitWorkflows() })],
    pollIntervalMs: 50,
  });
}

/**
 * The applications service over HTTP on its own data directory (PGlite event store, vault and read
 * models — the case index started at once, polling every 50 ms), with dev tokens; `wrapVault` may
 * wrap the embedded vault.
 */
export async function startApplications(
  prefix: string,
  options: TestServiceOptions | ((dataDir: string) => TestServiceOptions) = {},
): Promise<TestApplications> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const { wrapVault = (open: OpenVault) => open, ...serviceOptions } = typeof options === 'function' ? options(dataDir) : options;
  const store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
  const authority = await createDevTokenVerifier({ dataDir });
  const service = createApplicationsService({
    openVault: wrapVault(vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir })),
    ...serviceOptions,
    caseIndex: { pollIntervalMs: 50, ...serviceOptions.caseIndex },
  });
  const readStore = () => createDocumentStore({ kind: 'pglite', dataDir: join(dataDir, 'read-models') });
  const app = await createServiceApp(service, { store, verifier: authority, readStore }, { logger: false });
  // Following the log from the start, as the service's processes do: a first list or 年审 tick then
  // waits for the latest events only, not for a catch-up over everything the spec wrote before.
  await app.get<ReadModels>(READ_MODELS).start();
  return {
    dataDir,
    store,
    authority,
    app,
    issue: (sub, role, division = '330402') => authority.issueDevToken({ sub, role, division }),
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST and GET as one of the users in `token` (by name), with an optional If-Match. */
export function requestsAs(app: () => INestApplication, token: Record<string, string>) {
  const server = () => app().getHttpServer();
  return {
    post: (path: string, who: string, ifMatch?: string) => {
      const call = request(server()).post(path).set('Authorization', `Bearer ${token[who]}`);
      return ifMatch === undefined ? call : call.set('If-Match', ifMatch);
    },
    get: (path: string, who: string) => request(server()).get(path).set('Authorization', `Bearer ${token[who]}`),
  };
}
