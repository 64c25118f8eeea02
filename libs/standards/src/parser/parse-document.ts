import { contentHash } from '../normalise';
import type { EntryDraft, LayoutResult } from './draft';
import { parseErrors } from './errors';
import { hasLabelledFields, parseLabelledLayout } from './labelled-layout';
import { fieldLengthWarnings, numberingWarnings } from './checks';
import { readMetadata } from './metadata';
import { removeNoise, splitLines } from './noise';
import { decodeItemNumber } from './sequence';
import { foldDigits } from './text';
import { hasTable, parseTableLayout } from './table-layout';
import { FIELD_LABELS, ParsedDocument, ParsedItem, ParseWarning, Repair, SourceLine } from './types';

export interface ParseOptions {
  /** A name for the source (e.g. the file name), echoed in the metadata; never used to pick rules. */
  sourceName?: string;
}

/**
 * Parses a standards document (plain text converted from Word or PDF) into its metadata and service
 * items. Throws {@link StandardsParseError} for input that is empty, not text, not a standards
 * document or without items: the result is either a whole catalog or nothing.
 */
export function parseStandardsDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  if (text.trim() === '') throw parseErrors.empty();
  if (looksBinary(text)) throw parseErrors.binary();
  const raw = splitLines(text);
  const clean = removeNoise(raw);
  const layout = readLayout(clean.lines);
  if (layout.entries.length === 0) throw parseErrors.noItems();
  const warnings: ParseWarning[] = [...layout.warnings];
  const numberRepairs: Repair[] = [];
  const items = numberItems(layout.entries, numberRepairs, warnings);
  const repairs = [...clean.repairs, ...layout.repairs, ...numberRepairs].sort((a, b) => a.line - b.line);
  const metadata = readMetadata({
    lines: clean.lines,
    catalogStart: layout.catalogStart,
    catalogEnd: layout.catalogEnd,
    leadUnits: items.map((i) => i.fields['牵头负责单位'] ?? '').filter(Boolean),
  });
  warnings.push(...numberingWarnings(items, layout.headings), ...fieldLengthWarnings(items));
  return {
    document: { sourceName: options.sourceName ?? null, layout: layout.layout, ...metadata, lineCount: raw.length },
    items,
    repairs,
    warnings: warnings.sort((a, b) => a.line - b.line || (a.endLine ?? a.line) - (b.endLine ?? b.line)),
  };
}

/** NUL bytes, C0 controls or many replacement characters mean binary or a wrong encoding. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 20000);
  const bad = sample.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/g)?.length ?? 0;
  return sample.includes('\u0000') || bad > sample.length * 0.01;
}

/** Layout detection: a table with a 序号/服务对象 header wins, then labelled fields. */
function readLayout(lines: SourceLine[]): LayoutResult {
  const table = hasTable(lines);
  if (table) {
    const result = parseTableLayout(lines);
    if (result && result.entries.length > 0) return result;
  }
  if (hasLabelledFields(lines)) {
    const labelled = parseLabelledLayout(lines);
    if (labelled) return labelled;
  }
  if (table || hasLabelledFields(lines)) throw parseErrors.noItems();
  throw parseErrors.noLayout();
}

function numberItems(entries: EntryDraft[], repairs: Repair[], warnings: ParseWarning[]): ParsedItem[] {
  const itemCount = countItems(entries);
  let previousOld: number | null = null;
  let previousSequence = 0;
  return entries.map((entry) => {
    if (entry.unnumbered && entry.numberDigits === '') {
      // No readable heading: the number follows the item above (a sub-item shares it).
      const sequence = entry.subItem !== null ? previousSequence : previousSequence + 1;
      previousSequence = sequence;
      previousOld = sequence;
      return toItem(entry, sequence, null);
    }
    // A number just after the previous one is the next item even beyond the item count (an item
    // whose heading was lost makes the count smaller), not tracked-change residue.
    const raw = Number(entry.numberDigits);
    const continues = raw > previousSequence && raw - previousSequence <= 3;
    const decoded = continues
      ? { sequence: raw, superseded: null }
      : decodeItemNumber(entry.numberDigits, itemCount, previousOld === null ? null : previousOld + 1);
    if (decoded.superseded !== null && entry.subItem === null) {
      repairs.push({
        line: entry.startLine,
        kind: 'tracked-change-number',
        before: entry.printedNumber,
        after: String(decoded.sequence),
      });
    }
    if (Number.isNaN(decoded.sequence)) {
      const sequence = entry.subItem !== null ? previousSequence : previousSequence + 1;
      warnings.push({
        line: entry.startLine,
        code: 'NO_NUMBER',
        message: `第${entry.startLine}行「${entry.name}」没有可读的编号，按前后项目推定为 ${sequence}。「${entry.name}」 on line ${entry.startLine} has no readable number; numbered ${sequence} from its neighbours.`,
      });
      previousSequence = sequence;
      previousOld = sequence;
      return toItem(entry, sequence, null);
    }
    previousOld = decoded.superseded ?? decoded.sequence;
    if (Number.isFinite(decoded.sequence)) previousSequence = decoded.sequence;
    return toItem(entry, decoded.sequence, decoded.superseded);
  });
}

/** Sub-items share their parent's number: a split item counts once. */
export function countItems(entries: { subItem: string | null; printedNumber: string }[]): number {
  return entries.filter((e, i) => e.subItem === null || entries[i - 1]?.printedNumber !== e.printedNumber).length;
}

function toItem(entry: EntryDraft, sequence: number, superseded: number | null): ParsedItem {
  const fields: Record<string, string> = {};
  const fieldLines: ParsedItem['fieldLines'] = {};
  for (const key of orderedKeys(entry.fields)) {
    const f = entry.fields[key];
    fields[key] = f.text;
    fieldLines[key] = { startLine: f.startLine, endLine: f.endLine, printedLabel: f.printedLabel };
  }
  const subDigits = entry.subItem === '' ? '?' : entry.subItem ? foldDigits(entry.subItem).replace(/[^\d一二三四五六七八九十]/g, '') : '';
  return {
    category: entry.category,
    subcategory: entry.subcategory,
    printedNumber: entry.printedNumber,
    number: subDigits ? `${sequence}(${subDigits})` : String(sequence),
    sequence,
    supersededSequence: superseded,
    subItem: entry.subItem,
    name: entry.name,
    parentName: entry.parentName,
    fields,
    fieldLines,
    startLine: entry.startLine,
    endLine: entry.endLine,
    contentHash: contentHash(itemText(entry.name, fields)),
  };
}

/** Canonical labels first, in template order, then extra columns in printed order. */
function orderedKeys(fields: Record<string, unknown>): string[] {
  const canonical = FIELD_LABELS.filter((l) => l in fields);
  return [...canonical, ...Object.keys(fields).filter((k) => !(FIELD_LABELS as readonly string[]).includes(k))];
}

/**
 * The text an item's content hash covers: its name and its fields as 「label：text」 lines. The printed
 * number is left out so that renumbering alone (or tracked-change residue in it) does not change it.
 */
export function itemText(name: string, fields: Record<string, string>): string {
  return [name, ...Object.entries(fields).map(([label, text]) => `${label}：${text}`)].join('\n');
}
