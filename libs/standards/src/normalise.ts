import { createHash } from 'node:crypto';

/**
 * The quote-matching normalisation. A quote cited from a standard matches an item's text when both
 * are equal after: Unicode NFC; full-width ASCII forms (digits, Latin letters, punctuation such as
 * （）：，) mapped to their half-width forms; all whitespace removed. Whitespace goes because PDF and
 * Word conversions insert it freely (「年满 60 周岁」 and 「年满60周岁」 are the same text) and Chinese
 * text does not depend on it. Chinese punctuation without a half-width twin (。、“”《》) is kept.
 */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s+/gu, '');
}

/** Whether `quote` occurs in `text` under {@link normaliseForQuote}. */
export function containsQuote(text: string, quote: string): boolean {
  const needle = normaliseForQuote(quote);
  return needle.length > 0 && normaliseForQuote(text).includes(needle);
}

/**
 * standardRef.contentHash: sha256 (hex) of an item's text after NFC and whitespace normalisation
 * (every whitespace run removed, for the same reason as in quotes). Full-width forms are kept: the
 * hash identifies the text as published.
 */
export function contentHash(itemText: string): string {
  const normalised = itemText.normalize('NFC').replace(/\s+/gu, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
