import { Pool } from 'pg';
import { createTestDatabase } from '@benefits/testing';
import { vaultContract } from './vault.contract';

jest.setTimeout(30_000);

vaultContract('PostgreSQL', async () => {
  const pool = new Pool({ connectionString: await createTestDatabase('vault'), max: 8 });
  return { client: pool, dispose: () => pool.end() };
});
