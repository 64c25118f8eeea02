import type { PGlite, Transaction } from '@electric-sql/pglite';
import { embeddedPgliteOptions } from '@benefits/event-store';
import type { SqlDatabase, SqlSession } from './sql-database';

/**
 * The embedded database (PGlite, one connection). Every statement and transaction is queued, so a
 * transaction never interleaves with another caller's statements. A statement without parameters
 * may be a script of several statements.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  // PGlite ships as ESM; loading it lazily keeps it out of processes that use a server.
  const { PGlite: Pglite } = await import('@electric-sql/pglite');
  // The process's PGlite settings (small shared_buffers, one compiled module): docs/operations/embedded-memory.md.
  const db: PGlite = await Pglite.create(dataDir, await embeddedPgliteOptions(Pglite.defaultStartParams));
  let tail: Promise<unknown> = Promise.resolve();
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const run = async <Row>(target: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    if (params === undefined) {
      const results = await target.exec(sql);
      return (results.at(-1)?.rows ?? []) as Row[];
    }
    return (await target.query<Row>(sql, [...params])).rows;
  };
  return {
    query: <Row>(sql: string, params?: readonly unknown[]) => queued(() => run<Row>(db, sql, params)),
    transaction: <T>(work: (session: SqlSession) => Promise<T>) =>
      queued(() => db.transaction((tx) => work({ query: <Row>(sql: string, params?: readonly unknown[]) => run<Row>(tx, sql, params) }))),
    close: () => queued(() => db.close()),
  };
}
