import { Errors, fold, type Actor, type EventEnvelope } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { PersonalDataAccess, PersonalDataPurpose, PersonalDataVault } from '@benefits/identity';
import type { ReadModels } from '@benefits/read-store';
import type { CommandContext } from '../disbursement.handlers';
import {
  accountDecider,
  accountFingerprintOf,
  accountFromOpened,
  accountStreamId,
  isPersonRef,
  normalizeAccount,
  normalizeEvidence,
  sameAccount,
  sealedFieldsOf,
  type AccountCommand,
  type AccountEvent,
  type AccountEvidence,
  type AccountFields,
  type AccountState,
  type CardType,
  type OpenedAccount,
} from './account';
import { AccountErrors } from './accounts.errors';
import { ACCOUNTS, ACCOUNTS_PROJECTION, type AccountDoc } from './accounts.projection';

/** The clear account of one person, for the bank file only. */
export interface ExportAccount {
  accountVersion: number;
  bankCode: string;
  bankName: string;
  accountNumber: string;
  holderName: string;
  cardType: string;
}

/** Why a person has no account to pay into: none recorded, closed, or erased (key destroyed). */
export interface UnusableAccount {
  unusable: 'ACCOUNT_MISSING' | 'ACCOUNT_CLOSED' | 'ERASED';
}

export type ExportAccountResult = ExportAccount | UnusableAccount;

export const isUnusable = (result: ExportAccountResult): result is UnusableAccount => 'unusable' in result;

/** Persons per read-model query and per vault batch in `openForExport` (the read store's page limit). */
export const EXPORT_BATCH = 1000;

/** What PUT /disbursement/accounts/{personRef} carries (the account in clear, as typed). */
export interface AccountRequest {
  divisionCode: string;
  account: Partial<Record<keyof AccountFields, unknown>>;
  evidence: AccountEvidence;
  reason?: string;
}

export interface CloseAccountRequest {
  divisionCode: string;
  evidence: AccountEvidence;
  reason: string;
}

/** The account as finance and audit see it: never the number or the name in clear. */
export interface AccountView {
  personRef: string;
  usable: boolean;
  accountVersion: number;
  bankCode: string;
  masked: string;
  cardType: CardType;
  divisionCode: string;
  updatedAt: string;
}

export interface AccountWriteResult {
  personRef: string;
  /** `unchanged`: the same account was already on file; nothing was written. */
  outcome: 'recorded' | 'changed' | 'unchanged' | 'closed';
  accountVersion: number;
  usable: boolean;
  bankCode: string;
  masked: string;
  cardType: CardType;
}

/**
 * Who opens personal data for a command, and why (the vault logs it). A command without a verified
 * caller has no reader: the vault refuses to open anything for it.
 */
export function vaultAccess(context: Pick<CommandContext, 'actor' | 'correlationId'>, purpose: PersonalDataPurpose): PersonalDataAccess {
  return { actor: context.actor as Actor, purpose, correlationId: context.correlationId };
}

/** Checks the caller may act for a division (throws); given the division an existing account was recorded for. */
export type DivisionCheck = (divisionCode: string) => void;

/**
 * The I/O around the account decider: read the stream, open the current account and seal the new
 * one with the vault, decide, append. Reads go to the `disb-accounts` read model. The clear account
 * leaves this class only through `openForExport`.
 */
