/**
 * What the SQL event store needs from a database driver. Each adapter (pg pool, PGlite) supplies
 * one; everything above it — the SQL, the append logic, subscriptions — is shared.
 */
export interface SqlSession {
  /**
   * One statement with parameters. `name`: a statement run very often (an append), which a driver
   * with per-connection prepared statements keeps parsed and planned under that name.
   */
  query<Row>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
  /** A script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
