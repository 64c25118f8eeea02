import type { EventStore } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import { ACCOUNTS, ACCOUNTS_PROJECTION, type AccountDoc } from '../accounts/accounts.projection';
import type { AccountsHandler } from '../accounts/accounts.handler';
import type { FundingHandler } from '../funding/funding.handler';
import { claimPersonPeriods } from '../payments/person-claims';
import type { AccountLookup, PersonClaims } from '../runs/run-ports';
import type { AccountVersions, OpenAccounts, SharesFor } from './envelope.handler';

/**
 * The real ports of the finance steps: claims on the event store, accounts from the accounts read
 * model (usable + version; the clear account only through the vault for the bank file), funding
 * shares from the funding streams. Wired by the controllers, replaced in unit tests.
 */
export function personClaims(store: EventStore): PersonClaims {
  return (payments, meta) =>
    claimPersonPeriods(
      store,
      payments.map((p) => ({ paymentStreamId: p.paymentStreamId, caseId: p.caseId, personRef: p.personRef, benefit: p.benefit, periodKey: p.periodKey })),
      meta,
    );
}

export function accountLookup(readModels: ReadModels): AccountLookup & AccountVersions {
  const lookup = async (personRefs: readonly string[]) => {
    const out = new Map<string, { usable: boolean; accountVersion: number | null }>();
    const unique = [...new Set(personRefs)];
    if (unique.length === 0) return out;
    // As the read model is: callers `sync` once before a batch of lookups (a run, a return import).
    const accounts = (await readModels.view(ACCOUNTS_PROJECTION)).collection<AccountDoc>(ACCOUNTS);
    for (let i = 0; i < unique.length; i += 1000) {
      const page = await accounts.find({ filter: { personRef: { in: unique.slice(i, i + 1000) } }, limit: 1000 });
      for (const doc of page.items) out.set(doc.personRef, { usable: doc.usable, accountVersion: doc.accountVersion });
    }
    return out;
  };
  return Object.assign(lookup, {
    sync: async () => {
      await readModels.fresh(ACCOUNTS_PROJECTION);
    },
  });
}

export function openAccounts(accounts: AccountsHandler): OpenAccounts {
  return (personRefs, access) => accounts.openForExport(personRefs, access);
}

export function fundingShares(funding: FundingHandler): SharesFor {
  return async (benefit, divisionCode, runPeriod) => {
    try {
      const resolved = await funding.resolve(benefit as never, divisionCode, runPeriod);
      return resolved.publication.shares;
    } catch (error) {
      if ((error as { code?: string }).code === 'FUNDING_SHARES_MISSING') return null;
      throw error;
    }
  };
}
