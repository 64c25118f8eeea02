import type { LayoutKind, ParseWarning, Repair } from './types';

export interface FieldDraft {
  text: string;
  startLine: number;
  endLine: number;
  printedLabel: string;
}

/** An item as a layout reads it, before numbering is decoded and the content hash is taken. */
export interface EntryDraft {
  category: string | null;
  subcategory: string | null;
  printedNumber: string;
  /** The digits of the item's own number (the parent's, for a sub-item). */
  numberDigits: string;
  subItem: string | null;
  name: string;
  parentName: string | null;
  fields: Record<string, FieldDraft>;
  startLine: number;
  endLine: number;
  /** The heading was not recognised (or is missing): the number is read from the neighbours. */
  unnumbered?: boolean;
}

/** A category or subcategory heading as placed by a layout, for the numbering checks. */
export interface StructuralHeading {
  level: 'category' | 'subcategory';
  /** The number in the marker: Arabic digits or a Chinese numeral. */
  number: string;
  text: string;
  line: number;
}

export interface LayoutResult {
  layout: LayoutKind;
  entries: EntryDraft[];
  /** First line of the catalog and first line after it (end matter), for the metadata search. */
  catalogStart: number;
  catalogEnd: number;
  repairs: Repair[];
  warnings: ParseWarning[];
  headings: StructuralHeading[];
}

/** Closing matter after the last item: 抄送, 印发 line, the commencement clause, attachments. */
export function isEndMatter(text: string): boolean {
  const t = text.trim();
  return (
    /^抄送[：:]/.test(t) ||
    /印发[。]?$/.test(t) ||
    /^本(?:标准|文件|通知|办法|细则|清单)自.{0,40}起(?:施行|执行|实施|生效)/.test(t) ||
    /^附件\s*\d*\s*[：:]/.test(t)
  );
}

const LIST_START = /^(?:\d{1,3}\s*[.．、]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、)/;

/**
 * Joins a continuation line to a field. A numbered paragraph after closing punctuation is a new
 * paragraph ("\n"); anything else is a hard wrap from the conversion and is joined without a
 * separator (a space only between two Latin letters or digits), and logged.
 */
export function appendContinuation(
  field: FieldDraft,
  previousLine: string,
  next: { no: number; text: string },
  repairs: Repair[],
  forceParagraph = false,
): void {
  const text = next.text.trim();
  const paragraph = forceParagraph || (/[。！？；;：:]$/.test(field.text) && LIST_START.test(text));
  const latinGap = /[A-Za-z0-9]$/.test(field.text) && /^[A-Za-z0-9]/.test(text) && !/[0-9]$/.test(field.text);
  const separator = paragraph ? '\n' : latinGap ? ' ' : '';
  field.text += separator + text;
  field.endLine = next.no;
  if (!paragraph) {
    repairs.push({
      line: next.no,
      kind: 'hard-wrap',
      before: `${previousLine.trim()}\n${text}`,
      after: `${previousLine.trim()}${separator}${text}`,
    });
  }
}
