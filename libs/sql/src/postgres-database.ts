import { Client, Pool, type ClientBase, type PoolClient } from 'pg';
import type { NotifyingSqlDatabase, SqlSession } from './sql-database';

const run = async <Row>(target: Pick<ClientBase, 'query'>, sql: string, params: readonly unknown[] | undefined, name?: string): Promise<Row[]> =>
  // No values: pg sends the text with the simple protocol, so a script of several statements runs.
  (await target.query({ text: sql, ...(params && params.length > 0 ? { values: params as unknown[] } : {}), ...(name ? { name } : {}) })).rows as Row[];

/** A session over one checked-out connection; also used by tests that drive a transaction by hand. */
export function clientSession(client: ClientBase): SqlSession {
  return { query: <Row>(sql: string, params?: readonly unknown[], name?: string) => run<Row>(client, sql, params, name) };
}

/** A PostgreSQL server through a pg pool; LISTEN runs on its own connection outside the pool. */
export class PostgresDatabase implements NotifyingSqlDatabase {
  private readonly pool: Pool;

  constructor(
    private readonly url: string,
    options: { max?: number } = {},
  ) {
    this.pool = new Pool({ connectionString: url, ...(options.max ? { max: options.max } : {}) });
    // An idle connection that dies (server restart) must not crash the process; the next query
    // gets a fresh connection or fails where someone is waiting for it.
    this.pool.on('error', () => undefined);
  }

  query<Row>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]> {
    return run<Row>(this.pool, sql, params, name);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientSession(client));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await rollbackAndRelease(client);
      throw error;
    }
  }

  /** Notifications only wake readers early; if this connection dies, subscribers fall back to polling. */
  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.url });
    client.on('error', () => undefined);
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A PostgreSQL server through a pg pool (`max` connections, pg's default of 10 when not given). */
export function openPostgresDatabase(url: string, options: { max?: number } = {}): PostgresDatabase {
  return new PostgresDatabase(url, options);
}

/** A connection whose ROLLBACK fails is broken: destroy it rather than return it to the pool. */
async function rollbackAndRelease(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
  }
}
