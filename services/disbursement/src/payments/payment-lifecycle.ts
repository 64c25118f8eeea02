import { PAYMENT_CREATED, type PaymentCreatedData } from '../entitlements/entitlement';
import { FinanceErrors } from '../finance.errors';
import type { FailureReason, HoldReason, LedgerKind, LedgerStatus } from '../ledger/ledger.types';

/**
 * A payment after it was created: held or in an envelope, then what the bank said of it, then its
 * reissue (ADR 0011). Pure: `foldPayment` folds the payment stream, the `decide…` functions answer
 * a command with the events to append (or a refusal), never touching a store.
 */
export const PAYMENT_HOLD_DECIDED = 'disbursement.PaymentHoldDecided.v1';
export const PAYMENT_CARRIED = 'disbursement.PaymentCarried.v1';
export const PAYMENT_SETTLED = 'disbursement.PaymentSettled.v1';
export const PAYMENT_FAILED = 'disbursement.PaymentFailed.v1';
export const PAYMENT_REVERSED = 'disbursement.PaymentReversed.v1';
export const PAYMENT_FOLLOWED_UP = 'disbursement.PaymentFollowedUp.v1';
/** 追缴 netted: on the payment, the part of it paid by offsetting a recovery of the same case; on the recovery, the part collected that way. */
export const PAYMENT_NETTED = 'disbursement.PaymentNetted.v1';
export const RECOVERY_NETTED = 'disbursement.RecoveryNetted.v1';

export interface PaymentNettedData {
  paymentStreamId: string;
  recoveryId: string;
  fen: number;
}

export interface RecoveryNettedData {
  paymentStreamId: string;
  againstPaymentId: string;
  fen: number;
}

/** What a run records on a payment at creation, beyond the entitlement's fields. */
export interface PaymentFinanceFields {
  runId?: string;
  /** The envelope (= the run) the payment is listed in; absent while held. */
  envelopeId?: string | null;
  hold?: { reason: HoldReason; claimedBy?: string; claimedByCase?: string } | null;
  /** A follow-up (补发 of a failed or reversed payment): the payment it reissues, and that payment's envelope. */
  followUpOf?: string;
  reissuesEnvelopeId?: string | null;
}

export type CreatedPayment = PaymentCreatedData & PaymentFinanceFields;

export interface HoldDecidedData {
  paymentStreamId: string;
  decision: 'release' | 'cancel';
  reason: string;
}

export interface CarriedData {
  paymentStreamId: string;
  envelopeId: string;
}

/** One line of a bank return file, as applied to a payment. `returnKey` = `<file sha256>:<line>`. */
export interface ReturnApplied {
  paymentStreamId: string;
  envelopeId: string;
  returnKey: string;
  amountFen: number;
  bankRef: string;
  valueDate: string;
}

export interface FailedData extends ReturnApplied {
  reason: FailureReason;
  bankReason: string;
  /** The beneficiary's account version when the failure was recorded: a reissue needs a later one. */
  accountVersion: number | null;
}

export interface ReversedData extends ReturnApplied {
  bankReason: string;
  accountVersion: number | null;
}

export interface FollowedUpData {
  paymentStreamId: string;
  followUpId: string;
  envelopeId: string;
}

export interface PaymentState {
  payment: CreatedPayment | null;
  kind: LedgerKind;
  status: LedgerStatus;
  envelopeId: string | null;
  hold: PaymentFinanceFields['hold'];
  holdDecision: HoldDecidedData | null;
  settledFen: number;
  reversedFen: number;
  failure: { reason: FailureReason; bankReason: string; accountVersion: number | null } | null;
  bankRef: string | null;
  /** Return lines already applied (idempotence of re-imports). */
  returnKeys: string[];
  followUpId: string | null;
  /** Payment: fen offset by recoveries (the bank pays the rest). Recovery: fen collected by offsetting. */
  nettedFen: number;
}

export function ledgerKindOf(payment: CreatedPayment): LedgerKind {
  if (payment.followUpOf) return 'follow-up';
  const kind = payment.kind ?? 'regular';
  if (kind === 'regular' && payment.period.kind === 'instalment') return 'instalment';
  return kind;
}