export class AccountsHandler {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly vault: () => Promise<PersonalDataVault>,
  ) {}

  /** Records the person's account, or changes the open one (reason required then); the same account again writes nothing. */
  async put(personRef: string, request: AccountRequest, context: CommandContext, mayActFor?: DivisionCheck): Promise<AccountWriteResult> {
    if (!isPersonRef(personRef)) throw AccountErrors.INVALID_PERSON_REF({ personRef });
    // Bad input is refused before anything is opened, sealed or written.
    const account = normalizeAccount(request.account);
    normalizeEvidence(request.evidence);
    const { history, state } = await this.load(personRef);
    if (state.status === 'open' && state.divisionCode) mayActFor?.(state.divisionCode);
    const vault = await this.vault();
    const current = await this.openCurrent(vault, state, vaultAccess(context, 'account-maintenance'));
    const same = current !== null && sameAccount(current.fields, account);
    const sealed = same ? state.current!.sealed : await vault.seal(personRef, sealedFieldsOf(account));
    const accountFingerprint = accountFingerprintOf(vault, account);
    const data = { personRef, divisionCode: request.divisionCode, account, sealed, evidence: request.evidence, reason: request.reason, current, accountFingerprint };
    const command: AccountCommand =
      state.status === 'open' ? { type: 'ChangeAccount', data, metadata: { now: context.now } } : { type: 'RecordAccount', data, metadata: { now: context.now } };
    const events = accountDecider.decide(command, state);
    await this.append(personRef, history, events, context);
    const after = fold(accountDecider, events, state);
    const outcome = events.length === 0 ? 'unchanged' : command.type === 'ChangeAccount' ? 'changed' : 'recorded';
    return this.result(personRef, outcome, after);
  }

  /** Closes the person's open account (evidence and reason required). */
  async close(personRef: string, request: CloseAccountRequest, context: CommandContext, mayActFor?: DivisionCheck): Promise<AccountWriteResult> {
    if (!isPersonRef(personRef)) throw AccountErrors.INVALID_PERSON_REF({ personRef });
    const { history, state } = await this.load(personRef);
    if (state.status === 'open' && state.divisionCode) mayActFor?.(state.divisionCode);
    const events = accountDecider.decide({ type: 'CloseAccount', data: { personRef, ...request }, metadata: { now: context.now } }, state);
    await this.append(personRef, history, events, context);
    return this.result(personRef, 'closed', fold(accountDecider, events, state));
  }

  /** The person's account, masked, from the read model after it has applied everything committed before the call; null if none was recorded. */
  async read(personRef: string): Promise<AccountView | null> {
    if (!isPersonRef(personRef)) throw AccountErrors.INVALID_PERSON_REF({ personRef });
    const view = await this.readModels.fresh(ACCOUNTS_PROJECTION);
    const doc = await view.collection<AccountDoc>(ACCOUNTS).get(personRef);
    if (!doc) return null;
    const { usable, accountVersion, bankCode, masked, cardType, divisionCode, updatedAt } = doc;
    return { personRef, usable, accountVersion, bankCode, masked, cardType, divisionCode, updatedAt };
  }

  /**
   * The bank-file export's accounts: for each personRef (duplicates once), the clear account and its
   * version, or why there is none. Reads the read model (after it has caught up with everything
   * committed before the call) with one `in` query per 1000 persons and opens their sealed records
   * with one vault key lookup per batch — never a stream read per person. A person whose key was
   * destroyed is ERASED, never their old number. The only way out of this service for the clear
   * account: the caller must not log it. Each person read is in the vault's access log under `access`.
   */
  async openForExport(personRefs: readonly string[], access: PersonalDataAccess): Promise<Map<string, ExportAccountResult>> {
    const result = new Map<string, ExportAccountResult>();
    const unique = [...new Set(personRefs)];
    if (unique.length === 0) return result;
    const view = await this.readModels.fresh(ACCOUNTS_PROJECTION);
    const accounts = view.collection<AccountDoc>(ACCOUNTS);
    const vault = await this.vault();
    for (let start = 0; start < unique.length; start += EXPORT_BATCH) {
      const batch = unique.slice(start, start + EXPORT_BATCH);
      const known = batch.filter(isPersonRef);
      const docs = new Map<string, AccountDoc>();
      if (known.length > 0) {
        const page = await accounts.find({ filter: { personRef: { in: known } }, limit: EXPORT_BATCH });
        for (const doc of page.items) docs.set(doc.personRef, doc);
      }
      const usable = [...docs.values()].filter((doc) => doc.usable);
      const opened = await vault.openMany(usable.map((doc) => doc.sealed), access);
      const clear = new Map(usable.map((doc, i) => [doc.personRef, { doc, opened: opened[i] }]));
      for (const personRef of batch) {
        const doc = docs.get(personRef);
        if (!doc) {
          result.set(personRef, { unusable: 'ACCOUNT_MISSING' });
          continue;
        }
        if (!doc.usable) {
          result.set(personRef, { unusable: 'ACCOUNT_CLOSED' });
          continue;
        }
        const { opened: record } = clear.get(personRef)!;
        if (record.erased) {
          result.set(personRef, { unusable: 'ERASED' });
          continue;
        }
        const fields = accountFromOpened(record.fields);
        if (!fields) throw Errors.INTERNAL_ERROR({ personRef, reason: 'the sealed account record does not hold an account' });
        result.set(personRef, { accountVersion: doc.accountVersion, ...fields });
      }
    }
    return result;
  }

  private async load(personRef: string): Promise<{ history: EventEnvelope[]; state: AccountState }> {
    const history = await this.store.readStream(accountStreamId(personRef));
    return { history, state: fold(accountDecider, history.map((e) => ({ type: e.type, data: e.data }) as AccountEvent)) };
  }

  /** The current open account in clear (null when there is none, or the person's key was destroyed). */
  private async openCurrent(vault: PersonalDataVault, state: AccountState, access: PersonalDataAccess): Promise<OpenedAccount | null> {
    if (state.status !== 'open' || !state.current) return null;
    const opened = await vault.open(state.current.sealed, access);
    if (opened.erased) return null;
    const fields = accountFromOpened(opened.fields);
    return fields ? { accountVersion: state.accountVersion, fields } : null;
  }

  private async append(personRef: string, history: EventEnvelope[], events: AccountEvent[], context: CommandContext): Promise<void> {
    if (events.length === 0) return;
    const streamId = accountStreamId(personRef);
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
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'the account changed meanwhile; send the request again' });
      throw error;
    }
  }

  private result(personRef: string, outcome: AccountWriteResult['outcome'], state: AccountState): AccountWriteResult {
    const current = state.current!;
    return { personRef, outcome, accountVersion: state.accountVersion, usable: state.status === 'open', bankCode: current.bankCode, masked: current.masked, cardType: current.cardType };
  }
}
