import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import { PAYMENT_CREATED } from '../entitlements/entitlement';
import {
  ENVELOPE_APPROVED,
  ENVELOPE_CLOSED,
  ENVELOPE_EXPORTED,
  ENVELOPE_PREPARED,
  RETURN_FILE_IMPORTED,
  type EnvelopeExportedData,
  type EnvelopePreparedData,
} from '../envelopes/envelope';
import {
  ledgerKindOf,
  PAYMENT_CARRIED,
  PAYMENT_FAILED,
  PAYMENT_FOLLOWED_UP,
  PAYMENT_HOLD_DECIDED,
  PAYMENT_NETTED,
  PAYMENT_REVERSED,
  RECOVERY_NETTED,
  PAYMENT_SETTLED,
  type CarriedData,
  type CreatedPayment,
  type FailedData,
  type FollowedUpData,
  type HoldDecidedData,
  type ReturnApplied,
  type ReversedData,
} from '../payments/payment-lifecycle';
import { runScope } from '../read-models/entitlements.projection';
import type { LedgerEnvelopeDoc, LedgerPaymentDoc } from './ledger.types';

/**
 * The finance ledger (ADR 0011): one document per payment with where it stands on the money path,
 * one per envelope. Envelope preparation, exports, return imports, follow-ups and reconciliation
 * read it in pages — never the log.
 *
 * `carryScope` is the payment's scope while a later run may have to take it up: held (待补录账户,
 * a released duplicate) or failed/reversed without a reissue.
 */
export const LEDGER_PROJECTION = 'disbursement.ledger';

export const LEDGER_PAYMENTS: CollectionSchema = {
  name: 'disb-ledger-payments',
  fields: { scope: 'string', runPeriod: 'string', runId: 'string?', envelopeId: 'string?', status: 'string', kind: 'string', caseId: 'string', personRef: 'string', carryScope: 'string?' },
};

export const LEDGER_ENVELOPES: CollectionSchema = {
  name: 'disb-ledger-envelopes',
  fields: { scope: 'string', divisionCode: 'string', runPeriod: 'string', status: 'string' },
};

const PAYMENT_EVENTS = new Set([PAYMENT_CREATED, PAYMENT_HOLD_DECIDED, PAYMENT_CARRIED, PAYMENT_SETTLED, PAYMENT_FAILED, PAYMENT_REVERSED, PAYMENT_FOLLOWED_UP, PAYMENT_NETTED, RECOVERY_NETTED]);
const ENVELOPE_EVENTS = new Set([ENVELOPE_PREPARED, ENVELOPE_APPROVED, ENVELOPE_EXPORTED, RETURN_FILE_IMPORTED, ENVELOPE_CLOSED]);

function keyed(doc: LedgerPaymentDoc): LedgerPaymentDoc {
  const { carryScope: _old, ...rest } = doc;
  const open = doc.status === 'held' || ((doc.status === 'failed' || doc.status === 'reversed') && !doc.followUpId);
  return open ? { ...rest, carryScope: doc.scope } : rest;
}

/** Pure: the ledger document of a new payment. */
export function ledgerDocOf(payment: CreatedPayment): LedgerPaymentDoc {
  const hold = payment.hold ?? null;
  return keyed({
    paymentStreamId: payment.paymentStreamId,
    caseId: payment.caseId,
    personRef: payment.personRef,
    benefit: payment.benefit,
    divisionCode: payment.divisionCode,
    scope: runScope(payment.benefit, payment.divisionCode),
    runPeriod: payment.runPeriod,
    periodKey: payment.periodKey,
    kind: ledgerKindOf(payment),
    fen: payment.amount.fen,
    nettedFen: 0,
    runId: payment.runId ?? null,
    envelopeId: hold ? null : (payment.envelopeId ?? payment.runId ?? null),
    status: hold ? 'held' : 'enveloped',
    hold: hold ? { reason: hold.reason, ...(hold.claimedBy ? { claimedBy: hold.claimedBy } : {}) } : null,
    failure: null,
    followUpOf: payment.followUpOf ?? null,
    followUpId: null,
    reissuesEnvelopeId: payment.reissuesEnvelopeId ?? null,
    settledFen: 0,
    reversedFen: 0,
    bankRef: null,
  });
}

