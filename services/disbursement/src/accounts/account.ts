import { Errors, assertNever, type Command, type CommandMetadata, type Decider, type DomainEvent } from '@benefits/kernel';
import { isSealedPersonalData, type SealedPersonalData } from '@benefits/identity';
import { AccountErrors } from './accounts.errors';

/**
 * A beneficiary's 惠民惠农财政补贴资金"一卡通" account (ADR 0011, "Accounts"): one stream per person,
 * `account-<personRef>`. The account itself (bank code, bank name, account number, holder name,
 * card type) travels only sealed by the personal-data vault; an event carries in clear what is not
 * personal or does not identify the account: the bank code, the card type and a masked number
 * (last four digits). Pure: sealing and opening are the handler's I/O, done before `decide`.
 *
 * Rules
 * - account number: digits only, 8–30 of them; spaces and hyphens typed between groups are removed.
 * - holder name (户名): 1–50 characters after trimming.
 * - bank code: 3–12 digits or capital letters after trimming and upper-casing — wide enough for the
 *   3-digit 行别代码 (102, 103, …), the 12-digit 联行号 (CNAPS) and letter codes some provinces use
 *   for their 一卡通 banks (e.g. RCC); the bank file layout decides which one a bank wants.
 * - bank name: 1–60 characters. Card type: 社保卡 | 银行卡.
 * - evidence: a kind from EVIDENCE_KINDS and a reference (1–100 characters), an optional note.
 * - a change or a closure needs a reason; recording the first account does not.
 * - a change (or a record) to the same account as the current one records nothing, and needs no
 *   reason; the evidence and reason of such a request are not recorded either.
 * - a closed account can be neither changed nor closed again; a new account is recorded instead,
 *   as the next account version.
 */

export const ACCOUNT_RECORDED = 'disbursement.AccountRecorded.v1';
export const ACCOUNT_CHANGED = 'disbursement.AccountChanged.v1';
export const ACCOUNT_CLOSED = 'disbursement.AccountClosed.v1';
export const ACCOUNT_EVENT_TYPES: readonly string[] = [ACCOUNT_RECORDED, ACCOUNT_CHANGED, ACCOUNT_CLOSED];

export const CARD_TYPES = ['社保卡', '银行卡'] as const;
export type CardType = (typeof CARD_TYPES)[number];

