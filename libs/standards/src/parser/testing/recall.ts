import type { ParsedDocument, ParsedItem, ParseWarning } from '../types';
import { comparableText, generateVariant, GenerateOptions, NoiseKind, NoiseOp, NoiseSource, NoisyVariant, prepareNoiseSource } from './noise-generator';

/**
 * Recall of the parser under noise: every item of the clean parse must come out of the noisy parse
 * with the same category, subcategory, number, name and fields (compared under comparableText), or a
 * warning must meet the lost item's lines in the noisy text (a warning the clean parse gives at the
 * same place does not count). An item lost without such a warning is a silent loss, the thing these
 * tests exist to find.
 */
export type Parse = (text: string) => ParsedDocument;

export interface Baseline {
  file: string;
  clean: ParsedDocument;
  source: NoiseSource;
  /** Per clean item: its comparable parts. */
  parts: string[][];
  byStartLine: Map<number, number>;
  /** The clean parse's warnings as 「code@line」. */
  cleanWarnings: Set<string>;
}

const PART_NAMES = ['category', 'subcategory', 'number', 'name'];

function itemParts(item: ParsedItem, name = item.name): string[] {
  const fields = Object.keys(item.fields)
    .sort()
    .map((k) => `${k}=${comparableText(item.fields[k])}`);
  return [item.category ?? '', item.subcategory ?? '', item.number, name].map((t) => comparableText(t)).concat(fields);
}

export function baseline(file: string, text: string, parse: Parse): Baseline {
  const clean = parse(text);
  return {
    file,
    clean,
    source: prepareNoiseSource(text, clean),
    parts: clean.items.map((item) => itemParts(item)),
    byStartLine: new Map(clean.items.map((item, i) => [item.startLine, i])),
    cleanWarnings: new Set(clean.warnings.map((w) => `${w.code}@${w.line}`)),
  };
}

export interface LostItem {
  index: number;
  name: string;
  /** What differed: 'missing', or the first differing part (category, name, field:服务对象, …). */
  reason: string;
  warned: boolean;
  /** The lost item's place in the noisy text. */
  noisy: { start: number; end: number };
  byDesign: boolean;
}

export interface VariantResult {
  seed: number;
  applied: NoiseOp[];
  kinds: NoiseKind[];
  /** Items expected to survive (all, less those whose heading a destructive op removed). */
  expected: number;
  found: number;
  /** Items whose heading a destructive op removed and which the parser still read right. */
  recovered: number;
  lost: LostItem[];
  /** Noisy items that match no clean item, with whether a warning covers them. */
  spurious: { startLine: number; name: string; warned: boolean }[];
  /** The typed refusal, when the parser refused the noisy text (a loud loss of every item). */
  error: string | null;
  parseMs: number;
}

export function silentLosses(result: VariantResult): LostItem[] {
  return result.lost.filter((l) => !l.warned);
}

/** Whether a warning's lines (line … endLine) meet the noisy lines start … end. */
function warnedWithin(warnings: readonly ParseWarning[], start: number, end: number): boolean {
  return warnings.some((w) => w.line <= end && (w.endLine ?? w.line) >= start);
}

function firstDifference(expected: string[], actual: string[]): string {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] === actual[i]) continue;
    if (i < PART_NAMES.length) return PART_NAMES[i];
    const label = (expected[i] ?? actual[i]).split('=')[0];
    return `field:${label}`;
  }
  return 'equal';
}

export function checkVariant(base: Baseline, variant: NoisyVariant, parse: Parse): VariantResult {
  const kinds = [...new Set(variant.applied.map((op) => op.kind))];
  const started = process.hrtime.bigint();
  let noisy: ParsedDocument | null = null;
  let error: string | null = null;
  try {
    noisy = parse(variant.text);
  } catch (e) {
    error = (e as { code?: string }).code ?? String(e);
  }
  const parseMs = Number(process.hrtime.bigint() - started) / 1e6;
  const expectations = variant.expectations;
  const expected = expectations.filter((e) => !e.lostByDesign).length;
  if (!noisy) {
    const lost = expectations.map((e) => ({ index: e.index, name: e.name, reason: `refused (${error})`, warned: true, noisy: e.noisy, byDesign: e.lostByDesign }));
    return { seed: variant.seed, applied: variant.applied, kinds, expected, found: 0, recovered: 0, lost, spurious: [], error, parseMs };
  }
  // A warning the clean parse gives at the same original line (with the same code) is about the
  // document, not about what the noise did: it does not excuse a loss.
  const warnings = noisy.warnings.filter((w) => {
    const origin = variant.origin[w.line - 1];
    return origin == null || !base.cleanWarnings.has(`${w.code}@${origin}`);
  });
  // Noisy item → clean item: through the origin of its first line, else by number and name.
  const matched = new Map<number, ParsedItem>();
  const spurious: VariantResult['spurious'] = [];
  for (const item of noisy.items) {
    const origin = variant.origin[item.startLine - 1];
    let index = origin == null ? undefined : base.byStartLine.get(origin);
    if (index === undefined || matched.has(index)) {
      const number = comparableText(item.number);
      const name = comparableText(item.name);
      index = expectations.findIndex(
        (e) => !matched.has(e.index) && base.parts[e.index][2] === number && comparableText(e.name) === name,
      );
      if (index < 0) index = undefined;
    }
    if (index === undefined) spurious.push({ startLine: item.startLine, name: item.name, warned: warnedWithin(warnings, item.startLine, item.endLine) });
    else matched.set(index, item);
  }
  let found = 0;
  let recovered = 0;
  const lost: LostItem[] = [];
  for (const e of expectations) {
    const item = matched.get(e.index);
    let reason = 'missing';
    if (item) {
      const want = e.name === base.clean.items[e.index].name ? base.parts[e.index] : withName(base.parts[e.index], e.name);
      const got = itemParts(item);
      reason = firstDifference(want, got);
      if (reason === 'equal') {
        if (e.lostByDesign) recovered++;
        else found++;
        continue;
      }
    }
    if (e.lostByDesign && !item) {
      const site = variant.sites.find((s) => s.start <= e.noisy.end && e.noisy.start <= s.end);
      lost.push({ index: e.index, name: e.name, reason, warned: site ? warnedWithin(warnings, site.start, site.end) : false, noisy: e.noisy, byDesign: true });
      continue;
    }
    const own = warnedWithin(warnings, e.noisy.start, e.noisy.end);
    const nearSite = variant.sites.some((s) => s.start <= e.noisy.end && e.noisy.start <= s.end && warnedWithin(warnings, s.start, s.end));
    lost.push({ index: e.index, name: e.name, reason, warned: own || nearSite, noisy: e.noisy, byDesign: e.lostByDesign });
  }
  return { seed: variant.seed, applied: variant.applied, kinds, expected, found, recovered, lost, spurious, error, parseMs };
}

