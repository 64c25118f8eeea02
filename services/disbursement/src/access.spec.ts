import { isDomainError } from '@benefits/kernel';
import { assertMay, isWithinDivision } from './access';

describe('division scope', () => {
  it.each([
    ['330402', '330402', true],
    ['330402', '330400', true],
    ['330402', '330000', true],
    ['330402', '330411', false],
    ['330400', '330402', false],
    ['110101', '330000', false],
    ['330502', '330400', false],
  ])('%s is within %s: %s', (code, ancestor, within) => {
    expect(isWithinDivision(code, ancestor)).toBe(within);
  });

  it('lets a finance clerk run payments for a county under its city, but not a case officer', () => {
    expect(() => assertMay({ id: 'c', role: 'finance_clerk', divisionCode: '330400' }, 'runPayments', '330402')).not.toThrow();
    const refused = (() => {
      try {
        assertMay({ id: 'o', role: 'case_officer', divisionCode: '330402' }, 'runPayments', '330402');
      } catch (error) {
        return error;
      }
    })();
    expect(isDomainError(refused, 'FORBIDDEN')).toBe(true);
  });
});
