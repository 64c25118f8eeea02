import type { EventStore } from '@benefits/event-store';
import { requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';
import { caseFactsSnapshot } from './tefu-workflow';

// The life of a 计生特扶 case after the application, over HTTP: 资格确认, activation, facts,
// 年审 and its tick, termination — and every bad input answered 4xx without the store moving.

jest.setTimeout(90_000);

// A new couple per case: one person may be in one open 特扶 case (重复享受). Wife even, husband odd.
let nextSequence = 20;
const standardRef = { standardId: 'jiaxing-basic-public-services', versionId: '2023', itemNo: '52', contentHash: 'c'.repeat(64) };
const household = (divisionCode = '330402', sequence = (nextSequence += 2)) => ({
  divisionCode,
  members: [
    { role: 'wife', name: '示例丙', residentId: residentId('330402', '1970-03-15', String(sequence).padStart(3, '0')), birthDate: '1970-03-15' },
    { role: 'husband', name: '示例丁', residentId: residentId('330402', '1964-11-02', String(sequence + 1).padStart(3, '0')), birthDate: '1964-11-02' },
  ],
  family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:disability-certificate-0510'] },
});
const evidence = [{ kind: 'disabilityCertificate', reference: 'evidence:child-disability-card-2023' }];

describe('applications: the life of a 计生特扶 case over HTTP', () => {
  let apps: TestApplications;
  let store: EventStore;
  // The service's clock; tests move it on.
  let now = new Date('2024-08-05T02:00:00Z');
  const token: Record<string, string> = {};

  beforeAll(async () => {
    apps = await startApplications('applications-tefu-life-', {
      clock: () => now,
      tefuPolicy: { requireEligibilityConfirmation: true },
    });
    store = apps.store;
    const { issue } = apps;
    token.intake = await issue('officer-wang', 'intake_officer');
    token.caseOfficer = await issue('officer-li', 'case_officer');
    token.approver = await issue('approver-zhao', 'approver');
    token.admin = await issue('admin-1', 'admin', '330400');
    token.cityIntake = await issue('officer-sun', 'intake_officer', '330400');
    token.otherAdmin = await issue('admin-2', 'admin', '330100');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);
  const personRefs = async (caseId: string) => ((await get(`/cases/${caseId}`, 'approver')).body.members as { personRef: string; role: string }[]).map((m) => m.personRef);

  /** Created, submitted, determined (revision 2), confirmed (3) and approved (4) on 2024-08-05. */
  async function activeCase(): Promise<string> {
    now = new Date('2024-08-05T02:00:00Z');
    const { caseId } = (await post('/cases/tefu', 'intake').send(household()).expect(201)).body;
    await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);
    await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-08-05' })
      .expect(200);
    await post(`/cases/${caseId}/eligibility-confirmation`, 'caseOfficer', '"2"').send({ evidence }).expect(200);
    await post(`/cases/${caseId}/approve`, 'approver', '"3"').send({ determinationId: 'det-1' }).expect(200);
    return caseId;
  }

  it('资格确认 before approval (policy on), approval activates the case with its 年审 due a year later', async () => {
    const { caseId } = (await post('/cases/tefu', 'intake').send(household()).expect(201)).body;
    await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);
    await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-08-05' })
      .expect(200);
    const head = await store.headPosition();
    expect((await post(`/cases/${caseId}/approve`, 'approver', '"2"').send({ determinationId: 'det-1' }).expect(409)).body.code).toBe('ELIGIBILITY_NOT_CONFIRMED');
    expect(await store.headPosition()).toBe(head);
    const confirmed = await post(`/cases/${caseId}/eligibility-confirmation`, 'caseOfficer', '"2"').send({ evidence }).expect(200);
    expect(confirmed.body).toEqual({ caseId, revision: 3, status: 'submitted' });
    const approved = await post(`/cases/${caseId}/approve`, 'approver', '"3"').send({ determinationId: 'det-1' }).expect(200);
    expect(approved.body).toEqual({ caseId, revision: 4, status: 'active' });

    const view = (await get(`/cases/${caseId}`, 'approver').expect(200)).body;
    expect(view).toMatchObject({
      status: 'active',
      asOf: '2024-08-05',
      due: [{ kind: 'tefu.annualReview', dueOn: '2025-08-05', overdue: false, overdueRecordedOn: null }],
      entitlement: { determinationId: 'det-1', effectiveFrom: '2024-08-05' },
      eligibilityConfirmation: { evidence, factsRevision: 1 },
      decision: { annualReviewDueOn: '2025-08-05' },
    });
    expect(view.entitlement.amounts).toHaveLength(2);
    expect(view.evidence).toContainEqual({ ...evidence[0], step: 'tefu.EligibilityConfirmed.v1', recordedBy: 'officer-li', recordedAt: expect.any(String) });
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'tefu.CaseCreated.v1',
      'tefu.ApplicationSubmitted.v1',
      'tefu.DeterminationRecorded.v1',
      'tefu.EligibilityConfirmed.v1',
      'tefu.CaseApproved.v1',
    ]);
  });

  it('records effective-dated facts and corrections; history keeps both; 养老服务补贴 publishes a snapshot from its date', async () => {
    const caseId = await activeCase();
    const [, husbandRef] = await personRefs(caseId);
    now = new Date('2024-11-10T02:00:00Z');
    const first = await post(`/cases/${caseId}/facts`, 'caseOfficer', '"4"')
      .send({ subject: husbandRef, fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2024-11-01', evidence: [{ kind: 'subsidyDecision', reference: 'evidence:subsidy-2024-11' }] })
      .expect(200);
    expect(first.body).toEqual({ caseId, revision: 5, status: 'active' });
    const view1 = (await get(`/cases/${caseId}`, 'approver')).body;
    const factId = view1.factHistory[0].factId;
    expect(view1.facts).toEqual([expect.objectContaining({ factId, subject: husbandRef, fact: { kind: 'elderlyCareSubsidy', receiving: true }, recordedBy: 'officer-li', supersededBy: null })]);
    expect(caseFactsSnapshot(await store.readStream(`case-${caseId}`), 5)).toMatchObject({ effectiveFrom: '2024-11-01', caseRevision: 5, facts: { members: [{}, { elderlyCareSubsidy: true }] } });

    // The subsidy actually started on 15 November: a correction, citing the record it supersedes.
    now = new Date('2024-11-20T02:00:00Z');
    await post(`/cases/${caseId}/facts`, 'caseOfficer', '"5"')
      .send({ subject: husbandRef, fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2024-11-15', supersedes: factId })
      .expect(200);
    const view2 = (await get(`/cases/${caseId}`, 'approver')).body;
    expect(view2.factHistory).toHaveLength(2);
    expect(view2.factHistory[0]).toMatchObject({ factId, supersededBy: view2.factHistory[1].factId });
    expect(view2.facts).toEqual([expect.objectContaining({ factId: view2.factHistory[1].factId, effectiveFrom: '2024-11-15', supersedes: factId })]);
    expect(caseFactsSnapshot(await store.readStream(`case-${caseId}`), 6)).toMatchObject({ effectiveFrom: '2024-11-01' });

    // Eligibility's determination on the new facts becomes the entitlement without re-approval.
    await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"6"')
      .send({ determinationId: 'det-2', basedOnCaseRevision: 6, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-11-01' })
      .expect(200);
    expect((await get(`/cases/${caseId}`, 'approver')).body).toMatchObject({ status: 'active', entitlement: { determinationId: 'det-2' } });
  });

  it('seals a 一卡通 account number in the vault and shows it masked; records household facts; refuses unknown divisions', async () => {
    const caseId = await activeCase();
    const [wifeRef] = await personRefs(caseId);
    await post(`/cases/${caseId}/facts`, 'caseOfficer', '"4"')
      .send({ subject: wifeRef, fact: { kind: 'subsidyCard', cardType: 'socialSecurityCard', bankCode: 'ZJRCU', accountNumber: '6230910000012345678' }, effectiveFrom: '2024-08-01' })
      .expect(200);
    await post(`/cases/${caseId}/facts`, 'caseOfficer', '"5"')
      .send({ subject: 'household', fact: { kind: 'asset', assetKind: 'deposit', label: '定期存款', valueFen: 5_000_000 }, effectiveFrom: '2024-08-01' })
      .expect(200);
    await post(`/cases/${caseId}/facts`, 'caseOfficer', '"6"')
      .send({ subject: wifeRef, fact: { kind: 'income', source: 'pension', month: '2024-07', amountFen: 250_000 }, effectiveFrom: '2024-07-01' })
      .expect(200);
    const view = (await get(`/cases/${caseId}`, 'approver')).body;
    expect(view.factHistory[0].fact).toEqual({ kind: 'subsidyCard', cardType: 'socialSecurityCard', bankCode: 'ZJRCU', accountMasked: '***************5678' });
    expect(view.factsRevision).toBe(4);
    const everything = JSON.stringify(await store.readStream(`case-${caseId}`));
    expect(everything).not.toContain('6230910000012345678');
    const head = await store.headPosition();
    const bad = await post(`/cases/${caseId}/facts`, 'caseOfficer', '"7"').send({ subject: wifeRef, fact: { kind: 'hukou', divisionCode: '330499' }, effectiveFrom: '2024-08-01' }).expect(400);
    expect(bad.body.code).toBe('UNKNOWN_DIVISION');
    expect((await post('/cases/tefu', 'cityIntake').send(household('330499')).expect(400)).body.code).toBe('UNKNOWN_DIVISION');
    expect(await store.headPosition()).toBe(head);
  });

  it('年审: confirmed and rescheduled; the tick records a passed due date once, only in its division', async () => {
    const caseId = await activeCase();
    now = new Date('2025-07-20T02:00:00Z');
    const reviewed = await post(`/cases/${caseId}/annual-reviews`, 'caseOfficer', '"4"').send({ evidence: [{ kind: 'hukouBook', reference: 'evidence:hukou-2025' }] }).expect(200);
    expect(reviewed.body).toEqual({ caseId, revision: 6, status: 'active' });
    expect((await get(`/cases/${caseId}`, 'approver')).body.due).toEqual([{ kind: 'tefu.annualReview', dueOn: '2026-08-05', overdue: false, overdueRecordedOn: null }]);

    now = new Date('2026-08-07T02:00:00Z');
    const other = await post('/cases/tefu/annual-reviews/tick', 'otherAdmin').send({}).expect(200);
    expect(other.body.markedOverdue.map((m: { caseId: string }) => m.caseId)).not.toContain(caseId);
    const tick = await post('/cases/tefu/annual-reviews/tick', 'admin').send({}).expect(200);
    expect(tick.body.today).toBe('2026-08-07');
    expect(tick.body.markedOverdue).toContainEqual({ caseId, dueOn: '2026-08-05', revision: 7 });
    const head = await store.headPosition();
    const again = await post('/cases/tefu/annual-reviews/tick', 'admin').send({ today: '2026-08-07' }).expect(200);
    expect(again.body.markedOverdue).toEqual([]);
    expect(await store.headPosition()).toBe(head);
    expect((await get(`/cases/${caseId}`, 'approver')).body.due).toEqual([{ kind: 'tefu.annualReview', dueOn: '2026-08-05', overdue: true, overdueRecordedOn: '2026-08-07' }]);

    for (const [who, body, status, code] of [
      ['caseOfficer', {}, 403, 'ROLE_NOT_ALLOWED'],
      ['admin', { today: '2026-08-08' }, 400, 'DATE_IN_FUTURE'],
      ['admin', { today: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      ['admin', { when: 'now' }, 400, 'UNKNOWN_FIELD'],
    ] as const) {
      const res = await post('/cases/tefu/annual-reviews/tick', who).send(body).expect(status);
      expect(res.body.code).toBe(code);
    }
    expect(await store.headPosition()).toBe(head);
  });

  it("the last member's death terminates the case from the date of death; nothing is due or entitled after it", async () => {
    const caseId = await activeCase();
    const [wifeRef, husbandRef] = await personRefs(caseId);
    now = new Date('2025-03-10T02:00:00Z');
    const death = { kind: 'deathCertificate', reference: 'evidence:death-2025' };
    expect((await post(`/cases/${caseId}/facts`, 'caseOfficer', '"4"').send({ subject: husbandRef, fact: { kind: 'death' }, effectiveFrom: '2025-01-10', evidence: [death] }).expect(200)).body).toEqual({
      caseId,
      revision: 5,
      status: 'active',
    });
    const last = await post(`/cases/${caseId}/facts`, 'caseOfficer', '"5"').send({ subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2025-03-03', evidence: [death] }).expect(200);
    expect(last.body).toEqual({ caseId, revision: 7, status: 'terminated' });
    const view = (await get(`/cases/${caseId}`, 'approver')).body;
    expect(view).toMatchObject({ status: 'terminated', due: [], entitlement: null, termination: { reason: 'death', terminatedOn: '2025-03-03' } });
    expect(caseFactsSnapshot(await store.readStream(`case-${caseId}`), 7)).toMatchObject({ effectiveFrom: '2025-03-03', facts: { terminatedOn: '2025-03-03', terminationReason: 'death' } });
    const head = await store.headPosition();
    expect((await post(`/cases/${caseId}/annual-reviews`, 'caseOfficer', '"7"').send({ evidence }).expect(409)).body.code).toBe('CASE_TERMINATED');
    expect(await store.headPosition()).toBe(head);
  });

  it('terminates on a new birth from its date', async () => {
    const caseId = await activeCase();
    now = new Date('2025-02-10T02:00:00Z');
    const res = await post(`/cases/${caseId}/terminate`, 'caseOfficer', '"4"').send({ reason: 'newBirth', eventDate: '2025-02-01', evidence: [{ kind: 'birthCertificate', reference: 'evidence:birth-2025' }] }).expect(200);
    expect(res.body).toEqual({ caseId, revision: 5, status: 'terminated' });
    expect((await get(`/cases/${caseId}`, 'approver')).body.termination).toMatchObject({ reason: 'newBirth', terminatedOn: '2025-02-01' });
  });

  describe('bad input on the lifecycle endpoints: 4xx with a stable code, and the store does not move', () => {
    let caseId: string;
    let wifeRef: string;
    beforeAll(async () => {
      caseId = await activeCase();
      [wifeRef] = await personRefs(caseId);
    });

    const cases: [string, () => { path: string; who: string; body: unknown; ifMatch?: string }, number, string][] = [
      ['facts: missing fields', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef } }), 400, 'VALIDATION_FAILED'],
      ['facts: unknown kind', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'salary' }, effectiveFrom: '2024-08-01' } }), 400, 'VALIDATION_FAILED'],
      ['facts: unknown field', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-08-01', note: 'x' } }), 400, 'UNKNOWN_FIELD'],
      ['facts: bad date', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-02-30' } }), 400, 'VALIDATION_FAILED'],
      ['facts: date after today', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-08-06' } }), 400, 'DATE_IN_FUTURE'],
      ['facts: not a member', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: 'someone', fact: { kind: 'death' }, effectiveFrom: '2024-08-01' } }), 400, 'FACT_SUBJECT_UNKNOWN'],
      ['facts: person fact on the household', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: 'household', fact: { kind: 'death' }, effectiveFrom: '2024-08-01' } }), 400, 'FACT_SUBJECT_INVALID'],
      ['facts: unknown division', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'hukou', divisionCode: '330499' }, effectiveFrom: '2024-08-01' } }), 400, 'UNKNOWN_DIVISION'],
      ['facts: account number not digits', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'subsidyCard', cardType: 'bankCard', bankCode: 'B', accountNumber: 'abc' }, effectiveFrom: '2024-08-01' } }), 400, 'VALIDATION_FAILED'],
      ['facts: account for a stranger', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: 'household', fact: { kind: 'subsidyCard', cardType: 'bankCard', bankCode: 'B', accountNumber: '62309100000123' }, effectiveFrom: '2024-08-01' } }), 400, 'FACT_SUBJECT_INVALID'],
      ['facts: correcting an unknown record', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-08-01', supersedes: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' } }), 409, 'FACT_NOT_FOUND'],
      ['facts: no If-Match', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-08-01' }, ifMatch: '' }), 428, 'PRECONDITION_REQUIRED'],
      ['facts: stale If-Match', () => ({ path: `/cases/${caseId}/facts`, who: 'caseOfficer', body: { subject: wifeRef, fact: { kind: 'subsidyCard', cardType: 'bankCard', bankCode: 'B', accountNumber: '62309100000123' }, effectiveFrom: '2024-08-01' }, ifMatch: '"3"' }), 412, 'STALE_REVISION'],
      ['facts: wrong role', () => ({ path: `/cases/${caseId}/facts`, who: 'approver', body: { subject: wifeRef, fact: { kind: 'death' }, effectiveFrom: '2024-08-01' } }), 403, 'ROLE_NOT_ALLOWED'],
      ['terminate: unknown reason', () => ({ path: `/cases/${caseId}/terminate`, who: 'caseOfficer', body: { reason: 'moved', eventDate: '2024-08-01', evidence } }), 400, 'VALIDATION_FAILED'],
      ['terminate: death is recorded as a fact', () => ({ path: `/cases/${caseId}/terminate`, who: 'caseOfficer', body: { reason: 'death', eventDate: '2024-08-01', evidence } }), 400, 'VALIDATION_FAILED'],
      ['terminate: no evidence', () => ({ path: `/cases/${caseId}/terminate`, who: 'caseOfficer', body: { reason: 'adoption', eventDate: '2024-08-01', evidence: [] } }), 400, 'EVIDENCE_REQUIRED'],
      ['terminate: date after today', () => ({ path: `/cases/${caseId}/terminate`, who: 'caseOfficer', body: { reason: 'adoption', eventDate: '2024-09-01', evidence } }), 400, 'DATE_IN_FUTURE'],
      ['terminate: no If-Match', () => ({ path: `/cases/${caseId}/terminate`, who: 'caseOfficer', body: { reason: 'adoption', eventDate: '2024-08-01', evidence }, ifMatch: '' }), 428, 'PRECONDITION_REQUIRED'],
      ['annual review: no evidence', () => ({ path: `/cases/${caseId}/annual-reviews`, who: 'caseOfficer', body: { evidence: [] } }), 400, 'EVIDENCE_REQUIRED'],
      ['annual review: unknown evidence kind', () => ({ path: `/cases/${caseId}/annual-reviews`, who: 'caseOfficer', body: { evidence: [{ kind: 'photo', reference: 'e:1' }] } }), 400, 'VALIDATION_FAILED'],
      ['annual review: stale If-Match', () => ({ path: `/cases/${caseId}/annual-reviews`, who: 'caseOfficer', body: { evidence }, ifMatch: '"2"' }), 412, 'STALE_REVISION'],
      ['eligibility confirmation: active case', () => ({ path: `/cases/${caseId}/eligibility-confirmation`, who: 'caseOfficer', body: { evidence } }), 409, 'CASE_ALREADY_DECIDED'],
      ['eligibility confirmation: reference with personal data characters', () => ({ path: `/cases/${caseId}/eligibility-confirmation`, who: 'caseOfficer', body: { evidence: [{ kind: 'other', reference: '张三 身份证' }] } }), 400, 'VALIDATION_FAILED'],
      ['evidence: unknown field', () => ({ path: `/cases/${caseId}/evidence`, who: 'caseOfficer', body: { evidence, by: 'x' } }), 400, 'UNKNOWN_FIELD'],
      ['evidence: malformed case id', () => ({ path: '/cases/not-a-case/evidence', who: 'caseOfficer', body: { evidence } }), 400, 'VALIDATION_FAILED'],
    ];

    it.each(cases)('%s', async (_name, make, status, code) => {
      const { path, who, body, ifMatch } = make();
      const head = await store.headPosition();
      const res = await post(path, who, ifMatch ?? '"4"').send(body as object).expect(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(await store.headPosition()).toBe(head);
    });

    it('attaches evidence with who and when', async () => {
      await post(`/cases/${caseId}/evidence`, 'intake', '"4"').send({ evidence: [{ kind: 'hukouBook', reference: 'evidence:hukou-book-1' }] }).expect(200);
      const view = (await get(`/cases/${caseId}`, 'approver')).body;
      expect(view.evidence).toContainEqual({ kind: 'hukouBook', reference: 'evidence:hukou-book-1', step: 'tefu.EvidenceAttached.v1', recordedBy: 'officer-wang', recordedAt: expect.any(String) });
    });
  });
});
