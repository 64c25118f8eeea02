import { appendContinuation, EntryDraft, FieldDraft, isEndMatter, LayoutResult } from './draft';
import { Heading, Marker, parseHeading } from './headings';
import { FIELD_ORDER, joinSplitLabel, LabelLine, parseLabelLine, splitEmbeddedLabels } from './labels';
import type { ParseWarning, Repair, SourceLine } from './types';

/**
 * Labelled-field layouts: each item is a heading followed by 「服务对象：」「服务内容：」… lines.
 * - labelled-blocks: items 「（N）名称」 under subcategories 「N.名称」 and categories 「七、…」;
 * - numbered-items: items 「N.名称。」 under 「（一）…」, split items carry 「（n）…」 sub-items.
 * Which marker means "item" is read from the text: it is the marker most often directly followed by
 * the first field label.
 */
type Line =
  | { kind: 'label'; no: number; from: number; text: string; label: LabelLine }
  | { kind: 'heading'; no: number; from: number; text: string; heading: Heading }
  | { kind: 'text'; no: number; from: number; text: string };

interface Prepared {
  lines: Line[];
  repairs: Repair[];
}

export function hasLabelledFields(lines: SourceLine[]): boolean {
  return lines.some((l) => parseLabelLine(l.text)?.label === '服务对象');
}

export function parseLabelledLayout(source: SourceLine[]): LayoutResult | null {
  const { lines, repairs } = prepare(source);
  const entryAt = findEntryHeadings(lines);
  const itemMarker = majorityMarker(lines, entryAt);
  if (!itemMarker) return null;
  const walker = new Walker(lines, entryAt, itemMarker, repairs);
  return walker.run();
}

function prepare(source: SourceLine[]): Prepared {
  const repairs: Repair[] = [];
  const nonBlank = source.filter((l) => l.text.trim() !== '');
  const out: Line[] = [];
  for (let i = 0; i < nonBlank.length; i++) {
    const current = nonBlank[i];
    const next = nonBlank[i + 1];
    const joined = next ? joinSplitLabel(current.text, next.text) : null;
    if (joined && next) {
      const text = `${joined.label}：${joined.value}`;
      repairs.push({ line: current.no, kind: 'spliced-label', before: `${current.text.trim()}\n${next.text.trim()}`, after: text });
      out.push({ kind: 'label', no: next.no, from: current.no, text, label: { ...joined } });
      i++;
      continue;
    }
    out.push(...classifyWithEmbeddedLabels(current, repairs));
  }
  return { lines: out, repairs };
}

function classifyWithEmbeddedLabels(line: SourceLine, repairs: Repair[]): Line[] {
  const text = line.text.trim();
  const label = parseLabelLine(text);
  if (label) {
    const parts = splitEmbeddedLabels(text);
    if (parts.length > 1) repairs.push({ line: line.no, kind: 'merged-fields', before: text, after: parts.join('\n') });
    return parts.map((part) => ({ kind: 'label', no: line.no, from: line.no, text: part, label: parseLabelLine(part)! }));
  }
  const heading = parseHeading(text);
  if (heading) return [{ kind: 'heading', no: line.no, from: line.no, text, heading }];
  return [{ kind: 'text', no: line.no, from: line.no, text }];
}

interface EntryHeading {
  /** Index of a name-continuation line, when the heading was wrapped. */
  nameContinuation: number | null;
}

/**
 * A heading opens an entry when the next line is the first field label, or when the next label
 * restarts the field order (an item that lacks 服务对象). A wrapped heading has one text line between.
 */
function findEntryHeadings(lines: Line[]): Map<number, EntryHeading> {
  const found = new Map<number, EntryHeading>();
  let lastOrder = -1;
  lines.forEach((line, i) => {
    if (line.kind === 'label') lastOrder = FIELD_ORDER[line.label.label];
    if (line.kind !== 'heading' || line.heading.marker === 'category') return;
    const opensEntry = (next: Line | undefined) =>
      next?.kind === 'label' && (next.label.label === '服务对象' || FIELD_ORDER[next.label.label] <= lastOrder);
    if (opensEntry(lines[i + 1])) found.set(i, { nameContinuation: null });
    else if (lines[i + 1]?.kind === 'text' && !/。$/.test(line.text) && opensEntry(lines[i + 2]))
      found.set(i, { nameContinuation: i + 1 });
  });
  return found;
}

