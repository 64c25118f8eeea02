import { EntryDraft, FieldDraft, isEndMatter, LayoutResult, StructuralHeading } from './draft';
import { parseHeading } from './headings';
import { columnRole, ColumnRole } from './labels';
import { foldDigits } from './text';
import type { ParseWarning, Repair, SourceLine } from './types';

/**
 * Tab-separated tables: every cell starts after a tab (one cell per line, or several on a line); a
 * line without a tab continues the previous cell as a new paragraph. Blank lines are ignored, so rows
 * are cut by the column count read from the header row (序号 | 服务项目 | 服务对象 | …). A row whose 序号
 * is empty holds vertically merged cells and is appended to the row above; a row holding only
 * 「一、…」 is a category.
 */
interface Cell {
  text: string;
  startLine: number;
  endLine: number;
}

interface Header {
  columns: { printed: string; role: ColumnRole; line: number }[];
  /** Index of the first cell after the header. */
  bodyStart: number;
}

export function parseTableLayout(source: SourceLine[]): LayoutResult | null {
  const { cells, endLine, warnings: tokenWarnings } = tokenise(source);
  const header = findHeader(cells);
  if (!header) return null;
  const repairs = header.columns
    .filter((c) => c.role.role === 'field' && c.role.key !== c.printed)
    .map((c): Repair => ({ line: c.line, kind: 'label-variant', before: c.printed, after: c.role.key }));
  const warnings: ParseWarning[] = [...tokenWarnings];
  const headings: StructuralHeading[] = [];
  const entries = readRows(cells.slice(header.bodyStart), header, repairs, warnings, headings);
  return {
    layout: 'tab-table',
    entries,
    catalogStart: cells[header.bodyStart - header.columns.length].startLine,
    catalogEnd: endLine,
    repairs,
    warnings,
    headings,
  };
}

export function hasTable(source: SourceLine[]): boolean {
  return findHeader(tokenise(source).cells) !== null;
}

function tokenise(source: SourceLine[]): { cells: Cell[]; endLine: number; warnings: ParseWarning[] } {
  const cells: Cell[] = [];
  const warnings: ParseWarning[] = [];
  let inTable = false;
  for (let i = 0; i < source.length; i++) {
    const line = source[i];
    if (line.text.trim() === '' && !line.text.includes('\t')) continue;
    if (inTable && !line.text.includes('\t') && isEndMatter(line.text)) {
      // End matter ends the table only when no table row follows it.
      const more = source.slice(i + 1).find((l) => /^\t*\d{1,4}\t/.test(l.text) || /^\t\d{1,4}\s*$/.test(l.text));
      if (!more) return { cells, endLine: line.no, warnings };
      warnings.push({
        line: line.no,
        endLine: more.no,
        code: 'ITEMS_AFTER_END',
        message: `第${line.no}行像是文末，但第${more.no}行起还有表格行，已继续读取。Line ${line.no} looks like end matter, but table rows follow from line ${more.no}; reading went on and the line was kept in the table.`,
      });
    }
    const segments = line.text.split('\t');
    const [first, ...rest] = segments;
    if (first.trim() !== '' || rest.length === 0) {
      const last = cells[cells.length - 1];
      if (last && inTable) {
        last.text = last.text ? `${last.text}\n${first.trim()}` : first.trim();
        last.endLine = line.no;
      } else {
        cells.push({ text: first.trim(), startLine: line.no, endLine: line.no });
      }
    }
    for (const segment of rest) cells.push({ text: segment.trim(), startLine: line.no, endLine: line.no });
    if (rest.length > 0) inTable = true;
  }
  return { cells, endLine: (source[source.length - 1]?.no ?? 0) + 1, warnings };
}

function findHeader(cells: Cell[]): Header | null {
  for (let i = 0; i < cells.length; i++) {
    if (!/^(序号|编号)$/.test(cells[i].text.replace(/\s+/g, ''))) continue;
    const columns: Header['columns'] = [];
    let leadTaken = false;
    for (let j = i; j < cells.length && isHeaderCell(cells[j].text); j++) {
      // The header printed twice in a row (a page break right after it) ends at the second 序号.
      if (j > i && /^(序号|编号)$/.test(cells[j].text.replace(/\s+/g, ''))) break;
      // A header cell is one paragraph; lines after it without a tab are not part of the header.
      const text = cells[j].text.split('\n')[0];
      const role = columnRole(text, leadTaken);
      if (role.key === '牵头负责单位') leadTaken = true;
      columns.push({ printed: text.replace(/\s+/g, ''), role, line: cells[j].startLine });
    }
    const known = columns.filter((c) => ['服务对象', '服务内容', '服务标准', '支出责任'].includes(c.role.key)).length;
    const hasName = columns.some((c) => c.role.role === 'name');
    if (known >= 2 && hasName) return { columns, bodyStart: i + columns.length };
  }
  return null;
}

/** Header cells end where the body begins: an empty cell, a row number or a category row. */
function isHeaderCell(text: string): boolean {
  return text !== '' && !/^\d+$/.test(foldDigits(text)) && parseHeading(text)?.marker !== 'category';
}

