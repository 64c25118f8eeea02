import { Client } from 'pg';
import { createTestDatabase } from './postgres';

describe('test PostgreSQL server', () => {
  it('is a real server that accepts a fresh database per suite', async () => {
    const url = await createTestDatabase();
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    await client.end();
    expect(Number(rows[0].server_version_num)).toBeGreaterThanOrEqual(140000);
  });
});
