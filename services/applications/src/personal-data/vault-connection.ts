import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { loadRuntimeConfig } from '@benefits/http';
import { loadVaultKeys, openPersonalDataVault, type PersonalDataVault } from '@benefits/identity';

/** An open vault and how to release its database. */
export interface VaultHandle {
  vault: PersonalDataVault;
  close(): Promise<void>;
}

export type OpenVault = () => Promise<VaultHandle>;

/**
 * The vault of the applications service, from the environment. The event store keeps its database
 * to itself, so the vault has its own: PGlite in `<dataDir>/vault` in embedded mode (the process
 * already holds the data directory's lock through the event store), or the PostgreSQL database of
 * the deployment. Keys come from the secret store's environment variables when a JWKS URL says this
 * is production, else from the data directory (generated on first use). Read when the vault is
 * first opened, not before.
 */
export function vaultFromEnvironment(env: NodeJS.ProcessEnv = process.env): OpenVault {
  return async () => {
    const settings = loadRuntimeConfig(env);
    const keys = await loadVaultKeys({ mode: settings.BENEFITS_JWKS_URL ? 'production' : 'embedded', dataDir: settings.BENEFITS_DATA_DIR, env });
    if (settings.BENEFITS_EVENT_STORE === 'postgres') {
      const { Pool } = await import('pg');
      const pool = new Pool({ connectionString: settings.BENEFITS_PG_URL, max: 4 });
      try {
        return { vault: await openPersonalDataVault({ client: pool, keys }), close: () => pool.end() };
      } catch (error) {
        await pool.end().catch(() => undefined);
        throw error;
      }
    }
    const dir = join(settings.BENEFITS_DATA_DIR, 'vault');
    mkdirSync(dir, { recursive: true });
    // PGlite ships as ESM; loading it lazily keeps it out of processes that use a server.
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dir);
    try {
      return { vault: await openPersonalDataVault({ client: db, keys }), close: () => db.close() };
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  };
}

export const OPEN_VAULT = Symbol('OPEN_VAULT');

/**
 * Opens the vault on first use and closes it with the module. Lazily, because most requests (reads
 * of the timeline, health, refused tokens) never need personal data, and a service that is only
 * being described or probed should not create a database.
 */
@Injectable()
export class VaultConnection implements OnModuleDestroy {
  private opening: Promise<VaultHandle> | null = null;

  constructor(@Inject(OPEN_VAULT) private readonly openVault: OpenVault) {}

  async vault(): Promise<PersonalDataVault> {
    if (!this.opening) {
      const opening = this.openVault();
      this.opening = opening;
      // A failed open (database not reachable yet) is retried by the next request.
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
    }
    return (await this.opening).vault;
  }

  async onModuleDestroy(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const handle = await opening?.catch(() => null);
    await handle?.close();
  }
}
