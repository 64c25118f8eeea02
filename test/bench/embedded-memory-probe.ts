/**
 * Preloaded into the server by `npm run bench -- embedded-memory` (node -r): on SIGUSR2 it writes
 * where the process's memory is to $BENCH_MEMORY_PROBE (JSON): process.memoryUsage(), V8's heap
 * statistics and heap spaces (after a full garbage collection when node runs with --expose-gc), the
 * PGlite databases the process opened (each one's WebAssembly memory: its size and how much of it
 * is resident) and the resident anonymous mappings of /proc/self/smaps by kind. Nothing in the
 * product is changed: PGlite.create is wrapped in this process only, to count the databases.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const target = process.env.BENCH_MEMORY_PROBE;
const MiB = 2 ** 20;

interface Opened {
  dataDir: string;
  memory: () => ArrayBufferLike | undefined;
}

const opened: Opened[] = [];

function watchPglite(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('@electric-sql/pglite') as { PGlite: { create: (...args: unknown[]) => Promise<{ mod?: { HEAPU8?: Uint8Array } }> } };
  const create = module.PGlite.create;
  module.PGlite.create = async function (this: unknown, ...args: unknown[]) {
    const db = await create.apply(this, args);
    const first = args[0];
    const dataDir = typeof first === 'string' ? first : typeof (first as { dataDir?: string })?.dataDir === 'string' ? (first as { dataDir: string }).dataDir : '(memory)';
    opened.push({ dataDir, memory: () => db.mod?.HEAPU8?.buffer });
    return db;
  };
}

/** Resident kB of the process's mappings: the WebAssembly memories' ranges, the rest by name. */
function residentMappings(wasmBytes: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  let name = '';
  let size = 0;
  let wasmLike = 0;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[3] || '[anonymous]';
      size = (parseInt(head[2], 16) - parseInt(head[1], 16)) / 1024;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const kb = Number(rss[1]);
    // A WebAssembly memory is one anonymous mapping at least as large as the memory itself.
    const key = name === '[anonymous]' && wasmBytes.some((bytes) => size * 1024 >= bytes && size * 1024 <= bytes + 64 * MiB) && wasmLike < wasmBytes.length
      ? (wasmLike++, '[anonymous: PGlite WebAssembly memory]')
      : name.includes('.node') ? '[native addons]' : name.startsWith('/') ? '[files: node binary, libraries]' : name;
    out[key] = (out[key] ?? 0) + kb;
  }
  return out;
}

function snapshot(): unknown {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  const databases = opened.map((db) => {
    const memory = db.memory();
    return { dataDir: db.dataDir, wasmMemoryMiB: memory ? Math.round(memory.byteLength / MiB) : null };
  });
  const mappings = residentMappings(opened.map((db) => db.memory()?.byteLength ?? 0).filter((b) => b > 0));
  return {
    at: new Date().toISOString(),
    memoryUsageMiB: Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, Math.round(v / MiB)])),
    heap: {
      usedMiB: Math.round(heap.used_heap_size / MiB),
      totalMiB: Math.round(heap.total_heap_size / MiB),
      limitMiB: Math.round(heap.heap_size_limit / MiB),
      mallocedMiB: Math.round(heap.malloced_memory / MiB),
      externalMiB: Math.round(heap.external_memory / MiB),
      spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_used_size / MiB)])),
    },
    databases,
    residentMiB: Object.fromEntries(Object.entries(mappings).map(([k, kb]) => [k, Math.round(kb / 1024)])),
  };
}

if (target) {
  watchPglite();
  process.on('SIGUSR2', () => writeFileSync(target, JSON.stringify(snapshot(), null, 2)));
}
