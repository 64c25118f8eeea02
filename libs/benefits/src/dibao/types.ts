import type { MoneyJson } from '@benefits/kernel';

/**
 * The assets test (「符合当地最低生活保障家庭财产状况规定」) as a named, configurable rule: the rule
 * itself lives in external regulations, so the request names it and its source document and gives
 * either the assessed outcome or a per-capita limit to compare with.
 */
export type AssetsRule =
  | { kind: 'assessed'; ruleId: string; source: { docNo: string; title: string | null }; meets: boolean }
  | { kind: 'perCapitaLimit'; ruleId: string; source: { docNo: string; title: string | null }; sampleData?: boolean; limitPerCapita: MoneyJson; totalAssets: MoneyJson };

export interface DibaoMember {
  personId: string;
  /** Monthly income counted for the 低保 test, in fen. */
  monthlyIncome: MoneyJson;
  /** Groups the standards name for 「采取必要措施」 (no amount is defined for them). */
  extraNeed?: 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness';
}

/** A severely disabled adult applying to be counted as a one-person household (单人户 / 万州 分户). */
export interface SinglePersonApplication {
  personId: string;
  adult: boolean;
  /** 重度 (grade 1–2) or 三、四级精神、智力残疾. */
  severeDisability: boolean;
  /** 靠家庭供养 (Zhejiang). */
  dependsOnFamily?: boolean;
  /** 无业 / 丧失劳动能力 (北京, 万州). */
  noEmployment?: boolean;
  /** 北京: supported by siblings or by elders aged 60 or over. */
  supportedBySiblingsOrElders60?: boolean;
}

export interface DibaoFacts {
  /** The benefit month, yyyy-mm. */
  benefitMonth: string;
  members: DibaoMember[];
  assets?: AssetsRule;
  singlePerson?: SinglePersonApplication;
  /** 审核确认 date: payment starts the month after (dibao.gap). */
  approvedOn?: string;
}
