import type { LayoutKind, ParsedDocument } from '../types';
import { normaliseForQuote } from '../../normalise';
import { createRng, Rng } from './prng';

/**
 * Conversion noise for property tests of the standards parser. A variant is generated from a seed
 * number alone (plus the clean document), so any failure is reproduced with {@link generateVariant}
 * and the printed seed. Each noise kind is a small pure function over the document's lines; every
 * line remembers which original line it came from (`origin`), so an item of the clean parse can be
 * found again in the noisy text, and a lost item's place in the noisy text is known.
 *
 * Gentle kinds keep every item parseable in principle: the parser is expected to return the same
 * catalog (compared under {@link comparableText}). The destructive kind removes information on
 * purpose; the parser is then expected to warn at the damaged place.
 */
export const GENTLE_KINDS = [
  'hard-wrap',
  'blank-lines',
  'line-endings',
  'bom',
  'width-swap',
  'page-footer',
  'running-header',
  'spaced-front-matter',
  'unusual-heading',
  'label-wrap',
  'indentation',
  'table-header-repeat',
  'page-break',
  'invisible-chars',
  'table-row-one-line',
  'heading-joined',
  'marker-line',
] as const;
export const DESTRUCTIVE_KINDS = ['delete-heading'] as const;
export type GentleKind = (typeof GENTLE_KINDS)[number];
export type DestructiveKind = (typeof DESTRUCTIVE_KINDS)[number];
export type NoiseKind = GentleKind | DestructiveKind;

/** One application of a noise kind: the original lines it touched and what it did, for the reader. */
export interface NoiseOp {
  kind: NoiseKind;
  /** Original 1-based line numbers the op changed or inserted after (0 = before the first line). */
  lines: number[];
  detail: string;
}

export interface LineRange {
  start: number;
  end: number;
}

export interface ItemExpectation {
  /** Index of the item in the clean parse. */
  index: number;
  /** The name the noisy parse should give (changed only by the unusual-heading kind). */
  name: string;
  /** True when a destructive op removed the item's heading: a warning at `site` is expected instead. */
  lostByDesign: boolean;
  /** Where the item's lines are in the noisy text (1-based, inclusive). */
  noisy: LineRange;
}

export interface NoisyVariant {
  seed: number;
  text: string;
  applied: NoiseOp[];
  /** origin[k] = original line number of noisy line k + 1; null for an inserted line. */
  origin: (number | null)[];
  expectations: ItemExpectation[];
  /** Noisy line ranges damaged by destructive ops (from the item before to the damaged item's end). */
  sites: LineRange[];
}

/** What the generator needs to know about the clean document, computed once per document. */
export interface NoiseSource {
  lines: string[];
  layout: LayoutKind;
  title: string | null;
  items: SourceItem[];
  /** Original line → characters at its start that hard wraps keep whole (label and colon, or the tab). */
  fieldLines: Map<number, number>;
  /** Category and subcategory heading lines. */
  structuralLines: number[];
  /** Short lines before the catalog (title, issuers, dates) that may come out letter-spaced. */
  frontMatter: number[];
  /** Tables: the header row's lines (「\t序号」 … ), repeated after a page break. */
  tableHeader: number[];
  catalog: LineRange;
}

export interface SourceItem {
  index: number;
  startLine: number;
  endLine: number;
  name: string;
  /** The line printing the item's name (the heading; in a table, the name cell), or null if unclear. */
  nameLine: number | null;
  /** In a table: the 序号 cell's line. */
  numberLine: number | null;
}

/** Characters a converter leaves that print as nothing: zero-width spaces and joiners, word joiner, BOM, soft hyphen. */
export const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * The normalisation under which the noisy catalog must equal the clean one: the project's quote
 * normalisation (NFC, full-width ASCII forms to half-width, all whitespace removed) after dropping
 * invisible characters. It undoes exactly what the gentle kinds change in item text: widths of
 * digits, Latin letters and （）．：, where a hard wrap or a letter-spacing put whitespace, and
 * invisible characters (which the parser may keep or drop).
 */
export function comparableText(text: string): string {
  return normaliseForQuote(text.replace(INVISIBLE, ''));
}

interface Line {
  text: string;
  origin: number | null;
}

interface Draft {
  lines: Line[];
  names: Map<number, string>;
  designLost: Set<number>;
  destroyed: { from: number; to: number }[];
  crlf: 'none' | 'all' | 'mixed';
  bom: boolean;
}

const BOOKMARK = /\[bookmark: [^\]]*\]/g;
const HEADING_LINE =
  /^((?:\[bookmark: [^\]]*\])*[ \t\u3000]*)([（(][ \u3000]*[0-9一二三四五六七八九十百]{1,6}[ \u3000]*[）)]|[0-9]{1,3}[ \u3000]*[.．、]|[一二三四五六七八九十百]{1,3}、)([ \u3000]*)(.*?)([。．.；;\s]*)$/u;

// ---------------------------------------------------------------------------------------------
// The clean document
// ---------------------------------------------------------------------------------------------

