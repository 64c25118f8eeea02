import type { BenefitId } from '../benefits';
import type { ReadingId } from './readings';

/** Where a parameter's value is printed: a catalogued item of one standard version, and the words. */
export interface Citation {
  itemNo: string;
  /** The field label (服务对象, 服务标准…) whose text contains the quote. */
  field: string;
  /** Verbatim from the item's text; matched after normaliseForQuote (whitespace, full/half-width). */
  quote: string;
  /** Line in the source document, for people. */
  line: number;
}

export type PackValue =
  | { kind: 'money'; fen: number; per: 'person-month' | 'person-year' }
  /** A rate in integer basis points (4000 = 40%). */
  | { kind: 'rate'; bp: number }
  | { kind: 'fraction'; num: number; den: number }
  /** A multiple of another quantity, e.g. 3 × 低保标准. */
  | { kind: 'multiple'; times: number; of: string }
  | { kind: 'count'; value: number; unit: 'years' | 'months' }
  /** A rule the text states in words only (who sets the amount, how it is paid). */
  | { kind: 'text'; value: string };

export interface PackParameter {
  key: string;
  descriptionZh: string;
  value: PackValue;
  citation: Citation;
  /**
   * How the value is printed inside the quote, when it is not the plain number (「3万元」 for 30,000
   * 元). Loading checks that it occurs in the quote, so a value cannot drift from its citation.
   */
  printedAs?: string;
  /** A benefit floor: a lower level may raise it but not set it lower (不低于). */
  floor?: boolean;
}

export interface RulePack {
  id: string;
  benefit: BenefitId;
  jurisdiction: { nameZh: string; divisionCode: string };
  standard: { standardId: string; versionId: string };
  parameters: PackParameter[];
  /** The named readings this pack applies where its standard is silent or ambiguous. */
  readings: ReadingId[];
  note?: string;
}
