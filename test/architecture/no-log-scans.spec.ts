import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * No request or consumer path reads the global log. Reading the log (`readAll`) costs in proportion
 * to everything ever recorded, so a list, a payment run or a tick that does it gets slower every day
 * of a county's operation. Caseload-wide work reads a projection in pages instead; only the code
 * that *is* the log, or follows it on purpose, may touch `readAll`.
 *
 * The check is a plain text search of every non-spec `.ts` file under services/ and libs/ for
 * `readAll(` and `.readAll`, in code (comments are skipped). A file on the list below is allowed,
 * for the reason given next to it; a new entry needs as good a reason.
 */
const ALLOWED: { path: string | RegExp; why: string }[] = [
  // libs: the log itself and what follows it.
  { path: /^libs\/event-store\/src\//, why: 'the event-store port, its adapters, their contract suite and catch-up subscriptions: the log itself' },
  { path: 'libs/read-store/src/projection/projection-runner.ts', why: 'projection runners follow the log into read models (rebuilds replay it); requests read the read models' },
  { path: 'libs/messaging/src/forwarder/outbox-forwarder.ts', why: 'the outbox forwarder follows the log to publish integration events (Kafka, and the audit replication topic)' },
  { path: /^libs\/messaging\/src\/consumer\/event-log-[a-z-]+\.ts$/, why: 'the event-log transport of embedded mode delivers integration events from the log to consumers' },
  // services: logs of their own, and stand-ins for the port.
  { path: 'services/audit/src/replica/replica-store.ts', why: "audit's replica of every service's events is a log: it implements readAll for the projection runner that follows it" },
  { path: /^services\/audit\/src\/.*(verif|replay)[a-z-]*\.ts$/, why: 'audit verification and replay may read the whole log on purpose (today they read the replica stream by stream)' },
  { path: /^services\/audit\/src\/integrity\//, why: 'verification: verify --all reads the whole log once, in order, on purpose (ADR 0012 §4), and anchors the heads it found' },
  { path: 'services/applications/src/dibao/in-memory-store.ts', why: 'an in-memory event store for property tests: it implements the port (its readAll refuses); nothing calls it' },
];

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['services', 'libs'];
const LOG_READ = /readAll\(|\.readAll\b/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'gen') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The code of a file with comments blanked out (line numbers kept): a comment that names readAll reads nothing. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, '$1'))
    .join('\n');
}

/** `path:line  text` of every log read in the file. */
function logReads(file: string): string[] {
  const rel = relative(ROOT, file).split(sep).join('/');
  return code(readFileSync(file, 'utf8'))
    .split('\n')
    .flatMap((line, i) => (LOG_READ.test(line) ? [`${rel}:${i + 1}  ${line.trim()}`] : []));
}

const allowed = (rel: string) => ALLOWED.some(({ path }) => (typeof path === 'string' ? path === rel : path.test(rel)));

describe('architecture: no request or consumer path reads the global log', () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir)));

  it('finds source files to check (a search of nothing passes vacuously)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith(join('libs', 'read-store', 'src', 'projection', 'projection-runner.ts')))).toBe(true);
  });

  it('reads the log with readAll only in the files allowed to, each for its stated reason', () => {
    const offending = files
      .filter((file) => !allowed(relative(ROOT, file).split(sep).join('/')))
      .flatMap(logReads);
    // Each line: where a request or consumer path reads the whole log. Read a projection in pages instead.
    expect(offending).toEqual([]);
  });

  it('lists no file that has stopped reading the log (the list stays an honest account)', () => {
    const stale = ALLOWED.flatMap(({ path }) => {
      if (typeof path !== 'string') return [];
      const file = join(ROOT, path);
      return existsSync(file) && logReads(file).length > 0 ? [] : [path];
    });
    expect(stale).toEqual([]);
  });

  it('would catch a log read, and not one in a comment', () => {
    expect(LOG_READ.test(code('const page = await this.store.readAll({ after, maxCount: 500 });'))).toBe(true);
    expect(LOG_READ.test(code('const { readAll } = store; await readAll({ maxCount: 1 });'))).toBe(true);
    expect(LOG_READ.test(code('// never store.readAll( here\n/* nor .readAll */ const x = 1;'))).toBe(false);
    expect(LOG_READ.test(code("const url = 'http://host/readAll(';"))).toBe(true);
  });
});
