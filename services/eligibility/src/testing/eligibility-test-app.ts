import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier, type DevTokenAuthority, type IssueDevTokenInput } from '@benefits/identity';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { eligibilityService } from '../service';
import { DeterminationsConsumer } from '../determinations/determinations.consumer';

/** Set-up the HTTP specs of this service share (a test helper, not production code). */

export interface EligibilityTestAppOptions {
  /** Dev tokens issued at start, by the name specs use for them (`as('admin')`). */
  tokens?: Record<string, IssueDevTokenInput>;
}

export interface EligibilityTestApp {
  dataDir: string;
  /** The event store as the spec sees it (the app times its own view of it). */
  store: EventStore;
  authority: DevTokenAuthority;
  app: INestApplication;
  readModels: ReadModels;
  /** The integration-event consumer over the app's read models, for feeding it events as applications would. */
  consumer: DeterminationsConsumer;
  /** The tokens of `options.tokens`, by name. */
  tokens: Record<string, string>;
  /** A dev token for a user with a role in a division. */
  token(role: string, division: string, sub: string): Promise<string>;
  /** supertest against the app's HTTP server. */
  http(): ReturnType<typeof request>;
  /** Authorization header of one of `tokens`, by name. */
  as(who: string): { Authorization: string };
  /** Closes the app and the store and removes the data directory (a failed start does the same before it throws). */
  close(): Promise<void>;
}

/**
 * The eligibility service over HTTP on its own data directory (`prefix` names it): a PGlite event
 * store and dev tokens there, read models in an in-memory PGlite read store.
 */
export async function startEligibilityApp(prefix: string, options: EligibilityTestAppOptions = {}): Promise<EligibilityTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  let store: EventStore | undefined;
  let app: INestApplication | undefined;
  const close = async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority = await createDevTokenVerifier({ dataDir });
    // Opened up front: starting PGlite takes seconds on a busy machine, longer than a request waits for a read model.
    const readStore = await createDocumentStore({ kind: 'pglite' });
    const started = await createServiceApp(eligibilityService, { store, verifier: authority, readStore: async () => readStore }, { logger: false });
    app = started;
    const readModels = started.get<ReadModels>(READ_MODELS);
    const tokens: Record<string, string> = {};
    for (const [name, input] of Object.entries(options.tokens ?? {})) tokens[name] = await authority.issueDevToken(input);
    return {
      dataDir,
      store,
      authority,
      app: started,
      readModels,
      consumer: new DeterminationsConsumer(store, readModels),
      tokens,
      token: (role, division, sub) => authority.issueDevToken({ role, division, sub }),
      http: () => request(started.getHttpServer()),
      as: (who) => ({ Authorization: `Bearer ${tokens[who]}` }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
