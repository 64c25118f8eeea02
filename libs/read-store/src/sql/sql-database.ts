import { Pool, type PoolClient } from 'pg';

/**
 * The little the SQL document store needs from a driver. Same shape as the messaging library's
 * `SqlDatabase`, so a database opened there can be passed here too.
 */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlSession {
  /** Committed if `work` resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const sessionOf = (client: Pick<PoolClient, 'query'>): SqlSession => ({
  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await client.query(sql, params as unknown[] | undefined)).rows as Row[];
  },
});

/** A PostgreSQL server through a pg pool. */
export function openPostgresSqlDatabase(url: string, options: { max?: number } = {}): SqlDatabase {
  const pool = new Pool({ connectionString: url, max: options.max ?? 5 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    ...sessionOf(pool),
    async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(sessionOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PGlite (embedded, one connection): every statement and transaction is queued, so a transaction
 * never interleaves with another caller's statements. `dataDir` undefined = in memory.
 */
export async function openPgliteSqlDatabase(dataDir?: string): Promise<SqlDatabase> {
  // PGlite ships as ESM; loading it lazily keeps it out of processes that use a server.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  let tail: Promise<unknown> = Promise.resolve();
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []) => queued(async () => (await db.query<Row>(sql, [...params])).rows),
    transaction: <T>(work: (session: SqlSession) => Promise<T>) =>
      queued(() =>
        db.transaction((tx) => work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, [...params])).rows })),
      ),
    close: () => queued(() => db.close()),
  };
}