/** The amount the bank is asked to pay: nothing for a recovery (it is owed back, not paid out). */
export function bankAmountFen(payment: Pick<CreatedPayment, 'kind' | 'amount'>): number {
  return (payment.kind ?? 'regular') === 'recovery' ? 0 : payment.amount.fen;
}

export const initialPaymentState = (): PaymentState => ({
  payment: null,
  kind: 'regular',
  status: 'created',
  envelopeId: null,
  hold: null,
  holdDecision: null,
  settledFen: 0,
  reversedFen: 0,
  failure: null,
  bankRef: null,
  returnKeys: [],
  followUpId: null,
  nettedFen: 0,
});

export function evolvePayment(state: PaymentState, event: { type: string; data: unknown }): PaymentState {
  switch (event.type) {
    case PAYMENT_CREATED: {
      const payment = event.data as CreatedPayment;
      const held = payment.hold ?? null;
      return {
        ...state,
        payment,
        kind: ledgerKindOf(payment),
        hold: held,
        envelopeId: held ? null : (payment.envelopeId ?? payment.runId ?? null),
        status: held ? 'held' : 'enveloped',
      };
    }
    case PAYMENT_HOLD_DECIDED: {
      const d = event.data as HoldDecidedData;
      return { ...state, holdDecision: d, status: d.decision === 'cancel' ? 'cancelled' : state.status };
    }
    case PAYMENT_CARRIED: {
      const d = event.data as CarriedData;
      return { ...state, envelopeId: d.envelopeId, status: 'enveloped' };
    }
    case PAYMENT_SETTLED: {
      const d = event.data as ReturnApplied;
      return { ...state, status: 'settled', settledFen: state.settledFen + d.amountFen, bankRef: d.bankRef, returnKeys: [...state.returnKeys, d.returnKey] };
    }
    case PAYMENT_FAILED: {
      const d = event.data as FailedData;
      return { ...state, status: 'failed', failure: { reason: d.reason, bankReason: d.bankReason, accountVersion: d.accountVersion }, bankRef: d.bankRef, returnKeys: [...state.returnKeys, d.returnKey] };
    }
    case PAYMENT_REVERSED: {
      const d = event.data as ReversedData;
      return {
        ...state,
        status: 'reversed',
        reversedFen: state.reversedFen + d.amountFen,
        failure: { reason: 'OTHER', bankReason: d.bankReason, accountVersion: d.accountVersion },
        returnKeys: [...state.returnKeys, d.returnKey],
      };
    }
    case PAYMENT_FOLLOWED_UP:
      return { ...state, followUpId: (event.data as FollowedUpData).followUpId };
    case PAYMENT_NETTED:
    case RECOVERY_NETTED: {
      const nettedFen = state.nettedFen + (event.data as { fen: number }).fen;
      const payment = state.payment;
      // A payment fully offset has nothing left for the bank: it is paid.
      const paidByNetting = event.type === PAYMENT_NETTED && payment && nettedFen >= payment.amount.fen;
      const recovered = event.type === RECOVERY_NETTED && payment && nettedFen >= payment.amount.fen;
      return { ...state, nettedFen, status: paidByNetting ? 'settled' : recovered ? 'netted' : state.status };
    }
    default:
      return state;
  }
}

export function foldPayment(events: readonly { type: string; data: unknown }[]): PaymentState {
  return events.reduce(evolvePayment, initialPaymentState());
}

/** A held duplicate decided: `cancel` (never paid) or `release` (paid after all, with the legal basis in the reason). */
export function decideHold(state: PaymentState, decision: 'release' | 'cancel', reason: string): { type: typeof PAYMENT_HOLD_DECIDED; data: HoldDecidedData }[] {
  const payment = requirePayment(state);
  if (state.status !== 'held' || state.holdDecision) throw FinanceErrors.HOLD_NOT_OPEN({ paymentStreamId: payment.paymentStreamId, status: state.status });
  if (decision === 'release' && state.hold?.reason !== 'DUPLICATE_PERSON') {
    throw FinanceErrors.HOLD_RELEASE_NOT_ALLOWED({ paymentStreamId: payment.paymentStreamId, hold: state.hold?.reason ?? null });
  }
  return [{ type: PAYMENT_HOLD_DECIDED, data: { paymentStreamId: payment.paymentStreamId, decision, reason } }];
}

