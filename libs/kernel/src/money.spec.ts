import fc from 'fast-check';
import { isDomainError } from './errors';
import { Money, Rate, RoundingPolicies, roundRational, type RoundingPolicyId } from './money';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

const yuan = Money.yuan;
const fen = Money.fen;

describe('Money construction', () => {
  it('parses decimal yuan exactly', () => {
    expect(yuan('1000').fen).toBe(100_000);
    expect(yuan('12.34').fen).toBe(1234);
    expect(yuan('12.3').fen).toBe(1230);
    expect(yuan('0.01').fen).toBe(1);
    expect(yuan('-0.5').fen).toBe(-50);
    expect(yuan('007.10').fen).toBe(710);
    expect(yuan(1000).fen).toBe(100_000);
    expect(yuan('0.10').add(yuan('0.20')).equals(yuan('0.30'))).toBe(true);
  });

  it.each(['12.345', '1e3', '12.', '.5', ' 12', '12 ', '+1', '1,000', '１２', '', '-', 'NaN', '0x10', '1.2.3'])(
    'refuses yuan text %j',
    (text) => {
      expect(errorCode(() => yuan(text))).toBe('INVALID_AMOUNT');
    },
  );

  it('refuses non-integer and unsafe numbers', () => {
    expect(errorCode(() => fen(1.5))).toBe('INVALID_AMOUNT');
    expect(errorCode(() => fen(Number.NaN))).toBe('INVALID_AMOUNT');
    expect(errorCode(() => fen(2 ** 53))).toBe('INVALID_AMOUNT');
    expect(errorCode(() => yuan(12.34))).toBe('INVALID_AMOUNT');
    expect(errorCode(() => yuan(Number.MAX_SAFE_INTEGER))).toBe('INVALID_AMOUNT');
  });

  it('never holds negative zero', () => {
    expect(Object.is(fen(-0).fen, 0)).toBe(true);
    expect(Object.is(fen(0).negate().fen, 0)).toBe(true);
    expect(yuan('-0.00').toYuanString()).toBe('0.00');
  });

  it('is immutable', () => {
    const amount = fen(100);
    expect(() => {
      (amount as unknown as { fen: number }).fen = 5;
    }).toThrow(TypeError);
    expect(amount.fen).toBe(100);
  });
});

describe('Money arithmetic', () => {
  it('adds, subtracts, negates, compares', () => {
    expect(yuan('600').subtract(yuan('250.50')).toYuanString()).toBe('349.50');
    expect(fen(5).negate().fen).toBe(-5);
    expect(fen(5).compare(fen(6))).toBe(-1);
    expect(fen(6).compare(fen(5))).toBe(1);
    expect(fen(6).compare(fen(6))).toBe(0);
    expect(Money.ZERO.isZero()).toBe(true);
    expect(fen(-1).isNegative()).toBe(true);
    expect(fen(1).isPositive()).toBe(true);
    expect(fen(-7).abs().fen).toBe(7);
    expect(Money.min(fen(3), fen(-2)).fen).toBe(-2);
    expect(Money.max(fen(3), fen(-2)).fen).toBe(3);
    expect(Money.sum([]).isZero()).toBe(true);
    expect(Money.sum([fen(1), fen(2), fen(-4)]).fen).toBe(-1);
  });

  it('multiplies by integers only', () => {
    expect(yuan('735').multiply(3).toYuanString()).toBe('2205.00');
    expect(yuan('735').multiply(3n).fen).toBe(220_500);
    expect(errorCode(() => yuan('735').multiply(0.5))).toBe('INVALID_RATE');
  });

  it('refuses results beyond the safe integer range instead of losing fen', () => {
    expect(errorCode(() => fen(Number.MAX_SAFE_INTEGER).add(fen(1)))).toBe('INVALID_AMOUNT');
    expect(errorCode(() => fen(2 ** 40).multiply(2 ** 20))).toBe('INVALID_AMOUNT');
  });
});