export function prepareNoiseSource(text: string, clean: ParsedDocument): NoiseSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const at = (no: number) => lines[no - 1] ?? '';
  const table = clean.document.layout === 'tab-table';
  const fieldLines = new Map<number, number>();
  const structural = new Set<number>();
  const items: SourceItem[] = clean.items.map((item, index) => {
    for (const source of Object.values(item.fieldLines)) {
      for (let no = source.startLine; no <= source.endLine; no++) {
        const line = at(no);
        if (line.trim() === '' || line.includes('[bookmark') || (line.match(/\t/g)?.length ?? 0) > 1) continue;
        const prefix = no === source.startLine ? fieldPrefix(line, table) : line.startsWith('\t') ? -1 : 0;
        if (prefix >= 0) fieldLines.set(no, prefix);
      }
    }
    for (const heading of [item.category, item.subcategory]) {
      if (!heading) continue;
      for (let no = item.startLine - 1; no >= 1; no--) {
        if (at(no).replace(BOOKMARK, '').trim() === heading) {
          structural.add(no);
          break;
        }
      }
    }
    return { index, startLine: item.startLine, endLine: item.endLine, name: item.name, ...nameLines(lines, item, table) };
  });
  const catalogStart = Math.min(...items.map((i) => i.startLine), ...structural);
  const catalogEnd = Math.max(...items.map((i) => i.endLine));
  const frontMatter: number[] = [];
  for (let no = 1; no < catalogStart; no++) {
    const t = at(no).trim();
    if (t.length < 2 || t.length > 40 || at(no).includes('\t') || t.includes('[bookmark')) continue;
    if (HEADING_LINE.test(t) || /\d{1,3}$/.test(t)) continue; // headings and table-of-contents entries
    frontMatter.push(no);
  }
  return {
    lines,
    tableHeader: table ? tableHeaderLines(lines) : [],
    layout: clean.document.layout,
    title: clean.document.title?.value ?? null,
    items,
    fieldLines,
    structuralLines: [...structural].sort((a, b) => a - b),
    frontMatter,
    catalog: { start: catalogStart, end: catalogEnd },
  };
}

/** The lines of a table's header row: from 「\t序号」 to the line before the first blank or category row. */
function tableHeaderLines(lines: string[]): number[] {
  const start = lines.findIndex((l) => /^\t(序号|编号)\s*$/.test(l));
  if (start < 0) return [];
  const out: number[] = [];
  for (let i = start; i < lines.length && /^\t\S/.test(lines[i]) && !/^\t[一二三四五六七八九十]+、/.test(lines[i]); i++) out.push(i + 1);
  return out;
}

/** Length of the label (「服务对象：」) or the tab a field's first line starts with; -1 if not found. */
function fieldPrefix(line: string, table: boolean): number {
  if (table) return line.startsWith('\t') ? 1 : -1;
  const m = /^[ \u3000]*[^\s：:]{2,8}[ \u3000]*[：:][ \u3000]*/.exec(line);
  return m ? m[0].length : -1;
}

function nameLines(lines: string[], item: ParsedDocument['items'][number], table: boolean) {
  if (!table) {
    const m = HEADING_LINE.exec(lines[item.startLine - 1] ?? '');
    const sameName = m !== null && m[4] === item.name;
    return { nameLine: sameName ? item.startLine : null, numberLine: null };
  }
  for (let no = item.startLine + 1; no <= item.endLine; no++) {
    const line = lines[no - 1];
    if (line.trim() === '') continue;
    const ok = line.startsWith('\t') && !line.slice(1).includes('\t') && line.trim() === item.name;
    return { nameLine: ok ? no : null, numberLine: item.startLine };
  }
  return { nameLine: null, numberLine: item.startLine };
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  /** Kinds to draw from (default: the gentle kinds). */
  kinds?: readonly NoiseKind[];
  /** How many kinds one variant applies, at most (default 4); at least one. */
  maxKinds?: number;
  /** Apply every kind of `kinds` (default: a random one to maxKinds of them). */
  all?: boolean;
  /** Combinations of kinds never applied together: when one is drawn, its last kind is dropped. */
  exclude?: readonly (readonly NoiseKind[])[];
}

/** The noisy variant number `seed` of the clean document. Same seed, same variant. */
export function generateVariant(source: NoiseSource, seed: number, options: GenerateOptions = {}): NoisyVariant {
  const rng = createRng(seed);
  const pool = options.kinds ?? GENTLE_KINDS;
  const count = rng.int(1, Math.min(options.maxKinds ?? 4, pool.length));
  const drawn = rng.sample(pool, count); // drawn even when unused: `all` must not shift the sequence
  const chosen = new Set(options.all ? pool : drawn);
  for (const combo of options.exclude ?? []) if (combo.every((k) => chosen.has(k))) chosen.delete(combo[combo.length - 1]);
  const draft: Draft = {
    lines: source.lines.map((text, i) => ({ text, origin: i + 1 })),
    names: new Map(),
    designLost: new Set(),
    destroyed: [],
    crlf: 'none',
    bom: false,
  };
  const applied: NoiseOp[] = [];
  // Changes within lines first, then insertions (which never touch existing lines), then encoding.
  for (const kind of ORDER) {
    if (!chosen.has(kind)) continue;
    const op = NOISE[kind](draft, source, rng);
    if (op) applied.push(op);
  }
  return finish(draft, source, seed, applied);
}

