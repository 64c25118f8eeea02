import { divisionChain } from '@benefits/standards';
import { splitByShares, type FundingShares } from '@benefits/kernel';
import { type FundingColumn, type FundingShareEntry, type SimulationBenefit } from './types';

/**
 * The cost of a simulation by funding level (支出责任): the shares given with the request for the
 * case's benefit and its division, or its city's, or its province's (the most specific wins); without
 * any, the amount is counted as `unallocated`. Splits are disbursement's (largest remainders, exact to the fen).
 */
export function sharesFor(entries: readonly FundingShareEntry[] | undefined, benefit: SimulationBenefit, divisionCode: string): FundingShares | null {
  if (!entries || entries.length === 0) return null;
  for (const level of divisionChain(divisionCode)) {
    const entry = entries.find((e) => e.benefit === benefit && e.divisionCode === level);
    if (entry) return entry.shares;
  }
  return null;
}

export function fundingSplit(fen: number, shares: FundingShares | null): Record<FundingColumn, number> {
  if (!shares) return { central: 0, provincial: 0, city: 0, county: 0, unallocated: fen };
  const parts = splitByShares(fen, shares);
  return { central: parts.central, provincial: parts.provincial, city: parts.city, county: parts.county, unallocated: 0 };
}
