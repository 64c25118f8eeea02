/**
 * Named readings of what the standards leave open (domain readings, benefits.md §3.6). Each is a
 * product default, shown in explanation traces, and switchable per jurisdiction; none is a fact
 * from the standards unless a line is cited.
 */
export interface Reading {
  id: string;
  questionZh: string;
  defaultEn: string;
  source: string;
}

const reading = (id: string, questionZh: string, defaultEn: string, source: string): Reading => ({ id, questionZh, defaultEn, source });

export const READINGS = {
  'boundary.below': reading('boundary.below', '「低于」', 'strict: income equal to B is not eligible', 'plain meaning; 001 L1001'),
  'boundary.inclusive': reading(
    'boundary.inclusive',
    '「以下」「以内」「以上」「年满」',
    'include the boundary; 「未满」 excludes it',
    'Civil Code art. 1259 (outside the seeds)',
  ),
  'tefu.wifeAge.household': reading(
    'tefu.wifeAge.household',
    '嘉兴/北京 「女方年满49周岁」',
    'a household condition: once the wife is 49, both spouses qualify; only the 60 switch is per person',
    '001 L851, 003 L329',
  ),
  'tefu.wifeAge.national': reading(
    'tefu.wifeAge.national',
    '瓯海/衢州 texts omit the 49 condition',
    'apply the national 49 condition',
    'national 特扶 rule; 000 L307–309 silent',
  ),
  'tefu.singleParent': reading('tefu.singleParent', '单亲 families', '北京: either parent ≥ 49; elsewhere the same, as a named policy', '003 L329'),
  'tefu.grades': reading('tefu.grades', '「三级以上」手术并发症', 'grades 1, 2, 3 (grade 1 most severe)', '000 L309, 001 L853'),
  'tefu.switchOrder': reading(
    'tefu.switchOrder',
    'aged ≥ 60, 失能 and receiving 养老服务补贴',
    'the lower amount: the 失能 clause applies only under 60',
    '000 L309, 001 L851–853',
  ),
  'tefu.jiaxingDeath': reading('tefu.jiaxingDeath', '嘉兴 死亡家庭', 'flat 1,000, no 60 / 养老服务补贴 switch', '001 L851'),
  'tefu.paymentStart': reading(
    'tefu.paymentStart',
    'start month',
    'Zhejiang: the month after confirmation; 北京: yearly, from the following year',
    '003 L331 (北京); Zhejiang silent',
  ),
  'linshi.zhichu.marginal': reading('linshi.zhichu.marginal', '「3万元以上部分」', 'marginal: the higher rate applies only above 30,000', '003 L424'),
  'linshi.zhichu.floor': reading('linshi.zhichu.floor', 'E at the floor (2,000 / 5,000)', 'the rate applies to the whole E from the floor', '003 L424'),
  'linshi.zhichu.uplift': reading(
    'linshi.zhichu.uplift',
    '「有重度残疾人的家庭，救助比例可增加10%」',
    '+10 percentage points, for the 「其它」 group only, optional per case (officer\'s choice, recorded)',
    '003 L424',
  ),
  'linshi.cap.basis': reading('linshi.cap.basis', '24 × B cap', "B of the household's division in the month of decision, per household", '003 L424 silent on both'),
  'linshi.jinan.perPerson': reading(
    'linshi.jinan.perPerson',
    '急难型 「每人不超过3个月」',
    'per household member: cap = 3 × B × members; the officer chooses within the cap',
    '003 L424',
  ),
  'dibao.gap': reading('dibao.gap', '低保金', 'B × n − Σ incomes of the n members, monthly, from the month after approval', '004 L439'),
  rounding: reading('rounding', 'amounts', 'compute in fen exactly; round half up to the fen only at the final amount', 'product choice'),
} as const satisfies Record<string, Reading>;

export type ReadingId = keyof typeof READINGS;