const ORDER: readonly NoiseKind[] = [
  'unusual-heading',
  'label-wrap',
  'heading-joined',
  'marker-line',
  'width-swap',
  'invisible-chars',
  'spaced-front-matter',
  'table-row-one-line',
  'hard-wrap',
  'indentation',
  'delete-heading',
  'table-header-repeat',
  'page-break',
  'running-header',
  'page-footer',
  'blank-lines',
  'line-endings',
  'bom',
];

type NoiseFn = (draft: Draft, source: NoiseSource, rng: Rng) => NoiseOp | null;

const NOISE: Record<NoiseKind, NoiseFn> = {
  'hard-wrap': hardWrap,
  'blank-lines': blankLines,
  'line-endings': lineEndings,
  bom: (draft) => {
    draft.bom = true;
    return { kind: 'bom', lines: [1], detail: 'U+FEFF before the first line' };
  },
  'width-swap': widthSwap,
  'page-footer': pageFooter,
  'running-header': runningHeader,
  'spaced-front-matter': spacedFrontMatter,
  'unusual-heading': unusualHeading,
  'label-wrap': labelWrap,
  indentation,
  'table-header-repeat': tableHeaderRepeat,
  'page-break': pageBreak,
  'invisible-chars': invisibleChars,
  'table-row-one-line': tableRowOneLine,
  'heading-joined': headingJoined,
  'marker-line': markerLine,
  'delete-heading': deleteHeading,
};

function finish(draft: Draft, source: NoiseSource, seed: number, applied: NoiseOp[]): NoisyVariant {
  const origin = draft.lines.map((l) => l.origin);
  // Original line → item index, then one pass for each item's first and last noisy line.
  const itemOf = new Int32Array(source.lines.length + 2).fill(-1);
  for (const item of source.items) for (let no = item.startLine; no <= item.endLine; no++) itemOf[no] = item.index;
  const first = new Array<number>(source.items.length).fill(0);
  const last = new Array<number>(source.items.length).fill(0);
  // Where a deleted line would have been: the noisy position of the next surviving original line.
  const nextSurviving = new Int32Array(source.lines.length + 2).fill(draft.lines.length + 1);
  origin.forEach((o, k) => {
    if (o === null) return;
    if (nextSurviving[o] > k + 1) nextSurviving[o] = k + 1;
    const i = itemOf[o];
    if (i < 0) return;
    if (first[i] === 0) first[i] = k + 1;
    last[i] = k + 1;
  });
  for (let no = source.lines.length; no >= 1; no--) nextSurviving[no] = Math.min(nextSurviving[no], nextSurviving[no + 1]);
  const expectations = source.items.map((item) => {
    const start = first[item.index] || nextSurviving[item.startLine];
    return {
      index: item.index,
      name: draft.names.get(item.index) ?? item.name,
      lostByDesign: draft.designLost.has(item.index),
      noisy: { start, end: Math.max(start, last[item.index]) },
    };
  });
  const sites = draft.destroyed.map(({ from, to }) => ({
    start: nextSurviving[from],
    end: expectations.reduce((end, e) => (source.items[e.index].endLine <= to ? Math.max(end, e.noisy.end) : end), nextSurviving[from]),
  }));
  const eol = draft.crlf;
  let text = '';
  draft.lines.forEach((l, k) => {
    if (k > 0) text += eol === 'all' || (eol === 'mixed' && (k * 7 + seed) % 3 === 0) ? '\r\n' : '\n';
    text += l.text;
  });
  return { seed, text: (draft.bom ? '\uFEFF' : '') + text, applied, origin, expectations, sites };
}

// ---------------------------------------------------------------------------------------------
// The kinds
// ---------------------------------------------------------------------------------------------

/**
 * A line piece a converter could produce that the parser must read as a continuation: not numbers
 * only (a page number), not starting like a heading or list item, not a 「label：」 start, not closing
 * matter (抄送：, …印发). Cuts that would produce such pieces are not generated: from the line alone
 * they are undecidable, and real wraps that happen to produce them are rare.
 */
export function isSafeContinuation(piece: string): boolean {
  const t = piece.trim();
  if (t.length === 0) return false;
  if (/^[\d０-９\s.．,，、:：%％\-—－–~～]+$/.test(t)) return false;
  if (/^(?:[\d０-９]{1,6}[ \u3000]*[.．、]|[（(][ \u3000]*[\d０-９一二三四五六七八九十百]{1,6}[ \u3000]*[）)]|[一二三四五六七八九十百]{1,3}[ \u3000]*、|第[ \u3000]*[\d０-９]+[ \u3000]*页)/.test(t)) return false;
  if (/^[^。，；]{0,7}[：:]/.test(t)) return false;
  if (/^(?:抄送|附件|本(?:标准|文件|通知|办法|细则|清单)自)/.test(t) || /印发[。]?$/.test(t)) return false;
  return true;
}

