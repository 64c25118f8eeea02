import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shipped seed documents (libs/standards/data/seeds), for tests and tooling. */
export const SEEDS_DIR = join(__dirname, '..', '..', 'data', 'seeds');

export function readSeed(file: string): string {
  return readFileSync(join(SEEDS_DIR, file), 'utf8');
}