/** What an officer files as the basis of a record, change or closure. */
export const EVIDENCE_KINDS = ['银行开户回执', '社保卡', '本人申请', '银行销户回执', '其他书面材料'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface AccountEvidence {
  kind: EvidenceKind;
  /** The document's number or file reference (not the account number). */
  reference: string;
  note?: string;
}

/** The account in clear: only in commands and in what the vault opens, never in an event. */
export interface AccountFields {
  bankCode: string;
  bankName: string;
  accountNumber: string;
  holderName: string;
  cardType: CardType;
}

const PERSON_REF = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DIVISION = /^\d{6}$/;
const BANK_CODE = /^[0-9A-Z]{3,12}$/;
const ACCOUNT_NUMBER = /^\d{8,30}$/;
const MAX_HOLDER_NAME = 50;
const MAX_BANK_NAME = 60;
const MAX_REFERENCE = 100;
const MAX_TEXT = 500;

export const isPersonRef = (value: unknown): value is string => typeof value === 'string' && PERSON_REF.test(value);

export function accountStreamId(personRef: string): string {
  return `account-${personRef}`;
}

const chars = (text: string) => [...text].length;

/** The last four digits shown, the rest as `*`: `6217000012341234` → `************1234`. */
export function maskAccountNumber(accountNumber: string): string {
  return '*'.repeat(Math.max(0, accountNumber.length - 4)) + accountNumber.slice(-4);
}

/** Validates and normalises an account as typed by an officer; throws the typed error of the first field that is wrong. */
export function normalizeAccount(input: Partial<Record<keyof AccountFields, unknown>>): AccountFields {
  const accountNumber = typeof input.accountNumber === 'string' ? input.accountNumber.replace(/[\s-]/g, '') : '';
  if (!ACCOUNT_NUMBER.test(accountNumber)) throw AccountErrors.ACCOUNT_NUMBER_INVALID({ field: 'accountNumber' });
  const holderName = typeof input.holderName === 'string' ? input.holderName.trim() : '';
  if (holderName === '' || chars(holderName) > MAX_HOLDER_NAME) throw AccountErrors.ACCOUNT_HOLDER_NAME_INVALID({ field: 'holderName', max: MAX_HOLDER_NAME });
  const bankCode = typeof input.bankCode === 'string' ? input.bankCode.trim().toUpperCase() : '';
  if (!BANK_CODE.test(bankCode)) throw AccountErrors.ACCOUNT_BANK_CODE_INVALID({ field: 'bankCode' });
  const bankName = typeof input.bankName === 'string' ? input.bankName.trim() : '';
  if (bankName === '' || chars(bankName) > MAX_BANK_NAME) throw AccountErrors.ACCOUNT_BANK_NAME_INVALID({ field: 'bankName', max: MAX_BANK_NAME });
  const cardType = input.cardType;
  if (!CARD_TYPES.includes(cardType as CardType)) throw AccountErrors.ACCOUNT_CARD_TYPE_INVALID({ field: 'cardType', allowed: CARD_TYPES });
  return { bankCode, bankName, accountNumber, holderName, cardType: cardType as CardType };
}

/** Validates and normalises the evidence (ACCOUNT_EVIDENCE_REQUIRED when absent or incomplete). */
export function normalizeEvidence(input: unknown): AccountEvidence {
  const e = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof AccountEvidence, unknown>>;
  const kind = e.kind as EvidenceKind;
  if (!EVIDENCE_KINDS.includes(kind)) throw AccountErrors.ACCOUNT_EVIDENCE_REQUIRED({ field: 'evidence.kind', allowed: EVIDENCE_KINDS });
  const reference = typeof e.reference === 'string' ? e.reference.trim() : '';
  if (reference === '' || chars(reference) > MAX_REFERENCE) throw AccountErrors.ACCOUNT_EVIDENCE_REQUIRED({ field: 'evidence.reference', max: MAX_REFERENCE });
  if (e.note !== undefined && (typeof e.note !== 'string' || chars(e.note) > MAX_TEXT)) {
    throw AccountErrors.ACCOUNT_EVIDENCE_REQUIRED({ field: 'evidence.note', max: MAX_TEXT });
  }
  const note = typeof e.note === 'string' ? e.note.trim() : '';
  return note === '' ? { kind, reference } : { kind, reference, note };
}

function normalizeReason(reason: unknown, required: boolean): string | undefined {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (chars(text) > MAX_TEXT) throw AccountErrors.ACCOUNT_REASON_REQUIRED({ field: 'reason', max: MAX_TEXT });
  if (text === '') {
    if (required) throw AccountErrors.ACCOUNT_REASON_REQUIRED({ field: 'reason' });
    return undefined;
  }
  return text;
}

/** The fingerprint domain of bank accounts in the vault's keyed hashes. */
export const ACCOUNT_FINGERPRINT_DOMAIN = 'bank-account';

/**
 * The keyed hash audit matches accounts on (ADR 0012 §5): of the normalised bank code and account
 * number, so the same account typed with spaces or in lower case gives the same value. Never the
 * number itself.
 */
export function accountFingerprintOf(vault: { keyedFingerprint(domain: string, value: string): string }, account: Pick<AccountFields, 'bankCode' | 'accountNumber'>): string {
  return vault.keyedFingerprint(ACCOUNT_FINGERPRINT_DOMAIN, `${account.bankCode}|${account.accountNumber}`);
}

/** The fields the vault seals, as a flat record of strings. */
export function sealedFieldsOf(account: AccountFields): Record<string, string> {
  const { bankCode, bankName, accountNumber, holderName, cardType } = account;
  return { bankCode, bankName, accountNumber, holderName, cardType };
}

/** The account in what the vault opened (null if the record does not hold one). */
export function accountFromOpened(fields: Record<string, string>): AccountFields | null {
  const { bankCode, bankName, accountNumber, holderName, cardType } = fields;
  if ([bankCode, bankName, accountNumber, holderName, cardType].some((v) => typeof v !== 'string')) return null;
  if (!CARD_TYPES.includes(cardType as CardType)) return null;
  return { bankCode, bankName, accountNumber, holderName, cardType: cardType as CardType };
}

export const sameAccount = (a: AccountFields, b: AccountFields): boolean =>
  a.bankCode === b.bankCode && a.bankName === b.bankName && a.accountNumber === b.accountNumber && a.holderName === b.holderName && a.cardType === b.cardType;

/** What every account event carries. */
export interface AccountEventData {
  personRef: string;
  /** 1 for the person's first account, then 2, 3, … with each record or change; a closure keeps the closed version. */
  accountVersion: number;
  /** The division of the case the person belongs to, as given by the officer (access scope). */
  divisionCode: string;
  /** The account sealed under the person's data key: bankCode, bankName, accountNumber, holderName, cardType. */
  sealed: SealedPersonalData;
  bankCode: string;
  masked: string;
  cardType: CardType;
  evidence: AccountEvidence;
  /** Required on changes and closures. */
  reason?: string;
  /**
   * On records and changes written since audit matches shared accounts (ADR 0012 §5): the vault's
   * keyed hash of `<bankCode>|<accountNumber>` in the `bank-account` domain, so one account used by
   * several persons can be found without the number. Absent on events recorded before it existed.
   */
  accountFingerprint?: string;
}

export interface AccountChangedData extends AccountEventData {
  reason: string;
}
export interface AccountClosedData extends AccountEventData {
  reason: string;
}

export type AccountRecorded = DomainEvent<typeof ACCOUNT_RECORDED, AccountEventData>;
export type AccountChanged = DomainEvent<typeof ACCOUNT_CHANGED, AccountChangedData>;
export type AccountClosed = DomainEvent<typeof ACCOUNT_CLOSED, AccountClosedData>;
export type AccountEvent = AccountRecorded | AccountChanged | AccountClosed;

/** The current account as the handler opened it from the vault before deciding. */
export interface OpenedAccount {
  accountVersion: number;
  fields: AccountFields;
}

export interface AccountInput {
  personRef: string;
  divisionCode: string;
  /** In clear, as typed (normalised and validated by the decider). */
  account: AccountFields;
  /** The same account, normalised (`normalizeAccount`) and sealed by the vault for this person. */
  sealed: SealedPersonalData;
  evidence: AccountEvidence;
  reason?: string;
  /** The current account opened from its sealed record; null when there is none, it is closed or it was erased. */
  current: OpenedAccount | null;
  /** The vault's keyed hash of the normalised `<bankCode>|<accountNumber>` (`accountFingerprintOf`), written on the event. */
  accountFingerprint?: string;
}

export interface CloseInput {
  personRef: string;
  divisionCode: string;
  evidence: AccountEvidence;
  reason: string;
}

export type RecordAccount = Command<'RecordAccount', AccountInput, CommandMetadata>;
export type ChangeAccount = Command<'ChangeAccount', AccountInput, CommandMetadata>;
export type CloseAccount = Command<'CloseAccount', CloseInput, CommandMetadata>;
export type AccountCommand = RecordAccount | ChangeAccount | CloseAccount;

/** The current account as recorded (sealed), without anything in clear. */
export interface AccountSnapshot {
  sealed: SealedPersonalData;
  bankCode: string;
  masked: string;
  cardType: CardType;
}

export interface AccountState {
  status: 'none' | 'open' | 'closed';
  /** The highest account version recorded (0 before the first). */
  accountVersion: number;
  divisionCode: string | null;
  current: AccountSnapshot | null;
}

const snapshotOf = (data: AccountEventData): AccountSnapshot => ({ sealed: data.sealed, bankCode: data.bankCode, masked: data.masked, cardType: data.cardType });

function checkCommon(personRef: string, divisionCode: string): void {
  if (!isPersonRef(personRef)) throw AccountErrors.INVALID_PERSON_REF({ personRef });
  if (typeof divisionCode !== 'string' || !DIVISION.test(divisionCode)) throw Errors.VALIDATION_FAILED({ field: 'divisionCode', reason: 'six digits (GB/T 2260)' });
}

function checkSealed(sealed: SealedPersonalData, personRef: string): void {
  if (!isSealedPersonalData(sealed) || sealed.personRef !== personRef) throw AccountErrors.ACCOUNT_SEALED_INVALID({ personRef });
}

/** True when the command asks for exactly the current open account. */
function isCurrent(state: AccountState, current: OpenedAccount | null, account: AccountFields): boolean {
  if (state.status !== 'open' || current === null) return false;
  if (current.accountVersion !== state.accountVersion) {
    throw Errors.CONFLICT({ reason: 'the account changed while the request was being handled; send it again' });
  }
  return sameAccount(current.fields, account);
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: () => ({ status: 'none', accountVersion: 0, divisionCode: null, current: null }),

  evolve(state, event) {
    switch (event.type) {
      case ACCOUNT_RECORDED:
      case ACCOUNT_CHANGED:
        return { status: 'open', accountVersion: event.data.accountVersion, divisionCode: event.data.divisionCode, current: snapshotOf(event.data) };
      case ACCOUNT_CLOSED:
        return { ...state, status: 'closed', divisionCode: event.data.divisionCode, current: snapshotOf(event.data) };
      default:
        return assertNever(event, 'account event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordAccount':
      case 'ChangeAccount': {
        const { personRef, divisionCode, sealed } = command.data;
        checkCommon(personRef, divisionCode);
        const account = normalizeAccount(command.data.account);
        const evidence = normalizeEvidence(command.data.evidence);
        const change = command.type === 'ChangeAccount';
        checkSealed(sealed, personRef);
        if (change && state.status === 'none') throw AccountErrors.ACCOUNT_NOT_FOUND({ personRef });
        if (change && state.status === 'closed') throw AccountErrors.ACCOUNT_CLOSED({ personRef, accountVersion: state.accountVersion });
        // The same account again (a retried record, say) is no change and needs no reason.
        if (isCurrent(state, command.data.current, account)) return [];
        const reason = normalizeReason(command.data.reason, change);
        if (!change && state.status === 'open') throw AccountErrors.ACCOUNT_ALREADY_RECORDED({ personRef, accountVersion: state.accountVersion });
        const data: AccountEventData = {
          personRef,
          accountVersion: state.accountVersion + 1,
          divisionCode,
          sealed,
          bankCode: account.bankCode,
          masked: maskAccountNumber(account.accountNumber),
          cardType: account.cardType,
          evidence,
          ...(reason === undefined ? {} : { reason }),
          ...(command.data.accountFingerprint === undefined ? {} : { accountFingerprint: command.data.accountFingerprint }),
        };
        return change ? [{ type: ACCOUNT_CHANGED, data: data as AccountChangedData }] : [{ type: ACCOUNT_RECORDED, data }];
      }
      case 'CloseAccount': {
        const { personRef, divisionCode } = command.data;
        checkCommon(personRef, divisionCode);
        const evidence = normalizeEvidence(command.data.evidence);
        const reason = normalizeReason(command.data.reason, true) as string;
        if (state.status === 'none' || !state.current) throw AccountErrors.ACCOUNT_NOT_FOUND({ personRef });
        if (state.status === 'closed') throw AccountErrors.ACCOUNT_CLOSED({ personRef, accountVersion: state.accountVersion });
        return [{ type: ACCOUNT_CLOSED, data: { personRef, accountVersion: state.accountVersion, divisionCode, ...state.current, evidence, reason } }];
      }
      default:
        return assertNever(command, 'account command');
    }
  },
};
