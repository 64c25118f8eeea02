import { parseHeading } from './headings';
import { parseLabelLine } from './labels';
import { compactMetaText } from './text';
import type { Repair, SourceLine } from './types';

/** Word bookmark anchors that survive a doc → text conversion. */
const BOOKMARK = /\[bookmark: [^\]]*\]/g;
/** Page footers such as 「— 12 —」, 「- 12 -」, 「－ 33 －」. */
const PAGE_FOOTER = /^[ \u3000]*[-—－–~～]{1,2}[ \u3000]*[\d０-９]{1,4}[ \u3000]*[-—－–~～]{1,2}[ \u3000]*$/;
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
    const text = original.replace(BOOKMARK, '');
    if (text !== original) repairs.push({ line: no, kind: 'bookmark-tag', before: original, after: text });
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
    if (PAGE_FOOTER.test(text)) return void repairs.push({ line: no, kind: 'page-footer', before: text, after: '' });
    if (PAGE_NUMBER.test(text)) return void repairs.push({ line: no, kind: 'page-number', before: text, after: '' });
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

/** Line numbers of running page headers: repeats of a title-like line after its first occurrence. */
function runningHeaders(raw: string[]): Set<number> {
  const seen = new Map<string, number>();
  const out = new Set<number>();
  raw.forEach((original, index) => {
    const t = original.trim();
    if (t.length < 6 || t.length > 60 || t.includes('\t')) return;
    if (!HEADER_WORDS.test(t) || /[。，；：:！？]/.test(t)) return;
    const key = compactMetaText(t).replace(/^《|》$/g, '');
    if (seen.has(key)) {
      if (parseHeading(t) === null && parseLabelLine(t) === null) out.add(index + 1);
    } else seen.set(key, index + 1);
  });
  return out;
}
