import { LocalDate } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';

/**
 * Household and person facts, effective-dated, with corrections that supersede and never
 * overwrite. A fact record says what holds for a subject (a member's personRef, or the household)
 * from a date on; a later record of the same fact (same subject, kind and key) takes over from its
 * own date; a correction names the record it supersedes, which then no longer counts — but both
 * stay in the history. Pure functions: the case decider folds the records, the case view shows them.
 */

/** The subject of a household-level fact. */
export const HOUSEHOLD = 'household';

/** Documents that support a fact or a step (the document itself lives in the evidence store). */
export const EVIDENCE_KINDS = [
  'deathCertificate',
  'disabilityCertificate',
  'birthCertificate',
  'adoptionCertificate',
  'hukouBook',
  'marriageCertificate',
  'recoveryAssessment',
  'careNeedsAssessment',
  'subsidyDecision',
  'incomeStatement',
  'assetStatement',
  'bankCard',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface EvidenceItem {
  kind: EvidenceKind;
  /** A reference into the evidence store; never personal data. */
  reference: string;
}

export const INCOME_SOURCES = ['wage', 'pension', 'business', 'agriculture', 'propertyIncome', 'transfer', 'other'] as const;
export const ASSET_KINDS = ['deposit', 'realEstate', 'vehicle', 'securities', 'businessAssets', 'other'] as const;
export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export const CARD_TYPES = ['socialSecurityCard', 'bankCard'] as const;

/** What a record says. Money in integer fen; months `YYYY-MM`. */
export type Fact =
  /** Receives 政府养老服务补贴 (a status granted by another programme). */
  | { kind: 'elderlyCareSubsidy'; receiving: boolean }
  /** 失能、失智等生活不能自理 (assessed). */
  | { kind: 'disabledOrDemented'; value: boolean }
  /** The member died; the record's effectiveFrom is the date of death. */
  | { kind: 'death' }
  /** 残疾人证: grade 1 (most severe) to 4 and category. */
  | { kind: 'disabilityCertificate'; grade: 1 | 2 | 3 | 4; category: (typeof DISABILITY_CATEGORIES)[number] }
  /** 户籍: the GB/T 2260 county-level division of the registration. */
  | { kind: 'hukou'; divisionCode: string }
  /** Income of one month from one source. */
  | { kind: 'income'; source: (typeof INCOME_SOURCES)[number]; month: string; amountFen: number }
  /** An asset of the household (or a member), valued in fen. */
  | { kind: 'asset'; assetKind: (typeof ASSET_KINDS)[number]; label: string; valueFen: number }
  /** The only child's 伤残 grade (1–4) for a 伤残 family. */
  | { kind: 'childDisability'; grade: 1 | 2 | 3 | 4 }
  /** 惠民惠农 一卡通: the account payments go to; the account number is sealed by the vault. */
  | { kind: 'subsidyCard'; cardType: (typeof CARD_TYPES)[number]; bankCode: string; account: SealedPersonalData };

export type FactKind = Fact['kind'];
export const FACT_KINDS: readonly FactKind[] = [
  'elderlyCareSubsidy',
  'disabledOrDemented',
  'death',
  'disabilityCertificate',
  'hukou',
  'income',
  'asset',
  'childDisability',
  'subsidyCard',
];

/** Which subjects a fact kind may be about. */
export const MEMBER_FACTS: ReadonlySet<FactKind> = new Set(['elderlyCareSubsidy', 'disabledOrDemented', 'death', 'disabilityCertificate', 'hukou', 'income', 'subsidyCard']);
export const HOUSEHOLD_FACTS: ReadonlySet<FactKind> = new Set(['hukou', 'asset', 'childDisability']);

export interface FactRecord {
  factId: string;
  /** A member's personRef, or `household`. */
  subject: string;
  fact: Fact;
  /** yyyy-mm-dd: the fact holds from this date. */
  effectiveFrom: string;
  /** The record this one corrects, or null. */
  supersedes: string | null;
  evidence: EvidenceItem[];
}

/**
 * Which records are alternatives of one another: a later one replaces an earlier one from its date.
 * Incomes are kept per source and month, assets per kind and label; other kinds once per subject.
 */
export function factKey(record: Pick<FactRecord, 'subject' | 'fact'>): string {
  const { subject, fact } = record;
  switch (fact.kind) {
    case 'income':
      return `${subject}|income|${fact.source}|${fact.month}`;
    case 'asset':
      return `${subject}|asset|${fact.assetKind}|${fact.label}`;
    default:
      return `${subject}|${fact.kind}`;
  }
}

/** Records not superseded by a later correction, in the order recorded. */
export function standingRecords(records: readonly FactRecord[]): FactRecord[] {
  const superseded = new Set(records.map((r) => r.supersedes).filter((id): id is string => id !== null));
  return records.filter((r) => !superseded.has(r.factId));
}

/**
 * The facts as effective on `date`: per key, the standing record with the latest effectiveFrom on or
 * before the date (of two with the same date, the one recorded later).
 */
export function factsOn(records: readonly FactRecord[], date: string): FactRecord[] {
  const on = LocalDate.parse(date);
  const byKey = new Map<string, FactRecord>();
  for (const record of standingRecords(records)) {
    if (LocalDate.parse(record.effectiveFrom).isAfter(on)) continue;
    const key = factKey(record);
    const held = byKey.get(key);
    if (!held || record.effectiveFrom >= held.effectiveFrom) byKey.set(key, record);
  }
  return [...byKey.values()];
}

/** The fact of `kind` about `subject` in effect on `date`, or null. */
export function factOn<K extends FactKind>(records: readonly FactRecord[], subject: string, kind: K, date: string): Extract<Fact, { kind: K }> | null {
  const found = factsOn(records, date).find((r) => r.subject === subject && r.fact.kind === kind);
  return (found?.fact as Extract<Fact, { kind: K }> | undefined) ?? null;
}

/** The date of death of a member, if a standing death record exists (whatever its date). */
export function deathDateOf(records: readonly FactRecord[], personRef: string): string | null {
  const deaths = standingRecords(records).filter((r) => r.subject === personRef && r.fact.kind === 'death');
  return deaths.at(-1)?.effectiveFrom ?? null;
}