describe('rates and rounding', () => {
  it('applies basis points', () => {
    expect(yuan('1000').times(Rate.bp(4000), 'HALF_UP_FEN').toYuanString()).toBe('400.00');
    expect(fen(1).times(Rate.bp(5000), 'HALF_UP_FEN').fen).toBe(1);
    expect(fen(1).times(Rate.bp(5000), 'HALF_EVEN_FEN').fen).toBe(0);
  });

  it('applies exact fractions (e.g. days of a month) without floating point', () => {
    // 770 yuan for 17 of 31 days.
    const exact = yuan('770').times(Rate.ratio(17, 31), 'HALF_UP_FEN');
    expect(exact.toYuanString()).toBe('422.26'); // 77000*17/31 = 42225.806…
    expect(yuan('770').times(Rate.ratio(17, 31), 'FLOOR_FEN').toYuanString()).toBe('422.25');
    expect(yuan('100').times(Rate.ratio(1, 3), 'CEIL_FEN').toYuanString()).toBe('33.34');
  });

  it.each<[number, RoundingPolicyId, number]>([
    [5, 'HALF_UP_FEN', 3],
    [5, 'HALF_EVEN_FEN', 2],
    [15, 'HALF_EVEN_FEN', 8],
    [5, 'FLOOR_FEN', 2],
    [5, 'CEIL_FEN', 3],
    [5, 'DOWN_FEN', 2],
    [-5, 'HALF_UP_FEN', -3],
    [-5, 'HALF_EVEN_FEN', -2],
    [-5, 'FLOOR_FEN', -3],
    [-5, 'CEIL_FEN', -2],
    [-5, 'DOWN_FEN', -2],
  ])('halving %i fen with %s gives %i fen', (amount, policy, expected) => {
    expect(fen(amount).times(Rate.ratio(1, 2), policy).fen).toBe(expected);
  });

  it('rounds to jiao and yuan', () => {
    expect(yuan('12.50').round('HALF_UP_YUAN').toYuanString()).toBe('13.00');
    expect(yuan('12.49').round('HALF_UP_YUAN').toYuanString()).toBe('12.00');
    expect(yuan('-12.50').round('HALF_UP_YUAN').toYuanString()).toBe('-13.00');
    expect(yuan('12.01').round('CEIL_YUAN').toYuanString()).toBe('13.00');
    expect(yuan('12.99').round('FLOOR_YUAN').toYuanString()).toBe('12.00');
    expect(yuan('12.35').round('HALF_UP_JIAO').toYuanString()).toBe('12.40');
    expect(yuan('1000').times(Rate.ratio(1, 3), 'HALF_UP_YUAN').toYuanString()).toBe('333.00');
  });

  it('every policy names itself and describes itself in Chinese for traces', () => {
    for (const [id, policy] of Object.entries(RoundingPolicies)) {
      expect(policy.id).toBe(id);
      expect(policy.descriptionZh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(errorCode(() => fen(1).round('HALF_UP' as RoundingPolicyId))).toBe('INVALID_AMOUNT');
  });

  it('keeps fractions as written and normalises only the sign', () => {
    expect(Rate.ratio(2, 6).toString()).toBe('2/6');
    expect(Rate.ratio(1, -3).toJSON()).toEqual({ num: -1, den: 3 });
    expect(Rate.bp(4000).toString()).toBe('4000bp');
    expect(errorCode(() => Rate.ratio(1, 0))).toBe('INVALID_RATE');
    expect(errorCode(() => Rate.bp(12.5))).toBe('INVALID_RATE');
  });

  it('is exact beyond float precision', () => {
    // 2^53-1 fen × 3/3 would not survive a detour through floating point.
    expect(fen(Number.MAX_SAFE_INTEGER).times(Rate.ratio(3, 3), 'HALF_UP_FEN').fen).toBe(Number.MAX_SAFE_INTEGER);
    expect(fen(Number.MAX_SAFE_INTEGER).times(Rate.ratio(10n ** 30n, 10n ** 30n), 'FLOOR_FEN').fen).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('allocate', () => {
  it('gives leftover fen to the largest remainders, earlier parts first', () => {
    expect(fen(100).allocate([1, 1, 1]).map((m) => m.fen)).toEqual([34, 33, 33]);
    expect(fen(-100).allocate([1, 1, 1]).map((m) => m.fen)).toEqual([-34, -33, -33]);
    expect(fen(10).allocate([3, 7]).map((m) => m.fen)).toEqual([3, 7]);
    expect(fen(5).allocate([0, 1]).map((m) => m.fen)).toEqual([0, 5]);
    // 1001 × 30/100 = 300.3, × 70/100 = 700.7: the 70% part has the larger remainder.
    expect(fen(1001).allocate([30, 70]).map((m) => m.fen)).toEqual([300, 701]);
  });

  it('refuses ratios that cannot be split by', () => {
    expect(errorCode(() => fen(1).allocate([]))).toBe('INVALID_RATE');
    expect(errorCode(() => fen(1).allocate([0, 0]))).toBe('INVALID_RATE');
    expect(errorCode(() => fen(1).allocate([1, -1]))).toBe('INVALID_RATE');
    expect(errorCode(() => fen(1).allocate([0.5, 0.5]))).toBe('INVALID_RATE');
  });
});

describe('formatting and JSON', () => {
  it.each<[number, string, string]>([
    [123456, '1234.56', '1,234.56 元'],
    [5, '0.05', '0.05 元'],
    [-5, '-0.05', '-0.05 元'],
    [-123456789, '-1234567.89', '-1,234,567.89 元'],
    [100000, '1000.00', '1,000.00 元'],
    [0, '0.00', '0.00 元'],
  ])('%i fen is %s yuan, shown as %s', (amount, text, shown) => {
    expect(fen(amount).toYuanString()).toBe(text);
    expect(fen(amount).format()).toBe(shown);
  });

  it('serialises as { "fen": n } and parses back strictly', () => {
    expect(JSON.stringify({ amount: yuan('12.34') })).toBe('{"amount":{"fen":1234}}');
    expect(Money.fromJSON({ fen: 1234 }).equals(yuan('12.34'))).toBe(true);
    for (const bad of [1234, { fen: 12.5 }, { fen: '1234' }, { fen: 1, yuan: 0.01 }, null, {}]) {
      expect(errorCode(() => Money.fromJSON(bad))).toBe('INVALID_AMOUNT');
    }
    expect(Rate.fromJSON(Rate.bp(4000).toJSON()).toString()).toBe('4000bp');
    expect(Rate.fromJSON(JSON.parse(JSON.stringify(Rate.ratio(17, 31)))).toString()).toBe('17/31');
    expect(errorCode(() => Rate.fromJSON({ bp: 1, num: 1 }))).toBe('INVALID_RATE');
  });
});

describe('Money properties', () => {
  const amount = fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(fen);
  const anyFen = fc.maxSafeInteger().map(fen);
  const policy = fc.constantFrom(...(Object.keys(RoundingPolicies) as RoundingPolicyId[]));

  it('allocate never loses or invents a fen, and each part is within one fen of its exact share', () => {
    fc.assert(
      fc.property(
        amount,
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)),
        (total, ratios) => {
          const parts = total.allocate(ratios);
          expect(parts).toHaveLength(ratios.length);
          expect(Money.sum(parts).equals(total)).toBe(true);
          const weight = BigInt(ratios.reduce((a, b) => a + b, 0));
          parts.forEach((part, i) => {
            const diff = BigInt(part.fen) * weight - BigInt(total.fen) * BigInt(ratios[i]);
            expect(diff < weight && diff > -weight).toBe(true);
          });
        },
      ),
    );
  });

  it('a + b − b = a', () => {
    fc.assert(fc.property(amount, amount, (a, b) => expect(a.add(b).subtract(b).equals(a)).toBe(true)));
  });

  it('sum does not depend on order', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 30 }), fc.nat(), (amounts, seed) => {
        const shuffled = [...amounts].sort((x, y) => ((x.fen ^ seed) % 7) - ((y.fen ^ seed) % 7));
        const reversed = [...amounts].reverse();
        expect(Money.sum(shuffled).equals(Money.sum(amounts))).toBe(true);
        expect(Money.sum(reversed).equals(Money.sum(amounts))).toBe(true);
      }),
    );
  });

  it('times stays within one rounding unit of the exact rational result, on the side its policy names', () => {
    fc.assert(
      fc.property(amount, fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), policy, (a, num, den, id) => {
        const { unitFen, mode } = RoundingPolicies[id];
        let result: Money;
        try {
          result = a.times(Rate.ratio(num, den), id);
        } catch (error) {
          // Only an honest refusal to leave the safe range is acceptable.
          expect(isDomainError(error, 'INVALID_AMOUNT')).toBe(true);
          return;
        }
        // error = result − exact, scaled by den to stay in integers.
        const error = BigInt(result.fen) * den - BigInt(a.fen) * num;
        const unit = BigInt(unitFen) * den;
        expect(error < unit && error > -unit).toBe(true);
        expect(BigInt(result.fen) % BigInt(unitFen)).toBe(0n);
        if (mode === 'FLOOR') expect(error <= 0n).toBe(true);
        if (mode === 'CEIL') expect(error >= 0n).toBe(true);
        if (mode === 'HALF_UP' || mode === 'HALF_EVEN') expect(2n * error <= unit && 2n * error >= -unit).toBe(true);
      }),
    );
  });

  it('rounding a negated amount mirrors the symmetric policies', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom<RoundingPolicyId>('HALF_UP_FEN', 'HALF_EVEN_FEN', 'DOWN_FEN', 'HALF_UP_YUAN'), (a, id) => {
        const rate = Rate.ratio(1, 3);
        expect(a.negate().times(rate, id).equals(a.times(rate, id).negate())).toBe(true);
      }),
    );
  });

  it('yuan text and JSON round-trip exactly', () => {
    fc.assert(
      fc.property(anyFen, (a) => {
        expect(yuan(a.toYuanString()).equals(a)).toBe(true);
        expect(Money.fromJSON(JSON.parse(JSON.stringify(a))).equals(a)).toBe(true);
      }),
    );
  });

  it('roundRational agrees with a decimal-string oracle for half-up to the fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (tenthsOfFen) => {
        // Oracle: look at the tenths digit of a non-negative amount written in tenths of a fen.
        const floor = tenthsOfFen / 10n;
        const expected = tenthsOfFen % 10n >= 5n ? floor + 1n : floor;
        expect(roundRational(tenthsOfFen, 10n, 1n, 'HALF_UP')).toBe(expected);
      }),
    );
  });
});
