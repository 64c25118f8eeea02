import { BIRTH_DATE_ROLES, countResidentIdCandidates, maskResidentId, memberIdentityView, residentIdCheckChar } from './resident-id';
import { ROLES } from './roles';

/** SAMPLE DATA: a made-up 身份证号 of a woman born 1970-03-15, registered in 330402. */
const first17 = '33040219700315002';
const residentId = first17 + residentIdCheckChar(first17);
const member = { birthDate: '1970-03-15', residentId };
const asOf = '2024-08-05';

describe('masked 身份证号: what each role sees cannot rebuild the number', () => {
  it('the former mask (last four shown) beside the birth date rebuilt the number: one candidate', () => {
    const former = `${residentId.slice(0, 6)}********${residentId.slice(14)}`;
    expect(countResidentIdCandidates({ masked: former, birthDate: member.birthDate, gender: 'female' })).toBe(1);
  });

  it('shows the division of first registration only', () => {
    expect(maskResidentId(residentId)).toBe('330402************');
    expect(maskResidentId('11010519491231002X')).toBe('110105************');
  });

  it.each(ROLES.map((role) => [role]))('%s: the view with gender and division leaves at least 500 candidates (more than 1,000 without the birth date)', (role) => {
    const view = memberIdentityView(role, member, asOf);
    expect(view.residentIdMasked).toBe('330402************');
    expect(view.ageYears).toBe(54);
    const known = {
      masked: view.residentIdMasked!,
      ...(view.birthDate ? { birthDate: view.birthDate } : { age: { years: view.ageYears!, on: asOf } }),
      gender: 'female' as const,
      division: '330402',
    };
    const candidates = countResidentIdCandidates(known);
    if (BIRTH_DATE_ROLES.includes(role)) {
      // Birth date, gender and division are what the officer handles anyway: 500 sequences remain,
      // the most any mask can leave once those three are known (the check character is computed).
      expect(view.birthDate).toBe('1970-03-15');
      expect(candidates).toBe(500);
    } else {
      expect(view.birthDate).toBeNull();
      expect(candidates).toBeGreaterThan(1000);
    }
  });

  it('an erased member shows no number and still no birth date to other roles', () => {
    expect(memberIdentityView('finance_clerk', { birthDate: '1970-03-15', residentId: null }, asOf)).toEqual({ birthDate: null, ageYears: 54, residentIdMasked: null });
  });
});
