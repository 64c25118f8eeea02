/**
 * Preloaded into the server by `npm run bench -- scale --cpu-prof` (node -r): SIGUSR2 starts the V8
 * CPU profiler and a per-statement account of the embedded databases' SQL, the next SIGUSR2 stops
 * both and writes them to $BENCH_CPU_PROFILE and $BENCH_CPU_PROFILE.sql.json. Node's own --cpu-prof
 * covers the whole process life (start-up included); this covers one phase of the bench. A CPU
 * profile of the embedded default is mostly PGlite's WebAssembly, which names no query — the SQL
 * account says which statements that time is spent on. Nothing in the product is changed: PGlite's
 * query, exec and transaction are wrapped in this process only.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';

const target = process.env.BENCH_CPU_PROFILE;

interface Statement {
  count: number;
  ms: number;
}

/** The statement's text with whitespace collapsed and literals kept (the services use parameters). */
const keyOf = (sql: unknown) => String(sql).replace(/\s+/g, ' ').trim().slice(0, 160);

function instrumentPglite(stats: () => Map<string, Statement> | null): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require('@electric-sql/pglite') as { PGlite: { prototype: object } };
  const owner = (name: string) => {
    for (let proto: any = PGlite.prototype; proto; proto = Object.getPrototypeOf(proto)) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) return proto;
    }
    return null;
  };
  const timed = async <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const account = stats();
    if (!account) return run();
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const entry = account.get(key) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - t0;
      account.set(key, entry);
    }
  };
  const wrapSession = (session: any) =>
    new Proxy(session, {
      get(object, property) {
        const value = object[property];
        if ((property === 'query' || property === 'exec') && typeof value === 'function') {
          return (sql: unknown, ...rest: unknown[]) => timed(`${property === 'exec' ? 'exec: ' : ''}${keyOf(sql)}`, () => value.call(object, sql, ...rest));
        }
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  for (const method of ['query', 'exec'] as const) {
    const proto = owner(method);
    if (!proto) continue;
    const original = proto[method];
    proto[method] = function (this: unknown, sql: unknown, ...rest: unknown[]) {
      return timed(`${method === 'exec' ? 'exec: ' : ''}${keyOf(sql)}`, () => original.call(this, sql, ...rest));
    };
  }
  const txProto = owner('transaction');
  if (txProto) {
    const original = txProto.transaction;
    txProto.transaction = function (this: unknown, work: (tx: unknown) => Promise<unknown>) {
      return timed('(whole transaction)', () => original.call(this, (tx: unknown) => work(wrapSession(tx))));
    };
  }
}

if (target) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  let account: Map<string, Statement> | null = null;
  instrumentPglite(() => account);
  process.on('SIGUSR2', () => {
    if (!account) {
      account = new Map();
      session.post('Profiler.start');
      return;
    }
    const finished = account;
    account = null;
    const statements = [...finished.entries()].map(([sql, s]) => ({ sql, ...s })).sort((a, b) => b.ms - a.ms);
    writeFileSync(`${target}.sql.json`, JSON.stringify(statements));
    session.post('Profiler.stop', (error, result) => {
      if (error) console.error(`cpu profile not written: ${error.message}`);
      else writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
