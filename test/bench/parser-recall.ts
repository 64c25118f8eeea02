/**
 * `npm run bench -- parser-recall`: the standards parser under conversion noise. For each seed
 * document, BENCH_PARSER_VARIANTS (default 5,000) variants mixing one to four gentle noise kinds,
 * then BENCH_PARSER_PER_KIND (default 300) variants of each kind alone (so a loss is attributed to
 * one kind), then the destructive kind alone. Prints recall (items found / items expected), losses
 * with and without a warning at the place, and parse time per variant (CPU time of this process:
 * one thread, so one core). `-- parser-recall examples` also prints, per seed and kind, the first
 * variant that lost an item silently, with the noisy lines around the loss.
 * See docs/standards/noise-generator.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStandardsDocument } from '../../libs/standards/src/parser/parse-document';
import { readSeed } from '../../libs/standards/src/parser/seeds';
import { DESTRUCTIVE_KINDS, generateVariant, GENTLE_KINDS, NoiseKind, NoisyVariant } from '../../libs/standards/src/parser/testing/noise-generator';
import {
  addToTally,
  Baseline,
  baseline,
  checkVariant,
  describeFailure,
  emptyTally,
  optionsForMode,
  recallPercent,
  runVariants,
  silentLosses,
  Tally,
  VariantResult,
} from '../../libs/standards/src/parser/testing/recall';

export const SEED_FILES = ['000_0f5b4a98bdcb2c7b.txt', '001_40e26111df30cc0a.txt', '003_d2c032a64aa52382.txt', '004_252413ab3c819ab5.txt'];

const VARIANTS = Number(process.env.BENCH_PARSER_VARIANTS ?? 5000);
const PER_KIND = Number(process.env.BENCH_PARSER_PER_KIND ?? 300);
const FIRST_SEED = Number(process.env.BENCH_PARSER_FIRST_SEED ?? 1_000_000);

interface Clock {
  cpuUs: number;
  calls: number;
}

function timedParse(clock: Clock) {
  return (text: string) => {
    const before = process.cpuUsage();
    try {
      return parseStandardsDocument(text);
    } finally {
      const used = process.cpuUsage(before);
      clock.cpuUs += used.user + used.system;
      clock.calls++;
    }
  };
}

function row(label: string, t: Tally): string {
  const silent = t.lostSilent + t.spuriousSilent;
  return `${label.padEnd(22)} ${String(t.variants).padStart(6)} variants  recall ${recallPercent(t).padStart(9)}  lost+warned ${String(t.lostWarned).padStart(5)}  silent ${String(silent).padStart(5)}  refused ${String(t.refused).padStart(4)}${
    t.designLost || t.designRecovered ? `  headings destroyed: ${t.designRecovered} items still read right, ${t.designLost} lost (${t.designWarned} warned)` : ''
  }`;
}

function context(variant: NoisyVariant, start: number, end: number): string {
  const lines = variant.text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const from = Math.max(1, start - 3);
  const to = Math.min(lines.length, Math.max(end, start) + 1, from + 14);
  const out: string[] = [];
  for (let no = from; no <= to; no++) out.push(`    ${String(no).padStart(5)}${variant.origin[no - 1] === null ? '+' : ' '}| ${lines[no - 1].replace(/\t/g, '→').slice(0, 90)}`);
  return out.join('\n');
}

function example(base: Baseline, r: VariantResult, v: NoisyVariant, kind: NoiseKind): string {
  const first = silentLosses(r)[0];
  const spur = r.spurious.find((s) => !s.warned);
  const at = first ? first.noisy : spur ? { start: spur.startLine, end: spur.startLine } : { start: 1, end: 1 };
  return `${describeFailure(base, r, 3, kind)}\n${context(v, at.start, at.end)}`;
}

/**
 * `-- parser-recall replay <seed file> <seed> [kind[+kind…]]`: regenerates one variant (mixed kinds,
 * or the given kinds all applied), writes its text to test-output/noise/, and prints the ops, the losses and the
 * warnings of the noisy parse.
 */
function replay(argv: string[]): void {
  const [file, seedText, kind] = argv.slice(argv.indexOf('replay') + 1);
  const seed = Number(seedText);
  if (!SEED_FILES.includes(file) || !Number.isInteger(seed)) throw new Error('usage: npm run bench -- parser-recall replay <seed file> <seed> [kind]');
  const base = baseline(file, readSeed(file), parseStandardsDocument);
  const options = optionsForMode(kind ?? 'mixed');
  const variant = generateVariant(base.source, seed, options);
  const result = checkVariant(base, variant, parseStandardsDocument);
  const dir = join(__dirname, '..', '..', 'test-output', 'noise');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${file.replace(/\.txt$/, '')}-${seed}${kind ? `-${kind}` : ''}.txt`);
  writeFileSync(out, variant.text);
  console.log(describeFailure(base, result, 50, kind ?? 'mixed'));
  console.log(`noisy text: ${out}`);
  const noisy = parseStandardsDocument(variant.text);
  for (const w of noisy.warnings) console.log(`  warning ${w.line}${w.endLine ? `–${w.endLine}` : ''} ${w.code}: ${w.message.slice(0, 140)}`);
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('replay')) return replay(argv);
  const examples = argv.includes('examples');
  const clock: Clock = { cpuUs: 0, calls: 0 };
  const parse = timedParse(clock);
  console.log(`parser recall under conversion noise: ${VARIANTS} mixed variants per seed, ${PER_KIND} per kind alone, first seed ${FIRST_SEED}\n`);
  const perKindAll = new Map<NoiseKind, Tally>();
  for (const file of SEED_FILES) {
    const base = baseline(file, readSeed(file), parseStandardsDocument);
    console.log(`${file} (${base.clean.document.layout}, ${base.clean.items.length} items)`);
    const mixed = emptyTally();
    const mixedByKind = new Map<NoiseKind, Tally>();
    clock.cpuUs = 0;
    clock.calls = 0;
    runVariants(base, parse, { firstSeed: FIRST_SEED, variants: VARIANTS }, (r) => {
      addToTally(mixed, r);
      for (const kind of r.kinds) {
        if (!mixedByKind.has(kind)) mixedByKind.set(kind, emptyTally());
        addToTally(mixedByKind.get(kind)!, r);
      }
    });
    const cpuPerVariant = clock.cpuUs / clock.calls / 1000;
    console.log(`  ${row('mixed (1–4 kinds)', mixed)}`);
    console.log(`  parse: ${cpuPerVariant.toFixed(2)} ms CPU per variant (${clock.calls} parses)`);
    for (const kind of [...GENTLE_KINDS, ...DESTRUCTIVE_KINDS]) {
      const alone = emptyTally();
      let shown = false;
      runVariants(base, parse, { firstSeed: FIRST_SEED + 10_000_000, variants: PER_KIND, kinds: [kind], all: true }, (r, v) => {
        addToTally(alone, r);
        if (examples && !shown && (silentLosses(r).length > 0 || r.spurious.some((s) => !s.warned))) {
          shown = true;
          console.log(`\n  example (${kind} alone):\n${example(base, r, v, kind).replace(/^/gm, '  ')}\n`);
        }
      });
      if (!perKindAll.has(kind)) perKindAll.set(kind, emptyTally());
      const all = perKindAll.get(kind)!;
      for (const key of Object.keys(all) as (keyof Tally)[]) all[key] += alone[key];
      console.log(`  ${row(`${kind} alone`, alone)}`);
    }
    console.log('');
  }
  console.log('all seeds, each kind alone');
  for (const [kind, t] of perKindAll) console.log(`  ${row(kind, t)}`);
}
