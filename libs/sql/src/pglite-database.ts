import type { PGlite, Transaction } from '@electric-sql/pglite';
import { embeddedPgliteOptions } from './pglite-options';
import { SerialQueue } from './serial-queue';
import type { NotifyingSqlDatabase, SqlSession } from './sql-database';

/** Without parameters the text may be a script: run it as one (PGlite's exec) and return the last rows. */
async function run<Row>(target: PGlite | Transaction, sql: string, params: readonly unknown[] | undefined): Promise<Row[]> {
  if (params === undefined) return ((await target.exec(sql)).at(-1)?.rows ?? []) as Row[];
  return (await target.query<Row>(sql, [...params])).rows;
}

/**
 * The embedded database: one PGlite instance (one connection), every statement and transaction
 * queued, so a transaction never interleaves with another caller's statements.
 */
export class PgliteDatabase implements NotifyingSqlDatabase {
  private readonly queue = new SerialQueue();

  private constructor(private readonly db: PGlite) {}

  /**
   * `dataDir` undefined = in memory. PGlite ships as ESM; loading it lazily keeps it out of
   * processes that use a server. The process's PGlite settings: pglite-options.ts.
   */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const { PGlite: Pglite } = await import('@electric-sql/pglite');
    return new PgliteDatabase(await Pglite.create(dataDir, await embeddedPgliteOptions(Pglite.defaultStartParams, process.env, dataDir)));
  }

  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.queue.run(() => run<Row>(this.db, sql, params));
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.queue.run(() => this.db.transaction((tx) => work({ query: <Row>(sql: string, params?: readonly unknown[]) => run<Row>(tx, sql, params) })));
  }

  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.queue.run(async () => {
      const unlisten = await this.db.listen(channel, onNotify);
      return () => this.queue.run(() => unlisten());
    });
  }

  close(): Promise<void> {
    return this.queue.run(() => this.db.close());
  }
}

/** The embedded database in `dataDir` (undefined = in memory). */
export function openPgliteDatabase(dataDir?: string): Promise<PgliteDatabase> {
  return PgliteDatabase.open(dataDir);
}
