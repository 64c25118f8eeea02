import type { BenefitId } from '../entitlements/entitlement';

/**
 * The finance ledger: one document per payment with where it stands on the money path, and one per
 * envelope (发放批次). Kept by the `disbursement.ledger` projection from the payment, envelope and
 * account streams (ADR 0011); reconciliation, exports and return imports read it in pages.
 */

/** What kind of money a payment moves. `instalment`: one stage of a staged 临时救助 grant; `follow-up`: reissue of a failed or reversed payment. */
export type LedgerKind = 'regular' | 'arrears' | 'recovery' | 'instalment' | 'follow-up';

/** Why a payment is not exported: no usable 一卡通 account (待补录账户), or another case already claims the person and period (重复享受待决). */
export type HoldReason = 'ACCOUNT_MISSING' | 'DUPLICATE_PERSON';

/** Bank failure reasons, normalised from each bank's codes by the layout's return mapping. */
export const FAILURE_REASONS = ['ACCOUNT_CLOSED', 'NAME_MISMATCH', 'ACCOUNT_FROZEN', 'ACCOUNT_NOT_FOUND', 'OTHER'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * - `created`: made by a run, not in an envelope yet (a run in progress);
 * - `held`: in no bank file until the hold is resolved (`hold` says why);
 * - `cancelled`: a held duplicate decided not to pay; final, 0 paid;
 * - `enveloped`: listed in an envelope (prepared or approved), not exported;
 * - `sent`: in an exported bank file, no return yet;
 * - `settled`: the bank paid it; `failed`: the bank refused it; `reversed`: paid, then returned by the bank;
 * - `netted`: a recovery (追缴) fully offset against later payments of the same case.
 */
export type LedgerStatus = 'created' | 'held' | 'cancelled' | 'enveloped' | 'sent' | 'settled' | 'failed' | 'reversed' | 'netted';

export interface LedgerPaymentDoc {
  [key: string]: unknown;
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  benefit: BenefitId;
  divisionCode: string;
  /** `<benefit>|<division>`. */
  scope: string;
  /** The run period key the payment belongs to (`yyyy-mm` or `yyyy`). */
  runPeriod: string;
  /** The benefit period it pays (`yyyy-mm`, `yyyy`, `once:…`). */
  periodKey: string;
  kind: LedgerKind;
  /** Gross amount of the payment, fen (positive; a recovery is an amount owed back). */
  fen: number;
  /** For a payment: fen offset by recoveries of the same case (so the bank line is fen − nettedFen). For a recovery: fen already offset. */
  nettedFen: number;
  runId: string | null;
  envelopeId: string | null;
  status: LedgerStatus;
  hold: { reason: HoldReason; claimedBy?: string } | null;
  failure: { reason: FailureReason; bankReason: string } | null;
  /** The payment this one reissues, and the reissue of this one. */
  followUpOf: string | null;
  followUpId: string | null;
  /** A follow-up: the envelope of the payment it reissues (the new envelope references it). */
  reissuesEnvelopeId?: string | null;
  settledFen: number;
  reversedFen: number;
  bankRef: string | null;
}

export type EnvelopeStatus = 'prepared' | 'approved' | 'exported' | 'partly-settled' | 'settled' | 'closed';

export interface ControlTotals {
  /** Bank lines and what the bank is asked to pay (after 追缴 netting). */
  count: number;
  fen: number;
  /** Fen of the listed payments paid by offsetting recoveries of the same case instead. */
  netted: number;
  byKind: Record<LedgerKind, { count: number; fen: number }>;
}

export interface LedgerEnvelopeDoc {
  [key: string]: unknown;
  envelopeId: string;
  benefit: BenefitId;
  divisionCode: string;
  scope: string;
  runPeriod: string;
  status: EnvelopeStatus;
  totals: ControlTotals;
  held: { count: number; fen: number };
  preparedBy: string | null;
  approvedBy: string | null;
  export: { sha256: string; layoutId: string; format: 'csv' | 'xlsx'; lineCount: number; totalFen: number } | null;
  references: string[];
}

export const emptyControlTotals = (): ControlTotals => ({
  count: 0,
  fen: 0,
  netted: 0,
  byKind: {
    regular: { count: 0, fen: 0 },
    arrears: { count: 0, fen: 0 },
    recovery: { count: 0, fen: 0 },
    instalment: { count: 0, fen: 0 },
    'follow-up': { count: 0, fen: 0 },
  },
});
