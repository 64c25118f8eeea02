import { assertNever, canonicalJson, LocalDate, type Command, type CommandMetadata, type Decider, type DomainEvent } from '@benefits/kernel';
import { isDisbursedBenefit, type BenefitId } from '../entitlements/entitlement';
import { validateShares, type FundingShares } from './allocate';
import { FundingErrors } from './funding.errors';

/**
 * Funding shares (支出责任) as event-sourced parameters: one stream per benefit and division,
 * `funding-<benefit>-<divisionCode>`, holding every publication. A publication applies from a month
 * on until a later `fromPeriod` takes over; publishing again for the same `fromPeriod` with other
 * content is a correction (the history keeps both; the latest publication for a `fromPeriod` wins).
 * No shares are shipped as official data: whoever publishes cites the document and clause, and
 * sample data says so (`sample: true`).
 */

export const FUNDING_SHARES_PUBLISHED = 'disbursement.FundingSharesPublished.v1';

export interface FundingSourceCitation {
  /** The document the shares come from (文件名称及文号). */
  document: string;
  /** The clause of it (条款). */
  clause: string;
  note?: string;
}

export interface FundingSharesPublishedData {
  benefit: BenefitId;
  divisionCode: string;
  /** yyyy-mm: the first month the shares apply to. */
  fromPeriod: string;
  shares: FundingShares;
  source: FundingSourceCitation;
  /** True for demonstration shares that rest on no real document. */
  sample: boolean;
}

export type FundingSharesPublished = DomainEvent<typeof FUNDING_SHARES_PUBLISHED, FundingSharesPublishedData>;
export type FundingEvent = FundingSharesPublished;

export type PublishFundingShares = Command<'PublishFundingShares', FundingSharesPublishedData, CommandMetadata>;
export type FundingCommand = PublishFundingShares;

export interface FundingPublication extends FundingSharesPublishedData {
  /** Position in the stream (0, 1, …): the stream revision of the event. */
  sequence: number;
  /** True when an earlier publication for the same fromPeriod existed (a correction). */
  correction: boolean;
  /** The later publication for the same fromPeriod that replaced this one, if any. */
  supersededBy: number | null;
}

export interface FundingState {
  /** Every publication in stream order. */
  history: FundingPublication[];
}

export function fundingStreamId(benefit: BenefitId, divisionCode: string): string {
  return `funding-${benefit}-${divisionCode}`;
}

export function parseFundingStreamId(streamId: string): { benefit: BenefitId; divisionCode: string } | null {
  const match = /^funding-([a-z]{2,32})-(\d{6})$/.exec(streamId);
  if (!match || !isDisbursedBenefit(match[1])) return null;
  return { benefit: match[1] as BenefitId, divisionCode: match[2] };
}

export function isMonthKey(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && LocalDate.isValid(`${value}-01`);
}

