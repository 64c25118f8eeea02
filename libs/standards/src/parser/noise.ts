import { isMarkerOnly, parseHeading } from './headings';
import { parseLabelLine } from './labels';
import { compactMetaText } from './text';
import type { Repair, SourceLine } from './types';

/** Word bookmark anchors that survive a doc → text conversion. */
const BOOKMARK = /\[bookmark: [^\]]*\]/g;
/** Page footers such as 「— 12 —」, 「- 12 -」, 「－ 33 －」. */
const PAGE_FOOTER = /^[ \u3000]*[-—－–~～]{1,2}[ \u3000]*[\d０-９]{1,4}[ \u3000]*[-—－–~～]{1,2}[ \u3000]*$/;
/**
 * Invisible characters left by conversion: zero-width space/joiners, word joiner and invisible
 * operators, direction marks and embeddings, soft hyphen, Mongolian vowel separator, a BOM inside the text.
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** No-break and other typographic spaces, read as plain spaces where noise is recognised. */
function plainSpaces(text: string): string {
  return text.replace(/[\u00A0\u2000-\u200A\u202F\u205F]/g, ' ');
}
/** A bare page number on its own line. A tab means a table cell (a row's 序号), which is content. */
const PAGE_NUMBER =
  /^[ \u3000]*(?:[\d０-９]{1,4}|第[ \u3000]*[\d０-９]{1,4}[ \u3000]*页(?:[ \u3000]*[,，/／]?[ \u3000]*共[ \u3000]*[\d０-９]{1,4}[ \u3000]*页)?|[\d０-９]{1,4}[ \u3000]*[/／][ \u3000]*[\d０-９]{1,4})[ \u3000]*$/;
/**
 * A running page header: a short title-like line (document title, 「…标准（2023年版）」) printed
 * again at the top of pages. Such a line alone on a line is a header from its second occurrence on.
 */
const HEADER_WORDS = /(标准|清单|目录|名录|方案|规范)/;
/** A table-of-contents entry: a heading, then a tab, a dotted leader or spaces, then a page number. */
const TOC_ENTRY = /^(\S.{0,40}?)(?:\t+|[ \u3000]*[.．·…・_]{3,}[ \u3000]*|[ \u3000]+)\d{1,3}$/;
const TOC_TITLE = /^目[ \u3000]*录$/;

export interface CleanText {
  /** Every source line with noise removed; removed lines are absent, blank lines are kept. */
  lines: SourceLine[];
  repairs: Repair[];
}

export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Removes conversion noise line by line and logs every removal. */
export function removeNoise(raw: string[]): CleanText {
  const lines: SourceLine[] = [];
  const repairs: Repair[] = [];
  const headers = runningHeaders(raw);
  let toc: { start: number; texts: string[] } | null = null;
  const flushToc = () => {
    if (toc) repairs.push({ line: toc.start, kind: 'table-of-contents', before: toc.texts.join('\n'), after: '' });
    toc = null;
  };
  raw.forEach((original, index) => {
    const no = index + 1;
    const untagged = original.replace(BOOKMARK, '');
    if (untagged !== original) repairs.push({ line: no, kind: 'bookmark-tag', before: original, after: untagged });
    const text = untagged.replace(INVISIBLE, '');
    if (text !== untagged) repairs.push({ line: no, kind: 'invisible-chars', before: untagged, after: text });
    if (isTocLine(text)) {
      toc = toc ?? { start: no, texts: [] };
      toc.texts.push(text);
      return;
    }
    if (text.trim() === '') {
      lines.push({ no, text });
      return;
    }
    flushToc();
    const probe = plainSpaces(text);
    if (PAGE_FOOTER.test(probe)) return void repairs.push({ line: no, kind: 'page-footer', before: text, after: '' });
    if (PAGE_NUMBER.test(probe)) return void repairs.push({ line: no, kind: 'page-number', before: text, after: '' });
    if (headers.has(no)) return void repairs.push({ line: no, kind: 'page-header', before: text, after: '' });
    lines.push({ no, text });
  });
  flushToc();
  return { lines, repairs };
}

function isTocLine(text: string): boolean {
  if (text.startsWith('\t')) return false;
  const trimmed = text.trim();
  if (TOC_TITLE.test(trimmed)) return true;
  const m = TOC_ENTRY.exec(trimmed);
  return m !== null && parseHeading(m[1]) !== null;
}

/**
 * Line numbers of running page headers. A candidate is a short title-like line alone on a line (no
 * sentence punctuation, not a heading or a label) that is printed more than once. Occurrences before
 * the catalog (before the first field label or table cell) are the title and stay; later ones are
 * removed when the line names the basic public services (「…基本公共服务…标准」), repeats a line of the
 * front matter (the title), or stands between two blocks (after a line that ends a sentence, or
 * before a label or a heading) — a piece of a wrapped sentence repeated in several fields is text.
 */
