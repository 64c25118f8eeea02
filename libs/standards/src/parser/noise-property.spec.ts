import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStandardsDocument } from './parse-document';
import { readSeed } from './seeds';
import { DESTRUCTIVE_KINDS, GenerateOptions, generateVariant, NoiseKind } from './testing/noise-generator';
import { addToTally, Baseline, baseline, checkVariant, describeFailure, emptyTally, recallPercent, silentLosses, Tally } from './testing/recall';

/**
 * Property test of the parser under conversion noise (see docs/standards/noise-generator.md). For each
 * seed document, NOISE_VARIANTS (at least 1,000) variants, each mixing one to four gentle noise kinds,
 * are parsed once each. Every item of the clean parse must come out of the noisy parse with the same
 * category, subcategory, number, name and fields — compared under comparableText (the quote
 * normalisation — NFC, full-width ASCII forms → half-width, whitespace removed — after dropping
 * invisible characters: it undoes exactly what the gentle kinds change) — or a warning must cover the
 * item's lines in the noisy text. The destructive kind must be warned where it struck. A failure prints
 * the seed and the ops; `npm run bench -- parser-recall replay <file> <seed> [kind]` replays it.
 *
 * Kinds (or combinations) under which the parser is known to still lose items silently are listed in
 * KNOWN_SILENT_LOSSES, per seed: mixed variants that applied them are set aside (and counted), and each
 * entry gets an `it.failing` test titled KNOWN SILENT LOSS, which starts failing (and so must be
 * removed from the list) once the parser is fixed. Nothing is skipped silently.
 */
const SEED_FILES = ['000_0f5b4a98bdcb2c7b.txt', '001_40e26111df30cc0a.txt', '003_d2c032a64aa52382.txt', '004_252413ab3c819ab5.txt'];
const [S000, S001, S003, S004] = SEED_FILES;

/**
 * A kind, or a combination of kinds applied together, under which the parser is known to lose items
 * silently on the listed seeds (see the findings in docs/standards/noise-generator.md).
 */
interface KnownLoss {
  kinds: NoiseKind[];
  files: string[];
  reason: string;
}

// None at present. An entry looks like
// { kinds: ['heading-joined'], files: [S000, S003], reason: 'a heading sharing its line with the first field is appended to the previous item' }.
const KNOWN_SILENT_LOSSES: KnownLoss[] = [];

const VARIANTS = Math.max(1000, Number(process.env.NOISE_VARIANTS ?? 1000));
const KNOWN_LOSS_VARIANTS = 200;
const DESTRUCTIVE_VARIANTS = 200;
const FIRST_SEED = Number(process.env.NOISE_FIRST_SEED ?? 1_000_000);
const TIMEOUT = 300_000;

const parse = (text: string) => parseStandardsDocument(text);
const knownFor = (file: string) => KNOWN_SILENT_LOSSES.filter((k) => k.files.includes(file));
/** Whether a variant applied a kind, or all kinds of a combination, with a known silent loss on the seed. */
const hasKnownLoss = (file: string, kinds: readonly NoiseKind[]) => knownFor(file).some((k) => k.kinds.every((kind) => kinds.includes(kind)));
/** Destructive kinds without a known silent loss on the seed are asserted like the gentle ones. */
const destructiveFor = (file: string) => DESTRUCTIVE_KINDS.filter((kind) => !knownFor(file).some((k) => k.kinds.includes(kind)));

interface SeedSummary {
  variants: number;
  /** Variants generated but not checked: they applied a known silent loss (checked by it.failing). */
  setAside: number;
  recall: string;
  expected: number;
  found: number;
  lostWarned: number;
  silent: number;
  byKind: Record<string, { variants: number; recall: string; silent: number }>;
}
const summary: Record<string, SeedSummary> = {};

function summarise(total: Tally, byKind: Map<NoiseKind, Tally>, setAside: number): SeedSummary {
  return {
    variants: total.variants,
    setAside,
    recall: recallPercent(total),
    expected: total.expected,
    found: total.found,
    lostWarned: total.lostWarned,
    silent: total.lostSilent + total.spuriousSilent,
    byKind: Object.fromEntries(
      [...byKind].map(([kind, t]) => [kind, { variants: t.variants, recall: recallPercent(t), silent: t.lostSilent + t.spuriousSilent }]),
    ),
  };
}