/** Whether a held payment may go into the next envelope: its account now usable, or its duplicate released. */
export function carriable(state: PaymentState, accountUsable: boolean): boolean {
  if (state.status !== 'held' || !state.hold) return false;
  if (state.hold.reason === 'ACCOUNT_MISSING') return accountUsable;
  return state.holdDecision?.decision === 'release' && accountUsable;
}

/** A held payment carried into a later envelope. Nothing when it is already in one. */
export function decideCarry(state: PaymentState, envelopeId: string, accountUsable: boolean): { type: typeof PAYMENT_CARRIED; data: CarriedData }[] {
  const payment = requirePayment(state);
  if (state.envelopeId === envelopeId) return [];
  if (!carriable(state, accountUsable)) return [];
  return [{ type: PAYMENT_CARRIED, data: { paymentStreamId: payment.paymentStreamId, envelopeId } }];
}

export interface ReturnLineInput {
  returnKey: string;
  status: 'settled' | 'failed' | 'reversed';
  amountFen: number;
  bankRef: string;
  valueDate: string;
  failure?: { reason: FailureReason; bankReason: string };
  accountVersion: number | null;
}

export type ReturnDecision =
  | { outcome: 'apply'; events: { type: string; data: unknown }[] }
  | { outcome: 'already-applied' }
  | { outcome: 'refused'; code: string; message: string };

/**
 * What one bank return line does to a payment. A line already applied (the same file again) does
 * nothing; a line that does not fit (settled twice, reversed before settlement, an amount other than
 * the one sent, a settlement of an original already reissued) is refused with a reason, never guessed.
 */
export function decideReturn(state: PaymentState, envelope: { envelopeId: string; exported: boolean }, line: ReturnLineInput): ReturnDecision {
  const payment = state.payment;
  if (!payment) return refused('RETURN_UNKNOWN_PAYMENT', 'no such payment');
  if (state.returnKeys.includes(line.returnKey)) return { outcome: 'already-applied' };
  if (state.envelopeId !== envelope.envelopeId) return refused('RETURN_WRONG_ENVELOPE', `the payment is in envelope ${state.envelopeId ?? '(none)'}, not ${envelope.envelopeId}`);
  if (!envelope.exported) return refused('ENVELOPE_NOT_EXPORTED', 'the envelope has not been exported');
  const expected = bankAmountFen(payment) - state.nettedFen;
  if (line.amountFen !== expected) return refused('RETURN_AMOUNT_MISMATCH', `the bank line says ${line.amountFen} fen, the payment sent ${expected} fen`);
  const base = { paymentStreamId: payment.paymentStreamId, envelopeId: envelope.envelopeId, returnKey: line.returnKey, amountFen: line.amountFen, bankRef: line.bankRef, valueDate: line.valueDate };
  switch (line.status) {
    case 'settled':
      if (state.followUpId) return refused('ORIGINAL_ALREADY_REISSUED', `the payment was reissued as ${state.followUpId}; it cannot settle too`);
      if (state.status === 'settled') return state.bankRef === line.bankRef ? { outcome: 'already-applied' } : refused('PAYMENT_ALREADY_SETTLED', 'the payment is already settled');
      if (state.status !== 'enveloped') return refused('RETURN_STATUS_CONFLICT', `a payment ${state.status} cannot settle`);
      return { outcome: 'apply', events: [{ type: PAYMENT_SETTLED, data: base }] };
    case 'failed':
      if (state.status === 'failed') return refused('PAYMENT_ALREADY_FAILED', 'the payment already failed');
      if (state.status !== 'enveloped') return refused('RETURN_STATUS_CONFLICT', `a payment ${state.status} cannot fail; a settled payment returned later is a reversal`);
      return {
        outcome: 'apply',
        events: [{ type: PAYMENT_FAILED, data: { ...base, reason: line.failure?.reason ?? 'OTHER', bankReason: line.failure?.bankReason ?? '', accountVersion: line.accountVersion } satisfies FailedData }],
      };
    case 'reversed':
      if (state.status !== 'settled') return refused('REVERSAL_WITHOUT_SETTLEMENT', `only a settled payment can be reversed; this one is ${state.status}`);
      return { outcome: 'apply', events: [{ type: PAYMENT_REVERSED, data: { ...base, bankReason: line.failure?.bankReason ?? '', accountVersion: line.accountVersion } satisfies ReversedData }] };
  }
}

