/** The canonical field labels of a service item (国家基本公共服务标准 template). */
export const FIELD_LABELS = ['服务对象', '服务内容', '服务标准', '支出责任', '牵头负责单位'] as const;
export type FieldLabel = (typeof FIELD_LABELS)[number];

export type DivisionLevel = 'province' | 'city' | 'district' | 'county';
export type LayoutKind = 'labelled-blocks' | 'numbered-items' | 'tab-table';
export type DocumentStatus = 'draft' | 'final';

/**
 * A metadata value with where it came from. `inferred` is true when the document does not state the
 * value in so many words; `reason` then says what it was derived from.
 */
export interface Stated<T> {
  value: T;
  inferred: boolean;
  line: number;
  reason?: string;
}

export interface Division {
  name: string;
  level: DivisionLevel | null;
}

export interface DocumentMetadata {
  sourceName: string | null;
  layout: LayoutKind;
  title: Stated<string> | null;
  /** The covering notice (「…关于印发…的通知」) when the standard is issued with one. */
  noticeTitle: Stated<string> | null;
  docNo: Stated<string> | null;
  issuers: Stated<string>[];
  division: Stated<Division> | null;
  version: Stated<string> | null;
  /** ISO dates (yyyy-mm-dd) as printed; no time zone is involved. */
  signedDate: Stated<string> | null;
  printedDate: Stated<string> | null;
  effectiveDate: Stated<string> | null;
  status: Stated<DocumentStatus> | null;
  lineCount: number;
}

export type RepairKind =
  | 'bookmark-tag'
  | 'invisible-chars'
  | 'page-footer'
  | 'page-number'
  | 'page-header'
  | 'table-of-contents'
  | 'hard-wrap'
  | 'tracked-change-number'
  | 'spliced-label'
  | 'label-variant'
  | 'merged-fields'
  | 'merged-row';

/** One change made to the source text; `before` is verbatim, `after` is what the catalog uses. */
export interface Repair {
  line: number;
  kind: RepairKind;
  before: string;
  after: string;
}

/**
 * Something the parser kept but could not read with certainty, or could not place. `code` is a
 * stable UPPER_SNAKE code (docs/standards/parser.md lists them); `message` names the lines, in
 * Chinese and English. `endLine` is set when the warning covers more than one line.
 */
export interface ParseWarning {
  line: number;
  endLine?: number;
  code: string;
  message: string;
}

export interface FieldSource {
  startLine: number;
  endLine: number;
  /** The label or column header as printed, when it differs from the key. */
  printedLabel: string;
}

export interface ParsedItem {
  category: string | null;
  subcategory: string | null;
  /** Exactly as printed: 「（6158）」, 「(63)」, 「53.」, 「50」. */
  printedNumber: string;
  /** Display number: the sequence, plus the sub-item when the item is split (「53(1)」). */
  number: string;
  sequence: number;
  /** The struck-out number when the printed one merges an old and a new number (tracked changes). */
  supersededSequence: number | null;
  subItem: string | null;
  name: string;
  /** The split item's own name, for sub-items. */
  parentName: string | null;
  /** Field text keyed by label: the five canonical labels plus any extra table column, as printed. */
  fields: Record<string, string>;
  fieldLines: Record<string, FieldSource>;
  startLine: number;
  endLine: number;
  contentHash: string;
}

export interface ParsedDocument {
  document: DocumentMetadata;
  items: ParsedItem[];
  repairs: Repair[];
  warnings: ParseWarning[];
}

/** A source line after noise removal; `no` is the 1-based line number in the original text. */
export interface SourceLine {
  no: number;
  text: string;
}
