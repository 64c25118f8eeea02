import type { EventEnvelope } from '@benefits/kernel';
import { decodeIntegrationEvent, IntegrationEventMapper, IntegrationEventTypes, type IntegrationEvent } from '@benefits/messaging';

/**
 * 停发 / 恢复 leave applications as integration events PaymentSuspended / PaymentResumed (topic
 * benefits.applications, key = caseId) through the default by-name mapping: `dibao.PaymentSuspended.v1`
 * and `tefu.PaymentSuspended.v1` → `PaymentSuspended`, benefit from the namespace.
 */
const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';

const envelope = (type: string, data: Record<string, unknown>): EventEnvelope =>
  ({
    eventId: '0192f3a0-0000-7000-8000-0000000000aa',
    type,
    streamId: `case-${caseId}`,
    streamRevision: 12,
    globalPosition: 40,
    recordedAt: '2026-06-20T02:00:00.000Z',
    data,
    metadata: { correlationId: 'corr-1', causationId: null, actor: { id: 'approver-zhao', role: 'approver', divisionCode: '330402' }, schemaVersion: 1 },
  }) as unknown as EventEnvelope;

describe('停发 / 恢复 → integration events', () => {
  it.each([
    ['dibao.PaymentSuspended.v1', IntegrationEventTypes.PaymentSuspended, 'dibao'],
    ['dibao.PaymentResumed.v1', IntegrationEventTypes.PaymentResumed, 'dibao'],
    ['tefu.PaymentSuspended.v1', IntegrationEventTypes.PaymentSuspended, 'tefu'],
    ['tefu.PaymentResumed.v1', IntegrationEventTypes.PaymentResumed, 'tefu'],
  ])('maps %s to %s on benefits.applications, keyed by the case', (domainType, integrationType, benefit) => {
    const message = new IntegrationEventMapper().map(envelope(domainType, { caseId, divisionCode: '330402', effectiveFrom: '2026-07-01', reason: '未按期复核' }))!;
    expect(message).toMatchObject({ topic: 'benefits.applications', key: caseId, headers: { type: integrationType, eventId: '0192f3a0-0000-7000-8000-0000000000aa', sourceType: domainType } });
    const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'PaymentSuspended'>;
    expect(decoded).toMatchObject({ caseId, benefit, divisionCode: '330402', effectiveFrom: '2026-07-01', reason: '未按期复核' });
    expect(decoded.header).toMatchObject({ eventId: '0192f3a0-0000-7000-8000-0000000000aa', streamId: `case-${caseId}`, caseId });
  });

  it('maps a 低保 suspension recorded before divisionCode was kept with an empty division (consumers use the schedule’s)', () => {
    const message = new IntegrationEventMapper().map(envelope('dibao.PaymentSuspended.v1', { caseId, effectiveFrom: '2026-07-01', reason: 'x' }))!;
    expect((decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'PaymentSuspended'>).divisionCode).toBe('');
  });
});
