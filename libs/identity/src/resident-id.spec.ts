import fc from 'fast-check';
import { isIdentityError } from './errors';
import { birthDateOf, maskResidentId, residentIdCheckChar, validateResidentId } from './resident-id';

describe('身份证号 (GB 11643-1999)', () => {
  // The two worked examples printed in the standard itself.
  it.each([
    ['11010519491231002X', '1949-12-31', '110105'],
    ['440524188001010014', '1880-01-01', '440524'],
  ])('accepts %s, born %s', (id, birthDate, division) => {
    expect(validateResidentId(id)).toEqual({ ok: true, residentId: id, birthDate, registrationDivisionCode: division });
    expect(birthDateOf(id)).toBe(birthDate);
  });

  it('accepts a lower-case x and stores it upper-case', () => {
    expect(validateResidentId('11010519491231002x')).toMatchObject({ ok: true, residentId: '11010519491231002X' });
  });

  it.each([
    ['1101051949123100', 'bad_length'],
    ['11010519491231002X1', 'bad_length'],
    ['', 'bad_length'],
    ['1101051949123100XX', 'bad_chars'],
    ['11010519491231002Y', 'bad_chars'],
    ['１１010519491231002X', 'bad_chars'],
    ['110105194902300023', 'bad_birth_date'], // 30 February
    ['110105194913010023', 'bad_birth_date'], // month 13
    ['110105190002290023', 'bad_birth_date'], // 1900 was not a leap year
    ['110105194912310021', 'bad_check_digit'],
    ['11010519491231002 ', 'bad_chars'],
  ])('refuses %j as %s with a message in both languages', (id, reason) => {
    const result = validateResidentId(id);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) {
      expect(result.messageZh).toMatch(/身份证号/);
      expect(result.messageEn).toMatch(/resident id|birth date|check character/);
    }
  });

  it('accepts 29 February in a leap year', () => {
    const first17 = '33040220000229001';
    expect(validateResidentId(first17 + residentIdCheckChar(first17))).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it('birthDateOf refuses an invalid number with a typed 400 error', () => {
    let thrown: unknown;
    try {
      birthDateOf('110105194912310021');
    } catch (error) {
      thrown = error;
    }
    expect(isIdentityError(thrown, 'INVALID_RESIDENT_ID')).toBe(true);
    expect(thrown).toMatchObject({ status: 400, details: { reason: 'bad_check_digit' } });
  });

  it('masks the birth date for logs', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105************');
  });

  const validPrefix = fc
    .record({
      division: fc.integer({ min: 110000, max: 659999 }),
      date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ division, date, sequence }) => {
      const iso = date.toISOString();
      return `${division}${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${String(sequence).padStart(3, '0')}`;
    });

  it('property: a valid prefix with its computed check character validates', () => {
    fc.assert(
      fc.property(validPrefix, (first17) => {
        const result = validateResidentId(first17 + residentIdCheckChar(first17));
        return result.ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('property: changing any single digit of a valid number makes it invalid', () => {
    fc.assert(
      fc.property(validPrefix, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (first17, position, delta) => {
        const id = first17 + residentIdCheckChar(first17);
        const digits = '0123456789X';
        const alphabet = position === 17 ? digits : digits.slice(0, 10);
        const current = alphabet.indexOf(id[position]);
        const replacement = alphabet[(current + delta) % alphabet.length];
        fc.pre(replacement !== id[position]);
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        return !validateResidentId(changed).ok;
      }),
      { numRuns: 5000 },
    );
  });
});
