import { READINGS, type Reading } from '@benefits/standards';

/**
 * Named policies this library adds to the product readings (domain readings, `READINGS` in
 * @benefits/standards). Like the readings they decide what the standards leave open, and every
 * step that relies on one names it in the trace.
 */
const policy = (id: string, questionZh: string, defaultEn: string, source: string): Reading => ({ id, questionZh, defaultEn, source });

export const LOCAL_POLICIES = {
  'tefu.age60.nextMonth': policy(
    'tefu.age60.nextMonth',
    '年满60周岁当月按哪一档发放',
    'a person who turns 60 during a month is paid the under-60 amount for that month and the 60+ amount from the next month (次月); age itself is counted in completed years from the date of birth on the evaluation date',
    'Zhejiang texts silent (000 L309, 001 L851–853); mirrors the month-after start of tefu.paymentStart',
  ),
  'tefu.age60.sameMonth': policy(
    'tefu.age60.sameMonth',
    '年满60周岁当月按哪一档发放 (alternative)',
    'the 60+ amount applies from the month in which the person turns 60',
    'switchable alternative to tefu.age60.nextMonth',
  ),
  'linshi.zhichu.uplift.relative': policy(
    'linshi.zhichu.uplift.relative',
    '「救助比例可增加10%」 (alternative)',
    'relative: each rate × 1.10 (30% → 33%), still 其它救助对象 only and optional per case',
    'switchable alternative to linshi.zhichu.uplift; benefits.md §3.5 E3',
  ),
  'linshi.jinan.perCase': policy(
    'linshi.jinan.perCase',
    '急难型 「每人不超过3个月」 (alternative)',
    'per aided case: cap = 3 × B whatever the household size',
    'switchable alternative to linshi.jinan.perPerson; benefits.md §3.5 E4',
  ),
  'tefu.beijing.transferIn': policy(
    'tefu.beijing.transferIn',
    '北京 并发症 「自户籍转入本市且重新申请的下一年度起」',
    'payment starts in the year after the later of the hukou transfer and the new application',
    '003 L343',
  ),
  'dibao.assets.configured': policy(
    'dibao.assets.configured',
    '「符合当地最低生活保障家庭财产状况规定」',
    'the assets rule is external to the standards: the request names the rule and its source document and gives its outcome or a per-capita limit; without it the household is not eligible',
    '000 L375, 001 L1001, 003 L397 (rule not in the seeds)',
  ),
  'dibao.extraSupport.none': policy(
    'dibao.extraSupport.none',
    '「采取必要措施给予生活保障」',
    'no additional amount is computed: the standards name the groups but define no amount',
    '000 L376, 001 L1003–1005, 003 L398',
  ),
  'dibao.singlePerson.ownIncome': policy(
    'dibao.singlePerson.ownIncome',
    '单人户 / 分户 的收入口径',
    "a person admitted as a one-person household is assessed on their own income against one B",
    '000 L419, 001 L1095, 003 L453, 004 L699',
  ),
  'age.feb29.march1': policy(
    'age.feb29.march1',
    '2月29日出生者在平年何日「年满」N周岁',
    'someone born on 29 February reaches an age on 1 March in a common year (the anniversary day does not exist; on 28 February the year is not yet completed); in leap years on 29 February',
    'standards silent; counting completed years (Civil Code art. 1259 for 「以上」「年满」 boundaries); product default',
  ),
  'linshi.delegated.table': policy(
    'linshi.delegated.table',
    '标准授权县级以上政府确定临时救助标准',
    'amounts come only from a band table supplied with its source document; without one the amount is not computable',
    '000 L395, 001 L1043',
  ),
  'linshi.delegated.published': policy(
    'linshi.delegated.published',
    '县级以上政府公布的临时救助标准表',
    "the band table published as the parameter linshi.band-table for the case's division (its own, else its city's or province's) and in force on the decision date",
    '000 L395, 001 L1043; published with its 文号, title and issuing body',
  ),
  'linshi.delegated.whatIfTable': policy(
    'linshi.delegated.whatIfTable',
    '试算中另行提供的救助标准表',
    'what-if only: a table given in the facts is used instead of the published one; determinations always use the published table',
    'product choice (试算)',
  ),
} as const satisfies Record<string, Reading>;

/**
 * Alternatives a request may choose where the readings allow a switch (per jurisdiction, by an
 * authorised user): the default is always the reading's. The choice is named in the trace.
 */
export interface PolicyChoices {
  'tefu.age60'?: 'nextMonth' | 'sameMonth';
  'linshi.zhichu.uplift'?: 'percentagePoints' | 'relative';
  'linshi.jinan'?: 'perMember' | 'perCase';
}

export const POLICIES: Readonly<Record<string, Reading>> = { ...READINGS, ...LOCAL_POLICIES };