function readRows(
  cells: Cell[],
  header: Header,
  repairs: Repair[],
  warnings: ParseWarning[],
  headings: StructuralHeading[],
): EntryDraft[] {
  const width = header.columns.length;
  const entries: EntryDraft[] = [];
  let category: string | null = null;
  let pos = 0;
  while (pos < cells.length) {
    const cell = cells[pos];
    const heading = parseHeading(cell.text);
    if (heading?.marker === 'category') {
      category = heading.text;
      headings.push({ level: 'category', number: heading.number, text: heading.text, line: cell.startLine });
      pos++;
      // The rest of a category row is empty padding; a data row never starts with an empty cell here,
      // unless its 序号 was lost: then the last empty cell before a row's second cell starts the row.
      const padStart = pos;
      while (pos < cells.length && cells[pos].text === '') pos++;
      const rowAfter = cells[pos - 1 + width];
      if (pos > padStart && pos < cells.length && !startsRow(cells[pos].text) && (!rowAfter || startsRow(rowAfter.text) || parseHeading(rowAfter.text)?.marker === 'category')) pos--;
      continue;
    }
    const row = cells.slice(pos, pos + width);
    pos += width;
    if (row.length < width) {
      const end = Math.max(...row.map((c) => c.endLine));
      warnings.push({
        line: cell.startLine,
        ...(end !== cell.startLine ? { endLine: end } : {}),
        code: 'INCOMPLETE_ROW',
        message: `第${cell.startLine}–${end}行的表格行只有 ${row.length} 个单元格（应为 ${width} 个），已略过。A table row on lines ${cell.startLine}–${end} has ${row.length} of ${width} cells; ignored.`,
      });
      continue;
    }
    if (row[0].text.replace(/\s+/g, '') === header.columns[0].printed) continue; // header repeated after a page break
    if (/^\d{1,4}$/.test(foldDigits(row[0].text))) entries.push(rowEntry(row, header, category));
    else if (row[0].text === '' && entries.length > 0 && !ownName(row, header)) mergeRow(entries[entries.length - 1], row, header, repairs);
    else if (row[0].text === '' && ownName(row, header)) {
      // No 序号 but a service item of its own: not vertically merged cells, an item whose number was lost.
      const entry = { ...rowEntry(row, header, category), unnumbered: true, numberDigits: '' };
      const end = entry.endLine;
      warnings.push({
        line: cell.startLine,
        ...(end !== cell.startLine ? { endLine: end } : {}),
        code: 'NO_NUMBER',
        message: `第${cell.startLine}–${end}行的表格行没有序号，但有自己的服务项目「${entry.name}」，按编号由前后推定的项目读取。The table row on lines ${cell.startLine}–${end} has no 序号 but a service item of its own (「${entry.name}」); read as an item numbered from its neighbours.`,
      });
      entries.push(entry);
    }
    else {
      // Resynchronise at the next cell that starts a row (the next number or a category), not
      // blindly one row width further on.
      const start = pos - width;
      let next = start + 1;
      const last = entries.length > 0 ? Number(foldDigits(entries[entries.length - 1].numberDigits)) : 0;
      while (next < cells.length && !resumesAt(cells[next].text, last)) next++;
      const end = cells[next - 1].endLine;
      warnings.push({
        line: cell.startLine,
        ...(end !== cell.startLine ? { endLine: end } : {}),
        code: 'UNRECOGNISED_ROW',
        message: `第${cell.startLine}–${end}行的表格内容以「${row[0].text.slice(0, 20)}」开头，不是以序号开始的行，未读入任何项目。The table cells on lines ${cell.startLine}–${end} start with 「${row[0].text.slice(0, 20)}」, not a row number; not read into any item.`,
      });
      pos = next;
    }
  }
  return entries;
}

function ownName(row: Cell[], header: Header): boolean {
  const i = header.columns.findIndex((c) => c.role.role === 'name');
  return i >= 0 && (row[i]?.text ?? '') !== '';
}

function startsRow(text: string): boolean {
  return /^\d{1,4}$/.test(foldDigits(text));
}

/** The next row: the next few numbers after the last item, or a category row. */
function resumesAt(text: string, last: number): boolean {
  if (parseHeading(text)?.marker === 'category') return true;
  if (!startsRow(text)) return false;
  const n = Number(foldDigits(text));
  return n > last && n <= last + 3;
}

function rowEntry(row: Cell[], header: Header, category: string | null): EntryDraft {
  const fields: Record<string, FieldDraft> = {};
  let name = '';
  header.columns.forEach((column, i) => {
    const cell = row[i];
    if (column.role.role === 'name') name = cell.text.replace(/\n/g, '');
    if (column.role.role !== 'field' || cell.text === '') return;
    fields[column.role.key] = { text: cell.text, startLine: cell.startLine, endLine: cell.endLine, printedLabel: column.printed };
  });
  return {
    category,
    subcategory: null,
    printedNumber: row[0].text,
    numberDigits: foldDigits(row[0].text),
    subItem: null,
    name,
    parentName: null,
    fields,
    startLine: row[0].startLine,
    endLine: Math.max(...row.map((c) => c.endLine)),
  };
}

/** Cells of a row with an empty 序号 continue the row above (vertically merged cells). */
function mergeRow(target: EntryDraft, row: Cell[], header: Header, repairs: Repair[]): void {
  header.columns.forEach((column, i) => {
    const cell = row[i];
    if (column.role.role !== 'field' || cell.text === '') return;
    const existing = target.fields[column.role.key];
    if (existing) {
      existing.text += `\n${cell.text}`;
      existing.endLine = cell.endLine;
    } else {
      target.fields[column.role.key] = { text: cell.text, startLine: cell.startLine, endLine: cell.endLine, printedLabel: column.printed };
    }
  });
  const endLine = Math.max(...row.map((c) => c.endLine));
  repairs.push({
    line: row[0].startLine,
    kind: 'merged-row',
    before: row.map((c) => c.text).join('\t'),
    after: `appended to row ${target.printedNumber}`,
  });
  target.endLine = Math.max(target.endLine, endLine);
}
