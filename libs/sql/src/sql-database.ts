/**
 * What the event store, the messaging tables, the SQL read models and the audit replica need from a
 * database driver. Two adapters supply it — a PostgreSQL server through a pg pool, and the embedded
 * PGlite — so everything above them (the SQL itself) is written once.
 */
export interface SqlSession {
  /**
   * One statement with parameters. Without parameters the text may be a script of several
   * statements (DDL); the rows of the last one are returned. `name`: a statement run very often (an
   * append), which a driver with per-connection prepared statements keeps parsed under that name.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
}

export interface SqlDatabase extends SqlSession {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database that also reports NOTIFY on a channel (the SQL event store wakes its subscribers with it). */
export interface NotifyingSqlDatabase extends SqlDatabase {
  /** Calls `onNotify` for each NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}
