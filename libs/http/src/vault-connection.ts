import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { loadVaultKeys, openPersonalDataVault, type PersonalDataVault } from '@benefits/identity';
import { loadRuntimeConfig, type RuntimeConfig } from './config';
import { SERVICE_METRICS, type ServiceMetrics } from './observability/metrics';
import { embeddedPgliteOptions } from '@benefits/sql';

/** An open vault and how to release it. */
export interface VaultHandle {
  vault: PersonalDataVault;
  close(): Promise<void>;
}

export type OpenVault = () => Promise<VaultHandle>;

/** One open vault database per location in this process, with the handles given out on it. */
interface SharedVault {
  opening: Promise<VaultHandle>;
  handles: number;
}

const shared = new Map<string, SharedVault>();

/**
 * Opens the vault at `location` once per process and gives every caller a handle on the same
 * instance; the database is closed when the last handle is closed. In embedded mode the four
 * services run in one process and PGlite must not open one directory twice, so they share one
 * vault; in separate processes each process has its own (each on the deployment's PostgreSQL).
 * A failed open is forgotten, so the next caller tries again.
 */
export function sharedVault(location: string, open: OpenVault): OpenVault {
  return async () => {
    let entry = shared.get(location);
    if (!entry) {
      const opening = open();
      const created: SharedVault = { opening, handles: 0 };
      entry = created;
      shared.set(location, created);
      opening.catch(() => {
        if (shared.get(location) === created) shared.delete(location);
      });
    }
    const current = entry;
    current.handles += 1;
    let handle: VaultHandle;
    try {
      handle = await current.opening;
    } catch (error) {
      current.handles -= 1;
      throw error;
    }
    let released = false;
    return {
      vault: handle.vault,
      async close() {
        if (released) return;
        released = true;
        current.handles -= 1;
        if (current.handles > 0) return;
        if (shared.get(location) === current) shared.delete(location);
        await handle.close();
      },
    };
  };
}

/**
 * Whether the deployment's vault is in PostgreSQL: with a PostgreSQL event store, and with a KurrentDB
 * one when a PostgreSQL database is named (`BENEFITS_VAULT_PG_URL`, else `BENEFITS_PG_URL`) — the
 * services of such a deployment are separate processes that must share one vault, not each keep one
 * in its data directory. Only the embedded default (PGlite) keeps it in `<dataDir>/vault`.
 */
export function vaultOnPostgres(settings: Pick<RuntimeConfig, 'BENEFITS_EVENT_STORE' | 'BENEFITS_VAULT_PG_URL' | 'BENEFITS_PG_URL'>): boolean {
  if (settings.BENEFITS_EVENT_STORE === 'postgres') return true;
  return settings.BENEFITS_EVENT_STORE === 'kurrentdb' && Boolean(settings.BENEFITS_VAULT_PG_URL ?? settings.BENEFITS_PG_URL);
}

/**
 * The personal-data vault of the deployment, from the environment. The event store keeps its
 * database to itself, so the vault has its own: PGlite in `<dataDir>/vault` in embedded mode (the
 * process already holds the data directory's lock through the event store), or the PostgreSQL
 * database of the deployment. Keys come from the secret store's environment variables when a JWKS
 * URL says this is production, else from the data directory (generated on first use). Read when the
 * vault is first opened, not before. Every service of a process asking for the same database gets
 * the same instance (`sharedVault`); the keys are those of the first opener.
 */
export function vaultFromEnvironment(env: NodeJS.ProcessEnv = process.env): OpenVault {
  return async () => {
    const settings = loadRuntimeConfig(env);
    const postgres = vaultOnPostgres(settings);
    const dir = join(settings.BENEFITS_DATA_DIR, 'vault');
    const vaultUrl = settings.BENEFITS_VAULT_PG_URL ?? settings.BENEFITS_PG_URL;
    const location = postgres ? `postgres|${vaultUrl}` : `pglite|${resolve(dir)}`;
    return sharedVault(location, async () => {
      const keys = await loadVaultKeys({ mode: settings.BENEFITS_JWKS_URL ? 'production' : 'embedded', dataDir: settings.BENEFITS_DATA_DIR, env });
      if (postgres) {
        const { Pool } = await import('pg');
        const pool = new Pool({ connectionString: vaultUrl, max: 4 });
        try {
          return { vault: await openPersonalDataVault({ client: pool, keys }), close: () => pool.end() };
        } catch (error) {
          await pool.end().catch(() => undefined);
          throw error;
        }
      }
      mkdirSync(dir, { recursive: true });
      // PGlite ships as ESM; loading it lazily keeps it out of processes that use a server.
      const { PGlite } = await import('@electric-sql/pglite');
      // The process's PGlite settings (small shared_buffers, one compiled module): docs/operations/embedded-memory.md.
      const db = await PGlite.create(dir, await embeddedPgliteOptions(PGlite.defaultStartParams, process.env, dir));
      try {
        return { vault: await openPersonalDataVault({ client: db, keys }), close: () => db.close() };
      } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
      }
    })();
  };
}

/** Provider token of a service's `OpenVault`. */
export const OPEN_VAULT = Symbol('OPEN_VAULT');

/**
 * Opens the vault on first use and closes it with the module. Lazily, because most requests (reads
 * of the timeline, health, refused tokens) never need personal data, and a service that is only
 * being described or probed should not create a database.
 */
@Injectable()
export class VaultConnection implements OnModuleDestroy {
  private opening: Promise<VaultHandle> | null = null;
  private timed: { vault: PersonalDataVault; view: PersonalDataVault } | null = null;

  constructor(
    @Inject(OPEN_VAULT) private readonly openVault: OpenVault,
    @Optional() @Inject(SERVICE_METRICS) private readonly metrics?: ServiceMetrics,
  ) {}

  async vault(): Promise<PersonalDataVault> {
    if (!this.opening) {
      const opening = this.openVault();
      this.opening = opening;
      // A failed open (database not reachable yet) is retried by the next request.
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    const vault = (await this.opening).vault;
    if (!this.metrics) return vault;
    // This service's timed view of the (possibly shared) vault, made once per opened vault.
    if (this.timed?.vault !== vault) this.timed = { vault, view: this.metrics.instrumentVault(vault) };
    return this.timed.view;
  }

  async onModuleDestroy(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const handle = await opening?.catch(() => null);
    await handle?.close();
  }
}
