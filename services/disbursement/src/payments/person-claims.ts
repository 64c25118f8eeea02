import { parsePeriodKey, type Actor, type EventEnvelope } from '@benefits/kernel';
import type { EventStore, StreamCreate } from '@benefits/event-store';
import { isDisbursedBenefit, type BenefitId } from '../entitlements/entitlement';

/**
 * One person, one payment per benefit and period, across cases (ADR 0011, "One person, one payment
 * per benefit and period"). A payment's key is (case, beneficiary, period), so the same person
 * entered in two cases of one benefit would be paid twice. Before a page's payments are created,
 * each regular payment claims its (benefit, personRef, period) on a claim stream
 *
 *   personperiod-<benefit>-<personRef>-<periodKey>
 *
 * created once, with `createIfAbsent` (expected revision `no_stream`), holding one event
 *
 *   disbursement.PersonPeriodClaimed.v1 { benefit, personRef, periodKey, caseId, paymentStreamId }
 *
 * The payment named in the claim holds the person-period; any other payment for it is created
 * **held** (`DUPLICATE_PERSON`, `claimedBy` = the holder) and is never exported until a recorded
 * decision. The store creates each stream exactly once, so of two runs racing for a person-period
 * exactly one wins; a page done again after a crash finds its own claims (same paymentStreamId) and
 * they are not held: the same claim, made again.
 *
 * Which payments claim: regular payments and the instalments of a staged grant (each instalment is
 * its own period, `I<series>-<n>of<m>`). Arrears (补发) and recovery (追缴) adjustments
 * (`…-adj<version>`) and follow-ups of a failed or reversed payment (`…-fu<n>`) do not claim: they
 * settle or repeat the original payment of that period and belong to the original's claim (a held
 * original's adjustments follow its hold decision). `claimPersonPeriods` refuses their ids.
 *
 * A claim is never released: cancelling the holder does not hand the period to the held payment by
 * itself; releasing a held payment is the recorded decision (ADR 0011) that pays it.
 *
 * 临时救助: its periods are per grant — a one-off is `O<date>` (the approval date) and an instalment
 * `I<caseId>-<n>of<m>` (the series is the case) — so two cases' grants to one person collide here
 * only when two one-offs fall on the same date. Against a person in two 临时救助 cases the guard is in
 * applications (one undecided case per person, 一事一救); here only the same-date case is caught.
 */

export const PERSON_PERIOD_CLAIMED = 'disbursement.PersonPeriodClaimed.v1';
export const PERSON_PERIOD_STREAM_PREFIX = 'personperiod-';

export interface PersonPeriodClaimed {
  benefit: BenefitId;
  personRef: string;
  periodKey: string;
  caseId: string;
  paymentStreamId: string;
}

/** A payment about to be created, as far as its claim is concerned. */
export interface PaymentToClaim {
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  benefit: BenefitId;
  periodKey: string;
}

export type ClaimOutcome = { held: false } | { held: true; claimedBy: string; claimedByCase: string };

export interface ClaimMeta {
  correlationId: string;
  actor: Actor | null;
  causationId?: string | null;
}

/** Ids go into stream names: letters, digits, `-` and `_` only (a personRef is a UUID). */
const SAFE_PART = /^[A-Za-z0-9_-]+$/;
/** Adjustment (`-adj<n>`) and follow-up (`-fu<n>`) payment streams: they belong to the original's claim. */
const NOT_A_CLAIMING_PAYMENT = /-(adj|fu)[1-9]\d*$/;
/** Existing claims read at a time. */
const READ_CHUNK = 50;

/** The claim stream of one (benefit, person, period). Pure; refuses anything that is not a stream-id part. */
export function claimKey(benefit: BenefitId, personRef: string, periodKey: string): string {
  if (!isDisbursedBenefit(benefit)) throw new RangeError(`not a benefit: ${String(benefit)}`);
  if (typeof personRef !== 'string' || !SAFE_PART.test(personRef)) throw new RangeError('personRef is not a stream-id part');
  parsePeriodKey(periodKey); // INVALID_PERIOD unless a period key
  return `${PERSON_PERIOD_STREAM_PREFIX}${benefit}-${personRef}-${periodKey}`;
}

