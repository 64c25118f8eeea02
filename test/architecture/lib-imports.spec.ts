import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The shared libraries import in one direction. Each has a layer; a file of a library (its specs
 * included) may import `@benefits/<lib>` only from a lower layer. `@benefits/testing` (test servers:
 * PostgreSQL, Kafka mock cluster) is the one exception: specs and test-support folders (`src/testing/`)
 * may use it from any layer, production code never.
 *
 * A new library gets a layer here; a change that needs an import upwards moves the code to the
 * library it belongs to instead (as the SQL plumbing moved to `@benefits/sql`).
 */
const LAYERS: Record<string, number> = {
  kernel: 0,
  sql: 1,
  standards: 1,
  identity: 1,
  'event-store': 2,
  benefits: 2,
  'read-store': 3,
  messaging: 3,
  http: 4,
  demo: 5,
};

const ROOT = join(__dirname, '..', '..');
const IMPORT = /from '@benefits\/([a-z-]+)'/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'gen') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? files(path) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('library import direction', () => {
  const libs = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it('every library has a layer (testing stands apart)', () => {
    expect(libs.filter((lib) => lib !== 'testing' && LAYERS[lib] === undefined)).toEqual([]);
  });

  it('no library imports one of its own layer or above; @benefits/testing only from specs and test support', () => {
    const wrong: string[] = [];
    for (const lib of libs) {
      for (const file of files(join(ROOT, 'libs', lib, 'src'))) {
        const path = relative(ROOT, file);
        const testCode = file.endsWith('.spec.ts') || /\/src\/testing\//.test(path);
        for (const [, target] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          if (target === lib) continue;
          if (target === 'testing') {
            if (!testCode && lib !== 'testing') wrong.push(`${path} → @benefits/testing (production code)`);
            continue;
          }
          if (lib === 'testing' || LAYERS[target] === undefined || LAYERS[target] >= LAYERS[lib]) wrong.push(`${path} → @benefits/${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
