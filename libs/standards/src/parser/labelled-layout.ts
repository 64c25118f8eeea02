import { appendContinuation, EntryDraft, FieldDraft, isEndMatter, LayoutResult, StructuralHeading } from './draft';
import { chineseNumber, Heading, isMarkerOnly, Marker, parseHeading } from './headings';
import { FIELD_ORDER, joinSplitLabel, joinWrappedLabel, LabelLine, labelStart, parseLabelLine, splitEmbeddedLabels, unknownLabel } from './labels';
import type { ParseWarning, Repair, SourceLine } from './types';

/**
 * Labelled-field layouts: each item is a heading followed by 「服务对象：」「服务内容：」… lines.
 * - labelled-blocks: items 「（N）名称」 under subcategories 「N.名称」 and categories 「七、…」;
 * - numbered-items: items 「N.名称。」 under 「（一）…」, split items carry 「（n）…」 sub-items.
 * Which marker means "item" is read from the text: it is the marker most often directly followed by
 * the first field label.
 *
 * Nothing is dropped silently: a line the walker cannot place is kept where it most probably belongs
 * and reported as a warning, and the walk goes on (resynchronises) at the next line it can read.
 */
type Line =
  | { kind: 'label'; no: number; from: number; text: string; label: LabelLine }
  | { kind: 'heading'; no: number; from: number; text: string; heading: Heading }
  | { kind: 'text'; no: number; from: number; text: string };
type HeadingLine = Extract<Line, { kind: 'heading' }>;

interface Prepared {
  lines: Line[];
  repairs: Repair[];
}

/** At most this many unreadable lines between an item heading and its first field label. */
const MAX_PRELUDE = 3;

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
    if (next && isMarkerOnly(current.text) && parseLabelLine(next.text) === null && parseHeading(next.text) === null) {
      // A marker alone on its line, the name on the next one (「（165）」 / 「义务教育免费提供教科书」).
      const text = `${current.text.trim()}${next.text.trim()}`;
      const heading = splitHeadingAndLabel(text)?.heading ?? parseHeading(text, { entryPosition: true });
      if (heading) {
        repairs.push({ line: next.no, kind: 'hard-wrap', before: `${current.text.trim()}\n${next.text.trim()}`, after: text });
        // The name line may carry the first field too (「职业介绍…服务对象：…」).
        const lines = classifyWithEmbeddedLabels({ no: next.no, text }, repairs);
        out.push(...lines.map((l) => (l.kind === 'heading' ? { ...l, no: current.no, from: current.no } : l)));
        i++;
        continue;
      }
    }
    // A label wrapped after a heading or field on the same line: 「50.职工基本医疗保险。服」 / 「务对象：…」,
    // 「（863）校外活动服务　服务对」 / 「象：…」.
    const lead = next ? /^(.*?(?:[。；;]|[ \u3000]))\s*([^。；;\s]{1,6})\s*$/u.exec(current.text.trim()) : null;
    const headOk = lead !== null && (/[。；;]$/.test(lead[1]) || parseHeading(lead[1], { entryPosition: true }) !== null);
    const tailLabel = lead && next && headOk ? joinWrappedLabel(lead[2], next.text) : null;
    if (lead && next && tailLabel) {
      const text = `${tailLabel.printedLabel}：${tailLabel.value}`;
      repairs.push({ line: next.no, kind: 'hard-wrap', before: `${current.text.trim()}\n${next.text.trim()}`, after: `${lead[1]}\n${text}` });
      out.push(...classifyWithEmbeddedLabels({ no: current.no, text: lead[1] }, repairs));
      out.push(...classifyWithEmbeddedLabels({ no: next.no, text }, repairs).map((l) => ({ ...l, from: current.no })));
      i++;
      continue;
    }
    const wrapped = next ? joinWrappedLabel(current.text, next.text) : null;
    if (wrapped && next) {
      const text = `${wrapped.printedLabel}：${wrapped.value}`;
      repairs.push({ line: next.no, kind: 'hard-wrap', before: `${current.text.trim()}\n${next.text.trim()}`, after: text });
      out.push(...classifyWithEmbeddedLabels({ no: next.no, text }, repairs).map((l) => ({ ...l, from: current.no })));
      i++;
      continue;
    }
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
  // A line directly before the first field label (or one line above it, a wrapped heading) stands
  // in item position: read it as a heading with the looser rule (「5.12345热线」).
  out.forEach((line, i) => {
    if (line.kind !== 'text') return;
    const next = out[i + 1];
    const after = out[i + 2];
    const beforeLabel = next?.kind === 'label' || (next?.kind === 'text' && after?.kind === 'label');
    if (!beforeLabel) return;
    const heading = parseHeading(line.text, { entryPosition: true });
    if (heading && heading.marker !== 'category') out[i] = { kind: 'heading', no: line.no, from: line.from, text: line.text, heading };
  });
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
  // An item heading with its first field on the same line (「（16）义务教育… 服务对象：…」).
  const joined = splitHeadingAndLabel(text);
  if (joined) {
    repairs.push({ line: line.no, kind: 'merged-fields', before: text, after: `${joined.heading.text}\n${joined.label}` });
    return [
      { kind: 'heading', no: line.no, from: line.no, text: joined.heading.text, heading: joined.heading },
      ...classifyWithEmbeddedLabels({ no: line.no, text: joined.label }, []),
    ];
  }
  const heading = parseHeading(text);
  if (heading) return [{ kind: 'heading', no: line.no, from: line.no, text, heading }];
  // A continuation line that carries the next field after its closing punctuation (「疾人。服务内容：…」).
  const parts = splitEmbeddedLabels(text);
  if (parts.length > 1 && parts.slice(1).every((p) => parseLabelLine(p) !== null)) {
    repairs.push({ line: line.no, kind: 'merged-fields', before: text, after: parts.join('\n') });
    return [
      { kind: 'text', no: line.no, from: line.no, text: parts[0] },
      ...parts.slice(1).map((part): Line => ({ kind: 'label', no: line.no, from: line.no, text: part, label: parseLabelLine(part)! })),
    ];
  }
  return [{ kind: 'text', no: line.no, from: line.no, text }];
}

