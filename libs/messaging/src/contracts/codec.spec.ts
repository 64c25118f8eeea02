import type { EventEnvelope } from '@benefits/kernel';
import { decodeIntegrationEvent, encodeIntegrationEvent, IntegrationCodecError } from './codec';
import { IntegrationEventTypes, type IntegrationEvent } from './integration-events';
import { IntegrationEventMapper, IntegrationMappingError } from './mapper';

const header = {
  eventId: '0b0c7e8e-1111-4a4a-8a8a-000000000001',
  sourceType: 'dibao.EligibilityDetermined.v1',
  streamId: 'determination-d1',
  streamRevision: 0,
  recordedAt: '2025-03-01T02:00:00.000Z',
  correlationId: 'corr-1',
  causationId: '',
  schemaVersion: 1,
  caseId: 'c-001',
};

describe('integration-event codec', () => {
  it('round-trips int64 fen amounts as numbers, so the decoded event is JSON-serialisable', () => {
    const event: IntegrationEvent<'EligibilityDetermined'> = {
      header,
      determinationId: 'd1',
      caseId: 'c-001',
      basedOnCaseRevision: 7,
      benefit: 'dibao',
      divisionCode: '330304',
      effectiveFrom: '2025-03-01',
      eligible: true,
      standardRef: { standardId: 's1', versionId: 'v2', itemNo: '3', contentHash: 'ab'.repeat(32) },
      rulesetVersion: 'dibao-zj-1',
      amounts: [{ beneficiaryRef: 'p-1', periodKey: '2025-03', amountFen: 123456 }],
      parametersJson: '{"B":{"fen":116500}}',
      traceJson: '[]',
      capFen: 9_007_199_254_740_991,
    };
    const decoded = decodeIntegrationEvent(IntegrationEventTypes.EligibilityDetermined, encodeIntegrationEvent('EligibilityDetermined', event));
    expect(decoded).toEqual(event);
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(event);
  });

  it('refuses amounts a number cannot hold exactly, in both directions', () => {
    const event = { header, paymentId: 'p', caseId: 'c', beneficiaryRef: 'b', periodKey: '2025-03', benefit: 'dibao', divisionCode: '1', amountFen: 2 ** 53, scheduleId: 's', kind: 'regular' };
    expect(() => encodeIntegrationEvent('PaymentCreated', event)).toThrow(IntegrationCodecError);
    expect(() => encodeIntegrationEvent('PaymentCreated', { ...event, amountFen: 0.5 })).toThrow(IntegrationCodecError);
  });

  it('refuses an unknown type and bytes that are not the message', () => {
    expect(() => decodeIntegrationEvent('benefits.integration.v1.Nope', new Uint8Array())).toThrow(/unknown integration event type/);
    expect(() => decodeIntegrationEvent(IntegrationEventTypes.CaseApproved, new Uint8Array([0xff, 0xff, 0xff]))).toThrow(IntegrationCodecError);
  });
});

function envelope(type: string, data: unknown, streamId = 'case-c-042'): EventEnvelope {
  return {
    eventId: '0b0c7e8e-1111-4a4a-8a8a-000000000002',
    type,
    streamId,
    streamRevision: 3,
    position: 'opaque',
    recordedAt: '2025-03-02T08:00:00.000Z',
    data,
    metadata: { correlationId: 'corr-9', causationId: 'cause-8', actor: null, schemaVersion: 2, prevHash: '', hash: '' },
  };
}

describe('domain event → integration event mapper', () => {
  const mapper = new IntegrationEventMapper();

  it('maps a public domain event by name: key = caseId, headers type/eventId/schemaVersion/correlationId', () => {
    const message = mapper.map(
      envelope('dibao.CaseApproved.v1', {
        divisionCode: '330304',
        determinationId: 'd-7',
        effectiveFrom: '2025-04-01',
        approvedAmounts: [{ beneficiaryRef: 'p-1', periodKey: '2025-04', amountFen: { fen: 98000 } }],
        officerNote: 'private detail that has no field in the contract',
      }),
    )!;
    expect(message.topic).toBe('benefits.applications');
    expect(message.key).toBe('c-042');
    expect(message.headers).toMatchObject({
      type: 'benefits.integration.v1.CaseApproved',
      eventId: '0b0c7e8e-1111-4a4a-8a8a-000000000002',
      schemaVersion: '2',
      correlationId: 'corr-9',
      causationId: 'cause-8',
      sourceType: 'dibao.CaseApproved.v1',
    });
    const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'CaseApproved'>;
    expect(decoded.caseId).toBe('c-042');
    expect(decoded.benefit).toBe('dibao');
    expect(decoded.approvedAmounts).toEqual([{ beneficiaryRef: 'p-1', periodKey: '2025-04', amountFen: 98000 }]);
    expect(decoded.header).toMatchObject({ streamId: 'case-c-042', streamRevision: 3, caseId: 'c-042' });
    expect(JSON.stringify(decoded)).not.toContain('private detail');
  });

  it('carries fact snapshots as canonical JSON', () => {
    const message = mapper.map(envelope('linshi.CaseFactsSnapshotted.v1', { caseRevision: 5, facts: { b: 1, a: [2, 'x'] } }))!;
    const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'CaseFactsSnapshotted'>;
    expect(decoded.factsJson).toBe('{"a":[2,"x"],"b":1}');
    expect(decoded.caseRevision).toBe(5);
  });

  it('keeps private domain events private', () => {
    expect(mapper.map(envelope('dibao.HouseholdVisitRecorded.v1', {}))).toBeNull();
  });

  it('refuses a key that looks like personal data', () => {
    expect(() => mapper.map(envelope('dibao.CaseApproved.v1', { caseId: '11010519491231002X' }))).toThrow(IntegrationMappingError);
    expect(() => mapper.map(envelope('dibao.CaseApproved.v1', { caseId: '13800138000' }))).toThrow(IntegrationMappingError);
    expect(() => mapper.map(envelope('dibao.CaseApproved.v1', {}, 'applications-x'))).toThrow(/no caseId/);
  });

  it('prefixes topics when asked (test isolation on a shared cluster)', () => {
    expect(new IntegrationEventMapper({ topicPrefix: 't1.' }).map(envelope('tefu.PaymentCreated.v1', { amountFen: 1 }))!.topic).toBe('t1.benefits.disbursement');
  });
});
