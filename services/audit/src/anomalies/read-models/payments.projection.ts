import { periodStart, type EventEnvelope, type Period } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';

/**
 * `audit.payments`: one document per payment stream (`payment-<caseId>-<personRef>-<period>…`), from
 * disbursement's events: case, person (personRef), benefit, division, period and its first day,
 * amount in fen, and where the payment stands — created (in an envelope or held), settled (with the
 * bank's value date), failed, reversed, cancelled. The 疑点 rules ask it for a person's payments from
 * a date on (A1) without reading the payment streams.
 *
 * The document carries the stream revision it reflects: an event at or below it changes nothing.
 */
export const PAYMENTS_PROJECTION = 'audit.payments';

export const AUDIT_PAYMENTS: CollectionSchema = {
  name: 'audit-payments',
  fields: { personRef: 'string', caseId: 'string', divisionCode: 'string', periodStart: 'string', status: 'string' },
};

export type AuditPaymentStatus = 'created' | 'held' | 'settled' | 'failed' | 'reversed' | 'cancelled';

export interface AuditPaymentDoc {
  [key: string]: unknown;
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  benefit: string;
  divisionCode: string;
  kind: string;
  period: Period;
  periodKey: string;
  periodStart: string;
  amountFen: number;
  status: AuditPaymentStatus;
  settledFen: number;
  /** The bank's value date of the settlement (yyyy-mm-dd), else null. */
  settledOn: string | null;
  /** Revision of the settlement event (evidence). */
  settledRevision: number | null;
  revision: number;
}

const CREATED = 'disbursement.PaymentCreated.v1';
const SETTLED = 'disbursement.PaymentSettled.v1';
const HANDLED = new Set([
  CREATED,
  SETTLED,
  'disbursement.PaymentFailed.v1',
  'disbursement.PaymentReversed.v1',
  'disbursement.PaymentHoldDecided.v1',
  'disbursement.PaymentCarried.v1',
  'disbursement.PaymentNetted.v1',
]);

export function paymentsProjection(): Projection {
  return {
    name: PAYMENTS_PROJECTION,
    collections: [AUDIT_PAYMENTS],
    handles: (event) => event.streamId.startsWith('payment-') && HANDLED.has(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const payments = session.collection<AuditPaymentDoc>(AUDIT_PAYMENTS);
      const held = await payments.get(event.streamId);
      if (held && held.revision >= event.streamRevision) return;
      const data = (event.data ?? {}) as Record<string, any>;
      if (event.type === CREATED) {
        if (held) return;
        const period = data.period as Period;
        const amountFen = Number(data.amount?.fen ?? 0);
        await payments.upsert(event.streamId, {
          paymentStreamId: event.streamId,
          caseId: String(data.caseId),
          personRef: String(data.personRef),
          benefit: String(data.benefit),
          divisionCode: String(data.divisionCode),
          kind: data.followUpOf ? 'follow-up' : String(data.kind ?? 'regular'),
          period,
          periodKey: String(data.periodKey),
          periodStart: periodStart(period).toString(),
          amountFen,
          status: data.hold ? 'held' : 'created',
          settledFen: 0,
          settledOn: null,
          settledRevision: null,
          revision: event.streamRevision,
        });
        return;
      }
      if (!held) return;
      const next: AuditPaymentDoc = { ...held, revision: event.streamRevision };
      switch (event.type) {
        case SETTLED:
          Object.assign(next, { status: 'settled', settledFen: held.settledFen + Number(data.amountFen ?? 0), settledOn: data.valueDate ?? null, settledRevision: event.streamRevision });
          break;
        case 'disbursement.PaymentFailed.v1':
          next.status = 'failed';
          break;
        case 'disbursement.PaymentReversed.v1':
          next.status = 'reversed';
          break;
        case 'disbursement.PaymentHoldDecided.v1':
          if (data.decision === 'cancel') next.status = 'cancelled';
          break;
        case 'disbursement.PaymentCarried.v1':
          if (next.status === 'held') next.status = 'created';
          break;
        case 'disbursement.PaymentNetted.v1':
          // Fully offset by a recovery: paid without the bank.
          if (Number(data.fen ?? 0) >= held.amountFen) Object.assign(next, { status: 'settled', settledFen: held.amountFen, settledRevision: event.streamRevision });
          break;
      }
      await payments.upsert(event.streamId, next);
    },
  };
}
