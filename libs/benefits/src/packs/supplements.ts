import type { PackParameter, RulePack } from '@benefits/standards';
import { dibaoBeijing, dibaoJiaxing, dibaoOuhai, dibaoWanzhou, tefuBeijing } from '@benefits/standards';

/**
 * Citations the engines need beyond the shipped packs: for 低保 the income and assets clauses, the
 * 单人户 items for severely disabled adults and the 「必要措施」 sentence on groups with extra needs;
 * for 北京 特扶 the 「1933年1月1日以后出生」 condition. They are ordinary pack parameters (kind
 * `text`), loaded and quote-checked by `loadRulePack` like any other, and belong in the standards
 * rule packs; until they move there, `withSupplements` appends them.
 */
const text = (
  key: string,
  descriptionZh: string,
  value: string,
  itemNo: string,
  line: number,
  quote: string,
  field = '服务内容',
): PackParameter => ({ key, descriptionZh, value: { kind: 'text', value }, citation: { itemNo, field, quote, line } });

const EXTRA = '对获得最低生活保障金后生活仍有困难的老年人、未成年人、重度残疾人和重病患者，采取必要措施给予生活保障';
const SINGLE = '符合条件的对象，经个人申请，可按照单人户纳入最低生活保障范围';

const INCOME = '共同生活的家庭成员人均收入低于当地最低生活保障标准';
const ASSETS = '且符合当地最低生活保障家庭财产状况规定的家庭';

export const PACK_SUPPLEMENTS: Readonly<Record<string, PackParameter[]>> = {
  [tefuBeijing.id]: [
    text('tefu.death.bornOnOrAfter', '出生日期条件', '1933年1月1日以后出生', '53(1)', 329, '北京市户籍、1933年1月1日以后出生', '服务对象'),
    text('tefu.disability.bornOnOrAfter', '出生日期条件', '1933年1月1日以后出生', '53(2)', 335, '北京市户籍、1933年1月1日以后出生', '服务对象'),
  ],
  [dibaoJiaxing.id]: [
    text('dibao.incomeTest', '收入条件', '人均收入低于当地最低生活保障标准', '63', 1001, INCOME, '服务对象'),
    text('dibao.assetsTest', '家庭财产条件', '符合当地最低生活保障家庭财产状况规定', '63', 1001, ASSETS, '服务对象'),
    text('dibao.extraSupport', '生活仍有困难的老年人、未成年人、重度残疾人和重病患者：采取必要措施', '采取必要措施给予生活保障', '63', 1005, EXTRA),
    text('dibao.singlePerson.eligibility', '单人户：靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '70', 1093, '靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '服务对象'),
    text('dibao.singlePerson', '单人户纳入低保', '经个人申请，可按照单人户纳入最低生活保障范围', '70', 1095, SINGLE),
  ],
  [dibaoOuhai.id]: [
    text('dibao.incomeTest', '收入条件', '人均收入低于当地最低生活保障标准', '58', 375, INCOME, '服务对象'),
    text('dibao.assetsTest', '家庭财产条件', '符合当地最低生活保障家庭财产状况规定', '58', 375, ASSETS, '服务对象'),
    text('dibao.extraSupport', '生活仍有困难的老年人、未成年人、重度残疾人和重病患者：采取必要措施', '采取必要措施给予生活保障', '58', 376, EXTRA),
    text('dibao.singlePerson.eligibility', '单人户：靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '65', 418, '靠家庭供养的成年重度和成年三、四级精神、智力残疾人', '服务对象'),
    text('dibao.singlePerson', '单人户纳入低保', '经个人申请，可按照单人户纳入最低生活保障范围', '65', 419, SINGLE),
  ],
  [dibaoBeijing.id]: [
    text('dibao.assetsTest', '家庭财产条件', '符合本市城乡低保家庭财产状况规定', '62', 397, '且符合本市城乡低保家庭财产状况规定的', '服务对象'),
    text('dibao.extraSupport', '生活仍有困难的老年人、未成年人、重度残疾人和重病患者：采取必要措施', '采取必要措施给予生活保障', '62', 398, EXTRA),
    text(
      'dibao.singlePerson.eligibility',
      '单人户：依靠兄弟姐妹或60周岁及以上老人扶养的成年无业重度残疾人',
      '依靠兄弟姐妹或60周岁及以上的老人扶养或抚养的成年无业重度残疾人',
      '70',
      452,
      '依靠兄弟姐妹或60周岁及以上的老人扶养或抚养的成年无业重度残疾人',
      '服务对象',
    ),
    text('dibao.singlePerson', '单人户纳入低保', '经个人申请，可按照单人户纳入最低生活保障范围', '70', 453, '符合条件的残疾人，经个人申请，可按照单人户纳入最低生活保障范围'),
  ],
  [dibaoWanzhou.id]: [
    text('dibao.incomeTest', '收入条件', '家庭成员人均收入低于当地最低生活保障标准', '50', 438, '家庭成员人均收入低于当地最低生活保障标准', '服务对象'),
    text('dibao.assetsTest', '家庭财产条件', '符合当地最低生活保障家庭财产状况规定', '50', 438, '且符合当地最低生活保障家庭财产状况规定的家庭', '服务对象'),
    text('dibao.splitHousehold', '无业重度残疾人分户计算', '可以与其共同生活的父母、兄弟姐妹分户计算，纳入最低生活保障范围', '79', 699, '可以与其共同生活的父母、兄弟姐妹分户计算，纳入最低生活保障范围', '服务标准'),
  ],
};

export function withSupplements(pack: RulePack): RulePack {
  const extra = PACK_SUPPLEMENTS[pack.id];
  return extra ? { ...pack, parameters: [...pack.parameters, ...extra] } : pack;
}
