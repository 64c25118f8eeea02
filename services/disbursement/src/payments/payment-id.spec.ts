import { isDomainError } from '@benefits/kernel';
import { parsePaymentStreamId, paymentStreamId } from './payment-id';
import { followUpStreamId } from './payment-lifecycle';

const caseId = '01a23ff8-3337-7f63-93c5-ca277ae0a9a6';
const person = 'e62769b2-558f-4e79-9006-e4b762ffb9c9';

describe('payment stream ids', () => {
  it('regular, adjustment, follow-up and follow-up of an adjustment name the same case, person and period', () => {
    const regular = paymentStreamId(caseId, person, { kind: 'month', month: '2025-01' });
    expect(parsePaymentStreamId(regular)).toEqual({ caseId, personRef: person, period: { kind: 'month', month: '2025-01' } });
    expect(parsePaymentStreamId(`${regular}-adj2`)).toEqual({ caseId, personRef: person, period: { kind: 'month', month: '2025-01' }, adjustmentForScheduleVersion: 2 });
    expect(parsePaymentStreamId(followUpStreamId(regular))).toMatchObject({ caseId, personRef: person, period: { kind: 'month', month: '2025-01' } });
    expect(parsePaymentStreamId(followUpStreamId(followUpStreamId(regular)))).toMatchObject({ period: { kind: 'month', month: '2025-01' } });
    expect(parsePaymentStreamId(`${regular}-adj2-fu1`)).toMatchObject({ adjustmentForScheduleVersion: 2 });
  });

  it('refuses what is not a payment id', () => {
    for (const bad of ['payment-x', `payment-${caseId}-${person}-2025-13`, `payment-${caseId}-${person}-2025-01-fu0`, `envelope-${caseId}`]) {
      let error: unknown = null;
      try {
        parsePaymentStreamId(bad);
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error, 'INVALID_PAYMENT_ID')).toBe(true);
    }
  });
});
