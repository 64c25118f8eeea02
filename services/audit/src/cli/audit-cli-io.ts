/** What an audit subcommand gets: output streams, the environment and (for tests) a fetch. */
export interface AuditCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /** How often a long request reports that it is still working (default 2000 ms). */
  progressIntervalMs?: number;
}
