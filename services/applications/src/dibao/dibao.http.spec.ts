import type request from 'supertest';
import type { EventStore } from '@benefits/event-store';
import { sampleWorkingDayCalendar } from '../calendar/working-day-calendar';
import { at, requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';
import { dibaoFactsSnapshot as snapshotOf, dibaoWorkflow } from './dibao-workflow';

// PGlite databases (event store and vault) take a few seconds to create.
jest.setTimeout(90_000);

const applicantId = residentId('330402', '1975-06-01', '011');
const childId = residentId('330402', '2012-09-01', '022');
const otherId = residentId('330402', '1980-01-20', '031');

describe('applications: 低保 cases over HTTP', () => {
  let apps: TestApplications;
  let store: EventStore;
  let now = at('2026-03-02');
  const token: Record<string, string> = {};

  beforeAll(async () => {
    apps = await startApplications('applications-dibao-', {
      clock: () => now,
      // SAMPLE calendar (weekends only), not a published one.
      calendar: sampleWorkingDayCalendar([2026, 2027]),
    });
    store = apps.store;
    const { issue } = apps;
    token.intake = await issue('officer-wang', 'intake_officer');
    token.caseOfficer = await issue('officer-li', 'case_officer');
    token.approver = await issue('approver-zhao', 'approver');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);

  const household = (members = [
    { relation: 'applicant', name: '示例甲', residentId: applicantId, birthDate: '1975-06-01' },
    { relation: 'child', name: '示例乙', residentId: childId, birthDate: '2012-09-01', extraNeed: 'minor' },
  ]) => ({ divisionCode: '330402', householdCategory: 'stable', members });

  /** Runs a case to 公示 posted on 10 March 2026 with a determination on the 核对; returns its id. */
  async function caseInPublicNotice(body = household()): Promise<{ caseId: string; refs: string[] }> {
    now = at('2026-03-02');
    const { caseId } = (await post('/cases/dibao', 'intake').send(body).expect(201)).body;
    await post(`/cases/dibao/${caseId}/accept`, 'intake', '"0"').send({}).expect(200);
    const view = await get(`/cases/dibao/${caseId}`, 'caseOfficer').expect(200);
    const refs: string[] = view.body.members.map((m: { personRef: string }) => m.personRef);
    now = at('2026-03-04');
    await post(`/cases/dibao/${caseId}/financial-check`, 'caseOfficer', '"1"')
      .send({
        checkedOn: '2026-03-04',
        result: 'passed',
        sources: [{ source: 'humanResources', reportRef: 'report:hr-0304' }],
        period: { from: '2025-12', to: '2026-02' },
        incomes: [{ personRef: refs[0], source: 'wages', month: '2026-01', amountFen: 90_000 }],
      })
      .expect(200);
    now = at('2026-03-05');
    await post(`/cases/dibao/${caseId}/home-visit`, 'caseOfficer', '"2"').send({ visitedOn: '2026-03-05', investigators: ['officer-li', 'cadre-chen'], findings: '与申报一致' }).expect(200);
    now = at('2026-03-09');
    await post(`/cases/dibao/${caseId}/community-review`, 'caseOfficer', '"3"').send({ heldOn: '2026-03-09', attendance: 12, votesFor: 11, minutesRef: 'minutes:0309' }).expect(200);
    now = at('2026-03-10');
    await post(`/cases/dibao/${caseId}/public-notice`, 'caseOfficer', '"4"').send({ startedOn: '2026-03-10', location: '社区公示栏' }).expect(200);
    await post(`/cases/dibao/${caseId}/determinations`, 'caseOfficer', '"5"')
      .send({
        determinationId: 'det-1',
        basedOnCaseRevision: 2,
        eligible: true,
        amounts: refs.map((ref) => ({ beneficiaryRef: ref, periodKey: '2026-04', amountFen: 40_000 })),
        householdAmountFen: 80_000,
        standardRef: null,
        effectiveFrom: '2026-04-01',
      })
      .expect(200);
    return { caseId, refs };
  }

  it('approves a case after the 7-day 公示, paid from the following month, with its facts snapshot and due items', async () => {
    const { caseId, refs } = await caseInPublicNotice();
    now = at('2026-03-16');
    const early = await post(`/cases/dibao/${caseId}/approve`, 'approver', '"6"').send({ determinationId: 'det-1' }).expect(409);
    expect(early.body.code).toBe('PUBLIC_NOTICE_NOT_OVER');
    now = at('2026-03-17');
    const approved = await post(`/cases/dibao/${caseId}/approve`, 'approver', '"6"').send({ determinationId: 'det-1' }).expect(200);
    expect(approved.body).toEqual({ caseId, revision: 7, status: 'active' });

    const view = await get(`/cases/dibao/${caseId}`, 'approver').expect(200);
    expect(view.headers.etag).toBe('"7"');
    expect(view.body).toMatchObject({ benefit: 'dibao', status: 'active', currentDeterminationId: 'det-1', due: [{ kind: 'dibao.review', dueOn: '2027-03-17' }] });
    expect(view.body.state.approval).toMatchObject({ effectiveFrom: '2026-03-17', paymentFrom: '2026-04-01', householdAmountFen: 80_000 });
    expect(view.body.members[0]).toMatchObject({ name: '示例甲', relation: 'applicant', residentIdMasked: expect.stringContaining('****') });

    // The facts eligibility gets: monthly income = 90,000 over the three months of the check period.
    const events = await store.readStream(`case-${caseId}`);
    expect(dibaoWorkflow.snapshot(events, 2)).toMatchObject({
      benefit: 'dibao',
      caseRevision: 2,
      effectiveFrom: '2026-03-04',
      facts: { members: [{ personRef: refs[0], birthDate: '1975-06-01', monthlyIncomeFen: 30_000 }, { personRef: refs[1], monthlyIncomeFen: 0, extraNeed: 'minor' }] },
    });
    expect(dibaoWorkflow.summary(events)).toMatchObject({ benefit: 'dibao', status: 'active', openedOn: '2026-03-02', due: [{ kind: 'dibao.review' }] });

    // The same person cannot be in a second open 低保 case, from another household: 409 and nothing written.
    const head = await store.headPosition();
    const again = await post('/cases/dibao', 'intake')
      .send(household([{ relation: 'applicant', name: '示例丙', residentId: otherId, birthDate: '1980-01-20' }, { relation: 'child', name: '示例乙', residentId: childId, birthDate: '2012-09-01' }]))
      .expect(409);
    expect(again.body).toMatchObject({ code: 'PERSON_HAS_OPEN_DIBAO_CASE', details: { members: ['members.1'] } });
    expect(await store.headPosition()).toBe(head);

    // 增发: a child is born; the new member is reserved for this case and in the next facts snapshot.
    now = at('2026-05-20');
    const newbornId = residentId('330402', '2026-05-01', '052');
    const newborn = { relation: 'child', name: '示例新', residentId: newbornId, birthDate: '2026-05-01', extraNeed: 'minor' };
    await post(`/cases/dibao/${caseId}/changes`, 'caseOfficer', '"7"')
      .send({ effectiveFrom: '2026-06-01', reason: '新生儿', period: { from: '2026-02', to: '2026-04' }, incomes: [], removedMembers: [], addedMembers: [newborn] })
      .expect(200);
    const changed = snapshotOf(await store.readStream(`case-${caseId}`), 8)!;
    expect(changed).toMatchObject({ effectiveFrom: '2026-06-01', caseRevision: 8 });
    expect(changed.facts.members).toHaveLength(3);
    const taken = await post('/cases/dibao', 'intake').send(household([{ ...newborn, relation: 'applicant' }])).expect(409);
    expect(taken.body.code).toBe('PERSON_HAS_OPEN_DIBAO_CASE');
    expect((await get(`/cases/dibao/${caseId}`, 'intake').expect(200)).body.members).toHaveLength(3);

    // 退出, then the household re-applies: a new case.
    now = at('2026-09-20');
    await post(`/cases/dibao/${caseId}/exit`, 'approver', '"8"').send({ effectiveFrom: '2026-10-01', reason: 'incomeAboveStandard', note: '就业' }).expect(200);
    expect(dibaoWorkflow.snapshot(await store.readStream(`case-${caseId}`), 9)).toMatchObject({ facts: { terminatedOn: '2026-10-01' } });
    const reapplied = await post('/cases/dibao', 'intake').send({ ...household(), reApplicationOf: caseId }).expect(201);
    expect(reapplied.body.status).toBe('applied');
  });

  it('rejects a case with written reasons; the notice is due within 3 working days and listed until delivered', async () => {
    now = at('2026-03-02');
    const { caseId } = (await post('/cases/dibao', 'intake').send(household([{ relation: 'applicant', name: '示例丁', residentId: otherId, birthDate: '1980-01-20' }])).expect(201)).body;
    await post(`/cases/dibao/${caseId}/accept`, 'intake', '"0"').send({}).expect(200);
    now = at('2026-03-06'); // Friday: + 3 working days = Wednesday 11 March
    const rejected = await post(`/cases/dibao/${caseId}/reject`, 'approver', '"1"').send({ reasons: ['家庭经济状况核对显示有机动车辆'] }).expect(200);
    expect(rejected.body.status).toBe('rejected');
    const view = await get(`/cases/dibao/${caseId}`, 'intake').expect(200);
    expect(view.body.state.rejection).toMatchObject({ reasons: ['家庭经济状况核对显示有机动车辆'], noticeDueOn: '2026-03-11' });
    expect(view.body.due).toEqual([{ kind: 'dibao.rejectionNotice', dueOn: '2026-03-11' }]);
    // Not delivered by the 11th: listed as overdue in the cross-benefit case list.
    now = at('2026-03-12');
    const listed = await get('/cases?benefit=dibao&dueKind=dibao.rejectionNotice&overdue=true', 'intake').expect(200);
    expect(listed.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
    await post(`/cases/dibao/${caseId}/rejection-notice`, 'intake', '"2"').send({ deliveredOn: '2026-03-12', method: 'inPerson', receiptRef: 'receipt:0312' }).expect(200);
    expect((await get(`/cases/dibao/${caseId}`, 'intake').expect(200)).body.due).toEqual([]);
    // The person is free again.
    await post('/cases/dibao', 'intake').send(household([{ relation: 'applicant', name: '示例丁', residentId: otherId, birthDate: '1980-01-20' }])).expect(201);
  });

  it('answers bad input with 4xx and a stable code, and writes nothing', async () => {
    now = at('2026-03-02');
    const { caseId } = (
      await post('/cases/dibao', 'intake')
        .send(household([{ relation: 'applicant', name: '示例戊', residentId: residentId('330402', '1990-02-02', '041'), birthDate: '1990-02-02' }]))
        .expect(201)
    ).body;
    await post(`/cases/dibao/${caseId}/accept`, 'intake', '"0"').send({}).expect(200);
    const head = await store.headPosition();
    const cases: [() => request.Test, number, string][] = [
      [() => post('/cases/dibao', 'intake').send({ ...household(), extra: 1 }), 400, 'UNKNOWN_FIELD'],
      [() => post('/cases/dibao', 'intake').send(household([{ relation: 'child', name: '甲', residentId: applicantId, birthDate: '1975-06-01' }])), 400, 'APPLICANT_REQUIRED'],
      [() => post('/cases/dibao', 'intake').send(household([{ relation: 'applicant', name: '甲', residentId: applicantId, birthDate: '1975-06-02' }])), 400, 'BIRTH_DATE_MISMATCH'],
      [() => post('/cases/dibao', 'approver').send(household()), 403, 'ROLE_NOT_ALLOWED'],
      [() => post(`/cases/dibao/${caseId}/financial-check`, 'caseOfficer').send({}), 400, 'VALIDATION_FAILED'],
      [
        () =>
          post(`/cases/dibao/${caseId}/financial-check`, 'caseOfficer', '"1"').send({
            checkedOn: '2026-03-02',
            result: 'passed',
            sources: [{ source: 'tax', reportRef: 'r:1' }],
            period: { from: '2026-01', to: '2026-02' },
            incomes: [{ personRef: '0192f3a0-7c1e-7b5e-9a52-000000000099', source: 'wages', month: '2026-01', amountFen: 1 }],
          }),
        400,
        'INCOME_OUTSIDE_CHECK_PERIOD',
      ],
      [() => post(`/cases/dibao/${caseId}/home-visit`, 'caseOfficer', '"1"').send({ visitedOn: '2026-03-02', investigators: ['a', 'b'], findings: 'x' }), 409, 'STEP_NOT_ALLOWED'],
      [() => post(`/cases/dibao/${caseId}/accept`, 'intake').send({}), 428, 'PRECONDITION_REQUIRED'],
      [() => post(`/cases/dibao/${caseId}/reject`, 'approver', '"0"').send({ reasons: ['x'] }), 412, 'STALE_REVISION'],
      [() => post(`/cases/dibao/${caseId}/reject`, 'intake', '"1"').send({ reasons: ['x'] }), 403, 'APPROVER_ROLE_REQUIRED'],
      [() => post(`/cases/dibao/0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b/accept`, 'intake', '"0"').send({}), 404, 'CASE_NOT_FOUND'],
      [() => post(`/cases/dibao/not-a-case/accept`, 'intake', '"0"').send({}), 400, 'VALIDATION_FAILED'],
    ];
    for (const [call, status, code] of cases) {
      const res = await call();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    expect(await store.headPosition()).toBe(head);
  });
});
