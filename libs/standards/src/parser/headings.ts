import { collapseSpacedOut, foldDigits } from './text';

/**
 * Heading shapes used by standards documents. A heading is recognised by its marker; whether it is a
 * category, a subcategory, an item or a sub-item is decided by the layout from how headings are used.
 */
export type Marker = 'category' | 'paren-cn' | 'dotted' | 'paren-ar';

export interface Heading {
  marker: Marker;
  /** The marker exactly as printed: 「七、」, 「（一）」, 「53.」, 「（6158）」, 「(63)」, 「〔１２〕」. */
  printed: string;
  /** The number inside the marker: ASCII digits (full-width digits folded) or a Chinese numeral. */
  number: string;
  /** The rest of the line, without trailing heading punctuation (spaced-out characters closed up). */
  name: string;
  /** The whole heading line, trimmed (spaced-out characters closed up). */
  text: string;
}

export interface HeadingOptions {
  /**
   * The line stands where an item heading stands (directly before the first field label): a dotted
   * number may then be followed by a digit (「5.12345热线」, 「6.2023年…」), which elsewhere is a
   * decimal (「1.5万元」).
   */
  entryPosition?: boolean;
}

const CN_NUMERAL = '[一二三四五六七八九十百]+';
/** Opening and closing brackets of every width: （）() 〔〕 【】 [] ［］ 〖〗. */
const OPEN = '[（(〔【\\[［〖]';
const CLOSE = '[）)〕】\\]］〗]';
const DIGITS = '[0-9０-９]';
const PATTERNS: { marker: Marker; re: RegExp; loose?: RegExp }[] = [
  { marker: 'category', re: new RegExp(`^((${CN_NUMERAL})\\s*、)\\s*(.+)$`) },
  { marker: 'paren-cn', re: new RegExp(`^(${OPEN}\\s*(${CN_NUMERAL})\\s*${CLOSE})\\s*(.+)$`) },
  { marker: 'paren-ar', re: new RegExp(`^(${OPEN}\\s*(${DIGITS}{1,6})\\s*${CLOSE})\\s*(.+)$`) },
  // 「1.5万元」 is a number, not a heading: the dot must not be followed by a digit (except in
  // entry position, see HeadingOptions).
  {
    marker: 'dotted',
    re: new RegExp(`^((${DIGITS}{1,3})\\s*[.．、](?!\\s*${DIGITS}))\\s*(.+)$`),
    loose: new RegExp(`^((${DIGITS}{1,3})\\s*[.．、])\\s*(.+)$`),
  },
];

/** A marker alone on its line (「（165）」, 「12.」, 「〔7〕」): the name is printed on the next line. */
const MARKER_ONLY = new RegExp(`^(?:${OPEN}\\s*(?:${DIGITS}{1,6}|${CN_NUMERAL})\\s*${CLOSE}|${DIGITS}{1,3}\\s*[.．、]|${CN_NUMERAL}\\s*、)$`);

export function isMarkerOnly(line: string): boolean {
  return MARKER_ONLY.test(collapseSpacedOut(line));
}

/** Headings are short titles; a line with a colon or running prose is field text. */
const MAX_NAME_LENGTH = 60;
const MAX_CATEGORY_NAME_LENGTH = 20;

export function parseHeading(line: string, options: HeadingOptions = {}): Heading | null {
  const text = collapseSpacedOut(line);
  for (const { marker, re, loose } of PATTERNS) {
    const m = (options.entryPosition && loose ? loose : re).exec(text);
    if (!m) continue;
    const name = m[3].trim().replace(/[。．.；;\s]+$/u, '');
    if (!isPlausibleName(name, marker)) return null;
    return { marker, printed: m[1], number: foldDigits(m[2]), name, text };
  }
  return null;
}

function isPlausibleName(name: string, marker: Marker): boolean {
  if (name.length === 0 || /[：:]/.test(name)) return false;
  if (marker === 'category') return name.length <= MAX_CATEGORY_NAME_LENGTH && !/[。，；]/.test(name);
  // A sentence inside the name means prose that happens to start with a number.
  return name.length <= MAX_NAME_LENGTH && !/[。；].+/.test(name);
}

/** Chinese numeral (一 … 九十九) to a number; NaN when it is not one. */
export function chineseNumber(text: string): number {
  const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[一二三四五六七八九十百]+$/.test(text)) return Number.NaN;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = digits[ch];
  }
  return total + current;
}
