import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_URL_ENV } from './global-servers';

/** The URL of the run's PostgreSQL server (started by jest globalSetup or given in BENEFITS_TEST_PG_URL). */
export function testPostgresUrl(): string {
  const url = process.env[PG_URL_ENV];
  if (!url) throw new Error(`${PG_URL_ENV} is not set: run the tests through jest's globalSetup (npm test)`);
  return url;
}

/** Creates a fresh, uniquely named database on the test server and returns its URL. */
export async function createTestDatabase(prefix = 't'): Promise<string> {
  const base = testPostgresUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