function withName(parts: string[], name: string): string[] {
  const copy = [...parts];
  copy[3] = comparableText(name);
  return copy;
}

export interface RunOptions extends GenerateOptions {
  firstSeed: number;
  variants: number;
}

/** Generates and checks `variants` variants with consecutive seeds from `firstSeed`. */
/** The generation options a describeFailure/replay mode word stands for. */
export function optionsForMode(mode: string): GenerateOptions {
  return mode === 'mixed' ? {} : { kinds: mode.split('+') as NoiseKind[], all: true };
}

export function runVariants(base: Baseline, parse: Parse, options: RunOptions, onResult: (r: VariantResult, v: NoisyVariant) => void): void {
  for (let i = 0; i < options.variants; i++) {
    const variant = generateVariant(base.source, options.firstSeed + i, options);
    onResult(checkVariant(base, variant, parse), variant);
  }
}

/** Counts per noise kind (a variant counts for every kind it applied). */
export interface Tally {
  variants: number;
  expected: number;
  found: number;
  lostWarned: number;
  lostSilent: number;
  spuriousSilent: number;
  refused: number;
  designLost: number;
  designWarned: number;
  designRecovered: number;
}

export function emptyTally(): Tally {
  return { variants: 0, expected: 0, found: 0, lostWarned: 0, lostSilent: 0, spuriousSilent: 0, refused: 0, designLost: 0, designWarned: 0, designRecovered: 0 };
}

export function addToTally(t: Tally, r: VariantResult): void {
  t.variants++;
  t.expected += r.expected;
  t.found += r.found;
  t.designRecovered += r.recovered;
  for (const l of r.lost) {
    if (l.byDesign) {
      t.designLost++;
      if (l.warned) t.designWarned++;
    } else if (l.warned) t.lostWarned++;
    else t.lostSilent++;
  }
  t.spuriousSilent += r.spurious.filter((s) => !s.warned).length;
  if (r.error) t.refused++;
}

export function recallPercent(t: Tally): string {
  return t.expected === 0 ? '—' : `${((100 * t.found) / t.expected).toFixed(2)} %`;
}

/** A one-paragraph account of a failing variant: how to reproduce it and what went wrong. */
/**
 * `mode`: 'mixed' (generated with the default options) or the kinds the variant was generated with,
 * all applied, joined by '+' (options { kinds, all: true }); the replay command takes the same word.
 */
export function describeFailure(base: Baseline, r: VariantResult, limit = 5, mode = 'mixed'): string {
  const ops = r.applied.map((op) => `  ${op.kind} @${op.lines.slice(0, 8).join(',')}${op.lines.length > 8 ? ',…' : ''}: ${op.detail}`).join('\n');
  const losses = [...silentLosses(r)]
    .slice(0, limit)
    .map((l) => `  lost #${l.index + 1} 「${l.name}」 (${l.reason}) noisy lines ${l.noisy.start}–${l.noisy.end}${l.byDesign ? ', heading destroyed' : ''}, no warning there`)
    .join('\n');
  const spurious = r.spurious
    .filter((s) => !s.warned)
    .slice(0, limit)
    .map((s) => `  spurious item at noisy line ${s.startLine} 「${s.name}」, no warning`)
    .join('\n');
  const alone = mode === 'mixed' ? '' : ` ${mode}`;
  return `${base.file} seed ${r.seed} (${mode === 'mixed' ? 'mixed kinds' : `${mode} applied`}; reproduce: npm run bench -- parser-recall replay ${base.file} ${r.seed}${alone})\n${ops}\n${losses}${spurious ? `\n${spurious}` : ''}`;
}

export { generateVariant, prepareNoiseSource };