/** Cuts `text` (code points) after `prefix` characters every `width` characters, at safe places only. */
export function wrapLine(text: string, prefix: number, width: number): string[] {
  const chars = Array.from(text);
  const head = chars.slice(0, prefix).join('');
  const value = chars.slice(prefix);
  const pieces: string[] = [];
  let from = 0;
  // The piece left of a cut must read as a continuation (unless it carries the label or tab); the
  // rest of the line right of it too (its start is checked here, its end when the next cut is made).
  const ok = (a: number, b: number) =>
    b - a >= 2 &&
    value.length - b >= 2 &&
    (a === 0 && prefix > 0 ? true : isSafeContinuation(value.slice(a, b).join(''))) &&
    isSafeContinuation(value.slice(b).join(''));
  while (value.length - from > width + 1) {
    let cut = -1;
    for (const shift of [0, 1, -1, 2, -2, 3, -3]) {
      const b = from + width + shift;
      if (b > from && b < value.length && ok(from, b)) {
        cut = b;
        break;
      }
    }
    if (cut < 0) break;
    pieces.push(value.slice(from, cut).join(''));
    from = cut;
  }
  if (pieces.length === 0) return [text];
  pieces.push(value.slice(from).join(''));
  pieces[0] = head + pieces[0];
  return pieces;
}

/** Hard wraps at one random width inside the text of a few fields (never inside the label). */
function hardWrap(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const width = rng.int(8, 40);
  const candidates = [...source.fieldLines.keys()].filter((no) => Array.from(source.lines[no - 1]).length - source.fieldLines.get(no)! > width + 2);
  // One time in five the whole document was converted at that width (a PDF column): every field wraps.
  const whole = rng.chance(0.2);
  const targets = new Set(whole ? candidates : rng.sample(candidates, rng.int(1, 12)));
  const touched: number[] = [];
  draft.lines = draft.lines.flatMap((line) => {
    if (line.origin === null || !targets.has(line.origin)) return [line];
    const pieces = wrapLine(line.text, source.fieldLines.get(line.origin)!, width);
    if (pieces.length > 1) touched.push(line.origin);
    return pieces.map((text) => ({ text, origin: line.origin }));
  });
  if (touched.length === 0) return null;
  return { kind: 'hard-wrap', lines: touched.sort((a, b) => a - b), detail: `width ${width}${whole ? ', every field' : ''}` };
}

const BLANKS = ['', ' ', '  ', '\u3000', ' \u3000 '];

/** Runs of one to four blank (or whitespace-only) lines anywhere; one time in five, a blank line after every line. */
function blankLines(draft: Draft, _source: NoiseSource, rng: Rng): NoiseOp | null {
  if (rng.chance(0.2)) {
    draft.lines = draft.lines.flatMap((line) => [line, { text: '', origin: null }]);
    return { kind: 'blank-lines', lines: [], detail: 'a blank line after every line' };
  }
  const n = rng.int(1, 8);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rng.int(0, draft.lines.length);
    const run = Array.from({ length: rng.int(1, 4) }, () => ({ text: rng.pick(BLANKS), origin: null }));
    at.push(insertAt(draft, pos, run));
  }
  return { kind: 'blank-lines', lines: at.sort((a, b) => a - b), detail: `${n} runs` };
}

function lineEndings(draft: Draft, _source: NoiseSource, rng: Rng): NoiseOp {
  draft.crlf = rng.chance(0.7) ? 'all' : 'mixed';
  return { kind: 'line-endings', lines: [], detail: draft.crlf === 'all' ? 'CRLF' : 'mixed CRLF and LF' };
}

/** Inserts `lines` before draft position `pos` (0-based); returns the original line it follows. */
function insertAt(draft: Draft, pos: number, lines: Line[]): number {
  draft.lines.splice(pos, 0, ...lines);
  for (let k = pos - 1; k >= 0; k--) if (draft.lines[k].origin !== null) return draft.lines[k].origin!;
  return 0;
}

const HALF = /[0-9A-Za-z().:]/;
const FULL = /[０-９Ａ-Ｚａ-ｚ（）．：]/;

/** Swaps the width of some digits, Latin letters and （）．： (both ways) in one string. */
export function swapWidths(text: string, p: number, rng: Rng): string {
  return text
    .split(/(\[bookmark: [^\]]*\])/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : Array.from(part)
            .map((ch) => {
              if (HALF.test(ch) && rng.chance(p)) return String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
              if (FULL.test(ch) && rng.chance(p)) return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
              return ch;
            })
            .join(''),
    )
    .join('');
}

/** Full-width ↔ half-width swaps in item headings (markers included), category headings and fields. */
function widthSwap(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const headings = source.items.flatMap((i) => [i.nameLine, i.numberLine]).filter((n): n is number => n !== null);
  const pool = [...headings, ...source.structuralLines, ...source.fieldLines.keys()];
  const targets = new Set(rng.sample(pool, rng.int(1, 12)));
  const p = rng.pick([0.3, 0.6, 1]);
  const touched = new Set<number>();
  for (const line of draft.lines) {
    if (line.origin === null || !targets.has(line.origin)) continue;
    const swapped = swapWidths(line.text, p, rng);
    if (swapped !== line.text) touched.add(line.origin);
    line.text = swapped;
  }
  if (touched.size === 0) return null;
  return { kind: 'width-swap', lines: [...touched].sort((a, b) => a - b), detail: `p=${p}` };
}

