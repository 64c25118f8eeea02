import fc from 'fast-check';
import { isDomainError } from '@benefits/kernel';
import { allocate, FUNDING_SOURCES, sharesProblem, validateShares, type FundingShares } from './allocate';

/** Four integers 0..10000 summing to 10000: three cut points on 0..10000. */
const sharesArb: fc.Arbitrary<FundingShares> = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
  .map(([a, b, c]) => [a, b, c].sort((x, y) => x - y))
  .map(([a, b, c]) => ({ central: a, provincial: b - a, city: c - b, county: 10_000 - c }));

const amountArb = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom(0, 1, 2, 3, 9_999, 10_000, 10_001, Number.MAX_SAFE_INTEGER));

/** The exact share fen × bp / 10000 as a fraction over 10000, in BigInt. */
const exactTimes10000 = (fen: number, bp: number) => BigInt(fen) * BigInt(bp);

describe('allocate (支出责任 split)', () => {
  it('splits by the largest remainder, ties in the order central, provincial, city, county', () => {
    // 100 fen at 1/3 each of three levels: 33.33 each → one fen left, tie → central.
    expect(allocate(100, { central: 3334, provincial: 3333, city: 3333, county: 0 })).toEqual({ central: 34, provincial: 33, city: 33, county: 0 });
    // 1 fen over four equal shares: all remainders 0.25 → central gets it.
    expect(allocate(1, { central: 2500, provincial: 2500, city: 2500, county: 2500 })).toEqual({ central: 1, provincial: 0, city: 0, county: 0 });
    // 3 fen over four equal shares → central, provincial, city.
    expect(allocate(3, { central: 2500, provincial: 2500, city: 2500, county: 2500 })).toEqual({ central: 1, provincial: 1, city: 1, county: 0 });
    // 10 fen at 15/25/25/35 % → 1.5 / 2.5 / 2.5 / 3.5: floors 1+2+2+3 = 8, two left, all remainders .5 → central, provincial.
    expect(allocate(10, { central: 1500, provincial: 2500, city: 2500, county: 3500 })).toEqual({ central: 2, provincial: 3, city: 2, county: 3 });
    // The largest remainder wins over the order: 10 fen at 12/13/35/40 % → 1.2 / 1.3 / 3.5 / 4.0: one left → city (.5).
    expect(allocate(10, { central: 1200, provincial: 1300, city: 3500, county: 4000 })).toEqual({ central: 1, provincial: 1, city: 4, county: 4 });
    // 7 fen at 10/20/30/40 % → 0.7 / 1.4 / 2.1 / 2.8: floors 0+1+2+2 = 5, two left → county (.8), central (.7).
    expect(allocate(7, { central: 1000, provincial: 2000, city: 3000, county: 4000 })).toEqual({ central: 1, provincial: 1, city: 2, county: 3 });
    expect(allocate(123_456, { central: 10_000, provincial: 0, city: 0, county: 0 })).toEqual({ central: 123_456, provincial: 0, city: 0, county: 0 });
  });

  it('is exact for amounts beyond 2^53 / 10000 (no float products)', () => {
    const fen = 1_000_000_000_007;
    const parts = allocate(fen, { central: 3333, provincial: 3333, city: 3333, county: 1 });
    expect(parts.central + parts.provincial + parts.city + parts.county).toBe(fen);
    expect(parts.county).toBe(100_000_000); // 1_000_000_000_007 / 10000 = 100_000_000.0007 → floor, remainder .0007 < .3331 of the others
    expect(parts.central).toBe(333_300_000_003); // 333_300_000_002.3331 → + 1 (largest remainder, first in order)
  });

  it('refuses invalid shares with INVALID_FUNDING_SHARES and bad amounts with RangeError', () => {
    for (const shares of [
      { central: 5000, provincial: 5000, city: 0, county: 1 },
      { central: 5000, provincial: 4999, city: 0, county: 0 },
      { central: 5000.5, provincial: 4999.5, city: 0, county: 0 },
      { central: -1, provincial: 10_001, city: 0, county: 0 },
      { central: 10_000, provincial: 0, city: 0 },
      { central: 10_000, provincial: 0, city: 0, county: 0, township: 0 },
    ]) {
      expect(sharesProblem(shares)).not.toBeNull();
      let error: unknown;
      try {
        allocate(100, shares as FundingShares);
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error, 'INVALID_FUNDING_SHARES')).toBe(true);
    }
    expect(() => allocate(1.5, { central: 10_000, provincial: 0, city: 0, county: 0 })).toThrow(RangeError);
    expect(() => allocate(Number.MAX_SAFE_INTEGER + 1, { central: 10_000, provincial: 0, city: 0, county: 0 })).toThrow(RangeError);
    expect(validateShares({ county: 1, city: 2, provincial: 3, central: 9994 })).toEqual({ central: 9994, provincial: 3, city: 2, county: 1 });
  });

  describe('properties', () => {
    it('parts are non-negative integers summing to the whole, each within 1 fen of its exact share, never short of its floor', () => {
      fc.assert(
        fc.property(amountArb, sharesArb, (fen, shares) => {
          const parts = allocate(fen, shares);
          let sum = 0n;
          for (const source of FUNDING_SOURCES) {
            const part = parts[source];
            expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
            const exact = exactTimes10000(fen, shares[source]); // part − exact/10000 ∈ [0, 1)
            const diff = BigInt(part) * 10_000n - exact;
            expect(diff > -10_000n && diff < 10_000n).toBe(true);
            expect(diff >= 0n || diff > -10_000n).toBe(true);
            expect(BigInt(part) >= exact / 10_000n).toBe(true);
            if (shares[source] === 0) expect(part).toBe(0);
            sum += BigInt(part);
          }
          expect(sum).toBe(BigInt(fen));
        }),
        { numRuns: 500 },
      );
    });

    it('is deterministic and does not depend on the order the shares object lists its keys', () => {
      fc.assert(
        fc.property(amountArb, sharesArb, (fen, shares) => {
          const reordered = { county: shares.county, city: shares.city, provincial: shares.provincial, central: shares.central };
          expect(allocate(fen, shares)).toEqual(allocate(fen, shares));
          expect(allocate(fen, reordered)).toEqual(allocate(fen, shares));
        }),
      );
    });

    it('splits a negative amount as the mirror of the positive one (parts non-positive, summing to it)', () => {
      fc.assert(
        fc.property(amountArb, sharesArb, (fen, shares) => {
          const positive = allocate(fen, shares);
          const negative = allocate(-fen, shares);
          for (const source of FUNDING_SOURCES) {
            expect(negative[source]).toBe(positive[source] === 0 ? 0 : -positive[source]);
            expect(Object.is(negative[source], -0)).toBe(false);
          }
          expect(FUNDING_SOURCES.reduce((s, k) => s + negative[k], 0)).toBe(0 - fen);
        }),
      );
    });

    it('matches a BigInt reference implementation of the largest-remainder rule', () => {
      fc.assert(
        fc.property(amountArb, sharesArb, (fen, shares) => {
          const order = [...FUNDING_SOURCES];
          const floors = order.map((s) => (BigInt(fen) * BigInt(shares[s])) / 10_000n);
          const rems = order.map((s) => (BigInt(fen) * BigInt(shares[s])) % 10_000n);
          let left = BigInt(fen) - floors.reduce((a, b) => a + b, 0n);
          const ranked = order.map((_, i) => i).sort((a, b) => (rems[b] > rems[a] ? 1 : rems[b] < rems[a] ? -1 : a - b));
          for (const i of ranked) if (left > 0n) { floors[i] += 1n; left -= 1n; }
          expect(allocate(fen, shares)).toEqual(Object.fromEntries(order.map((s, i) => [s, Number(floors[i])])));
        }),
        { numRuns: 1000 },
      );
    });
  });
});
