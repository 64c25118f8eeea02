import { isDomainError } from '@benefits/kernel';
import { PAYMENT_CREATED } from '../entitlements/entitlement';
import {
  bankAmountFen,
  carriable,
  decideCarry,
  decideFollowUp,
  decideHold,
  decideReturn,
  foldPayment,
  followUpDue,
  followUpStreamId,
  ledgerKindOf,
  PAYMENT_CARRIED,
  PAYMENT_FAILED,
  PAYMENT_FOLLOWED_UP,
  PAYMENT_HOLD_DECIDED,
  PAYMENT_REVERSED,
  PAYMENT_SETTLED,
  type CreatedPayment,
  type ReturnLineInput,
} from './payment-lifecycle';

const id = 'payment-11111111-1111-4111-8111-111111111111-22222222-2222-4222-8222-222222222222-2025-01';
const created = (over: Partial<CreatedPayment> = {}): CreatedPayment => ({
  paymentStreamId: id,
  kind: 'regular',
  caseId: '11111111-1111-4111-8111-111111111111',
  personRef: '22222222-2222-4222-8222-222222222222',
  benefit: 'tefu',
  divisionCode: '330402',
  period: { kind: 'month', month: '2025-01' },
  periodKey: '2025-01',
  amount: { fen: 100_000 },
  runPeriod: '2025-01',
  determinationId: 'det-1',
  standardRef: { standardId: 's', versionId: 'v', itemNo: '1', contentHash: 'ab'.repeat(32) },
  schedule: { streamId: 'entitlement-x', version: 1 },
  runId: 'tefu-330402-2025-01-1',
  envelopeId: 'tefu-330402-2025-01-1',
  hold: null,
  ...over,
});
const given = (...events: { type: string; data: unknown }[]) => foldPayment([{ type: PAYMENT_CREATED, data: created() }, ...events]);
const envelope = { envelopeId: 'tefu-330402-2025-01-1', exported: true };
const line = (over: Partial<ReturnLineInput> = {}): ReturnLineInput => ({
  returnKey: 'sha:3',
  status: 'settled',
  amountFen: 100_000,
  bankRef: 'B1',
  valueDate: '2025-01-20',
  accountVersion: 1,
  ...over,
});
const applied = (decision: ReturnType<typeof decideReturn>) => {
  if (decision.outcome !== 'apply') throw new Error(`expected apply, got ${JSON.stringify(decision)}`);
  return decision.events;
};
const refusal = (decision: ReturnType<typeof decideReturn>) => (decision.outcome === 'refused' ? decision.code : decision.outcome);