function footerText(rng: Rng): string {
  const n = rng.int(1, 120);
  const total = n + rng.int(0, 60);
  const wide = (x: number) => String(x).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const text = rng.pick([
    `— ${n} —`,
    `- ${n} -`,
    `－ ${n} －`,
    `—${n}—`,
    `－ ${wide(n)} －`,
    `第 ${n} 页 共 ${total} 页`,
    `第${n}页，共${total}页`,
    `第${n}页`,
    `${n}/${total}`,
    String(n),
    wide(n),
  ]);
  const spaced = rng.chance(0.2) ? text.replace(/ /g, '\u00A0') : text; // no-break spaces, as Word writes them
  return rng.chance(0.4) ? ' '.repeat(rng.int(4, 30)) + spaced : spaced;
}

/** Page footers and bare page numbers between lines: half of them right after a line of a field. */
function pageFooter(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const n = rng.int(1, 6);
  const at: number[] = [];
  const fields = [...source.fieldLines.keys()];
  const details: string[] = [];
  for (let i = 0; i < n; i++) {
    const footer = footerText(rng);
    const lines: Line[] = [{ text: footer, origin: null }];
    if (rng.chance(0.3)) lines.unshift({ text: '', origin: null });
    if (rng.chance(0.3)) lines.push({ text: '', origin: null });
    let pos: number;
    if (rng.chance(0.5)) {
      const after = rng.pick(fields);
      pos = lastIndexOfOrigin(draft, after) + 1;
      if (pos === 0) pos = rng.int(0, draft.lines.length);
    } else pos = rng.int(0, draft.lines.length);
    at.push(insertAt(draft, pos, lines));
    details.push(`「${footer.trim()}」`);
  }
  return { kind: 'page-footer', lines: at, detail: details.join(' ') };
}

function lastIndexOfOrigin(draft: Draft, origin: number): number {
  for (let k = draft.lines.length - 1; k >= 0; k--) if (draft.lines[k].origin === origin) return k;
  return -1;
}

function firstIndexOfOrigin(draft: Draft, origin: number): number {
  return draft.lines.findIndex((l) => l.origin === origin);
}

/** Sample running-header text for a document whose title is not in its text (示例数据，非官方). */
export const SAMPLE_RUNNING_HEADER = '基本公共服务实施标准';

/** The document title repeated on its own line inside the catalog, two or three times (page heads). */
function runningHeader(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const title = source.title ?? SAMPLE_RUNNING_HEADER;
  const n = rng.int(2, 3);
  const at: number[] = [];
  const start = firstIndexOfOrigin(draft, source.catalog.start);
  const end = lastIndexOfOrigin(draft, source.catalog.end);
  if (start < 0 || end <= start) return null;
  for (let i = 0; i < n; i++) {
    const page = String(rng.int(2, 120));
    const text = rng.pick([title, ' '.repeat(rng.int(4, 20)) + title, `${title}${' '.repeat(rng.int(2, 12))}${page}`, `${page}${' '.repeat(rng.int(2, 12))}${title}`]);
    const pos = rng.int(start + 1, end + i);
    at.push(insertAt(draft, pos, [{ text, origin: null }]));
  }
  return { kind: 'running-header', lines: at.sort((a, b) => a - b), detail: `「${title}」` };
}

/**
 * Page breaks as a converter leaves them: footer, blank lines, the running header (sometimes with the
 * page number), in a table sometimes the header row again — half of them inside a field.
 */
function pageBreak(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const title = source.title ?? SAMPLE_RUNNING_HEADER;
  const fields = [...source.fieldLines.keys()];
  const start = firstIndexOfOrigin(draft, source.catalog.start);
  const n = rng.int(1, 4);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const end = lastIndexOfOrigin(draft, source.catalog.end);
    let pos = rng.chance(0.5) ? lastIndexOfOrigin(draft, rng.pick(fields)) + 1 : rng.int(start + 1, end);
    if (pos <= 0) pos = rng.int(start + 1, end);
    const page = rng.int(2, 120);
    const block: string[] = [];
    if (rng.chance(0.5)) block.push('');
    block.push(rng.chance(0.7) ? footerText(rng) : '');
    block.push(...Array.from({ length: rng.int(0, 2) }, () => ''));
    if (rng.chance(0.8)) block.push(rng.pick([title, `${title}${' '.repeat(rng.int(2, 10))}${page}`, ' '.repeat(rng.int(4, 20)) + title]));
    if (source.tableHeader.length > 0 && rng.chance(0.3)) block.push(...source.tableHeader.map((no) => source.lines[no - 1]));
    if (rng.chance(0.5)) block.push('');
    at.push(insertAt(draft, pos, block.map((text) => ({ text, origin: null }))));
  }
  return { kind: 'page-break', lines: at.sort((a, b) => a - b), detail: `${n} page breaks` };
}

/** A few short front-matter lines (title, issuer block, date) printed with a space between characters. */
function spacedFrontMatter(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const targets = new Set(rng.sample(source.frontMatter, rng.int(1, 4)));
  if (targets.size === 0) return null;
  const gap = rng.pick([' ', '  ', '\u3000']);
  for (const line of draft.lines) {
    if (line.origin !== null && targets.has(line.origin)) line.text = Array.from(line.text.trim()).join(gap);
  }
  return { kind: 'spaced-front-matter', lines: [...targets].sort((a, b) => a - b), detail: `gap ${JSON.stringify(gap)}` };
}

