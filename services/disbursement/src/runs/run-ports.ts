import type { Actor, NewEvent } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import type { PaymentCreatedData } from '../entitlements/entitlement';

/**
 * What a run asks of the rest of the service while it makes a page of payments, as functions so the
 * run does not depend on how claims and accounts are kept.
 */

/** Claims (benefit, person, period) for regular payments; a payment whose claim another payment holds comes back `held`. */
export type PersonClaims = (
  payments: readonly PaymentCreatedData[],
  meta: { correlationId: string; actor: Actor | null },
) => Promise<Map<string, { held: false } | { held: true; claimedBy: string; claimedByCase: string }>>;

/**
 * Per personRef: whether a usable 一卡通 account is on record, and its version. `sync` waits until
 * every account committed before the call is visible (a run calls it once, not per page).
 */
export type AccountLookup = ((personRefs: readonly string[]) => Promise<Map<string, { usable: boolean; accountVersion: number | null }>>) & { sync?: () => Promise<void> };

/** Creates the stream with these events unless it exists (then nothing). */
export async function createIfAbsentOnce(store: EventStore, streamId: string, events: NewEvent[]): Promise<boolean> {
  const [outcome] = await store.createIfAbsent([{ streamId, events }]);
  return outcome.outcome === 'created';
}
