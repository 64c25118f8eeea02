import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { evaluate } from '../evaluate/evaluate';
import { shippedPacks } from '../packs/shipped';
import { RULESETS } from '../rulesets';
import type { EngineResult } from '../trace/types';

/**
 * Recorded determinations: each file holds requests pinned to one ruleset version and the full
 * result (trace included) that version produced. Recomputing must give identical results; a
 * released version's file must not change at all (released.json holds its sha256).
 */
interface CorpusFile {
  rulesetVersion: string;
  records: { id: string; request: { benefit: keyof typeof RULESETS; rulesetVersion: string }; result: EngineResult }[];
}

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'released.json').sort();
const released: Record<string, { file: string; sha256: string; records: number }> = JSON.parse(readFileSync(join(dir, 'released.json'), 'utf8'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');

describe('recorded-determinations corpus', () => {
  const packs = shippedPacks();

  it('has a corpus for every ruleset version the library can run', () => {
    const versions = Object.values(RULESETS).flatMap((byVersion) => Object.keys(byVersion)).sort();
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(versions);
  });

  describe.each(files.map((f) => [f] as const))('%s', (file) => {
    const corpus: CorpusFile = JSON.parse(readFileSync(join(dir, file), 'utf8'));

    it('pins every request to the file’s ruleset version', () => {
      expect(file).toBe(`${corpus.rulesetVersion}.json`);
      expect(corpus.records.length).toBeGreaterThan(0);
      for (const record of corpus.records) expect(record.request.rulesetVersion).toBe(corpus.rulesetVersion);
    });

    it.each(corpus.records.map((r) => [r.id, r] as const))('recomputes %s with an identical result and trace', (_id, record) => {
      const recomputed = JSON.parse(JSON.stringify(evaluate(record.request, packs)));
      expect(recomputed).toStrictEqual(record.result);
    });
  });
});

describe('released rulesets are frozen', () => {
  it.each(Object.entries(released).map(([version, entry]) => [version, entry] as const))('%s: its corpus file is byte-for-byte the released one', (version, entry) => {
    expect(entry.file).toBe(`${version}.json`);
    expect(sha256(entry.file)).toBe(entry.sha256);
    const corpus: CorpusFile = JSON.parse(readFileSync(join(dir, entry.file), 'utf8'));
    expect(corpus.records).toHaveLength(entry.records);
  });

  it('every released version is still runnable', () => {
    const runnable = new Set(Object.values(RULESETS).flatMap((byVersion) => Object.keys(byVersion)));
    for (const version of Object.keys(released)) expect(runnable.has(version)).toBe(true);
  });
});