/**
 * 追缴 netted against later payments of the same case: each recovery's open amount is offset against
 * the payments in id order, each payment at most down to zero. Pure; what is left of a recovery stays
 * open (a receivable) for later payments.
 */
export function planNetting(
  recoveries: readonly { paymentStreamId: string; openFen: number }[],
  payments: readonly { paymentStreamId: string; bankFen: number }[],
): { recoveryId: string; paymentId: string; fen: number }[] {
  const out: { recoveryId: string; paymentId: string; fen: number }[] = [];
  const left = new Map(payments.map((p) => [p.paymentStreamId, p.bankFen]));
  const byId = (a: { paymentStreamId: string }, b: { paymentStreamId: string }) => (a.paymentStreamId < b.paymentStreamId ? -1 : a.paymentStreamId > b.paymentStreamId ? 1 : 0);
  const ordered = [...payments].sort(byId);
  for (const recovery of [...recoveries].sort(byId)) {
    let open = recovery.openFen;
    for (const payment of ordered) {
      if (open <= 0) break;
      const available = left.get(payment.paymentStreamId) ?? 0;
      if (available <= 0) continue;
      const fen = Math.min(open, available);
      out.push({ recoveryId: recovery.paymentStreamId, paymentId: payment.paymentStreamId, fen });
      left.set(payment.paymentStreamId, available - fen);
      open -= fen;
    }
  }
  return out;
}

/**
 * Whether a failed or reversed payment may be reissued now: not yet reissued, and the beneficiary's
 * account changed since the failure (a reissue to the same account would fail the same way).
 */
export function followUpDue(state: PaymentState, currentAccountVersion: number | null): boolean {
  if (state.status !== 'failed' && state.status !== 'reversed') return false;
  if (state.followUpId) return false;
  if (currentAccountVersion === null) return false;
  return state.failure?.accountVersion == null || currentAccountVersion > state.failure.accountVersion;
}

/** The follow-up's stream: the root payment's id with `-fu<n>` (n counts the reissues of the root). */
export function followUpStreamId(paymentStreamId: string): string {
  const match = /^(.*)-fu([1-9]\d*)$/.exec(paymentStreamId);
  return match ? `${match[1]}-fu${Number(match[2]) + 1}` : `${paymentStreamId}-fu1`;
}

/** The events of a reissue: the marker on the original (appended with its expected revision), and the new payment. */
export function decideFollowUp(state: PaymentState, envelopeId: string, runId: string): { original: { type: typeof PAYMENT_FOLLOWED_UP; data: FollowedUpData }; followUp: CreatedPayment } {
  const payment = requirePayment(state);
  if ((state.status !== 'failed' && state.status !== 'reversed') || state.followUpId) {
    throw FinanceErrors.FOLLOW_UP_NOT_ALLOWED({ paymentStreamId: payment.paymentStreamId, status: state.status, followUpId: state.followUpId });
  }
  const followUpId = followUpStreamId(payment.paymentStreamId);
  const { hold: _hold, envelopeId: _envelope, runId: _run, ...rest } = payment;
  return {
    original: { type: PAYMENT_FOLLOWED_UP, data: { paymentStreamId: payment.paymentStreamId, followUpId, envelopeId } },
    followUp: { ...rest, paymentStreamId: followUpId, followUpOf: payment.paymentStreamId, reissuesEnvelopeId: state.envelopeId, runId, envelopeId, hold: null },
  };
}

function requirePayment(state: PaymentState): CreatedPayment {
  if (!state.payment) throw FinanceErrors.HOLD_NOT_OPEN({ status: 'none' });
  return state.payment;
}

function refused(code: string, message: string): ReturnDecision {
  return { outcome: 'refused', code, message };
}