/** Pure: a payment document after one of its life-cycle events. Applied twice, the second changes nothing that matters. */
export function ledgerDocAfter(doc: LedgerPaymentDoc, event: { type: string; data: unknown }): LedgerPaymentDoc {
  switch (event.type) {
    case PAYMENT_HOLD_DECIDED: {
      const d = event.data as HoldDecidedData;
      return keyed(d.decision === 'cancel' ? { ...doc, status: 'cancelled' } : doc);
    }
    case PAYMENT_CARRIED:
      return keyed({ ...doc, envelopeId: (event.data as CarriedData).envelopeId, status: 'enveloped' });
    case PAYMENT_SETTLED: {
      const d = event.data as ReturnApplied;
      return keyed({ ...doc, status: 'settled', settledFen: d.amountFen, bankRef: d.bankRef });
    }
    case PAYMENT_FAILED: {
      const d = event.data as FailedData;
      return keyed({ ...doc, status: 'failed', failure: { reason: d.reason, bankReason: d.bankReason }, bankRef: d.bankRef });
    }
    case PAYMENT_REVERSED: {
      const d = event.data as ReversedData;
      return keyed({ ...doc, status: 'reversed', reversedFen: d.amountFen, failure: { reason: 'OTHER', bankReason: d.bankReason } });
    }
    case PAYMENT_FOLLOWED_UP:
      return keyed({ ...doc, followUpId: (event.data as FollowedUpData).followUpId });
    case PAYMENT_NETTED: {
      const nettedFen = doc.nettedFen + (event.data as { fen: number }).fen;
      // Fully offset: nothing goes to the bank; the payment is paid by the netting.
      return keyed({ ...doc, nettedFen, ...(nettedFen >= doc.fen ? { status: 'settled' as const, settledFen: 0 } : {}) });
    }
    case RECOVERY_NETTED: {
      const nettedFen = doc.nettedFen + (event.data as { fen: number }).fen;
      return keyed({ ...doc, nettedFen, ...(nettedFen >= doc.fen ? { status: 'netted' as const } : {}) });
    }
    default:
      return doc;
  }
}

export function ledgerEnvelopeDocOf(prepared: EnvelopePreparedData, preparedBy: string | null): LedgerEnvelopeDoc {
  return {
    envelopeId: prepared.envelopeId,
    benefit: prepared.benefit,
    divisionCode: prepared.divisionCode,
    scope: runScope(prepared.benefit, prepared.divisionCode),
    runPeriod: prepared.runPeriod,
    status: 'prepared',
    totals: prepared.totals,
    held: { count: prepared.held.count, fen: prepared.held.fen },
    preparedBy,
    approvedBy: null,
    export: null,
    references: prepared.references,
  };
}

export function ledgerProjection(): Projection {
  return {
    name: LEDGER_PROJECTION,
    collections: [LEDGER_PAYMENTS, LEDGER_ENVELOPES],
    handles: (event) =>
      (PAYMENT_EVENTS.has(event.type) && event.streamId.startsWith('payment-')) || (ENVELOPE_EVENTS.has(event.type) && event.streamId.startsWith('envelope-')),
    async apply(event: EventEnvelope, session: DocumentSession) {
      if (event.streamId.startsWith('payment-')) {
        const payments = session.collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
        if (event.type === PAYMENT_CREATED) {
          const payment = event.data as CreatedPayment;
          if (typeof payment.caseId !== 'string' || typeof payment.amount?.fen !== 'number' || typeof payment.runPeriod !== 'string') return;
          if (await payments.get(payment.paymentStreamId)) return;
          await payments.upsert(payment.paymentStreamId, ledgerDocOf(payment));
          return;
        }
        const id = (event.data as { paymentStreamId?: string }).paymentStreamId ?? event.streamId;
        const before = await payments.get(id);
        if (!before) return;
        await payments.upsert(id, ledgerDocAfter(before, event));
        return;
      }
      const envelopes = session.collection<LedgerEnvelopeDoc>(LEDGER_ENVELOPES);
      if (event.type === ENVELOPE_PREPARED) {
        const prepared = event.data as EnvelopePreparedData;
        await envelopes.upsert(prepared.envelopeId, ledgerEnvelopeDocOf(prepared, event.metadata.actor?.id ?? null));
        return;
      }
      const envelopeId = (event.data as { envelopeId: string }).envelopeId;
      const doc = await envelopes.get(envelopeId);
      if (!doc) return;
      switch (event.type) {
        case ENVELOPE_APPROVED:
          await envelopes.upsert(envelopeId, { ...doc, status: 'approved', approvedBy: event.metadata.actor?.id ?? null });
          return;
        case ENVELOPE_EXPORTED: {
          const e = event.data as EnvelopeExportedData;
          const first = doc.export ?? { sha256: e.sha256, layoutId: e.layoutId, format: e.format, lineCount: e.lineCount, totalFen: e.totalFen };
          await envelopes.upsert(envelopeId, { ...doc, status: doc.status === 'approved' ? 'exported' : doc.status, export: first });
          return;
        }
        case RETURN_FILE_IMPORTED:
          await envelopes.upsert(envelopeId, { ...doc, status: doc.status === 'closed' ? 'closed' : 'partly-settled' });
          return;
        case ENVELOPE_CLOSED:
          await envelopes.upsert(envelopeId, { ...doc, status: 'closed' });
          return;
      }
    },
  };
}
