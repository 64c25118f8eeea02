import { RULE_PACKS, tefuJiaxing } from '../rule-packs/packs';
import type { RulePack } from '../rule-packs/types';
import { checkNotLower, packFloors } from './check';

/** A county-level pack made up for the test (SAMPLE, not a published standard) under 嘉兴. */
const sampleCounty: RulePack = {
  ...tefuJiaxing,
  id: 'tefu-330402-sample',
  jurisdiction: { nameZh: '示例区（非真实标准）', divisionCode: '330402' },
  parameters: tefuJiaxing.parameters.map((p) =>
    p.key === 'tefu.disability.amount' ? { ...p, value: { kind: 'money', fen: 80000, per: 'person-month' } } : p.key === 'tefu.death.amount' ? { ...p, value: { kind: 'money', fen: 110000, per: 'person-month' } } : p,
  ),
};

describe('不低于 check', () => {
  it('reports a county parameter set below its city, and accepts one raised above it', () => {
    const violations = checkNotLower(packFloors([tefuJiaxing, sampleCounty]));
    expect(violations).toEqual([
      {
        key: 'tefu:tefu.disability.amount',
        divisionCode: '330402',
        value: 80000,
        source: 'tefu-330402-sample',
        higherDivisionCode: '330400',
        higherValue: 85000,
        higherSource: 'tefu-330400-2023',
        shortfall: 5000,
      },
    ]);
  });

  it('compares against every higher level: county with city and province', () => {
    const violations = checkNotLower([
      { divisionCode: '330000', key: 'dibao.standard', value: 100000, source: 'sample-province' },
      { divisionCode: '330400', key: 'dibao.standard', value: 95000, source: 'sample-city' },
      { divisionCode: '330402', key: 'dibao.standard', value: 97000, source: 'sample-county' },
    ]);
    expect(violations.map((v) => [v.divisionCode, v.higherDivisionCode, v.shortfall])).toEqual([
      ['330400', '330000', 5000],
      ['330402', '330000', 3000],
    ]);
  });

  it('does not compare divisions that are not above one another (瓯海 is under 温州, not 嘉兴)', () => {
    expect(checkNotLower(packFloors(RULE_PACKS))).toEqual([]);
  });
});
