/** The benefits this product computes, by their stable ids. */
export const BENEFITS = ['dibao', 'linshi', 'tefu'] as const;
export type BenefitId = (typeof BENEFITS)[number];

export const BENEFIT_NAMES_ZH: Readonly<Record<BenefitId, string>> = {
  dibao: '最低生活保障',
  linshi: '临时救助',
  tefu: '计划生育家庭特别扶助',
};

export function isBenefitId(value: unknown): value is BenefitId {
  return typeof value === 'string' && (BENEFITS as readonly string[]).includes(value);
}

/**
 * Which catalogued items define a benefit, by item name. Names are stable across editions and
 * jurisdictions where numbers are not (嘉兴 (63) is 北京 62. and 瓯海 （6158）). 低保 includes the
 * 单人户 item for severely disabled adults (「重度残疾人最低生活保障」), which sets 低保 rules; 特扶
 * matches 北京's split item through its sub-items' parent name.
 */
const ITEM_NAME: Readonly<Record<BenefitId, RegExp>> = {
  dibao: /最低生活保障$/,
  linshi: /^临时救助$/,
  tefu: /计划生育家庭特别扶助$/,
};

export function itemDefinesBenefit(item: { name: string; parentName: string | null }, benefit: BenefitId): boolean {
  const pattern = ITEM_NAME[benefit];
  const plain = (s: string) => s.replace(/\s+/g, '');
  return pattern.test(plain(item.name)) || (item.parentName !== null && pattern.test(plain(item.parentName)));
}
