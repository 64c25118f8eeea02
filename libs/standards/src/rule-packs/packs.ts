import type { PackParameter, PackValue, RulePack } from './types';

/**
 * Rule packs for the shipped standards (benefits.md §3.1, §3.3). Every value is what the cited item
 * prints; the quotes are verbatim from the catalogued text and are checked when a pack is loaded.
 * Nothing here is a 低保标准, minimum wage or statistic: those are parameter series.
 */

const yuanPerMonth = (yuan: number): PackValue => ({ kind: 'money', fen: yuan * 100, per: 'person-month' });
const yuan = (amount: number): PackValue => ({ kind: 'money', fen: amount * 100, per: 'person-year' });
const percent = (p: number): PackValue => ({ kind: 'rate', bp: p * 100 });
const years = (value: number): PackValue => ({ kind: 'count', value, unit: 'years' });
const months = (value: number): PackValue => ({ kind: 'count', value, unit: 'months' });
const text = (value: string): PackValue => ({ kind: 'text', value });

function p(
  key: string,
  descriptionZh: string,
  value: PackValue,
  itemNo: string,
  line: number,
  quote: string,
  extra: Pick<PackParameter, 'printedAs' | 'floor'> & { field?: string } = {},
): PackParameter {
  const { field = '服务标准', ...rest } = extra;
  return { key, descriptionZh, value, citation: { itemNo, field, quote, line }, ...rest };
}

/** Versions of the shipped documents, by content hash (see the catalog's versionIdFor). */
export const SEED_VERSIONS = {
  ouhai: { standardId: 'bps-330304', versionId: 'f2a138f407bc7725' },
  jiaxing: { standardId: 'bps-330400', versionId: '2c8fa3c496992144' },
  beijing: { standardId: 'bps-110000', versionId: '35849b472997662e' },
  wanzhou: { standardId: 'bps-500101', versionId: '7726b275df2341c7' },
} as const;

const JIAXING = { nameZh: '嘉兴市', divisionCode: '330400' };
const OUHAI = { nameZh: '温州市瓯海区', divisionCode: '330304' };
const BEIJING = { nameZh: '北京市', divisionCode: '110000' };
const WANZHOU = { nameZh: '重庆市万州区', divisionCode: '500101' };

const COMPLICATIONS_ZJ = '计划生育手术并发症一级、二级、三级人员每人每月扶助金分别为820元、590元、360元';

