/**
 * Heading shapes used by standards documents. A heading is recognised by its marker; whether it is a
 * category, a subcategory, an item or a sub-item is decided by the layout from how headings are used.
 */
export type Marker = 'category' | 'paren-cn' | 'dotted' | 'paren-ar';

export interface Heading {
  marker: Marker;
  /** The marker exactly as printed: 「七、」, 「（一）」, 「53.」, 「（6158）」, 「(63)」. */
  printed: string;
  /** The number inside the marker (Arabic digits or a Chinese numeral). */
  number: string;
  /** The rest of the line, without trailing heading punctuation. */
  name: string;
  /** The whole heading line, trimmed. */
  text: string;
}

const CN_NUMERAL = '[一二三四五六七八九十百]+';
const PATTERNS: { marker: Marker; re: RegExp }[] = [
  { marker: 'category', re: new RegExp(`^((${CN_NUMERAL})、)\\s*(.+)$`) },
  { marker: 'paren-cn', re: new RegExp(`^([（(]\\s*(${CN_NUMERAL})\\s*[）)])\\s*(.+)$`) },
  { marker: 'paren-ar', re: /^([（(]\s*(\d{1,6})\s*[）)])\s*(.+)$/ },
  // 「1.5万元」 is a number, not a heading: the dot must not be followed by a digit.
  { marker: 'dotted', re: /^((\d{1,3})\s*[.．、](?!\d))\s*(.+)$/ },
];

/** Headings are short titles; a line with a colon or running prose is field text. */
const MAX_NAME_LENGTH = 60;
const MAX_CATEGORY_NAME_LENGTH = 20;

export function parseHeading(line: string): Heading | null {
  const text = line.trim();
  for (const { marker, re } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const name = m[3].trim().replace(/[。．.；;\s]+$/u, '');
    if (!isPlausibleName(name, marker)) return null;
    return { marker, printed: m[1], number: m[2], name, text };
  }
  return null;
}

function isPlausibleName(name: string, marker: Marker): boolean {
  if (name.length === 0 || /[：:]/.test(name)) return false;
  if (marker === 'category') return name.length <= MAX_CATEGORY_NAME_LENGTH && !/[。，；]/.test(name);
  // A sentence inside the name means prose that happens to start with a number.
  return name.length <= MAX_NAME_LENGTH && !/[。；].+/.test(name);
}
