/**
 * 支出责任: who pays which share of a benefit. Shares are basis points (万分比) of the four levels of
 * government; they sum to exactly 10000. Used by disbursement (envelopes, payment runs) and by the
 * eligibility simulation (cost by funding level).
 */
export const FUNDING_SOURCES = ['central', 'provincial', 'city', 'county'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export type FundingShares = Record<FundingSource, number>;

export const BASIS_POINTS = 10_000;

/** Why the shares are refused, or null when they are valid. */
export function sharesProblem(shares: unknown): string | null {
  if (typeof shares !== 'object' || shares === null || Array.isArray(shares)) return 'shares must be an object';
  const record = shares as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(FUNDING_SOURCES as readonly string[]).includes(key));
  if (extra.length > 0) return `unknown funding sources: ${extra.join(', ')}`;
  let sum = 0;
  for (const source of FUNDING_SOURCES) {
    const bp = record[source];
    if (typeof bp !== 'number' || !Number.isInteger(bp) || bp < 0 || bp > BASIS_POINTS) return `${source} must be an integer 0..${BASIS_POINTS}`;
    sum += bp;
  }
  if (sum !== BASIS_POINTS) return `the shares sum to ${sum}, not ${BASIS_POINTS}`;
  return null;
}

export const zeroAllocation = (): Record<FundingSource, number> => ({ central: 0, provincial: 0, city: 0, county: 0 });

/**
 * Splits an amount of fen between the four sources, for shares already checked with
 * {@link sharesProblem}: each part is floor(fen × bp / 10000); the fen left over (at most 3) go one
 * each to the parts with the largest remainders, ties in the order central, provincial, city,
 * county. The parts always sum to the whole, to the fen, and each is within 1 fen of its exact share.
 *
 * Exact for every safe integer: fen × bp is computed as (q × 10000 + r) × bp / 10000 = q × bp +
 * r × bp / 10000 with q = ⌊fen / 10000⌋, r = fen mod 10000, so no product exceeds 10^8 + |fen|.
 *
 * Negative amounts (a reversal or a recovery counted against a source) are split as the mirror of
 * the positive amount: split(−x) = −split(x), so a reversal undoes exactly its payment's split.
 * A non-integer or unsafe amount is a programming error (RangeError).
 */
export function splitByShares(fen: number, shares: FundingShares): Record<FundingSource, number> {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`allocate: the amount must be a safe integer number of fen, got ${fen}`);
  if (fen === 0) return zeroAllocation(); // also −0
  if (fen < 0) {
    const positive = splitByShares(-fen, shares);
    return { central: -positive.central || 0, provincial: -positive.provincial || 0, city: -positive.city || 0, county: -positive.county || 0 };
  }
  const q = Math.floor(fen / BASIS_POINTS);
  const r = fen % BASIS_POINTS;
  const parts = {} as Record<FundingSource, number>;
  const remainders: { source: FundingSource; order: number; remainder: number }[] = [];
  let given = 0;
  FUNDING_SOURCES.forEach((source, order) => {
    const bp = shares[source];
    const scaled = r * bp; // < 10^8
    const part = q * bp + Math.floor(scaled / BASIS_POINTS);
    parts[source] = part;
    given += part;
    remainders.push({ source, order, remainder: scaled % BASIS_POINTS });
  });
  let left = fen - given;
  remainders.sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const { source } of remainders) {
    if (left === 0) break;
    parts[source] += 1;
    left -= 1;
  }
  return parts;
}
