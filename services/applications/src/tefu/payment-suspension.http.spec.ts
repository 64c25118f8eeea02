import type { EventStore } from '@benefits/event-store';
import { decodeIntegrationEvent, IntegrationEventMapper, type IntegrationEvent } from '@benefits/messaging';
import { requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';

// 特扶 停发 / 恢复 over HTTP: approver only, invalid transitions refused without the store moving,
// and the recorded events leave applications as integration events PaymentSuspended / PaymentResumed.

jest.setTimeout(90_000);

let nextSequence = 620;
const standardRef = { standardId: 'sample-standard', versionId: 'v1', itemNo: '1', contentHash: 'c'.repeat(64) };
const household = (sequence = (nextSequence += 2)) => ({
  divisionCode: '330402',
  members: [
    { role: 'wife', name: '示例丙', residentId: residentId('330402', '1970-03-15', String(sequence).padStart(3, '0')), birthDate: '1970-03-15' },
    { role: 'husband', name: '示例丁', residentId: residentId('330402', '1964-11-02', String(sequence + 1).padStart(3, '0')), birthDate: '1964-11-02' },
  ],
  family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:disability-certificate-0510'] },
});

describe('applications: 特扶 停发 / 恢复 over HTTP', () => {
  let apps: TestApplications;
  let store: EventStore;
  const now = new Date('2024-09-05T02:00:00Z');
  const token: Record<string, string> = {};

  beforeAll(async () => {
    apps = await startApplications('applications-tefu-suspension-', { clock: () => now });
    store = apps.store;
    token.intake = await apps.issue('officer-wang', 'intake_officer');
    token.caseOfficer = await apps.issue('officer-li', 'case_officer');
    token.approver = await apps.issue('approver-zhao', 'approver');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post } = requestsAs(() => apps.app, token);

  async function activeCase(): Promise<string> {
    const { caseId } = (await post('/cases/tefu', 'intake').send(household()).expect(201)).body;
    await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);
    await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-09-05' })
      .expect(200);
    await post(`/cases/${caseId}/approve`, 'approver', '"2"').send({ determinationId: 'det-1' }).expect(200);
    return caseId;
  }

  it('an approver suspends and resumes; both are published as integration events with the case division', async () => {
    const caseId = await activeCase();
    const head = await store.headPosition();
    expect((await post(`/cases/${caseId}/suspend`, 'caseOfficer', '"3"').send({ effectiveFrom: '2024-10-01', reason: '未按期参加年审' }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await post(`/cases/${caseId}/suspend`, 'approver', '"3"').send({ effectiveFrom: '2024-10-01' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post(`/cases/${caseId}/resume`, 'approver', '"3"').send({ effectiveFrom: '2024-10-01', reason: 'x' }).expect(409)).body.code).toBe('PAYMENT_NOT_SUSPENDED');
    expect(await store.headPosition()).toBe(head);

    const suspended = await post(`/cases/${caseId}/suspend`, 'approver', '"3"').send({ effectiveFrom: '2024-10-01', reason: '未按期参加年审' }).expect(200);
    expect(suspended.body).toEqual({ caseId, revision: 4, status: 'active' });
    expect((await post(`/cases/${caseId}/suspend`, 'approver', '"4"').send({ effectiveFrom: '2024-11-01', reason: 'x' }).expect(409)).body.code).toBe('PAYMENT_ALREADY_SUSPENDED');
    expect((await post(`/cases/${caseId}/resume`, 'approver', '"4"').send({ effectiveFrom: '2024-09-30', reason: 'x' }).expect(400)).body.code).toBe('RESUMPTION_BEFORE_SUSPENSION');
    await post(`/cases/${caseId}/resume`, 'approver', '"4"').send({ effectiveFrom: '2024-12-01', reason: '已补办年审' }).expect(200);

    const events = (await store.readStream(`case-${caseId}`)).slice(-2);
    expect(events.map((e) => e.type)).toEqual(['tefu.PaymentSuspended.v1', 'tefu.PaymentResumed.v1']);
    const [s, r] = events.map((e) => {
      const message = new IntegrationEventMapper().map(e)!;
      return { topic: message.topic, key: message.key, event: decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'PaymentSuspended'> };
    });
    expect(s).toMatchObject({ topic: 'benefits.applications', key: caseId, event: { caseId, benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-10-01', reason: '未按期参加年审' } });
    expect(r.event).toMatchObject({ benefit: 'tefu', effectiveFrom: '2024-12-01', reason: '已补办年审' });
  });
});