export const tefuJiaxing: RulePack = {
  id: 'tefu-330400-2023',
  benefit: 'tefu',
  jurisdiction: JIAXING,
  standard: SEED_VERSIONS.jiaxing,
  parameters: [
    p('tefu.death.amount', '独生子女死亡家庭特别扶助金', yuanPerMonth(1000), '52', 851, '女方年满49周岁的独生子女死亡家庭夫妻的特别扶助金标准为每人每月1000元', { floor: true }),
    p('tefu.disability.amount', '独生子女伤残家庭特别扶助金（未满60周岁，或年满60周岁且已享受政府养老服务补贴）', yuanPerMonth(850), '52', 851, '或年满60周岁且已享受政府养老服务补贴的伤残家庭男方或女方，特扶金标准为每人每月850元', { floor: true }),
    p('tefu.disability.raisedAmount', '独生子女伤残家庭特别扶助金（未满60周岁但失能、失智，或年满60周岁且未享受政府养老服务补贴）', yuanPerMonth(1000), '52', 853, '年满 60 周岁且未享受政府养老服务补贴的伤残家庭男方或女方，特扶金标准为每人每月 1000 元', { floor: true }),
    p('tefu.complication.grade1', '计划生育手术并发症一级', yuanPerMonth(820), '52', 853, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.complication.grade2', '计划生育手术并发症二级', yuanPerMonth(590), '52', 853, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.complication.grade3', '计划生育手术并发症三级', yuanPerMonth(360), '52', 853, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.wife.minAge', '女方年龄条件', years(49), '52', 851, '女方年满49周岁的独生子女伤残家庭夫妻'),
    p('tefu.ageSwitch', '按60周岁区分扶助金档次', years(60), '52', 851, '未满60周岁的，或年满60周岁且已享受政府养老服务补贴的伤残家庭男方或女方'),
  ],
  readings: ['boundary.inclusive', 'tefu.wifeAge.household', 'tefu.singleParent', 'tefu.grades', 'tefu.switchOrder', 'tefu.jiaxingDeath', 'tefu.paymentStart', 'rounding'],
};

export const tefuOuhai: RulePack = {
  id: 'tefu-330304-undated',
  benefit: 'tefu',
  jurisdiction: OUHAI,
  standard: SEED_VERSIONS.ouhai,
  parameters: [
    p('tefu.amount', '特别扶助金（未满60周岁，或年满60周岁且已享受政府养老服务补贴；死亡、伤残家庭同一标准）', yuanPerMonth(800), '47', 309, '未满60周岁的，或年满60周岁且已享受政府养老服务补贴的男方或女方，扶助金每人每月800元', { floor: true }),
    p('tefu.raisedAmount', '特别扶助金（未满60周岁但失能、失智，或年满60周岁且未享受政府养老服务补贴）', yuanPerMonth(1000), '47', 309, '或年满60周岁且未享受政府养老服务补贴的扶助对象，扶助金每人每月1000元', { floor: true }),
    p('tefu.complication.grade1', '计划生育手术并发症一级', yuanPerMonth(820), '47', 309, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.complication.grade2', '计划生育手术并发症二级', yuanPerMonth(590), '47', 309, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.complication.grade3', '计划生育手术并发症三级', yuanPerMonth(360), '47', 309, COMPLICATIONS_ZJ, { floor: true }),
    p('tefu.ageSwitch', '按60周岁区分扶助金档次', years(60), '47', 309, '未满60周岁的，或年满60周岁且已享受政府养老服务补贴的男方或女方'),
  ],
  readings: ['boundary.inclusive', 'tefu.wifeAge.national', 'tefu.singleParent', 'tefu.grades', 'tefu.switchOrder', 'tefu.paymentStart', 'rounding'],
  note: '瓯海 text carries tracked-change artefacts (benefits.md §2.0): confirm the amounts against the published text before activating.',
};

export const tefuBeijing: RulePack = {
  id: 'tefu-110000-2023-draft',
  benefit: 'tefu',
  jurisdiction: BEIJING,
  standard: SEED_VERSIONS.beijing,
  parameters: [
    p('tefu.death.amount', '独生子女死亡家庭特别扶助金（按年计算，每年发放1次）', yuanPerMonth(900), '53(1)', 331, '每人每月900元，按年计算，自符合条件的下一年度起，以个人为单位每年发放1次', { floor: true }),
    p('tefu.disability.amount', '独生子女伤残家庭特别扶助金（按年计算，每年发放1次）', yuanPerMonth(740), '53(2)', 337, '每人每月740元，按年计算，自符合条件的下一年度起，以个人为单位每年发放1次', { floor: true }),
    p('tefu.complication.grade1', '计划生育三级以上手术并发症（外省已鉴定、户籍转入本市）一级', yuanPerMonth(520), '53(3)', 343, '按照一级、二级、三级标准，每人每月分别为520元、390元、260元', { floor: true }),
    p('tefu.complication.grade2', '同上，二级', yuanPerMonth(390), '53(3)', 343, '按照一级、二级、三级标准，每人每月分别为520元、390元、260元', { floor: true }),
    p('tefu.complication.grade3', '同上，三级', yuanPerMonth(260), '53(3)', 343, '按照一级、二级、三级标准，每人每月分别为520元、390元、260元', { floor: true }),
    p('tefu.wife.minAge', '女方年龄条件（单亲家庭男方或女方）', years(49), '53(1)', 329, '女方年满49周岁（离婚或丧偶的单亲家庭，男方或女方须年满49周岁）', { field: '服务对象' }),
    p('tefu.paymentStart', '发放起始', text('自符合条件的下一年度起'), '53(1)', 331, '自符合条件的下一年度起，以个人为单位每年发放1次'),
  ],
  readings: ['boundary.inclusive', 'tefu.wifeAge.household', 'tefu.singleParent', 'tefu.grades', 'tefu.paymentStart', 'rounding'],
  note: '征求意见稿 (consultation draft): usable only through an activation.',
};

export const dibaoJiaxing: RulePack = {
  id: 'dibao-330400-2023',
  benefit: 'dibao',
  jurisdiction: JIAXING,
  standard: SEED_VERSIONS.jiaxing,
  parameters: [
    p('dibao.standard.maxRatioToUrbanConsumption', '低保标准上限：上年度全市城镇居民人均生活消费支出的比例', percent(35), '63', 1007, '现行标准按不高于上年度全市城镇居民人均生活消费支出的35%确定'),
    p('dibao.standard.growthFloor', '低保标准年增幅下限', text('年增幅不低于人均可支配收入增幅'), '63', 1007, '且年增幅不低于人均可支配收入增幅'),
    p('dibao.standard.setBy', '低保标准制定主体', text('由市人民政府规定'), '63', 1007, '低保对象救助的具体事项、标准，由市人民政府规定'),
  ],
  readings: ['boundary.below', 'dibao.gap', 'rounding'],
};

export const dibaoOuhai: RulePack = {
  id: 'dibao-330304-undated',
  benefit: 'dibao',
  jurisdiction: OUHAI,
  standard: SEED_VERSIONS.ouhai,
  parameters: [
    p('dibao.standard.minRatioToConsumption', '低保标准下限：上年度全市居民人均消费支出的比例', percent(25), '58', 377, '低保标准按上年度全市居民人均消费支出的25%—35%确定'),
    p('dibao.standard.maxRatioToConsumption', '低保标准上限：上年度全市居民人均消费支出的比例', percent(35), '58', 377, '低保标准按上年度全市居民人均消费支出的25%—35%确定'),
    p('dibao.standard.maxRatioToMinimumWage', '低保标准不得高于月最低工资标准的比例', { kind: 'fraction', num: 2, den: 3 }, '58', 377, '且不得高于当地执行的月最低工资标准的2/3'),
    p('dibao.standard.localExecutionRatio', '全区执行公布低保标准的比例', percent(100), '58', 377, '全区按公布低保标准的100%确定执行'),
  ],
  readings: ['boundary.below', 'dibao.gap', 'rounding'],
};

export const dibaoBeijing: RulePack = {
  id: 'dibao-110000-2023-draft',
  benefit: 'dibao',
  jurisdiction: BEIJING,
  standard: SEED_VERSIONS.beijing,
  parameters: [
    p('dibao.paymentFrequency', '低保金发放周期', text('按月发放低保金'), '62', 399, '本市实施城乡统一的最低生活保障标准，按月发放低保金'),
    p('dibao.incomeTest', '收入条件', text('月人均收入低于本市当年城乡低保标准'), '62', 397, '共同生活的家庭成员月人均收入低于本市当年城乡低保标准', { field: '服务对象' }),
  ],
  readings: ['boundary.below', 'dibao.gap', 'rounding'],
  note: '征求意见稿 (consultation draft): usable only through an activation.',
};

export const dibaoWanzhou: RulePack = {
  id: 'dibao-500101-2018',
  benefit: 'dibao',
  jurisdiction: WANZHOU,
  standard: SEED_VERSIONS.wanzhou,
  parameters: [
    p('dibao.paymentRule', '低保金按差额按月发给', text('按月发给最低生活保障金'), '50', 439, '按照共同生活的家庭成员人均收入低于当地最低生活保障标准的差额，按月发给最低生活保障金'),
    p('dibao.disabledSplitHousehold.maxIncomeMultipleOfB', '无业重度残疾人分户计算：家庭月人均收入上限（低保标准的倍数）', { kind: 'multiple', times: 3, of: 'dibao.standard' }, '79', 698, '家庭月人均收入在当地最低生活保障标准3倍以内', { field: '服务对象' }),
  ],
  readings: ['boundary.below', 'boundary.inclusive', 'dibao.gap', 'rounding'],
  note: 'The document states no effective date (a “十三五” task list): usable only through an activation.',
};

const LINSHI_BJ_G1 = '支出型临时救助中低保、低收入家庭、特困人员生活必需支出在2000元（含）到3万元（含）的，按照生活必需支出费用的40%给予救助';
const LINSHI_BJ_G2 = '其它救助对象生活必需支出在5000元（含）到3万元（含）的，按照生活必需支出费用的30%给予救助';

export const linshiBeijing: RulePack = {
  id: 'linshi-110000-2023-draft',
  benefit: 'linshi',
  jurisdiction: BEIJING,
  standard: SEED_VERSIONS.beijing,
  parameters: [
    p('linshi.jinan.maxMonthsOfB', '急难型：每人不超过几个月当年本市低保标准', months(3), '65', 424, '急难型临时救助金额按照每人不超过3个月当年本市低保标准确定'),
    p('linshi.zhichu.g1.floor', '支出型（低保、低收入家庭、特困人员）：生活必需支出起点（含）', yuan(2000), '65', 424, LINSHI_BJ_G1),
    p('linshi.zhichu.g1.bandTop', '支出型（低保、低收入家庭、特困人员）：第一档上限（含）', yuan(30000), '65', 424, LINSHI_BJ_G1, { printedAs: '3万元' }),
    p('linshi.zhichu.g1.rate', '支出型（低保、低收入家庭、特困人员）：救助比例', percent(40), '65', 424, LINSHI_BJ_G1),
    p('linshi.zhichu.g1.rateAboveBand', '支出型（低保、低收入家庭、特困人员）：3万元以上部分比例', percent(50), '65', 424, '3万元以上部分按照50%给予救助'),
    p('linshi.zhichu.g2.floor', '支出型（其它救助对象）：生活必需支出起点（含）', yuan(5000), '65', 424, LINSHI_BJ_G2),
    p('linshi.zhichu.g2.bandTop', '支出型（其它救助对象）：第一档上限（含）', yuan(30000), '65', 424, LINSHI_BJ_G2, { printedAs: '3万元' }),
    p('linshi.zhichu.g2.rate', '支出型（其它救助对象）：救助比例', percent(30), '65', 424, LINSHI_BJ_G2),
    p('linshi.zhichu.g2.rateAboveBand', '支出型（其它救助对象）：3万元以上部分比例', percent(40), '65', 424, '3万元以上部分按照40%给予救助'),
    p('linshi.zhichu.g2.severeDisabilityUplift', '有重度残疾人的家庭，救助比例可增加', percent(10), '65', 424, '有重度残疾人的家庭，救助比例可增加10%'),
    p('linshi.zhichu.maxMonthsOfB', '支出型：救助金额不超过几个月当年本市低保标准', months(24), '65', 424, '救助金额不超过24个月当年本市低保标准'),
  ],
  readings: ['boundary.inclusive', 'linshi.zhichu.marginal', 'linshi.zhichu.floor', 'linshi.zhichu.uplift', 'linshi.cap.basis', 'linshi.jinan.perPerson', 'rounding'],
  note: '征求意见稿 (consultation draft): usable only through an activation.',
};

export const linshiJiaxing: RulePack = {
  id: 'linshi-330400-2023',
  benefit: 'linshi',
  jurisdiction: JIAXING,
  standard: SEED_VERSIONS.jiaxing,
  parameters: [
    p('linshi.standard.setBy', '临时救助具体事项、标准的制定主体', text('由县级以上地方人民政府确定、公布'), '66', 1043, '临时救助的具体事项、标准，由县级以上地方人民政府确定、公布'),
  ],
  readings: ['rounding'],
  note: 'The standard delegates 临时救助 amounts to 《浙江省临时救助办法》 and county rules; no amount is defined here.',
};

export const linshiOuhai: RulePack = {
  id: 'linshi-330304-undated',
  benefit: 'linshi',
  jurisdiction: OUHAI,
  standard: SEED_VERSIONS.ouhai,
  parameters: [
    p('linshi.standard.setBy', '临时救助具体事项、标准的制定主体', text('由县级以上人民政府确定、公布'), '61', 395, '临时救助的具体事项、标准，由县级以上人民政府确定、公布'),
  ],
  readings: ['rounding'],
  note: 'The standard delegates 临时救助 amounts to 《温州市临时救助办法》 and 《温州市区临时救助实施细则》; no amount is defined here.',
};

/** 万州 defines no 特扶 amount (「给予适当扶助」, 004 L420) and no 临时救助 amount (L482): no pack. */
export const RULE_PACKS: readonly RulePack[] = [
  tefuJiaxing,
  tefuOuhai,
  tefuBeijing,
  dibaoJiaxing,
  dibaoOuhai,
  dibaoBeijing,
  dibaoWanzhou,
  linshiBeijing,
  linshiJiaxing,
  linshiOuhai,
];
