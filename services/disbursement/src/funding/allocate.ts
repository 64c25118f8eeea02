import { FUNDING_SOURCES, sharesProblem, splitByShares, type FundingShares, type FundingSource } from '@benefits/kernel';
import { FundingErrors } from './funding.errors';

export { BASIS_POINTS, FUNDING_SOURCES, sharesProblem, zeroAllocation, type FundingShares, type FundingSource } from '@benefits/kernel';

/** The shares as given (only the four sources, in the fixed order), or INVALID_FUNDING_SHARES. */
export function validateShares(shares: unknown): FundingShares {
  const problem = sharesProblem(shares);
  if (problem) throw FundingErrors.INVALID_FUNDING_SHARES({ reason: problem, shares: shares as never });
  const s = shares as FundingShares;
  return { central: s.central, provincial: s.provincial, city: s.city, county: s.county };
}

/**
 * Splits an amount of fen between the four sources (largest remainders, exact to the fen; see
 * splitByShares in @benefits/kernel). A non-integer or unsafe amount is a programming error
 * (RangeError); invalid shares are refused with INVALID_FUNDING_SHARES.
 */
export function allocate(fen: number, shares: FundingShares): Record<FundingSource, number> {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`allocate: the amount must be a safe integer number of fen, got ${fen}`);
  return splitByShares(fen, validateShares(shares));
}

/** Adds an allocation into running totals (in place) and returns them. */
export function addAllocation(totals: Record<FundingSource, number>, parts: Record<FundingSource, number>): Record<FundingSource, number> {
  for (const source of FUNDING_SOURCES) totals[source] += parts[source];
  return totals;
}