const QUOTES: [string, string][] = [['“', '”'], ['「', '」'], ['"', '"'], ['‘', '’'], ['《', '》']];
const LATIN = ['HPV', 'HIV', 'APP', 'CT', 'PPD', 'DR', 'ETC', 'AIDS', 'IC卡', 'B超'];
const DIGITS = ['0—3岁', '2023年', '12345', '65周岁以上', '3岁以下', '0-6岁', '120'];
const NOTES = ['试行', '试点', '含津贴', '2023年版', '新增'];
type Unusual = 'quotes' | 'latin' | 'digits' | 'brackets' | 'wrap' | 'spaced' | 'marker-alone';

/** Makes one to three item headings unusual; records the name the parser should now give. */
function unusualHeading(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const eligible = source.items.filter((i) => i.nameLine !== null && Array.from(i.name).length >= 4);
  const chosen = rng.sample(eligible, rng.int(1, 3));
  const details: string[] = [];
  const touched: number[] = [];
  for (const item of chosen) {
    const k = firstIndexOfOrigin(draft, item.nameLine!);
    if (k < 0 || lastIndexOfOrigin(draft, item.nameLine!) !== k) continue;
    const table = source.layout === 'tab-table';
    const variant = rng.pick<Unusual>(['quotes', 'latin', 'digits', 'brackets', 'wrap', 'spaced']);
    const made = table ? unusualCell(draft.lines[k].text, variant, rng) : unusualHeadingLine(draft.lines[k].text, variant, rng);
    if (!made) continue;
    draft.lines.splice(k, 1, ...made.lines.map((text) => ({ text, origin: item.nameLine })));
    const current = draft.names.get(item.index) ?? item.name;
    if (made.name !== current) draft.names.set(item.index, made.name);
    touched.push(item.nameLine!);
    details.push(`${variant}: ${made.lines.map((l) => `「${l.trim()}」`).join(' / ')}`);
  }
  if (touched.length === 0) return null;
  return { kind: 'unusual-heading', lines: touched, detail: details.join('; ') };
}

interface MadeHeading {
  lines: string[];
  name: string;
}

function decorate(name: string, variant: Exclude<Unusual, 'wrap' | 'brackets'>, rng: Rng, digitsAtStart: boolean): string {
  const chars = Array.from(name);
  if (variant === 'quotes') {
    const [open, close] = rng.pick(QUOTES);
    if (rng.chance(0.3)) return open + name + close;
    const a = rng.int(0, chars.length - 2);
    const b = rng.int(a + 2, Math.min(chars.length, a + 6));
    return chars.slice(0, a).join('') + open + chars.slice(a, b).join('') + close + chars.slice(b).join('');
  }
  const word = rng.pick(variant === 'latin' ? LATIN : DIGITS);
  const at = rng.int(variant === 'digits' && !digitsAtStart ? 1 : 0, chars.length);
  return chars.slice(0, at).join('') + word + chars.slice(at).join('');
}

function withNote(name: string, rng: Rng, fullWidth: boolean): string {
  const note = rng.pick(NOTES);
  return fullWidth ? `${name}（${note}）` : `${name}(${note})`;
}