/**
 * Claims each payment's (benefit, person, period): one `createIfAbsent` for the whole batch, then
 * one read of each claim that already existed. Returns, per paymentStreamId, whether the payment
 * is held and by which payment. Within one batch, two payments of the same person-period: the
 * first listed claims, the later ones are held by it. Throws (nothing decided) if the store fails;
 * calling again with the same batch gives the same answer (idempotent).
 */
export async function claimPersonPeriods(
  store: EventStore,
  payments: readonly PaymentToClaim[],
  meta: ClaimMeta,
): Promise<Map<string, ClaimOutcome>> {
  const outcomes = new Map<string, ClaimOutcome>();
  // The first payment listed per claim stream is the one that tries to create it.
  const claimants = new Map<string, PaymentToClaim>();
  const seen = new Map<string, string>();
  for (const payment of payments) {
    if (NOT_A_CLAIMING_PAYMENT.test(payment.paymentStreamId)) {
      throw new RangeError(`${payment.paymentStreamId} is an adjustment or a follow-up: it belongs to the original payment's claim`);
    }
    const streamId = claimKey(payment.benefit, payment.personRef, payment.periodKey);
    const earlier = seen.get(payment.paymentStreamId);
    if (earlier !== undefined && earlier !== streamId) throw new RangeError(`${payment.paymentStreamId} listed twice for different person-periods`);
    seen.set(payment.paymentStreamId, streamId);
    if (!claimants.has(streamId)) claimants.set(streamId, payment);
  }
  if (claimants.size === 0) return outcomes;

  const creates: StreamCreate[] = [...claimants].map(([streamId, p]) => ({
    streamId,
    events: [
      {
        type: PERSON_PERIOD_CLAIMED,
        data: { benefit: p.benefit, personRef: p.personRef, periodKey: p.periodKey, caseId: p.caseId, paymentStreamId: p.paymentStreamId } satisfies PersonPeriodClaimed,
        metadata: { correlationId: meta.correlationId, causationId: meta.causationId ?? null, actor: meta.actor, schemaVersion: 1 },
      },
    ],
  }));
  const created = await store.createIfAbsent(creates);

  const holders = new Map<string, PersonPeriodClaimed>();
  created.forEach((outcome, i) => {
    if (outcome.outcome === 'created') holders.set(creates[i].streamId, creates[i].events[0].data as PersonPeriodClaimed);
  });
  const existed = created.filter((o) => o.outcome === 'existed').map((o) => o.streamId);
  for (let i = 0; i < existed.length; i += READ_CHUNK) {
    const chunk = existed.slice(i, i + READ_CHUNK);
    const firsts = await Promise.all(chunk.map((streamId) => store.readStream(streamId, { maxCount: 1 })));
    chunk.forEach((streamId, j) => holders.set(streamId, claimOf(streamId, firsts[j])));
  }

  for (const payment of payments) {
    const holder = holders.get(seen.get(payment.paymentStreamId)!)!;
    outcomes.set(
      payment.paymentStreamId,
      holder.paymentStreamId === payment.paymentStreamId ? { held: false } : { held: true, claimedBy: holder.paymentStreamId, claimedByCase: holder.caseId },
    );
  }
  return outcomes;
}

/** The claim recorded on an existing claim stream. */
function claimOf(streamId: string, events: readonly EventEnvelope[]): PersonPeriodClaimed {
  const first = events[0];
  if (!first || first.type !== PERSON_PERIOD_CLAIMED) throw new Error(`${streamId} exists but holds no ${PERSON_PERIOD_CLAIMED}`);
  return first.data as PersonPeriodClaimed;
}
