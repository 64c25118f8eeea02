import type { StructuralHeading } from './draft';
import { chineseNumber } from './headings';
import type { ParsedItem, ParseWarning } from './types';

/**
 * Consistency checks over a parsed catalog. None of them changes the catalog; each finding is a
 * warning that names the lines, so that nothing the parser could not read is lost silently.
 */

/**
 * Item numbers run continuously through the document (a split item counts once, its sub-items run
 * 1, 2, … within it); category numbers 一、二、… run continuously; subcategory numbers run
 * continuously through the document or restart at 1 under each category.
 */
export function numberingWarnings(items: ParsedItem[], headings: StructuralHeading[]): ParseWarning[] {
  return [...itemNumberWarnings(items), ...subItemWarnings(items), ...headingNumberWarnings(headings)];
}

interface Numbered {
  n: number;
  line: number;
  label: string;
}

/**
 * Expected: each number one more than the highest so far. Findings on neighbouring entries (a
 * jump, then the skipped numbers, then a repeat: a renumbering left half done) are one warning.
 */
function sequenceWarnings(seq: Numbered[], what: { zh: string; en: string }, restartAt?: Set<number>): ParseWarning[] {
  const found: { index: number; warning: ParseWarning }[] = [];
  const out = { push: (warning: ParseWarning) => found.push({ index: current, warning }) };
  let current = 0;
  const seenAt = new Map<number, number>();
  let previous: Numbered | null = null;
  let highest = 0;
  for (const [index, cur] of seq.entries()) {
    current = index;
    if (!Number.isFinite(cur.n)) continue;
    if (restartAt?.has(cur.line) && cur.n === 1) {
      seenAt.clear();
      highest = 0;
      previous = null;
    }
    const earlier = seenAt.get(cur.n);
    if (earlier !== undefined) {
      out.push({
        line: cur.line,
        code: 'NUMBER_REPEATED',
        message: `${what.zh}编号 ${cur.label} 在第${earlier}行和第${cur.line}行重复出现（可能是修订痕迹中的旧编号）。${what.en} number ${cur.label} is printed on line ${earlier} and again on line ${cur.line} (one of them may continue a superseded numbering).`,
      });
    } else if (cur.n > highest + 1) {
      const missing = cur.n - highest - 1 === 1 ? `${highest + 1}` : `${highest + 1}–${cur.n - 1}`;
      const from = previous ? previous.line : null;
      out.push({
        line: from ?? cur.line,
        ...(from !== null ? { endLine: cur.line } : {}),
        code: 'NUMBER_GAP',
        message: from !== null
          ? `${what.zh}编号不连续：第${from}行是 ${previous!.label}，第${cur.line}行是 ${cur.label}，缺少 ${missing}（标题可能未被识别，或在转换中丢失）。${what.en} numbering jumps from ${previous!.label} (line ${from}) to ${cur.label} (line ${cur.line}): ${missing} missing between these lines (a heading not recognised or lost in conversion).`
          : `${what.zh}编号从 ${cur.label}（第${cur.line}行）开始，缺少 ${missing}。${what.en} numbering starts at ${cur.label} on line ${cur.line}: ${missing} missing before it.`,
      });
    } else if (cur.n <= highest) {
      out.push({
        line: cur.line,
        code: 'NUMBER_OUT_OF_ORDER',
        message: `${what.zh}编号 ${cur.label}（第${cur.line}行）小于前面已出现的 ${highest}（第${previous?.line}行）。${what.en} number ${cur.label} on line ${cur.line} comes after ${highest} (line ${previous?.line}).`,
      });
    }
    seenAt.set(cur.n, cur.line);
    highest = Math.max(highest, cur.n);
    previous = cur;
  }
  return mergeRuns(found, seq, what);
}

function mergeRuns(found: { index: number; warning: ParseWarning }[], seq: Numbered[], what: { zh: string; en: string }): ParseWarning[] {
  const out: ParseWarning[] = [];
  for (let i = 0; i < found.length; ) {
    let j = i;
    while (j + 1 < found.length && found[j + 1].index === found[j].index + 1) j++;
    const onlyGaps = found.slice(i, j + 1).every((f) => f.warning.code === 'NUMBER_GAP');
    if (j === i || onlyGaps) out.push(...found.slice(i, j + 1).map((f) => f.warning));
    else {
      const from = Math.max(0, found[i].index - 1);
      const run = seq.slice(from, found[j].index + 1);
      const first = found[i].warning.line;
      const last = Math.max(...found.slice(i, j + 1).map((f) => f.warning.endLine ?? f.warning.line));
      const labels = run.map((r) => `${r.label}（第${r.line}行）`).join('、');
      const labelsEn = run.map((r) => `${r.label} (line ${r.line})`).join(', ');
      out.push({
        line: first,
        endLine: last,
        code: 'NUMBER_OUT_OF_ORDER',
        message: `${what.zh}编号在第${first}–${last}行顺序错乱：依次为 ${labels}（可能是修订痕迹或未改完的编号）。${what.en} numbering is out of order on lines ${first}–${last}: ${labelsEn} (tracked-change residue or a renumbering left half done).`,
      });
    }
    i = j + 1;
  }
  return out;
}

