import { LocalDate, type EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import { PAYMENT_CREATED } from '../../../../../disbursement/src/entitlements/entitlement';
import { ENVELOPE_CLOSED, ENVELOPE_EXPORTED, ENVELOPE_PREPARED, type EnvelopeExportedData, type EnvelopePreparedData } from '../../../../../disbursement/src/envelopes/envelope';
import { ledgerDocAfter, ledgerDocOf } from '../../../../../disbursement/src/ledger/ledger.projection';
import type { LedgerPaymentDoc } from '../../../../../disbursement/src/ledger/ledger.types';
import {
  PAYMENT_CARRIED,
  PAYMENT_FAILED,
  PAYMENT_FOLLOWED_UP,
  PAYMENT_HOLD_DECIDED,
  PAYMENT_NETTED,
  PAYMENT_REVERSED,
  PAYMENT_SETTLED,
  RECOVERY_NETTED,
  type CreatedPayment,
} from '../../../../../disbursement/src/payments/payment-lifecycle';
import { ACCOUNT_CHANGED, ACCOUNT_CLOSED, ACCOUNT_RECORDED, type AccountEventData } from '../../../../../disbursement/src/accounts/account';

/**
 * The finance read model of the A6 and A8 疑点 rules (ADR 0012 §5), kept from the envelope, payment,
 * account and case streams as AUDIT_SOURCE delivers them:
 *
 * - envelopes: division, benefit, the (China) date of the first export and its stream revision;
 * - payments: where each stands on the money path, with the disbursement ledger's own pure
 *   functions (`ledgerDocOf` / `ledgerDocAfter`), so audit and finance agree on what "settled" is;
 * - accounts: each person's current account as its keyed fingerprint only (never the number), and
 *   per fingerprint the persons whose open account it is;
 * - person-cases: which cases (households) a person belongs to, from the case's first event
 *   (members), a 低保 change adding members, and the person's payments.
 *
 * Idempotent: every document keeps the revision of its stream last applied, and an event at or
 * below it changes nothing.
 */
export const FINANCE_PROJECTION = 'audit.finance';

export const FINANCE_ENVELOPES: CollectionSchema = {
  name: 'audit-finance-envelopes',
  fields: { divisionCode: 'string', benefit: 'string', exported: 'boolean', exportedOn: 'string?' },
};
export const FINANCE_PAYMENTS: CollectionSchema = {
  name: 'audit-finance-payments',
  fields: { envelopeId: 'string?', caseId: 'string', personRef: 'string', status: 'string' },
};
export const FINANCE_ACCOUNTS: CollectionSchema = { name: 'audit-finance-accounts', fields: { personRef: 'string', fingerprint: 'string?' } };
export const FINANCE_ACCOUNT_GROUPS: CollectionSchema = { name: 'audit-finance-account-groups', fields: { personCount: 'number', divisionCodes: 'string[]' } };
export const FINANCE_PERSON_CASES: CollectionSchema = { name: 'audit-finance-person-cases', fields: { personRef: 'string', caseId: 'string' } };

export interface FinanceEnvelopeDoc {
  [key: string]: unknown;
  envelopeId: string;
  streamId: string;
  benefit: string;
  divisionCode: string;
  runPeriod: string;
  exported: boolean;
  exportedOn: string | null;
  exportedAt: string | null;
  exportRevision: number | null;
  exportedLines: number | null;
  exportedTotalFen: number | null;
  closed: boolean;
  revision: number;
}

export type FinancePaymentDoc = LedgerPaymentDoc & { revision: number };

export interface FinanceAccountDoc {
  [key: string]: unknown;
  personRef: string;
  streamId: string;
  /** The keyed fingerprint of the current open account; null when closed or recorded before fingerprints. */
  fingerprint: string | null;
  open: boolean;
  divisionCode: string;
  accountVersion: number;
  bankCode: string;
  revision: number;
}

export interface AccountGroupMember {
  personRef: string;
  divisionCode: string;
  accountVersion: number;
  /** Revision of the account event that set this fingerprint (evidence). */
  revision: number;
}

export interface FinanceAccountGroupDoc {
  [key: string]: unknown;
  fingerprint: string;
  bankCode: string;
  persons: AccountGroupMember[];
  personCount: number;
  divisionCodes: string[];
}

export interface FinancePersonCaseDoc {
  [key: string]: unknown;
  personRef: string;
  caseId: string;
  benefit: string | null;
  divisionCode: string | null;
  /** Where the link comes from (evidence). */
  streamId: string;
  revision: number;
}

const PAYMENT_EVENTS = new Set([PAYMENT_CREATED, PAYMENT_HOLD_DECIDED, PAYMENT_CARRIED, PAYMENT_SETTLED, PAYMENT_FAILED, PAYMENT_REVERSED, PAYMENT_FOLLOWED_UP, PAYMENT_NETTED, RECOVERY_NETTED]);
const ENVELOPE_EVENTS = new Set([ENVELOPE_PREPARED, ENVELOPE_EXPORTED, ENVELOPE_CLOSED]);
const ACCOUNT_EVENTS = new Set([ACCOUNT_RECORDED, ACCOUNT_CHANGED, ACCOUNT_CLOSED]);
const MEMBERS_ADDED = 'dibao.CircumstancesChanged.v1';

export const personCaseId = (personRef: string, caseId: string) => `${personRef}|${caseId}`;

export function financeProjection(): Projection {
  return {
    name: FINANCE_PROJECTION,
    collections: [FINANCE_ENVELOPES, FINANCE_PAYMENTS, FINANCE_ACCOUNTS, FINANCE_ACCOUNT_GROUPS, FINANCE_PERSON_CASES],
    handles: (event) =>
      (event.streamId.startsWith('payment-') && PAYMENT_EVENTS.has(event.type)) ||
      (event.streamId.startsWith('envelope-') && ENVELOPE_EVENTS.has(event.type)) ||
      (event.streamId.startsWith('account-') && ACCOUNT_EVENTS.has(event.type)) ||
      (event.streamId.startsWith('case-') && (event.streamRevision === 0 || event.type === MEMBERS_ADDED)),
    async apply(event: EventEnvelope, session: DocumentSession) {
      if (event.streamId.startsWith('payment-')) return applyPayment(event, session);
      if (event.streamId.startsWith('envelope-')) return applyEnvelope(event, session);
      if (event.streamId.startsWith('account-')) return applyAccount(event, session);
      return applyCase(event, session);
    },
  };
}

async function applyPayment(event: EventEnvelope, session: DocumentSession): Promise<void> {
  const payments = session.collection<FinancePaymentDoc>(FINANCE_PAYMENTS);
  const id = event.streamId;
  const before = await payments.get(id);
  if (event.type === PAYMENT_CREATED) {
    const payment = event.data as CreatedPayment;
    if (before || typeof payment.caseId !== 'string' || typeof payment.amount?.fen !== 'number' || typeof payment.runPeriod !== 'string') return;
    await payments.upsert(id, { ...ledgerDocOf({ ...payment, paymentStreamId: id }), revision: event.streamRevision });
    await linkPersonToCase(session, { personRef: payment.personRef, caseId: payment.caseId, benefit: payment.benefit ?? null, divisionCode: payment.divisionCode ?? null, streamId: id, revision: event.streamRevision });
    return;
  }
  if (!before || event.streamRevision <= before.revision) return;
  await payments.upsert(id, { ...ledgerDocAfter(before, event), revision: event.streamRevision });
}

async function applyEnvelope(event: EventEnvelope, session: DocumentSession): Promise<void> {
  const envelopes = session.collection<FinanceEnvelopeDoc>(FINANCE_ENVELOPES);
  const envelopeId = event.streamId.slice('envelope-'.length);
  const before = await envelopes.get(envelopeId);
  if (event.type === ENVELOPE_PREPARED) {
    if (before) return;
    const prepared = event.data as EnvelopePreparedData;
    await envelopes.upsert(envelopeId, {
      envelopeId,
      streamId: event.streamId,
      benefit: prepared.benefit,
      divisionCode: prepared.divisionCode,
      runPeriod: prepared.runPeriod,
      exported: false,
      exportedOn: null,
      exportedAt: null,
      exportRevision: null,
      exportedLines: null,
      exportedTotalFen: null,
      closed: false,
      revision: event.streamRevision,
    });
    return;
  }
  if (!before || event.streamRevision <= before.revision) return;
  const next: FinanceEnvelopeDoc = { ...before, revision: event.streamRevision };
  if (event.type === ENVELOPE_EXPORTED && !before.exported) {
    const exported = event.data as EnvelopeExportedData;
    Object.assign(next, {
      exported: true,
      exportedAt: exported.exportedAt,
      exportedOn: LocalDate.ofInstant(exported.exportedAt).toString(),
      exportRevision: event.streamRevision,
      exportedLines: exported.lineCount,
      exportedTotalFen: exported.totalFen,
    });
  }
  if (event.type === ENVELOPE_CLOSED) next.closed = true;
  await envelopes.upsert(envelopeId, next);
}

async function applyAccount(event: EventEnvelope, session: DocumentSession): Promise<void> {
  const data = event.data as AccountEventData;
  if (typeof data?.personRef !== 'string') return;
  const accounts = session.collection<FinanceAccountDoc>(FINANCE_ACCOUNTS);
  const groups = session.collection<FinanceAccountGroupDoc>(FINANCE_ACCOUNT_GROUPS);
  const before = await accounts.get(data.personRef);
  if (before && event.streamRevision <= before.revision) return;
  const open = event.type !== ACCOUNT_CLOSED;
  const fingerprint = open && typeof data.accountFingerprint === 'string' ? data.accountFingerprint : null;
  if (before?.fingerprint && before.fingerprint !== fingerprint) {
    const group = await groups.get(before.fingerprint);
    if (group) {
      const persons = group.persons.filter((p) => p.personRef !== data.personRef);
      if (persons.length === 0) await groups.delete(before.fingerprint);
      else await groups.upsert(before.fingerprint, groupDoc(group.fingerprint, group.bankCode, persons));
    }
  }
  if (fingerprint) {
    const group = await groups.get(fingerprint);
    const member: AccountGroupMember = { personRef: data.personRef, divisionCode: data.divisionCode, accountVersion: data.accountVersion, revision: event.streamRevision };
    const others = (group?.persons ?? []).filter((p) => p.personRef !== data.personRef);
    await groups.upsert(fingerprint, groupDoc(fingerprint, data.bankCode, [...others, member]));
  }
  await accounts.upsert(data.personRef, {
    personRef: data.personRef,
    streamId: event.streamId,
    fingerprint,
    open,
    divisionCode: data.divisionCode,
    accountVersion: data.accountVersion,
    bankCode: data.bankCode,
    revision: event.streamRevision,
  });
}

function groupDoc(fingerprint: string, bankCode: string, persons: AccountGroupMember[]): FinanceAccountGroupDoc {
  const sorted = [...persons].sort((a, b) => (a.personRef < b.personRef ? -1 : a.personRef > b.personRef ? 1 : 0));
  return { fingerprint, bankCode, persons: sorted, personCount: sorted.length, divisionCodes: [...new Set(sorted.map((p) => p.divisionCode))].sort() };
}

async function applyCase(event: EventEnvelope, session: DocumentSession): Promise<void> {
  const data = (event.data ?? {}) as { caseId?: unknown; benefit?: unknown; divisionCode?: unknown; members?: unknown; addedMembers?: unknown };
  const caseId = event.streamId.slice('case-'.length);
  const refsOf = (list: unknown) =>
    Array.isArray(list) ? list.map((m) => (m as { personRef?: unknown })?.personRef).filter((r): r is string => typeof r === 'string') : [];
  if (event.streamRevision === 0) {
    const benefit = typeof data.benefit === 'string' ? data.benefit : null;
    const divisionCode = typeof data.divisionCode === 'string' ? data.divisionCode : null;
    for (const personRef of refsOf(data.members)) await linkPersonToCase(session, { personRef, caseId, benefit, divisionCode, streamId: event.streamId, revision: 0 });
    return;
  }
  const added = refsOf(data.addedMembers);
  if (added.length === 0) return;
  const known = (await session.collection<FinancePersonCaseDoc>(FINANCE_PERSON_CASES).find({ filter: { caseId }, limit: 1 })).items[0];
  for (const personRef of added) {
    await linkPersonToCase(session, { personRef, caseId, benefit: known?.benefit ?? null, divisionCode: known?.divisionCode ?? null, streamId: event.streamId, revision: event.streamRevision });
  }
}

async function linkPersonToCase(session: DocumentSession, link: FinancePersonCaseDoc): Promise<void> {
  if (typeof link.personRef !== 'string' || typeof link.caseId !== 'string') return;
  const links = session.collection<FinancePersonCaseDoc>(FINANCE_PERSON_CASES);
  const id = personCaseId(link.personRef, link.caseId);
  // The first link recorded stands (the case's own event before a payment), so re-applying changes nothing.
  if (await links.get(id)) return;
  await links.upsert(id, link);
}