interface Run {
  tally: Tally;
  byKind: Map<NoiseKind, Tally>;
  failed: string[];
  /** Variants generated but not checked because they applied a known silent loss. */
  setAside: number;
}

/**
 * Checks `variants` variants from consecutive seeds. With `file`, variants that applied a kind (or
 * combination) with a known silent loss on that seed are set aside unchecked, and generation goes on
 * until `variants` have been checked: seed n is the same variant whatever the list of known losses.
 */
function check(base: Baseline, variants: number, options: GenerateOptions, mode: string, setAsideKnownFor?: string): Run {
  const run: Run = { tally: emptyTally(), byKind: new Map(), failed: [], setAside: 0 };
  for (let seed = FIRST_SEED + (mode === 'mixed' ? 0 : 10_000_000); run.tally.variants < variants; seed++) {
    const variant = generateVariant(base.source, seed, options);
    if (setAsideKnownFor && hasKnownLoss(setAsideKnownFor, variant.applied.map((op) => op.kind))) {
      run.setAside++;
      continue;
    }
    const r = checkVariant(base, variant, parse);
    addToTally(run.tally, r);
    for (const kind of r.kinds) {
      if (!run.byKind.has(kind)) run.byKind.set(kind, emptyTally());
      addToTally(run.byKind.get(kind)!, r);
    }
    if (silentLosses(r).length > 0 || r.spurious.some((s) => !s.warned)) run.failed.push(describeFailure(base, r, 5, mode));
  }
  return run;
}

function report(failed: string[], total: number): void {
  if (failed.length > 0) {
    throw new Error(`${failed.length} of ${total} variants lost items without a warning; the first ones:\n\n${failed.slice(0, 5).join('\n\n')}`);
  }
}

afterAll(() => {
  const dir = join(__dirname, '..', '..', '..', '..', 'test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'parser-recall.json'), `${JSON.stringify({ firstSeed: FIRST_SEED, knownSilentLosses: KNOWN_SILENT_LOSSES, seeds: summary }, null, 2)}\n`);
  const lines = Object.entries(summary).map(
    ([file, s]) =>
      `${file}: ${s.variants} variants (${s.setAside} set aside: known losses), recall ${s.recall} (${s.found}/${s.expected}), lost but warned ${s.lostWarned}, silent ${s.silent}; known silent losses under: ${knownFor(file).map((k) => k.kinds.join('+')).join(', ') || 'none'}`,
  );
  console.log(`parser recall under conversion noise\n${lines.join('\n')}`);
});

describe.each(SEED_FILES)('parser under conversion noise: %s', (file) => {
  const base = baseline(file, readSeed(file), parse);

  it(
    `finds every item of ${VARIANTS} noisy variants, or warns where it lost one`,
    () => {
      const run = check(base, VARIANTS, {}, 'mixed', file);
      summary[file] = summarise(run.tally, run.byKind, run.setAside);
      expect(run.tally.variants).toBe(VARIANTS);
      expect(run.tally.expected).toBe(VARIANTS * base.clean.items.length);
      report(run.failed, VARIANTS);
    },
    TIMEOUT,
  );

  for (const kind of destructiveFor(file)) {
    it(
      `warns where ${kind} destroyed an item (${DESTRUCTIVE_VARIANTS} variants)`,
      () => {
        report(check(base, DESTRUCTIVE_VARIANTS, { kinds: [kind], all: true }, kind).failed, DESTRUCTIVE_VARIANTS);
      },
      TIMEOUT,
    );
  }

  // Known silent losses: an explicit marker, not a skip. When the parser no longer loses items
  // silently there, `it.failing` fails: take the seed out of KNOWN_SILENT_LOSSES.
  for (const known of knownFor(file)) {
    const label = known.kinds.join('+');
    it.failing(
      `KNOWN SILENT LOSS — ${label}: ${known.reason} (${KNOWN_LOSS_VARIANTS} variants)`,
      () => {
        report(check(base, KNOWN_LOSS_VARIANTS, { kinds: known.kinds, all: true }, label).failed, KNOWN_LOSS_VARIANTS);
      },
      TIMEOUT,
    );
  }
});