function itemNumberWarnings(items: ParsedItem[]): ParseWarning[] {
  const distinct = items.filter((it, i) => it.subItem === null || items[i - 1]?.printedNumber !== it.printedNumber || items[i - 1]?.sequence !== it.sequence);
  return sequenceWarnings(
    distinct.map((it) => ({ n: it.sequence, line: it.startLine, label: String(it.sequence) })),
    { zh: '项目', en: 'Item' },
  );
}

function subItemWarnings(items: ParsedItem[]): ParseWarning[] {
  const out: ParseWarning[] = [];
  let group: ParsedItem[] = [];
  const flush = () => {
    if (group.length > 0) {
      const seq = group.map((it) => ({ n: Number((it.subItem ?? '').replace(/[^\d]/g, '') || Number.NaN), line: it.startLine, label: `${it.sequence}${it.subItem}` }));
      out.push(...sequenceWarnings(seq, { zh: `第${group[0].sequence}项的分项`, en: `Sub-item of item ${group[0].sequence},` }));
    }
    group = [];
  };
  for (const item of items) {
    if (item.subItem === null) flush();
    else {
      if (group.length > 0 && group[0].sequence !== item.sequence) flush();
      group.push(item);
    }
  }
  flush();
  return out;
}

function headingNumberWarnings(headings: StructuralHeading[]): ParseWarning[] {
  const cats = headings.filter((h) => h.level === 'category');
  const subs = headings.filter((h) => h.level === 'subcategory');
  // A subcategory 1 directly after a category heading restarts the numbering.
  const restartAt = new Set<number>();
  headings.forEach((h, i) => {
    if (h.level === 'subcategory' && headings[i - 1]?.level === 'category') restartAt.add(h.line);
  });
  return [
    ...sequenceWarnings(cats.map((h) => ({ n: chineseNumber(h.number), line: h.line, label: `「${h.text}」` })), { zh: '大类', en: 'Category' }),
    ...sequenceWarnings(subs.map((h) => ({ n: chineseNumber(h.number), line: h.line, label: `「${h.text}」` })), { zh: '小类', en: 'Subcategory' }, restartAt),
  ];
}

/**
 * A field far longer than the same field of the other items (more than four times the median and
 * more than 600 characters) probably swallowed following items whose headings were not recognised.
 */
export function fieldLengthWarnings(items: ParsedItem[]): ParseWarning[] {
  const out: ParseWarning[] = [];
  const byLabel = new Map<string, number[]>();
  for (const item of items) for (const [label, text] of Object.entries(item.fields)) {
    const list = byLabel.get(label) ?? [];
    list.push(text.length);
    byLabel.set(label, list);
  }
  const medians = new Map<string, number>();
  for (const [label, lengths] of byLabel) {
    if (lengths.length < 5) continue;
    const sorted = [...lengths].sort((a, b) => a - b);
    medians.set(label, sorted[Math.floor(sorted.length / 2)]);
  }
  for (const item of items) for (const [label, text] of Object.entries(item.fields)) {
    const median = medians.get(label);
    if (median === undefined || text.length <= Math.max(4 * median, FIELD_TOO_LONG_FLOOR)) continue;
    const src = item.fieldLines[label];
    out.push({
      line: src.startLine,
      ...(src.endLine !== src.startLine ? { endLine: src.endLine } : {}),
      code: 'FIELD_TOO_LONG',
      message: `第${item.number}项「${item.name}」的「${label}」有 ${text.length} 字（第${src.startLine}–${src.endLine}行），远长于同类字段的中位数 ${median} 字，可能吞入了后续项目。Item ${item.number} 「${item.name}」: ${label} is ${text.length} characters long (lines ${src.startLine}–${src.endLine}), more than four times the median ${median} of that field; it may have swallowed following items.`,
    });
  }
  return out;
}

const FIELD_TOO_LONG_FLOOR = 600;
