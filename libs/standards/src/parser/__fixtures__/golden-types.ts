/**
 * Shapes of the hand-written golden expectations. Every value was read off the raw seed text with
 * its 1-based line number (as printed by `grep -n` / `sed -n`), independently of the parser.
 */
export interface GoldenField {
  text: string;
  startLine: number;
  endLine: number;
}

export interface GoldenItem {
  printedNumber: string;
  sequence: number;
  subItem: string | null;
  name: string;
  category: string | null;
  subcategory: string | null;
  startLine: number;
  endLine: number;
  /** Exactly these labels, no more: a missing or extra field is a regression. */
  fields: Record<string, GoldenField>;
}

export interface GoldenStated {
  value: string;
  inferred: boolean;
  line: number;
}

export interface GoldenDocument {
  file: string;
  layout: 'labelled-blocks' | 'numbered-items' | 'tab-table';
  /** Entries carrying fields (a split item counts once per sub-item). */
  entryCount: number;
  /** Distinct item sequence numbers (a split item counts once). */
  itemCount: number;
  metadata: {
    title: GoldenStated | null;
    docNo: GoldenStated | null;
    issuers: { first: GoldenStated; last: GoldenStated; count: number } | null;
    division: { name: string; level: string; inferred: boolean; line: number } | null;
    version: GoldenStated | null;
    signedDate: GoldenStated | null;
    effectiveDate: GoldenStated | null;
    status: GoldenStated | null;
  };
  items: GoldenItem[];
}
