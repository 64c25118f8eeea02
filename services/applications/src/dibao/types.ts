/**
 * Facts and value types of a 低保 case: the household's members, the 核对 sources, incomes and
 * period, the engine's assets rule and 单人户 application, the standard clause an amount comes from,
 * per-beneficiary amounts and exit reasons, with the lists of allowed values.
 */
import type { SealedPersonalData } from '@benefits/identity';

export type MemberRelation = 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
export const MEMBER_RELATIONS = ['applicant', 'spouse', 'child', 'parent', 'other'] as const;
export type ExtraNeed = 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness';
export const EXTRA_NEEDS = ['elderly', 'minor', 'severeDisability', 'seriousIllness'] as const;

export interface DibaoMember {
  personRef: string;
  relation: MemberRelation;
  birthDate: string;
  extraNeed?: ExtraNeed;
  /** Name and 身份证号 sealed under the person's vault key. */
  personalData: SealedPersonalData;
}

/** Departments whose data the 核对机构 matched (公安, 人社, 住建/不动产, 市场监管, 税务, 公积金, 银行/证券/保险). */
export type CheckSource = 'publicSecurity' | 'humanResources' | 'housing' | 'marketRegulation' | 'tax' | 'housingFund' | 'financial' | 'other';
export const CHECK_SOURCES = ['publicSecurity', 'humanResources', 'housing', 'marketRegulation', 'tax', 'housingFund', 'financial', 'other'] as const;

export type IncomeSource = 'wages' | 'business' | 'property' | 'transfer' | 'other';
export const INCOME_SOURCES = ['wages', 'business', 'property', 'transfer', 'other'] as const;

/** One member's income from one source in one month of the 核对 period, in fen. */
export interface IncomeRecord {
  personRef: string;
  source: IncomeSource;
  /** yyyy-mm */
  month: string;
  amountFen: number;
}

/** The months the check covers (inclusive), yyyy-mm. */
export interface CheckPeriod {
  from: string;
  to: string;
}

/** The engine's assets rule (libs/benefits dibao AssetsRule), passed through as recorded. */
export type AssetsRule =
  | { kind: 'assessed'; ruleId: string; source: { docNo: string; title: string | null }; meets: boolean }
  | {
      kind: 'perCapitaLimit';
      ruleId: string;
      source: { docNo: string; title: string | null };
      sampleData?: boolean;
      limitPerCapita: { fen: number };
      totalAssets: { fen: number };
    };

/** 单人户: a severely disabled adult counted as a one-person household (the engine's SinglePersonApplication). */
export interface SinglePersonApplication {
  personRef: string;
  adult: boolean;
  severeDisability: boolean;
  dependsOnFamily?: boolean;
  noEmployment?: boolean;
  supportedBySiblingsOrElders60?: boolean;
}

/** The standard clause an amount comes from. */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface BeneficiaryAmount {
  beneficiaryRef: string;
  periodKey: string;
  amountFen: number;
}

export type ExitReason = 'incomeAboveStandard' | 'death' | 'migration' | 'voluntary' | 'other';
export const EXIT_REASONS = ['incomeAboveStandard', 'death', 'migration', 'voluntary', 'other'] as const;
