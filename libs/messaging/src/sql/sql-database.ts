import { Pool, type PoolClient } from 'pg';

/**
 * The little the messaging tables need from a database. Handlers receive the transaction's
 * session, so their side effects commit or roll back together with the inbox row.
 */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlSession {
  /** Committed if `work` resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function sessionOf(client: Pick<PoolClient, 'query'>): SqlSession {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as Row[];
    },
  };
}

/** A PostgreSQL server through a pg pool. */
export function openPostgresDatabase(url: string, options: { max?: number } = {}): SqlDatabase {
  const pool = new Pool({ connectionString: url, max: options.max ?? 5 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    ...sessionOf(pool),
    async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(sessionOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
