import { birthDateWindow, countCandidatesFromDisclosures } from './masking';
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

describe('candidates over everything a role reads (several answers about one person)', () => {
  const masked = '330402************';
  it('one age gives what countResidentIdCandidates gives', () => {
    const age = { years: 54, on: asOf };
    expect(countCandidatesFromDisclosures({ masked, ages: [age], gender: 'female' })).toBe(countResidentIdCandidates({ masked, age, gender: 'female' }));
  });

  it('ages on several dates narrow the window: a birthday between two determinations leaves the days between them', () => {
    // 54 on 2024-08-05 and 55 on 2025-03-20 (a redetermination): born 1969-08-06 … 1970-03-20.
    const ages = [{ years: 54, on: asOf }, { years: 55, on: '2025-03-20' }];
    expect(birthDateWindow({ ages })).toEqual({ from: '1969-08-06', to: '1970-03-20' });
    expect(countCandidatesFromDisclosures({ masked, ages, gender: 'female' })).toBe(227 * 500);
    // Two determinations a day apart across the birthday pin the birth date: as many as the officer's view.
    expect(countCandidatesFromDisclosures({ masked, ages: [{ years: 53, on: '2023-03-15' }, { years: 53, on: '2024-03-14' }], gender: 'female' })).toBe(500);
  });

  it('a range (e.g. the month a 60 switch takes effect) intersects the ages; contradictions leave nothing', () => {
    expect(countCandidatesFromDisclosures({ masked, ages: [{ years: 54, on: asOf }], ranges: [{ from: '1970-03-01', to: '1970-03-31' }], gender: 'female' })).toBe(31 * 500);
    expect(countCandidatesFromDisclosures({ masked, ages: [{ years: 54, on: asOf }], ranges: [{ from: '1980-01-01', to: '1980-12-31' }] })).toBe(0);
    expect(() => birthDateWindow({})).toThrow(RangeError);
  });
});
