import { Errors, fold, isDomainError, type Actor, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { BenefitId } from '../entitlements/entitlement';
import type { CommandContext } from '../disbursement.handlers';
import type { FundingShares } from './allocate';
import {
  FUNDING_SHARES_PUBLISHED,
  fundingDecider,
  fundingLookupChain,
  fundingStreamId,
  resolveSharesInForce,
  type FundingLevel,
  type FundingPublication,
  type FundingSharesPublished,
  type FundingSharesPublishedData,
  type FundingState,
  type ResolvedFundingShares,
} from './funding';

/** A publication as recorded: the decider's view plus who published it and when. */
export interface RecordedFundingPublication extends FundingPublication {
  revision: number;
  recordedAt: string;
  publishedBy: Actor | null;
}

export interface PublishFundingSharesResult {
  streamId: string;
  /** The stream revision of the publication in force for this fromPeriod (the new one, or the identical earlier one). */
  revision: number;
  /** False when the same publication was already in force for this fromPeriod (nothing was written). */
  recorded: boolean;
  /** True when it replaced an earlier publication for the same fromPeriod. */
  correction: boolean;
  publication: RecordedFundingPublication;
}

export interface FundingSharesView {
  benefit: BenefitId;
  divisionCode: string;
  period: string;
  inForce: {
    publication: RecordedFundingPublication;
    /** Where the shares came from: the division itself, its city or its province. */
    from: { divisionCode: string; level: FundingLevel; streamId: string };
  };
  /** Every publication of each division searched (own, city, province), oldest first. */
  history: { divisionCode: string; level: FundingLevel; streamId: string; publications: RecordedFundingPublication[] }[];
}

/** Read, decide, append around the funding decider; the rules are in funding.ts. */
export class FundingHandler {
  constructor(private readonly store: EventStore) {}

  async publish(data: FundingSharesPublishedData, context: CommandContext): Promise<PublishFundingSharesResult> {
    const streamId = fundingStreamId(data.benefit, data.divisionCode);
    const history = await this.store.readStream(streamId);
    const state = fold(fundingDecider, history.map(asPublished));
    const events = fundingDecider.decide({ type: 'PublishFundingShares', data, metadata: { now: context.now, ...(context.actor ? { actor: context.actor } : {}) } }, state);
    if (events.length === 0) {
      const recorded = withEnvelopes(state, history);
      const same = [...recorded].reverse().find((p) => p.fromPeriod === data.fromPeriod)!;
      return { streamId, revision: same.revision, recorded: false, correction: same.correction, publication: same };
    }
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    try {
      await this.store.appendToStream(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { correlationId: context.correlationId, causationId: null, actor: context.actor, schemaVersion: 1 },
        })),
        { expectedRevision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'the funding shares were published meanwhile; read them and publish again' });
      throw error;
    }
    const after = await this.store.readStream(streamId);
    const recorded = withEnvelopes(fold(fundingDecider, after.map(asPublished)), after);
    const publication = recorded[recorded.length - 1];
    return { streamId, revision: publication.revision, recorded: true, correction: publication.correction, publication };
  }

  /** Every publication on one division's stream. */
  async history(benefit: BenefitId, divisionCode: string): Promise<RecordedFundingPublication[]> {
    const events = await this.store.readStream(fundingStreamId(benefit, divisionCode));
    return withEnvelopes(fold(fundingDecider, events.map(asPublished)), events);
  }

  /** The state of each stream on the lookup chain (own, city, province). */
  async chainStates(benefit: BenefitId, divisionCode: string): Promise<Map<string, { state: FundingState; recorded: RecordedFundingPublication[] }>> {
    const out = new Map<string, { state: FundingState; recorded: RecordedFundingPublication[] }>();
    for (const step of fundingLookupChain(divisionCode)) {
      const events = await this.store.readStream(fundingStreamId(benefit, step.divisionCode));
      const state = fold(fundingDecider, events.map(asPublished));
      out.set(step.divisionCode, { state, recorded: withEnvelopes(state, events) });
    }
    return out;
  }

  /** The shares in force for a division and month (own stream, else city, else province), or FUNDING_SHARES_MISSING. */
  async resolve(benefit: BenefitId, divisionCode: string, period: string): Promise<ResolvedFundingShares> {
    const states = await this.chainStates(benefit, divisionCode);
    return resolveSharesInForce(benefit, divisionCode, period, (code) => states.get(code)?.state ?? fundingDecider.initialState());
  }

  /**
   * For reconciliation: resolves the shares once per (benefit, division, run period) given, and
   * returns the synchronous `sharesFor` the accumulator takes. Null for a scope with no shares in
   * force (its net settled is reported unallocated) and for a scope not given here.
   */
  async sharesForScopes(scopes: readonly FundingScope[]): Promise<(doc: FundingScope) => FundingShares | null> {
    const streams = new Map<string, FundingState>();
    const stateOf = async (benefit: BenefitId, divisionCode: string) => {
      const streamId = fundingStreamId(benefit, divisionCode);
      if (!streams.has(streamId)) streams.set(streamId, fold(fundingDecider, (await this.store.readStream(streamId)).map(asPublished)));
      return streams.get(streamId)!;
    };
    const resolved = new Map<string, FundingShares | null>();
    for (const scope of scopes) {
      const key = scopeKey(scope);
      if (resolved.has(key)) continue;
      for (const step of fundingLookupChain(scope.divisionCode)) await stateOf(scope.benefit, step.divisionCode);
      try {
        const found = resolveSharesInForce(scope.benefit, scope.divisionCode, scope.runPeriod, (code) => streams.get(fundingStreamId(scope.benefit, code)) ?? fundingDecider.initialState());
        resolved.set(key, found.publication.shares);
      } catch (error) {
        if (isDomainError(error, 'FUNDING_SHARES_MISSING')) resolved.set(key, null);
        else throw error;
      }
    }
    return (doc) => resolved.get(scopeKey(doc)) ?? null;
  }

  async view(benefit: BenefitId, divisionCode: string, period: string): Promise<FundingSharesView> {
    const states = await this.chainStates(benefit, divisionCode);
    const resolved = resolveSharesInForce(benefit, divisionCode, period, (code) => states.get(code)?.state ?? fundingDecider.initialState());
    const recordedFrom = states.get(resolved.divisionCode)!.recorded;
    return {
      benefit,
      divisionCode,
      period,
      inForce: {
        publication: recordedFrom[resolved.publication.sequence],
        from: { divisionCode: resolved.divisionCode, level: resolved.level, streamId: resolved.streamId },
      },
      history: fundingLookupChain(divisionCode).map((step) => ({
        divisionCode: step.divisionCode,
        level: step.level,
        streamId: fundingStreamId(benefit, step.divisionCode),
        publications: states.get(step.divisionCode)?.recorded ?? [],
      })),
    };
  }
}

/** What the shares of a payment depend on: its benefit, its division and its run period (yyyy-mm or yyyy). */
export interface FundingScope {
  benefit: BenefitId;
  divisionCode: string;
  runPeriod: string;
}

const scopeKey = (s: FundingScope) => `${s.benefit}|${s.divisionCode}|${s.runPeriod}`;

function withEnvelopes(state: FundingState, events: readonly EventEnvelope[]): RecordedFundingPublication[] {
  return state.history.map((p) => {
    const event = events[p.sequence];
    return { ...p, revision: event.streamRevision, recordedAt: event.recordedAt, publishedBy: event.metadata.actor };
  });
}

function asPublished(event: EventEnvelope): FundingSharesPublished {
  if (event.type !== FUNDING_SHARES_PUBLISHED) throw new Error(`unexpected event ${event.type} in ${event.streamId}`);
  return { type: FUNDING_SHARES_PUBLISHED, data: event.data as FundingSharesPublishedData };
}