function splitHeadingAndLabel(text: string): { heading: Heading; label: string } | null {
  const at = labelStart(text);
  if (at <= 0) return null;
  const heading = parseHeading(text.slice(0, at), { entryPosition: true });
  if (!heading || heading.marker === 'category') return null;
  return { heading, label: text.slice(at).trim() };
}

interface EntryHeading {
  /** Index of a name-continuation line, when the heading was wrapped. */
  nameContinuation: number | null;
  /** Indexes of unreadable lines between the heading and its first field (「服务流程：…」). */
  prelude: number[];
}

/**
 * A heading opens an entry when the next line is the first field label, or when the next label
 * restarts the field order (an item that lacks 服务对象). A wrapped heading has one text line between.
 * A heading separated from its fields by up to three unreadable lines opens an entry too when its
 * marker opens entries elsewhere; those lines are reported.
 */
function findEntryHeadings(lines: Line[]): Map<number, EntryHeading> {
  const found = new Map<number, EntryHeading>();
  const gapped: { i: number; marker: Marker; prelude: number[] }[] = [];
  const wrapped: { i: number; marker: Marker }[] = [];
  let lastOrder = -1;
  const opensEntry = (next: Line | undefined, order: number) =>
    next?.kind === 'label' && (next.label.label === '服务对象' || FIELD_ORDER[next.label.label] <= order);
  lines.forEach((line, i) => {
    if (line.kind === 'label') lastOrder = FIELD_ORDER[line.label.label];
    if (line.kind !== 'heading' || line.heading.marker === 'category') return;
    const next = lines[i + 1];
    if (opensEntry(next, lastOrder)) return void found.set(i, { nameContinuation: null, prelude: [] });
    if (next?.kind === 'text' && !/。$/.test(line.text) && unknownLabel(next.text) === null && opensEntry(lines[i + 2], lastOrder)) {
      return void wrapped.push({ i, marker: line.heading.marker });
    }
    const prelude: number[] = [];
    for (let k = i + 1; k < lines.length && prelude.length <= MAX_PRELUDE; k++) {
      const l = lines[k];
      if (l.kind === 'heading') return;
      if (l.kind === 'label') {
        if (prelude.length > 0 && prelude.length <= MAX_PRELUDE && opensEntry(l, lastOrder)) gapped.push({ i, marker: line.heading.marker, prelude });
        return;
      }
      if (isEndMatter(l.text)) return;
      prelude.push(k);
    }
  });
  const markers = new Set([...found.keys()].map((i) => (lines[i] as HeadingLine).heading.marker));
  // A wrapped or separated heading only in a shape that opens items elsewhere (not a subcategory
  // heading with an unrecognised item heading below it).
  for (const w of wrapped) if (markers.has(w.marker)) found.set(w.i, { nameContinuation: w.i + 1, prelude: [] });
  for (const g of gapped) if (markers.has(g.marker)) found.set(g.i, { nameContinuation: null, prelude: g.prelude });
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

/** Lines taken for end matter; `lines` are replayed into the catalog when items follow them. */
interface EndMatter {
  line: number;
  lines: Line[];
}

class Walker {
  private category: string | null = null;
  private categoryNumber = 0;
  private subcategoryNumber = 0;
  private subcategoryRestart = false;
  private subcategory: string | null = null;
  private parent: Heading | null = null;
  private entry: EntryDraft | null = null;
  private field: OpenField | null = null;
  private ended: EndMatter | null = null;
  private readonly entries: EntryDraft[] = [];
  private readonly warnings: ParseWarning[] = [];
  private readonly headings: StructuralHeading[] = [];
  private catalogStart: number | null = null;

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
      const structural = line.kind === 'heading' && !entryHeading && this.isStructural(i, line.heading);
      if (this.ended && (entryHeading || structural || line.kind === 'label')) this.resume(line);
      if (entryHeading && line.kind === 'heading' && this.isNextSubcategory(line.heading)) {
        // The next subcategory directly above fields: the item heading below it is missing.
        this.structuralHeading(line);
      } else if (entryHeading && line.kind === 'heading') {
        i = this.openEntry(line, entryHeading, i);
      } else if (structural && line.kind === 'heading') {
        this.structuralHeading(line);
      } else if (line.kind === 'label') {
        this.openField(line);
      } else if (this.ended) {
        this.ended.lines.push(line);
      } else if (this.catalogStart !== null && isEndMatter(line.text)) {
        this.ended = { line: line.no, lines: [line] };
      } else if (this.isUnplacedHeading(i)) {
        this.openUnplaced(line);
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
      catalogEnd: this.ended?.line ?? lastLine + 1,
      repairs: this.repairs,
      warnings: this.warnings,
      headings: this.headings,
    };
  }

  /**
   * Items after what was read as end matter: the end matter was not the end. Its lines go back to
   * the field they interrupted (or are reported when no field is open) and the walk goes on.
   */
  private resume(line: Line): void {
    const ended = this.ended!;
    this.ended = null;
    const last = ended.lines[ended.lines.length - 1];
    const range = last.no === ended.line ? `${ended.line}` : `${ended.line}–${last.no}`;
    this.warn(
      ended.line,
      'ITEMS_AFTER_END',
      `第${range}行像是文末（抄送、印发、施行日期），但第${line.no}行又出现服务项目内容，已继续读取，这些行并入上一字段`,
      `Line(s) ${range} look like end matter, but item content follows on line ${line.no}; reading went on and these lines were kept in the field above.`,
      last.no,
    );
    for (const l of ended.lines) this.continuation(l);
  }

  /** The subcategory marker of the layout: 「N.」 above 「（N）」 items, 「（一）」 above 「N.」 items. */
  private isNextSubcategory(heading: Heading): boolean {
    const subMarker: Marker = this.itemMarker === 'dotted' ? 'paren-cn' : 'dotted';
    if (heading.marker !== subMarker || this.catalogStart === null) return false;
    const n = chineseNumber(heading.number);
    // Subcategories lost in conversion leave gaps: any later number counts.
    return n > this.subcategoryNumber || (n === 1 && this.subcategoryRestart);
  }

  /** A category or subcategory heading must lead to another heading; otherwise it is field text. */
  private isStructural(i: number, heading: Heading): boolean {
    // The next category in sequence is a category even when text (not a heading) follows it.
    if (heading.marker === 'category' && this.catalogStart !== null && chineseNumber(heading.number) === this.categoryNumber + 1) return true;
    const next = this.lines[i + 1];
    // A category heading directly above fields: the item heading below it is missing.
    if (heading.marker === 'category' && next?.kind === 'label') return true;
    const insideUnfinishedItem = this.field !== null && this.entry?.fields['牵头负责单位'] === undefined;
    if (next?.kind !== 'heading') {
      // Followed by a line that stands where an item heading stands, in a shape not recognised.
      const after = this.lines[i + 2];
      return (
        heading.marker !== this.itemMarker &&
        !insideUnfinishedItem &&
        next?.kind === 'text' &&
        after?.kind === 'label' &&
        after.label.label === '服务对象' &&
        unknownLabel(next.text) === null
      );
    }
    if (heading.marker === this.itemMarker) {
      // A split item: its sub-items follow directly.
      return this.entryAt.has(i + 1) && next.heading.marker !== this.itemMarker;
    }
    return heading.marker === 'category' || !insideUnfinishedItem || this.entryAt.has(i + 1);
  }

  private structuralHeading(line: HeadingLine): void {
    this.closeEntry();
    this.catalogStart ??= line.no;
    const { heading } = line;
    if (heading.marker === 'category') {
      this.category = heading.text;
      this.categoryNumber = chineseNumber(heading.number);
      this.subcategory = null;
      this.subcategoryRestart = true;
      this.parent = null;
      this.headings.push({ level: 'category', number: heading.number, text: heading.text, line: line.no });
    } else if (heading.marker === this.itemMarker) {
      this.parent = heading;
    } else {
      this.subcategory = heading.text;
      this.subcategoryNumber = chineseNumber(heading.number);
      this.subcategoryRestart = false;
      this.parent = null;
      this.headings.push({ level: 'subcategory', number: heading.number, text: heading.text, line: line.no });
    }
  }

  /** Opens the entry and reports unreadable lines before its fields; returns the last line used. */
  private openEntry(line: HeadingLine, entryHeading: EntryHeading, index: number): number {
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
      // The item above may be the split item whose first sub-item heading is missing: cover it too.
      const previous = this.entries[this.entries.length - 1];
      const from = previous && previous.subItem === null ? previous.startLine : line.no;
      this.warn(
        from,
        'SUB_ITEM_WITHOUT_PARENT',
        `第${line.no}行「${heading.text}」像是分项，但前面没有可拆分的项目，按独立项目读取${from !== line.no ? `（第${from}行起的上一项目可能就是缺了第一个分项标题的拆分项目）` : ''}`,
        `Line ${line.no} 「${heading.text}」 looks like a sub-item but no split item precedes it; read as an item${from !== line.no ? ` (the item from line ${from} may be the split item whose first sub-item heading is missing)` : ''}.`,
        line.no,
      );
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
    for (const k of entryHeading.prelude) {
      const l = this.lines[k];
      const label = unknownLabel(l.text);
      if (label) {
        this.warn(
          l.no,
          'UNKNOWN_LABEL',
          `第${l.no}行「${label}：」不是已知的字段标签（服务对象、服务内容、服务标准、支出责任、牵头负责单位），该行未计入字段`,
          `Line ${l.no}: 「${label}：」 is not a known field label; the line between the heading on line ${line.no} and its fields was not put in any field.`,
        );
      } else {
        this.warn(
          l.no,
          'TEXT_BEFORE_FIELDS',
          `第${l.no}行「${snippet(l.text)}」位于第${line.no}行项目标题与字段之间，未计入字段`,
          `Line ${l.no} 「${snippet(l.text)}」 stands between the item heading on line ${line.no} and its fields; not put in any field.`,
        );
      }
    }
    const { prelude, nameContinuation } = entryHeading;
    return prelude.length > 0 ? prelude[prelude.length - 1] : (nameContinuation ?? index);
  }

  /**
   * A text line directly before the first field label that is not a heading the walker can read:
   * an item heading in an unknown shape. It opens an item of its own (numbered from its
   * neighbours) instead of being glued to the field above.
   */
  private isUnplacedHeading(i: number): boolean {
    const line = this.lines[i];
    const next = this.lines[i + 1];
    if (line.kind === 'label' || next?.kind !== 'label' || this.catalogStart === null) return false;
    if (!this.restartsFields(next.label.label)) return false;
    const text = line.text.trim();
    if (text.length > 60 || /[：:]/.test(text) || /[，,；;、]$/.test(text)) return false;
    // After a field that stops mid-sentence the line is more probably its last words.
    return this.field === null || /[。；;.!！?？）)]$/.test(this.field.draft.text);
  }

  private openUnplaced(line: Line): void {
    this.closeEntry();
    const name = line.text.trim().replace(/[。．.；;]+$/u, '');
    this.warn(
      line.no,
      'UNPLACED_HEADING',
      `第${line.no}行「${snippet(name)}」后面紧接服务对象等字段，但不是可识别的项目标题，按编号不明的项目读取（编号按前后项目推定）`,
      `Line ${line.no} 「${snippet(name)}」 is followed by item fields but is not a heading the parser recognises; read as an item whose number is taken from its neighbours.`,
    );
    this.entry = this.unnamedEntry(line.no, name);
  }

  private unnamedEntry(lineNo: number, name: string): EntryDraft {
    const previous = this.entries[this.entries.length - 1];
    const inSplit = previous?.subItem !== null && previous?.subItem !== undefined && this.parent !== null;
    return {
      category: this.category,
      subcategory: this.subcategory,
      printedNumber: inSplit ? previous.printedNumber : '',
      numberDigits: inSplit ? previous.numberDigits : '',
      subItem: inSplit ? '' : null,
      name,
      parentName: inSplit ? previous.parentName : null,
      fields: {},
      startLine: lineNo,
      endLine: lineNo,
      unnumbered: true,
    };
  }

  /** Whether a label starts a new set of fields: 服务对象, or a label the open item already has. */
  private restartsFields(label: LabelLine['label']): boolean {
    if (!this.entry) return true;
    if (label === '服务对象') return Object.keys(this.entry.fields).length > 0;
    return this.entry.fields[label] !== undefined;
  }

  private openField(line: Extract<Line, { kind: 'label' }>): void {
    if (!this.entry) {
      this.warn(
        line.no,
        'MISSING_HEADING',
        `第${line.no}行「${snippet(line.text)}」前没有项目标题，按无名称、编号按前后推定的项目读取`,
        `Line ${line.no} 「${snippet(line.text)}」 has no item heading above it; read as an item without a name, numbered from its neighbours.`,
      );
      this.entry = this.unnamedEntry(line.no, '');
    } else if (this.restartsFields(line.label.label)) {
      const previous = this.entry;
      this.closeEntry();
      this.warn(
        line.no,
        'MISSING_HEADING',
        `第${line.no}行「${line.label.printedLabel}：」重新开始一组字段，但前面没有项目标题（上一项目「${snippet(previous.name)}」第${previous.startLine}–${previous.endLine}行），按无名称的项目读取`,
        `Line ${line.no}: 「${line.label.printedLabel}：」 starts a new set of fields without an item heading (the item above, 「${snippet(previous.name)}」, runs from line ${previous.startLine} to ${previous.endLine}); read as an item without a name.`,
      );
      this.entry = this.unnamedEntry(line.no, '');
    }
    const entry = this.entry!;
    const { label, printedLabel, value } = line.label;
    const draft: FieldDraft = { text: value, startLine: line.from, endLine: line.no, printedLabel };
    entry.fields[label] = draft;
    this.field = { draft, lastLine: line.text };
    if (printedLabel !== label && line.from === line.no) {
      this.repairs.push({ line: line.from, kind: 'label-variant', before: printedLabel, after: label });
    }
    entry.endLine = line.no;
  }

  private continuation(line: Line): void {
    if (this.field && this.entry) {
      const label = unknownLabel(line.text);
      if (label) {
        this.warn(
          line.no,
          'UNKNOWN_LABEL',
          `第${line.no}行「${label}：」不是已知的字段标签，该行并入上一字段「${this.fieldKey()}」（第${this.field.draft.startLine}行起）`,
          `Line ${line.no}: 「${label}：」 is not a known field label; the line was appended to the field ${this.fieldKey()} that starts on line ${this.field.draft.startLine}.`,
        );
      } else if (line.kind === 'heading' && this.looksLikeNextItem(line.heading)) {
        this.warn(
          line.no,
          'UNPLACED_HEADING',
          `第${line.no}行「${snippet(line.heading.text)}」编号接续上一项目，但后面没有服务对象等字段，已并入上一字段「${this.fieldKey()}」`,
          `Line ${line.no} 「${snippet(line.heading.text)}」 continues the item numbering but no fields follow it; it was kept as text of the field ${this.fieldKey()} above.`,
        );
      }
      appendContinuation(this.field.draft, this.field.lastLine, line, this.repairs, label !== null);
      this.field.lastLine = line.text;
      this.entry.endLine = line.no;
    } else if (this.entry) {
      this.warn(
        line.no,
        'TEXT_BEFORE_FIELDS',
        `第${line.no}行「${snippet(line.text)}」位于项目标题与字段之间，未计入字段`,
        `Line ${line.no} 「${snippet(line.text)}」 stands between an item heading and its fields; not put in any field.`,
      );
    } else if (this.catalogStart !== null && (line.kind === 'heading' || unknownLabel(line.text))) {
      this.warn(
        line.no,
        'UNPLACED_HEADING',
        `第${line.no}行「${snippet(line.text)}」位于目录中，但无法归入任何项目`,
        `Line ${line.no} 「${snippet(line.text)}」 is inside the catalog but belongs to no item.`,
      );
    }
  }

  /** An item-marker heading whose number is the next item's, not a list inside the field. */
  private looksLikeNextItem(heading: Heading): boolean {
    if (heading.marker !== this.itemMarker || !this.entry || this.entry.subItem !== null) return false;
    const current = Number(this.entry.numberDigits);
    const n = Number(heading.number);
    if (!Number.isInteger(current) || n !== current + 1) return false;
    const listed = Object.values(this.entry.fields).some((f) => new RegExp(`[（(]\\s*${n - 1}\\s*[）)]|(^|\\n)${n - 1}\\s*[.．、]`).test(f.text));
    return !listed;
  }

  private fieldKey(): string {
    const entry = this.entry;
    const draft = this.field?.draft;
    return (entry && draft && Object.entries(entry.fields).find(([, f]) => f === draft)?.[0]) ?? '';
  }

  private warn(line: number, code: string, zh: string, en: string, endLine?: number): void {
    this.warnings.push({ line, ...(endLine !== undefined && endLine !== line ? { endLine } : {}), code, message: `${zh}。${en}` });
  }

  private closeEntry(): void {
    if (this.entry) this.entries.push(this.entry);
    this.entry = null;
    this.field = null;
  }
}

export function snippet(text: string): string {
  const t = text.trim();
  return t.length > 24 ? `${t.slice(0, 24)}…` : t;
}