function runningHeaders(source: string[]): Set<number> {
  const raw = source.map((l) => plainSpaces(l.replace(BOOKMARK, '').replace(INVISIBLE, '')));
  const out = new Set<number>();
  const counts = new Map<string, number>();
  const frontKeys = new Set<string>();
  const candidates: { index: number; key: string }[] = [];
  let catalog = false;
  raw.forEach((original, index) => {
    const t = original.trim();
    if (!catalog && (original.includes('\t') || parseLabelLine(t) !== null || opensCatalog(raw, index))) catalog = true;
    const key = headerKey(t);
    if (key === null) return;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (catalog) candidates.push({ index, key });
    else {
      frontKeys.add(key);
      // A title wrapped over two lines in the front matter (「…基本公共服务清单」 / 「任务分工」).
      const tail = raw[index + 1]?.trim() ?? '';
      if (tail.length > 0 && tail.length <= 12 && !/[。，；：:]/.test(tail)) frontKeys.add((key + tail).replace(/\s+/g, ''));
    }
  });
  // In a document with a blank line after most lines a blank line says nothing about page breaks.
  let nonBlank = 0;
  let followedByBlank = 0;
  raw.forEach((l, i) => {
    if (l.trim() === '') return;
    nonBlank++;
    if (raw[i + 1] !== undefined && raw[i + 1].trim() === '') followedByBlank++;
  });
  const doubleSpaced = followedByBlank > nonBlank / 2;
  for (const { index, key } of candidates) {
    const strong = isStrongTitle(key);
    const withPageNumber = /[ \u3000]{2,}[\d０-９]{1,4}$|^[\d０-９]{1,4}[ \u3000]{2,}/.test(raw[index].trim());
    // The front-matter title wrapped over two lines, repeated as a header the same way.
    const tail = raw[index + 1]?.trim() ?? '';
    if (tail.length > 0 && tail.length <= 12 && frontKeys.has((key + tail).replace(/\s+/g, '')) && !frontKeys.has(key)) {
      out.add(index + 1).add(index + 2);
      continue;
    }
    const once = (counts.get(key) ?? 0) < 2 && !frontKeys.has(key);
    const pageBreak = withPageNumber || nextToPageBreak(raw, index);
    const set = strong && (/^\s{6,}/.test(raw[index]) || blankRun(raw, index) >= (doubleSpaced ? 2 : 1));
    if (once && !((pageBreak || set || (strong && betweenBlocks(raw, index))) && (strong || frontKeys.has(key)))) continue;
    if (parseHeading(raw[index]) !== null) continue;
    if (strong || frontKeys.has(key) || betweenBlocks(raw, index)) out.add(index + 1);
  }
  return out;
}

/** Ends like a document title: 「…标准」「…清单」「…任务分工」, then optional 「（2023年版）」「（征求意见稿）」. */
const TITLE_END = /(标准|清单|分工|目录|名录)(?:[（(][^）)]{1,12}[）)])*$/;

function headerKey(line: string): string | null {
  if (line.length > 160 || line.includes('\t')) return null;
  // A header may carry the page number: 「嘉兴市基本公共服务标准（2023年版）    66」.
  const bare = line.replace(/\s+/g, '');
  // A title in book-title marks is whole; one mark without its pair is a piece of a wrapped sentence.
  if (bare.includes('《') !== bare.includes('》')) return null;
  if (bare.length < 6 || !HEADER_WORDS.test(bare) || /[。，；：:！？!?,;]/.test(bare)) return null;
  const t = line.replace(/^[\d０-９]{1,4}[ \u3000]{2,}(?=\S)|(?<=\S)[ \u3000]{2,}[\d０-９]{1,4}$/g, '');
  const key = compactMetaText(t).replace(/\s+/g, '').replace(/^《|》$/g, '');
  if (key.length < 6 || key.length > 60) return null;
  if (!HEADER_WORDS.test(key) || /[。，；：:！？!?,;]/.test(key)) return null;
  return TITLE_END.test(key) ? key : null;
}

function betweenBlocks(raw: string[], index: number): boolean {
  let before = index - 1;
  while (before >= 0 && raw[before].trim() === '') before--;
  let after = index + 1;
  while (after < raw.length && raw[after].trim() === '') after++;
  const prev = before >= 0 ? raw[before].trim() : '';
  const next = after < raw.length ? raw[after].trim() : '';
  return /[。；;！？]$/.test(prev) || parseLabelLine(next) !== null || parseHeading(next) !== null;
}

/** A heading followed by another heading or a label: the catalog (categories, subcategories, items) starts. */
function opensCatalog(raw: string[], index: number): boolean {
  if (parseHeading(raw[index]) === null) return false;
  let next = index + 1;
  // Blank lines, title-like lines and page numbers (a page break between two headings) are skipped.
  while (next < raw.length && (raw[next].trim() === '' || headerKey(raw[next].trim()) !== null || PAGE_FOOTER.test(plainSpaces(raw[next])) || PAGE_NUMBER.test(plainSpaces(raw[next])))) next++;
  return next < raw.length && (parseHeading(raw[next]) !== null || isMarkerOnly(raw[next]) || parseLabelLine(raw[next].trim()) !== null);
}

/** A page footer or page number directly above or below (blank lines skipped): a page break. */
function nextToPageBreak(raw: string[], index: number): boolean {
  const isBreak = (t: string) => PAGE_FOOTER.test(plainSpaces(t)) || PAGE_NUMBER.test(plainSpaces(t));
  let before = index - 1;
  while (before >= 0 && raw[before].trim() === '') before--;
  let after = index + 1;
  while (after < raw.length && raw[after].trim() === '') after++;
  return (before >= 0 && isBreak(raw[before])) || (after < raw.length && isBreak(raw[after]));
}

/** The longer run of blank lines directly above or below: a header is set apart from the text. */
function blankRun(raw: string[], index: number): number {
  let above = 0;
  while (index - above - 1 >= 0 && raw[index - above - 1].trim() === '') above++;
  let below = 0;
  while (index + below + 1 < raw.length && raw[index + below + 1].trim() === '') below++;
  return Math.max(above, below);
}

/**
 * A document title for sure: it names the basic public services, ends like a title, has no
 * book-title marks, and starts either with 基本公共服务 or with a place (…市, …区 …): a piece of a
 * wrapped sentence (「身基本公共服务标准」) starts mid-word.
 */
function isStrongTitle(key: string): boolean {
  const at = key.indexOf('基本公共服务');
  if (at < 0 || !TITLE_END.test(key) || /[《》]/.test(key)) return false;
  return at === 0 || /[省市区县州旗]/.test(key.slice(0, at));
}