/** 「（1）名称」 / 「1.名称。」 made unusual. Returns null if the line does not look like a heading. */
export function unusualHeadingLine(line: string, variant: Unusual, rng: Rng): MadeHeading | null {
  const m = HEADING_LINE.exec(line);
  if (!m) return null;
  const [, lead, marker, gap, name, tail] = m;
  const paren = /^[（(]/.test(marker);
  const rebuild = (newMarker: string, newName: string) => ({ lines: [lead + newMarker + gap + newName + tail], name: newName });
  switch (variant) {
    case 'quotes':
    case 'latin':
    case 'digits':
      return rebuild(marker, decorate(name, variant, rng, paren));
    case 'brackets': {
      if (paren && rng.chance(0.5)) {
        const swapped = marker.replace(/[（(]/, (c) => (c === '（' ? '(' : '（')).replace(/[）)]/, (c) => (rng.chance(0.7) ? (c === '）' ? ')' : '）') : c));
        return rebuild(swapped, name);
      }
      if (!paren && rng.chance(0.3)) return rebuild(marker.replace(/[.．、]/, (c) => (c === '.' ? '．' : '.')), name);
      return rebuild(marker, withNote(name, rng, marker.includes('(') || !marker.includes('（')));
    }
    case 'marker-alone':
      // The number in a text run of its own: 「（1）」 on one line, the name on the next.
      return { lines: [lead + marker, name + tail], name };
    case 'spaced': {
      // Letter-spaced, marker included: 「（ 1 ） 免 费 孕 前 …」. The name compares without the spaces.
      const gapChar = rng.pick([' ', '\u3000']);
      const spread = (t: string) => Array.from(t).join(gapChar);
      return { lines: [lead + spread(marker) + gapChar + spread(name) + tail], name: spread(name) };
    }
    case 'wrap': {
      const chars = Array.from(name);
      if (chars.length < 4) return null;
      const cut = rng.int(2, chars.length - 2);
      const second = chars.slice(cut).join('') + tail;
      if (!isSafeContinuation(second) || /[。]$/.test(chars.slice(0, cut).join(''))) return null;
      return { lines: [lead + marker + gap + chars.slice(0, cut).join(''), second], name };
    }
  }
}

/** A table's name cell (「\t名称」) made unusual. */
export function unusualCell(line: string, variant: Unusual, rng: Rng): MadeHeading | null {
  if (!line.startsWith('\t')) return null;
  const name = line.slice(1).trim();
  switch (variant) {
    case 'quotes':
    case 'latin':
    case 'digits': {
      const made = decorate(name, variant, rng, true);
      return { lines: [`\t${made}`], name: made };
    }
    case 'brackets': {
      const made = withNote(name, rng, rng.chance(0.5));
      return { lines: [`\t${made}`], name: made };
    }
    case 'spaced': {
      const made = Array.from(name).join(rng.pick([' ', '\u3000']));
      return { lines: [`\t${made}`], name: made };
    }
    case 'marker-alone':
      return null;
    case 'wrap': {
      const chars = Array.from(name);
      if (chars.length < 4) return null;
      const cut = rng.int(2, chars.length - 2);
      const second = chars.slice(cut).join('');
      if (!isSafeContinuation(second)) return null;
      return { lines: [`\t${chars.slice(0, cut).join('')}`, second], name };
    }
  }
}

/**
 * A hard wrap inside a field label, on purpose: 「服务对」 / 「象：辖区…」, or 「服务对象」 / 「：辖区…」
 * (labelled layouts; a table's labels are header cells).
 */
function labelWrap(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  if (source.layout === 'tab-table') return null;
  const firstLines = [...source.fieldLines].filter(([, prefix]) => prefix > 0).map(([no]) => no);
  const targets = new Set(rng.sample(firstLines, rng.int(1, 6)));
  const details: string[] = [];
  draft.lines = draft.lines.flatMap((line) => {
    if (line.origin === null || !targets.has(line.origin)) return [line];
    const m = /^([ \u3000]*)([^\s：:]{2,8})([ \u3000]*[：:].*)$/s.exec(line.text);
    if (!m) return [line];
    const label = Array.from(m[2]);
    const cut = rng.int(1, label.length);
    const first = m[1] + label.slice(0, cut).join('');
    const second = label.slice(cut).join('') + m[3];
    details.push(`「${first.trim()}」/「${second.slice(0, 8)}…」`);
    return [
      { text: first, origin: line.origin },
      { text: second, origin: line.origin },
    ];
  });
  if (details.length === 0) return null;
  return { kind: 'label-wrap', lines: [...targets].sort((a, b) => a - b), detail: details.join(' ') };
}

/** Leading indentation (spaces, U+3000) and trailing spaces on lines of the catalog. */
function indentation(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const share = rng.pick([0.05, 0.2, 0.6]);
  const lead = rng.pick(['\u3000\u3000', '    ', ' ', '\u3000', '\u00A0\u00A0']);
  const touched: number[] = [];
  for (const line of draft.lines) {
    if (line.origin === null || line.origin < source.catalog.start || line.origin > source.catalog.end || line.text.trim() === '') continue;
    if (!rng.chance(share)) continue;
    line.text = (rng.chance(0.7) ? lead : '') + line.text + (rng.chance(0.3) ? rng.pick([' ', '  ', '\u3000']) : '');
    touched.push(line.origin);
  }
  if (touched.length === 0) return null;
  return { kind: 'indentation', lines: touched.slice(0, 20), detail: `${touched.length} lines, lead ${JSON.stringify(lead)}` };
}

const INVISIBLES = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];

/**
 * Invisible characters (zero-width space/joiners, word joiner, a BOM inside the text, soft hyphen)
 * at random places of item headings, labels, category headings and field text — never inside a
 * bookmark tag, never before a table cell's tab.
 */
function invisibleChars(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const headings = source.items.flatMap((i) => [i.nameLine, i.numberLine]).filter((n): n is number => n !== null);
  const pool = [...headings, ...source.structuralLines, ...source.fieldLines.keys()];
  const targets = new Set(rng.sample(pool, rng.int(1, 12)));
  const touched: number[] = [];
  for (const line of draft.lines) {
    if (line.origin === null || !targets.has(line.origin)) continue;
    const chars = Array.from(line.text);
    // After a table cell's tab and any bookmark tags at the start (code points, as `chars`).
    const lo = Array.from(/^\t?(?:\[bookmark: [^\]]*\]|[ \u3000])*/.exec(line.text)![0]).length;
    if (chars.length <= lo) continue;
    for (let i = rng.int(1, 3); i > 0; i--) chars.splice(rng.int(lo, chars.length), 0, rng.pick(INVISIBLES));
    line.text = chars.join('');
    touched.push(line.origin);
  }
  if (touched.length === 0) return null;
  return { kind: 'invisible-chars', lines: touched.sort((a, b) => a - b), detail: `${touched.length} lines` };
}

/**
 * Labelled layouts: the line break after an item heading lost, so the heading and its first field
 * share a line — 「（1）免费孕前优生健康检查 服务对象：辖区常住…」 (with a space, U+3000 or nothing between).
 */
