import { Client, Pool, type ClientBase, type PoolClient } from 'pg';
import type { SqlDatabase, SqlSession } from '../sql/sql-database';

/** A session over one checked-out connection; also used by tests that drive a transaction by hand. */
export function clientSession(client: ClientBase): SqlSession {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
      return (await client.query({ text: sql, values: params as unknown[], ...(name ? { name } : {}) })).rows as Row[];
    },
    async exec(script: string): Promise<void> {
      await client.query(script);
    },
  };
}

/** A PostgreSQL server through a pg pool; LISTEN runs on its own connection outside the pool. */
export class PostgresDatabase implements SqlDatabase {
  private readonly pool: Pool;

  constructor(private readonly url: string) {
    this.pool = new Pool({ connectionString: url });
    // An idle connection that dies (server restart) must not crash the process; the next query
    // gets a fresh connection or fails where someone is waiting for it.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    return (await this.pool.query({ text: sql, values: params as unknown[], ...(name ? { name } : {}) })).rows as Row[];
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
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

/** A connection whose ROLLBACK fails is broken: destroy it rather than return it to the pool. */
async function rollbackAndRelease(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
  }
}