export const fundingDecider: Decider<FundingCommand, FundingEvent, FundingState> = {
  initialState: () => ({ history: [] }),

  evolve(state, event) {
    switch (event.type) {
      case FUNDING_SHARES_PUBLISHED: {
        const sequence = state.history.length;
        const earlier = latestFor(state, event.data.fromPeriod);
        const history = state.history.map((p) => (earlier && p.sequence === earlier.sequence ? { ...p, supersededBy: sequence } : p));
        history.push({ ...event.data, sequence, correction: earlier !== null, supersededBy: null });
        return { history };
      }
      default:
        return assertNever(event.type, 'funding event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'PublishFundingShares':
        return publish(command.data, state);
      default:
        return assertNever(command.type, 'funding command');
    }
  },
};

function publish(input: FundingSharesPublishedData, state: FundingState): FundingSharesPublished[] {
  const data = normalisePublication(input);
  const first = state.history[0];
  if (first && (first.benefit !== data.benefit || first.divisionCode !== data.divisionCode)) {
    throw FundingErrors.FUNDING_STREAM_MISMATCH({ stream: fundingStreamId(first.benefit, first.divisionCode), benefit: data.benefit, divisionCode: data.divisionCode });
  }
  const current = latestFor(state, data.fromPeriod);
  if (current && canonicalJson(publicationContent(current)) === canonicalJson(data)) return [];
  return [{ type: FUNDING_SHARES_PUBLISHED, data }];
}

/** Checks a publication and returns it normalised (trimmed citation, shares in the fixed order, no stray fields). */
export function normalisePublication(input: FundingSharesPublishedData): FundingSharesPublishedData {
  if (!isDisbursedBenefit(input.benefit) || typeof input.divisionCode !== 'string' || !/^\d{6}$/.test(input.divisionCode)) {
    throw FundingErrors.FUNDING_STREAM_MISMATCH({ benefit: input.benefit, divisionCode: input.divisionCode });
  }
  if (!isMonthKey(input.fromPeriod)) throw FundingErrors.INVALID_FROM_PERIOD({ fromPeriod: input.fromPeriod });
  const shares = validateShares(input.shares);
  const document = typeof input.source?.document === 'string' ? input.source.document.trim() : '';
  const clause = typeof input.source?.clause === 'string' ? input.source.clause.trim() : '';
  if (!document || !clause) throw FundingErrors.FUNDING_SOURCE_MISSING({ missing: [!document && 'source.document', !clause && 'source.clause'].filter(Boolean) });
  const note = typeof input.source.note === 'string' && input.source.note.trim() ? input.source.note.trim() : undefined;
  return {
    benefit: input.benefit,
    divisionCode: input.divisionCode,
    fromPeriod: input.fromPeriod,
    shares,
    source: note === undefined ? { document, clause } : { document, clause, note },
    sample: input.sample === true,
  };
}

export function publicationContent(p: FundingPublication): FundingSharesPublishedData {
  return { benefit: p.benefit, divisionCode: p.divisionCode, fromPeriod: p.fromPeriod, shares: p.shares, source: p.source, sample: p.sample };
}

/** The publication in force for a fromPeriod: the latest one published for it. */
function latestFor(state: FundingState, fromPeriod: string): FundingPublication | null {
  for (let i = state.history.length - 1; i >= 0; i -= 1) if (state.history[i].fromPeriod === fromPeriod) return state.history[i];
  return null;
}

/**
 * The publication in force in a month (`yyyy-mm`): among the publications with fromPeriod ≤ period,
 * the one with the latest fromPeriod, and for that fromPeriod the latest publication. Null when the
 * stream has none that early. A yearly key (`yyyy`) is read as its January (see fundingPeriodOf).
 */
export function sharesInForce(state: FundingState, period: string): FundingPublication | null {
  const month = fundingPeriodOf(period);
  let best: FundingPublication | null = null;
  for (const p of state.history) {
    if (p.fromPeriod > month) continue;
    if (!best || p.fromPeriod > best.fromPeriod || (p.fromPeriod === best.fromPeriod && p.sequence > best.sequence)) best = p;
  }
  return best;
}

/**
 * The month whose shares apply to a run period: a month is itself; a yearly run (`yyyy`, 北京 特扶)
 * takes the shares in force in January of that year. Anything else is refused (INVALID_FROM_PERIOD).
 */
export function fundingPeriodOf(period: string): string {
  if (isMonthKey(period)) return period;
  if (/^\d{4}$/.test(period)) return `${period}-01`;
  throw FundingErrors.INVALID_FROM_PERIOD({ period });
}

export type FundingLevel = 'county' | 'city' | 'province';

/**
 * Where shares for a division are looked for, in order: the division's own stream, then its city
 * (first 4 digits + 00), then its province (first 2 digits + 0000). A city or province code is its
 * own first step, so the chain has no repeats.
 */
export function fundingLookupChain(divisionCode: string): { divisionCode: string; level: FundingLevel }[] {
  const city = `${divisionCode.slice(0, 4)}00`;
  const province = `${divisionCode.slice(0, 2)}0000`;
  const chain: { divisionCode: string; level: FundingLevel }[] = [];
  if (divisionCode !== city) chain.push({ divisionCode, level: 'county' });
  if (city !== province) chain.push({ divisionCode: city, level: 'city' });
  chain.push({ divisionCode: province, level: 'province' });
  return chain;
}

export interface ResolvedFundingShares {
  publication: FundingPublication;
  /** The division whose stream the shares came from, and its level. */
  divisionCode: string;
  level: FundingLevel;
  streamId: string;
}

/**
 * Walks the chain: the first division (own, city, province) whose stream has shares in force for the
 * period. None anywhere → FUNDING_SHARES_MISSING.
 */
export function resolveSharesInForce(
  benefit: BenefitId,
  divisionCode: string,
  period: string,
  stateOf: (divisionCode: string) => FundingState,
): ResolvedFundingShares {
  const chain = fundingLookupChain(divisionCode);
  for (const step of chain) {
    const publication = sharesInForce(stateOf(step.divisionCode), period);
    if (publication) return { publication, divisionCode: step.divisionCode, level: step.level, streamId: fundingStreamId(benefit, step.divisionCode) };
  }
  throw FundingErrors.FUNDING_SHARES_MISSING({ benefit, divisionCode, period, searched: chain.map((s) => fundingStreamId(benefit, s.divisionCode)) });
}
