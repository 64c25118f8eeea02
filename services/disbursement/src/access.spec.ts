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

  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return error;
    }
    return null;
  };

  it('lets 民政 or finance prepare a run (envelope) for a county under its city, but not an intake officer or an auditor', () => {
    expect(() => assertMay({ id: 'c', role: 'finance_clerk', divisionCode: '330400' }, 'runPayments', '330402')).not.toThrow();
    expect(() => assertMay({ id: 'o', role: 'case_officer', divisionCode: '330402' }, 'runPayments', '330402')).not.toThrow();
    expect(isDomainError(refusal(() => assertMay({ id: 'i', role: 'intake_officer', divisionCode: '330402' }, 'runPayments', '330402')), 'FORBIDDEN')).toBe(true);
    expect(isDomainError(refusal(() => assertMay({ id: 'a', role: 'auditor', divisionCode: '330402' }, 'runPayments', '330402')), 'FORBIDDEN')).toBe(true);
  });

  it('only finance approves, exports, imports returns and closes an envelope; only the 民政 approver decides a held duplicate', () => {
    for (const action of ['approveEnvelope', 'exportBankFile', 'importReturns', 'closeEnvelope'] as const) {
      expect(() => assertMay({ id: 'c', role: 'finance_clerk', divisionCode: '330402' }, action, '330402')).not.toThrow();
      expect(isDomainError(refusal(() => assertMay({ id: 'o', role: 'case_officer', divisionCode: '330402' }, action, '330402')), 'FORBIDDEN')).toBe(true);
    }
    expect(() => assertMay({ id: 'p', role: 'approver', divisionCode: '330402' }, 'decideHold', '330402')).not.toThrow();
    expect(isDomainError(refusal(() => assertMay({ id: 'c', role: 'finance_clerk', divisionCode: '330402' }, 'decideHold', '330402')), 'FORBIDDEN')).toBe(true);
    expect(isDomainError(refusal(() => assertMay({ id: 'c', role: 'finance_clerk', divisionCode: '330411' }, 'approveEnvelope', '330402')), 'DIVISION_OUT_OF_SCOPE')).toBe(true);
  });
});
