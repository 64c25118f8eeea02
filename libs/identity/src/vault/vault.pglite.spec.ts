import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultContract } from './vault.contract';

// Creating a PGlite cluster takes seconds.
jest.setTimeout(60_000);

vaultContract('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-vault-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  return {
    client: db,
    dispose: async () => {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
