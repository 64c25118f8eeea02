import type { EventEnvelope } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import { ACCOUNT_CLOSED, ACCOUNT_EVENT_TYPES, type AccountEventData, type CardType } from './account';

/**
 * The beneficiaries' accounts as finance reads them: per personRef, whether a usable account is on
 * file, its version, bank code, card type and masked number — and its sealed record, which only
 * the vault can open (the bank-file export does, `AccountsHandler.openForExport`). The ciphertext
 * in the read model is erased with the person's key like everywhere else (ADR 0003).
 */
export const ACCOUNTS_PROJECTION = 'disbursement.accounts';

/** `personRef` is declared so an export page finds up to 1000 persons with one `in` query. */
export const ACCOUNTS: CollectionSchema = {
  name: 'disb-accounts',
  fields: { personRef: 'string', usable: 'boolean', divisionCode: 'string' },
};

export interface AccountDoc {
  [key: string]: unknown;
  personRef: string;
  /** An open account is on file (false once closed). */
  usable: boolean;
  accountVersion: number;
  bankCode: string;
  masked: string;
  cardType: CardType;
  sealed: SealedPersonalData;
  /** The division the account was last recorded, changed or closed for (access scope of reads). */
  divisionCode: string;
  /** The account stream's revision applied last (a redelivered or older event changes nothing). */
  revision: number;
  /** Recorded time of that event. */
  updatedAt: string;
}

/** Pure: the document after one account event. */
export function withAccountEvent(doc: AccountDoc | null, event: Pick<EventEnvelope, 'type' | 'data' | 'streamRevision' | 'recordedAt'>): AccountDoc {
  if (doc && doc.revision >= event.streamRevision) return doc;
  const data = event.data as AccountEventData;
  return {
    personRef: data.personRef,
    usable: event.type !== ACCOUNT_CLOSED,
    accountVersion: data.accountVersion,
    bankCode: data.bankCode,
    masked: data.masked,
    cardType: data.cardType,
    sealed: data.sealed,
    divisionCode: data.divisionCode,
    revision: event.streamRevision,
    updatedAt: event.recordedAt,
  };
}

export function accountsProjection(): Projection {
  return {
    name: ACCOUNTS_PROJECTION,
    collections: [ACCOUNTS],
    handles: (event) => event.streamId.startsWith('account-') && ACCOUNT_EVENT_TYPES.includes(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const data = event.data as Partial<AccountEventData>;
      if (typeof data.personRef !== 'string' || event.streamId !== `account-${data.personRef}`) return;
      const accounts = session.collection<AccountDoc>(ACCOUNTS);
      const before = await accounts.get(data.personRef);
      const after = withAccountEvent(before, event);
      if (after !== before) await accounts.upsert(data.personRef, after);
    },
  };
}