function headingJoined(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  if (source.layout === 'tab-table') return null;
  const items = source.items.filter((i) => i.nameLine !== null && source.fieldLines.get(i.nameLine + 1) !== undefined && source.fieldLines.get(i.nameLine + 1)! > 0);
  const touched: number[] = [];
  for (const item of rng.sample(items, rng.int(1, 3))) {
    const k = firstIndexOfOrigin(draft, item.nameLine!);
    if (k < 0 || lastIndexOfOrigin(draft, item.nameLine!) !== k || draft.lines[k + 1]?.origin !== item.nameLine! + 1) continue;
    const gap = rng.pick([' ', '\u3000', '']);
    draft.lines.splice(k, 2, { text: draft.lines[k].text.replace(/\s+$/, '') + gap + draft.lines[k + 1].text.trim(), origin: item.nameLine });
    touched.push(item.nameLine!);
  }
  if (touched.length === 0) return null;
  return { kind: 'heading-joined', lines: touched.sort((a, b) => a - b), detail: `${touched.length} headings` };
}

/** Labelled layouts: an item's number printed on a line of its own, the name on the next (「（1）」 / 「免费…」). */
function markerLine(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  if (source.layout === 'tab-table') return null;
  const touched: number[] = [];
  const details: string[] = [];
  for (const item of rng.sample(source.items.filter((i) => i.nameLine !== null), rng.int(1, 3))) {
    const k = firstIndexOfOrigin(draft, item.nameLine!);
    if (k < 0 || lastIndexOfOrigin(draft, item.nameLine!) !== k) continue;
    const made = unusualHeadingLine(draft.lines[k].text, 'marker-alone', rng);
    if (!made) continue;
    draft.lines.splice(k, 1, ...made.lines.map((text) => ({ text, origin: item.nameLine })));
    touched.push(item.nameLine!);
    details.push(made.lines.map((l) => `「${l.trim()}」`).join(' / '));
  }
  if (touched.length === 0) return null;
  return { kind: 'marker-line', lines: touched.sort((a, b) => a - b), detail: details.join('; ') };
}

/** Tables: the cells of one to five rows on one line, separated by tabs (another way Word writes a row). */
function tableRowOneLine(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  if (source.layout !== 'tab-table') return null;
  const rows = source.items.filter((item) => {
    if (item.numberLine === null) return false;
    const lines = source.lines.slice(item.startLine - 1, item.endLine).filter((l) => l.trim() !== '');
    return lines.every((l) => l.startsWith('\t') && !l.slice(1).includes('\t'));
  });
  const touched: number[] = [];
  for (const item of rng.sample(rows, rng.int(1, 5))) {
    const k = firstIndexOfOrigin(draft, item.startLine);
    const end = lastIndexOfOrigin(draft, item.endLine);
    if (k < 0 || end < k) continue;
    const cells = draft.lines.slice(k, end + 1);
    if (cells.some((l) => l.origin === null || (l.text.trim() !== '' && !l.text.startsWith('\t')))) continue;
    const joined = cells.filter((l) => l.text.trim() !== '').map((l) => l.text).join('');
    draft.lines.splice(k, end - k + 1, { text: joined, origin: item.startLine });
    touched.push(item.startLine);
  }
  if (touched.length === 0) return null;
  return { kind: 'table-row-one-line', lines: touched.sort((a, b) => a - b), detail: `${touched.length} rows` };
}

/** Tables: the header row printed again after a page break, between two rows (with a footer sometimes). */
function tableHeaderRepeat(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  if (source.tableHeader.length === 0) return null;
  const rows = source.items.filter((i) => i.index > 0 && i.numberLine !== null);
  const at: number[] = [];
  for (const item of rng.sample(rows, rng.int(1, 3))) {
    const k = firstIndexOfOrigin(draft, item.numberLine!);
    if (k < 0) continue;
    const header: Line[] = source.tableHeader.map((no) => ({ text: source.lines[no - 1], origin: null }));
    const before: Line[] = rng.chance(0.5) ? [{ text: '', origin: null }, { text: footerText(rng), origin: null }, { text: '', origin: null }] : [{ text: '', origin: null }];
    at.push(insertAt(draft, k, [...before, ...header, { text: '', origin: null }]));
  }
  if (at.length === 0) return null;
  return { kind: 'table-header-repeat', lines: at.sort((a, b) => a - b), detail: `${at.length} page breaks` };
}

/**
 * Destructive: an item's heading is deleted (in a table, its 序号 cell is emptied). The item cannot
 * be read as such; the parser is expected to warn between the item before it and the item's end.
 */
function deleteHeading(draft: Draft, source: NoiseSource, rng: Rng): NoiseOp | null {
  const table = source.layout === 'tab-table';
  const eligible = source.items.filter((i) => i.index > 0 && (table ? i.numberLine !== null : i.nameLine !== null));
  if (eligible.length === 0) return null;
  const item = rng.pick(eligible);
  const line = table ? item.numberLine! : item.nameLine!;
  const before = source.lines[line - 1];
  if (table) {
    for (const l of draft.lines) if (l.origin === line) l.text = '\t';
  } else {
    draft.lines = draft.lines.filter((l) => l.origin !== line);
  }
  draft.designLost.add(item.index);
  draft.destroyed.push({ from: source.items[item.index - 1].startLine, to: item.endLine });
  return { kind: 'delete-heading', lines: [line], detail: `${table ? 'emptied 序号 cell' : 'deleted'} 「${before.trim()}」` };
}
