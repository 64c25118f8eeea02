import { Topics, type IntegrationEvent } from '@benefits/messaging';
import { statusChangeFromIntegrationEvent } from './payment-status.consumer';
import { disbursementConsumerTopics } from './schedules.consumer';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';

const event = (overrides: Partial<IntegrationEvent<'PaymentSuspended'>> = {}) =>
  ({
    header: { eventId: 'evt-1', sourceType: 'dibao.PaymentSuspended.v1', streamId: `case-${caseId}`, streamRevision: 9, recordedAt: '2025-03-15T02:00:00Z', correlationId: 'corr-1', causationId: '', schemaVersion: 1, caseId },
    caseId,
    benefit: 'dibao',
    divisionCode: '330402',
    effectiveFrom: '2025-03-15',
    reason: 'sample reason',
    ...overrides,
  }) as IntegrationEvent<'PaymentSuspended'>;

describe('停发 / 恢复 from applications → the entitlement decider command', () => {
  it('keeps case, benefit, division, date and reason, and the integration event id as the idempotency key', () => {
    expect(statusChangeFromIntegrationEvent(event())).toEqual({
      caseId,
      benefit: 'dibao',
      divisionCode: '330402',
      effectiveFrom: '2025-03-15',
      reason: 'sample reason',
      sourceEventId: 'evt-1',
    });
  });

  it('refuses a change without an event id, or for a benefit that is not suspended (临时救助) or unknown', () => {
    expect(() => statusChangeFromIntegrationEvent(event({ header: undefined }))).toThrow(/eventId/);
    expect(() => statusChangeFromIntegrationEvent(event({ benefit: 'linshi' }))).toThrow(/only dibao and tefu/);
    expect(() => statusChangeFromIntegrationEvent(event({ benefit: 'wubao' }))).toThrow(/only dibao and tefu/);
  });
});

describe('the disbursement consumer on Kafka', () => {
  it('subscribes to applications’ topic (停发/恢复) as well as eligibility’s (schedules)', () => {
    expect(disbursementConsumerTopics()).toEqual([Topics.applications, Topics.eligibility].sort());
  });
});
