/**
 * Small text helpers for reading headings, labels and metadata as published. Field text is never
 * passed through these: it stays verbatim.
 */

/** Han characters, full-width forms and CJK punctuation: characters set without spaces in Chinese. */
const WIDE = /[\p{Script=Han}\u3000-\u303F\uFF01-\uFF60“”‘’《》〔〕【】]/u;
const SINGLE_GAP = /(\S)[ \u3000](?=\S)/gu;

/** Full-width digits （０–９） to ASCII digits. Nothing else changes. */
export function foldDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * A line converted with a space between every character (「某 某 市 民 政 局」, 「服 务 对 象：」) is
 * read without those spaces. A line counts as spaced out when at least three single spaces sit next
 * to a wide character and most of its wide characters are followed by one. Runs of two or more
 * spaces separate parts (two departments on one signature line) and are kept as two spaces.
 */
export function collapseSpacedOut(text: string): string {
  const trimmed = text.trim();
  if (!isSpacedOut(trimmed)) return trimmed;
  return trimmed
    .split(/[ \u3000]{2,}/)
    .map((part) => part.replace(SINGLE_GAP, (match, ch: string) => ch))
    .join('  ');
}

export function isSpacedOut(text: string): boolean {
  let gaps = 0;
  let wideAdjacent = 0;
  let wide = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (WIDE.test(ch) && ch !== '\u3000') wide++;
    if ((ch === ' ' || ch === '\u3000') && i > 0 && i + 1 < chars.length) {
      const before = chars[i - 1];
      const after = chars[i + 1];
      if (before === ' ' || before === '\u3000' || after === ' ' || after === '\u3000') continue;
      gaps++;
      if (WIDE.test(before) || WIDE.test(after)) wideAdjacent++;
    }
  }
  return wideAdjacent >= 3 && wideAdjacent >= (wide - 1) * 0.6;
}

/**
 * Metadata lines (titles, issuers, dates, 文号): spaced-out lines collapsed, then every space that
 * touches a wide character removed (「2023 年版」 → 「2023年版」), full-width digits folded.
 */
export function compactMetaText(text: string): string {
  const collapsed = collapseSpacedOut(text);
  return foldDigits(
    collapsed
      .split(/[ \u3000]{2,}/)
      .map((part) => part.replace(/[ \u3000]+(?=\S)/gu, (gap, offset: number, whole: string) => {
        const before = whole[offset - 1] ?? '';
        const after = whole[offset + gap.length] ?? '';
        return WIDE.test(before) || WIDE.test(after) ? '' : gap;
      }))
      .join('  '),
  ).trim();
}
