import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { z } from 'zod';
import type { EventStore } from '@benefits/event-store';
import { Errors } from '@benefits/kernel';
import { loadRuntimeConfig, SERVICE_RUNTIME, type ServiceRuntime } from '@benefits/http';
import { createDocumentStore, ProjectionRunner, type DocumentCollection, type DocumentStore } from '@benefits/read-store';
import type { BenefitWorkflow } from '../integration/benefit-workflow';
import { BENEFIT_WORKFLOWS } from '../workflows';
import { CASE_INDEX, caseIndexProjection, type CaseIndexEntry } from './case-index';
import { CaseIndexErrors } from './errors';

/** Opens the database the case index lives in. */
export type OpenReadStore = () => Promise<DocumentStore>;

export interface CaseIndexOptions {
  /** Default: from the environment (`caseIndexReadStoreFromEnvironment`). */
  openReadStore?: OpenReadStore;
  /** Default: every benefit's workflow (`../workflows.ts`). */
  workflows?: readonly BenefitWorkflow[];
  /** Idle poll interval of the projection (default 200 ms). */
  pollIntervalMs?: number;
  /** How long a list request waits for the projection to apply what was committed before it (default 2000 ms). */
  catchUpMs?: number;
  onError?: (error: unknown) => void;
}

export const CASE_INDEX_OPTIONS = Symbol('CASE_INDEX_OPTIONS');

const ReadStoreEnvSchema = z.object({
  BENEFITS_READ_STORE: z.enum(['pglite', 'postgres', 'mongo']).optional(),
  BENEFITS_READ_STORE_PG_URL: z.string().url().optional(),
  BENEFITS_MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//).optional(),
});

/**
 * Where read models live, from the environment: `BENEFITS_READ_STORE` = `mongo` (BENEFITS_MONGO_URL),
 * `postgres` (BENEFITS_READ_STORE_PG_URL, else the event store's BENEFITS_PG_URL; schema
 * `read_store`) or `pglite` (`<BENEFITS_DATA_DIR>/read-models`, covered by the data directory's
 * lock). Default: postgres when the event store is, else pglite. Read when first opened.
 */
export function caseIndexReadStoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): OpenReadStore {
  return async () => {
    const runtime = loadRuntimeConfig(env);
    // An empty variable (as in deploy/env.example) means "not set".
    const parsed = ReadStoreEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
    const invalid = (issues: { path: string; message: string }[]) => Errors.CONFIGURATION_INVALID({ issues });
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const settings = parsed.data;
    const kind = settings.BENEFITS_READ_STORE ?? (runtime.BENEFITS_EVENT_STORE === 'postgres' ? 'postgres' : 'pglite');
    switch (kind) {
      case 'mongo':
        if (!settings.BENEFITS_MONGO_URL) throw invalid([{ path: 'BENEFITS_MONGO_URL', message: 'required when BENEFITS_READ_STORE=mongo' }]);
        return createDocumentStore({ kind: 'mongo', url: settings.BENEFITS_MONGO_URL });
      case 'postgres': {
        const url = settings.BENEFITS_READ_STORE_PG_URL ?? runtime.BENEFITS_PG_URL;
        if (!url) throw invalid([{ path: 'BENEFITS_READ_STORE_PG_URL', message: 'required when BENEFITS_READ_STORE=postgres (or BENEFITS_PG_URL)' }]);
        return createDocumentStore({ kind: 'postgres', url });
      }
      case 'pglite': {
        const dataDir = join(runtime.BENEFITS_DATA_DIR, 'read-models');
        mkdirSync(dataDir, { recursive: true });
        return createDocumentStore({ kind: 'pglite', dataDir });
      }
    }
  };
}

interface OpenIndex {
  documents: DocumentStore;
  runner: ProjectionRunner;
}

/**
 * The case index of this process: its read store and the projection that keeps it, opened on first
 * use (a service that is only described or probed creates no database) or by `start()` at process
 * start, closed with the module — before the event store, which the process closes last.
 */
@Injectable()
export class CaseIndexConnection implements OnModuleDestroy {
  private opening: Promise<OpenIndex> | null = null;
  private closed = false;
  private readonly store: EventStore;

  constructor(
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
    @Inject(CASE_INDEX_OPTIONS) private readonly options: CaseIndexOptions,
  ) {
    this.store = runtime.store;
  }

  /** Opens the read store and starts the projection (once). */
  async start(): Promise<void> {
    await this.open();
  }

  /** The index, after waiting (bounded) until it has applied what the log held when asked. */
  async fresh(): Promise<{ cases: DocumentCollection<CaseIndexEntry>; position: string; caughtUp: boolean }> {
    const { documents, runner } = await this.open();
    const caughtUp = await runner.catchUp(this.options.catchUpMs ?? 2000);
    return { cases: documents.collection<CaseIndexEntry>(CASE_INDEX), position: runner.position, caughtUp };
  }

  /** The projection runner (tests: rebuild, checkpoint). */
  async runner(): Promise<ProjectionRunner> {
    return (await this.open()).runner;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = null;
    const open = await opening?.catch(() => null);
    if (!open) return;
    await open.runner.stop();
    await open.documents.close();
  }

  private report(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
    else console.error(`case index: ${error instanceof Error ? error.message : String(error)}`);
  }

  private open(): Promise<OpenIndex> {
    // Closing with the module: nothing opens again behind the shutdown.
    if (this.closed) return Promise.reject(CaseIndexErrors.CASE_INDEX_UNAVAILABLE());
    if (!this.opening) {
      const opening = this.openNow();
      this.opening = opening;
      // A failed open (database not reachable yet) is retried by the next request.
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return this.opening.catch((error) => {
      this.report(error);
      throw CaseIndexErrors.CASE_INDEX_UNAVAILABLE();
    });
  }

  private async openNow(): Promise<OpenIndex> {
    const documents = await (this.options.openReadStore ?? caseIndexReadStoreFromEnvironment())();
    try {
      const runner = new ProjectionRunner({
        store: this.store,
        documents,
        projection: caseIndexProjection({ store: this.store, workflows: this.options.workflows ?? BENEFIT_WORKFLOWS }),
        pollIntervalMs: this.options.pollIntervalMs,
        onError: (error) => this.report(error),
      });
      await runner.start();
      return { documents, runner };
    } catch (error) {
      await documents.close().catch(() => undefined);
      throw error;
    }
  }
}