function majorityMarker(lines: Line[], entryAt: Map<number, EntryHeading>): Marker | null {
  const counts = new Map<Marker, number>();
  for (const i of entryAt.keys()) {
    const line = lines[i];
    if (line.kind === 'heading') counts.set(line.heading.marker, (counts.get(line.heading.marker) ?? 0) + 1);
  }
  let best: Marker | null = null;
  for (const [marker, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = marker;
  return best;
}

interface OpenField {
  draft: FieldDraft;
  lastLine: string;
}

class Walker {
  private category: string | null = null;
  private subcategory: string | null = null;
  private parent: Heading | null = null;
  private entry: EntryDraft | null = null;
  private field: OpenField | null = null;
  private readonly entries: EntryDraft[] = [];
  private readonly warnings: ParseWarning[] = [];
  private catalogStart: number | null = null;
  private catalogEnd: number | null = null;

  constructor(
    private readonly lines: Line[],
    private readonly entryAt: Map<number, EntryHeading>,
    private readonly itemMarker: Marker,
    private readonly repairs: Repair[],
  ) {}

  run(): LayoutResult {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      const entryHeading = this.entryAt.get(i);
      if (entryHeading && line.kind === 'heading') {
        this.openEntry(line, entryHeading);
        if (entryHeading.nameContinuation !== null) i = entryHeading.nameContinuation;
      } else if (line.kind === 'heading' && this.isStructural(i, line.heading)) {
        this.structuralHeading(line);
      } else if (line.kind === 'label') {
        this.openField(line);
      } else if (this.catalogStart !== null && isEndMatter(line.text)) {
        this.catalogEnd = line.no;
        break;
      } else {
        this.continuation(line);
      }
    }
    this.closeEntry();
    const lastLine = this.lines[this.lines.length - 1]?.no ?? 0;
    return {
      layout: this.itemMarker === 'dotted' ? 'numbered-items' : 'labelled-blocks',
      entries: this.entries,
      catalogStart: this.catalogStart ?? lastLine + 1,
      catalogEnd: this.catalogEnd ?? lastLine + 1,
      repairs: this.repairs,
      warnings: this.warnings,
    };
  }

  /** A category or subcategory heading must lead to another heading; otherwise it is field text. */
  private isStructural(i: number, heading: Heading): boolean {
    const next = this.lines[i + 1];
    if (next?.kind !== 'heading') return false;
    if (heading.marker === this.itemMarker) {
      // A split item: its sub-items follow directly.
      return this.entryAt.has(i + 1) && next.heading.marker !== this.itemMarker;
    }
    const insideUnfinishedItem = this.field !== null && this.entry?.fields['牵头负责单位'] === undefined;
    return heading.marker === 'category' || !insideUnfinishedItem || this.entryAt.has(i + 1);
  }

  private structuralHeading(line: Extract<Line, { kind: 'heading' }>): void {
    this.closeEntry();
    this.catalogStart ??= line.no;
    const { heading } = line;
    if (heading.marker === 'category') {
      this.category = heading.text;
      this.subcategory = null;
      this.parent = null;
    } else if (heading.marker === this.itemMarker) {
      this.parent = heading;
    } else {
      this.subcategory = heading.text;
      this.parent = null;
    }
  }

  private openEntry(line: Extract<Line, { kind: 'heading' }>, entryHeading: EntryHeading): void {
    this.closeEntry();
    this.catalogStart ??= line.no;
    const { heading } = line;
    let name = heading.name;
    if (entryHeading.nameContinuation !== null) {
      const cont = this.lines[entryHeading.nameContinuation];
      name = (heading.name + cont.text.trim()).replace(/[。．.]$/, '');
      this.repairs.push({ line: cont.no, kind: 'hard-wrap', before: `${heading.text}\n${cont.text.trim()}`, after: heading.text + cont.text.trim() });
    }
    const isSubItem = heading.marker !== this.itemMarker;
    if (isSubItem && !this.parent) {
      this.warnings.push({ line: line.no, code: 'SUB_ITEM_WITHOUT_PARENT', message: `「${heading.text}」 looks like a sub-item but no split item precedes it; read as an item.` });
    }
    const parent = isSubItem ? this.parent : null;
    if (!isSubItem) this.parent = null;
    this.entry = {
      category: this.category,
      subcategory: this.subcategory,
      printedNumber: parent ? parent.printed : heading.printed,
      numberDigits: parent ? parent.number : heading.number,
      subItem: parent ? heading.printed : null,
      name,
      parentName: parent ? parent.name : null,
      fields: {},
      startLine: line.no,
      endLine: line.no,
    };
  }

  private openField(line: Extract<Line, { kind: 'label' }>): void {
    if (!this.entry) {
      this.warnings.push({ line: line.no, code: 'LABEL_OUTSIDE_ITEM', message: `「${line.text.slice(0, 20)}」 has no item heading; ignored.` });
      return;
    }
    const { label, printedLabel, value } = line.label;
    const existing = this.entry.fields[label];
    if (existing) {
      this.warnings.push({ line: line.no, code: 'DUPLICATE_LABEL', message: `${label} printed twice in one item; the second is appended.` });
      existing.text += `\n${value}`;
      existing.endLine = line.no;
      this.field = { draft: existing, lastLine: line.text };
    } else {
      const draft: FieldDraft = { text: value, startLine: line.from, endLine: line.no, printedLabel };
      this.entry.fields[label] = draft;
      this.field = { draft, lastLine: line.text };
      if (printedLabel !== label && line.from === line.no) {
        this.repairs.push({ line: line.from, kind: 'label-variant', before: printedLabel, after: label });
      }
    }
    this.entry.endLine = line.no;
  }

  private continuation(line: Line): void {
    if (this.field && this.entry) {
      appendContinuation(this.field.draft, this.field.lastLine, line, this.repairs);
      this.field.lastLine = line.text;
      this.entry.endLine = line.no;
    } else if (this.entry) {
      this.warnings.push({ line: line.no, code: 'TEXT_BEFORE_FIELDS', message: `「${line.text.slice(0, 20)}」 between an item heading and its fields; ignored.` });
    }
  }

  private closeEntry(): void {
    if (this.entry) this.entries.push(this.entry);
    this.entry = null;
    this.field = null;
  }
}
