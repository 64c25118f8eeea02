import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlDatabase, SqlSession } from '../sql/sql-database';
import { embeddedPgliteOptions } from './pglite-options';
import { SerialQueue } from './serial-queue';

function transactionSession(tx: Transaction): SqlSession {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await tx.query<Row>(sql, [...params])).rows;
    },
    async exec(script: string): Promise<void> {
      await tx.exec(script);
    },
  };
}

/** The embedded database: one PGlite instance, every statement and transaction queued. */
export class PgliteDatabase implements SqlDatabase {
  private readonly queue = new SerialQueue();

  private constructor(private readonly db: PGlite) {}

  /** PGlite ships as ESM; loading it lazily keeps it out of processes that use a server. */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    return new PgliteDatabase(await PGlite.create(dataDir, await embeddedPgliteOptions(PGlite.defaultStartParams)));
  }

  query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.queue.run(async () => (await this.db.query<Row>(sql, [...params])).rows);
  }

  exec(script: string): Promise<void> {
    return this.queue.run(async () => void (await this.db.exec(script)));
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.queue.run(() => this.db.transaction((tx) => work(transactionSession(tx))));
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