describe('payment life cycle (pure)', () => {
  it('a payment made by a run is listed in its envelope; a held one is in none', () => {
    expect(given()).toMatchObject({ status: 'enveloped', envelopeId: 'tefu-330402-2025-01-1', kind: 'regular' });
    const held = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'ACCOUNT_MISSING' }, envelopeId: null }) }]);
    expect(held).toMatchObject({ status: 'held', envelopeId: null, hold: { reason: 'ACCOUNT_MISSING' } });
  });

  it('kinds: instalment periods, follow-ups, recoveries (not paid out by the bank)', () => {
    expect(ledgerKindOf(created({ period: { kind: 'instalment', date: '2025-03-01', seriesId: 'x', index: 2 } as never }))).toBe('instalment');
    expect(ledgerKindOf(created({ followUpOf: 'payment-x' }))).toBe('follow-up');
    expect(ledgerKindOf(created({ kind: 'arrears' }))).toBe('arrears');
    expect(bankAmountFen(created({ kind: 'recovery' }))).toBe(0);
    expect(bankAmountFen(created())).toBe(100_000);
  });

  describe('holds', () => {
    const duplicate = () => foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'DUPLICATE_PERSON', claimedBy: 'payment-other' }, envelopeId: null }) }]);
    it('a held duplicate is cancelled or released by a recorded decision; a released one goes with the next run once it has an account', () => {
      expect(decideHold(duplicate(), 'cancel', '重复享受，另案已发放')).toEqual([{ type: PAYMENT_HOLD_DECIDED, data: { paymentStreamId: id, decision: 'cancel', reason: '重复享受，另案已发放' } }]);
      const released = foldPayment([
        { type: PAYMENT_CREATED, data: created({ hold: { reason: 'DUPLICATE_PERSON' }, envelopeId: null }) },
        ...decideHold(duplicate(), 'release', '依据…条款可同时享受'),
      ]);
      expect(carriable(released, false)).toBe(false);
      expect(decideCarry(released, 'tefu-330402-2025-02-1', true)).toEqual([{ type: PAYMENT_CARRIED, data: { paymentStreamId: id, envelopeId: 'tefu-330402-2025-02-1' } }]);
    });
    it('refuses: deciding twice, deciding a payment not held, releasing a missing account', () => {
      const cancelled = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'DUPLICATE_PERSON' }, envelopeId: null }) }, ...decideHold(duplicate(), 'cancel', 'x')]);
      expect(cancelled.status).toBe('cancelled');
      expect(() => decideHold(cancelled, 'release', 'x')).toThrow(expect.objectContaining({ code: 'HOLD_NOT_OPEN' }));
      expect(() => decideHold(given(), 'cancel', 'x')).toThrow(expect.objectContaining({ code: 'HOLD_NOT_OPEN' }));
      const missing = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'ACCOUNT_MISSING' }, envelopeId: null }) }]);
      expect(() => decideHold(missing, 'release', 'x')).toThrow(expect.objectContaining({ code: 'HOLD_RELEASE_NOT_ALLOWED' }));
    });
    it('a payment held for its account is carried once the account is usable, and only once', () => {
      const missing = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'ACCOUNT_MISSING' }, envelopeId: null }) }]);
      expect(decideCarry(missing, 'e2', false)).toEqual([]);
      const carried = decideCarry(missing, 'e2', true);
      expect(carried).toHaveLength(1);
      const after = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'ACCOUNT_MISSING' }, envelopeId: null }) }, ...carried]);
      expect(after).toMatchObject({ status: 'enveloped', envelopeId: 'e2' });
      expect(decideCarry(after, 'e2', true)).toEqual([]);
      expect(decideCarry(after, 'e3', true)).toEqual([]);
    });
  });

  describe('bank returns', () => {
    it('settled, failed (with the bank reason), reversed after settlement', () => {
      expect(applied(decideReturn(given(), envelope, line()))).toEqual([
        { type: PAYMENT_SETTLED, data: { paymentStreamId: id, envelopeId: envelope.envelopeId, returnKey: 'sha:3', amountFen: 100_000, bankRef: 'B1', valueDate: '2025-01-20' } },
      ]);
      const failed = applied(decideReturn(given(), envelope, line({ status: 'failed', failure: { reason: 'ACCOUNT_CLOSED', bankReason: '账户已销户' } })));
      expect(failed[0]).toMatchObject({ type: PAYMENT_FAILED, data: { reason: 'ACCOUNT_CLOSED', bankReason: '账户已销户', accountVersion: 1 } });
      const settled = given(...applied(decideReturn(given(), envelope, line())));
      const reversed = applied(decideReturn(settled, envelope, line({ returnKey: 'sha2:5', status: 'reversed', failure: { reason: 'OTHER', bankReason: '退票' } })));
      expect(reversed[0]).toMatchObject({ type: PAYMENT_REVERSED, data: { bankReason: '退票' } });
      expect(given(...applied(decideReturn(given(), envelope, line())), ...reversed)).toMatchObject({ status: 'reversed', settledFen: 100_000, reversedFen: 100_000 });
    });

    it('the same line again changes nothing (same file imported twice)', () => {
      const settled = given(...applied(decideReturn(given(), envelope, line())));
      expect(decideReturn(settled, envelope, line())).toEqual({ outcome: 'already-applied' });
    });

    it('refuses what does not fit: other envelope, not exported, other amount, settle twice, fail after settle, reversal before settlement', () => {
      expect(refusal(decideReturn(given(), { envelopeId: 'other', exported: true }, line()))).toBe('RETURN_WRONG_ENVELOPE');
      expect(refusal(decideReturn(given(), { ...envelope, exported: false }, line()))).toBe('ENVELOPE_NOT_EXPORTED');
      expect(refusal(decideReturn(given(), envelope, line({ amountFen: 99_999 })))).toBe('RETURN_AMOUNT_MISMATCH');
      const settled = given(...applied(decideReturn(given(), envelope, line())));
      expect(refusal(decideReturn(settled, envelope, line({ returnKey: 'sha2:1', bankRef: 'B9' })))).toBe('PAYMENT_ALREADY_SETTLED');
      expect(refusal(decideReturn(settled, envelope, line({ returnKey: 'sha2:1', status: 'failed' })))).toBe('RETURN_STATUS_CONFLICT');
      expect(refusal(decideReturn(given(), envelope, line({ status: 'reversed' })))).toBe('REVERSAL_WITHOUT_SETTLEMENT');
      const held = foldPayment([{ type: PAYMENT_CREATED, data: created({ hold: { reason: 'ACCOUNT_MISSING' }, envelopeId: null }) }]);
      expect(refusal(decideReturn(held, envelope, line()))).toBe('RETURN_WRONG_ENVELOPE');
      expect(refusal(decideReturn(foldPayment([]), envelope, line()))).toBe('RETURN_UNKNOWN_PAYMENT');
    });
  });

  describe('reissue (follow-up)', () => {
    const failedEvents = () => applied(decideReturn(given(), envelope, line({ status: 'failed', failure: { reason: 'ACCOUNT_CLOSED', bankReason: '销户' }, accountVersion: 1 })));
    it('only once the account changed since the failure, and only once', () => {
      const failed = given(...failedEvents());
      expect(followUpDue(failed, null)).toBe(false);
      expect(followUpDue(failed, 1)).toBe(false);
      expect(followUpDue(failed, 2)).toBe(true);
      const { original, followUp } = decideFollowUp(failed, 'tefu-330402-2025-02-1', 'tefu-330402-2025-02-1');
      expect(original).toEqual({ type: PAYMENT_FOLLOWED_UP, data: { paymentStreamId: id, followUpId: `${id}-fu1`, envelopeId: 'tefu-330402-2025-02-1' } });
      expect(followUp).toMatchObject({ paymentStreamId: `${id}-fu1`, followUpOf: id, amount: { fen: 100_000 }, envelopeId: 'tefu-330402-2025-02-1', hold: null });
      const reissued = given(...failedEvents(), original);
      expect(followUpDue(reissued, 3)).toBe(false);
      expect(() => decideFollowUp(reissued, 'e', 'e')).toThrow(expect.objectContaining({ code: 'FOLLOW_UP_NOT_ALLOWED' }));
    });
    it('the original and its reissue can never both settle', () => {
      const { original } = decideFollowUp(given(...failedEvents()), 'e2', 'e2');
      const reissued = given(...failedEvents(), original);
      expect(refusal(decideReturn(reissued, envelope, line({ returnKey: 'late:1' })))).toBe('ORIGINAL_ALREADY_REISSUED');
    });
    it('a settled or merely enveloped payment is not reissued', () => {
      expect(followUpDue(given(), 5)).toBe(false);
      try {
        decideFollowUp(given(), 'e', 'e');
        throw new Error('not refused');
      } catch (error) {
        expect(isDomainError(error, 'FOLLOW_UP_NOT_ALLOWED')).toBe(true);
      }
    });
    it('reissues of reissues count up from the root payment', () => {
      expect(followUpStreamId(id)).toBe(`${id}-fu1`);
      expect(followUpStreamId(`${id}-fu1`)).toBe(`${id}-fu2`);
    });
  });
});
