import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PGliteOptions } from '@electric-sql/pglite';
import { Errors } from '@benefits/kernel';

/**
 * How the embedded PGlite databases of this process are started (event store, messaging and read
 * models, personal-data vault: docs/operations/embedded-memory.md).
 *
 * - shared_buffers: PostgreSQL's default of 128 MB is initialised when PGlite starts, so every
 *   database held ~130 MB of resident memory from its first second, before any data. With 16 MB
 *   each (2,048 pages), pages beyond them are read from the files through the operating system's
 *   cache (test/bench/embedded-memory.ts compares). `BENEFITS_PGLITE_SHARED_BUFFERS` sets another size
 *   (`128MB` gives PostgreSQL's default back, e.g. to compare).
 * - the WebAssembly module is compiled once per process and shared by the databases, instead of
 *   once per database.
 *
 * - a data directory template (`BENEFITS_PGLITE_TEMPLATE`, optional): the path of a tar file of a
 *   freshly initialised PGlite data directory (PGlite's `dumpDataDir`). A new database (in memory, or a
 *   data directory with nothing in it yet) is loaded from it instead of running initdb, which is most
 *   of the seconds an empty PGlite takes to open. The test runner sets it (libs/testing); unset, every
 *   new database runs initdb as before. A directory that already holds a database is opened as is.
 *
 * Durability is untouched: no fsync, synchronous_commit or relaxedDurability setting is changed
 * here, so an acknowledged write is as durable as before.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '16MB';

const SIZE = /^[1-9][0-9]{0,6}(kB|MB|GB)$/;

export function pgliteSharedBuffers(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.BENEFITS_PGLITE_SHARED_BUFFERS;
  if (value === undefined || value === '') return DEFAULT_PGLITE_SHARED_BUFFERS;
  if (!SIZE.test(value)) {
    throw Errors.CONFIGURATION_INVALID({ issues: [{ path: 'BENEFITS_PGLITE_SHARED_BUFFERS', message: 'a size such as 16MB, 131072kB or 1GB' }] });
  }
  return value;
}

type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
// Node's global WebAssembly (the workspace's TypeScript settings carry no DOM types that declare it).
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;

let compiled: Promise<WasmModule> | null = null;

/** PGlite's WebAssembly module, compiled on first use and shared by every database of the process. */
function pgliteWasmModule(): Promise<WasmModule> {
  if (!compiled) {
    const attempt = readFile(join(dirname(require.resolve('@electric-sql/pglite')), 'pglite.wasm')).then((bytes) => wasm.compile(bytes));
    compiled = attempt;
    // A failed compile is not kept: the next open tries again.
    attempt.catch(() => {
      if (compiled === attempt) compiled = null;
    });
  }
  return compiled;
}

/** Environment variable naming a tar file of a freshly initialised data directory (see above). */
export const PGLITE_TEMPLATE_ENV = 'BENEFITS_PGLITE_TEMPLATE';

/** Whether `dataDir` (undefined or `memory://…` = in memory) holds no database yet. */
function isNewDatabase(dataDir: string | undefined): boolean {
  if (dataDir === undefined || dataDir.startsWith('memory://')) return true;
  if (dataDir.includes('://')) return false;
  return !existsSync(join(dataDir.replace(/^file:\/\//, ''), 'PG_VERSION'));
}

/**
 * The options of `PGlite.create` for an embedded database of this process, in `dataDir` (undefined =
 * in memory).
 */
export async function embeddedPgliteOptions(defaultStartParams: readonly string[], env: NodeJS.ProcessEnv = process.env, dataDir?: string): Promise<PGliteOptions> {
  const sharedBuffers = pgliteSharedBuffers(env);
  const template = env[PGLITE_TEMPLATE_ENV];
  return {
    startParams: [...defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
    pgliteWasmModule: await pgliteWasmModule(),
    // Read per database and not kept: the tar is only needed while the new database is written.
    ...(template && isNewDatabase(dataDir) ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
  };
}
