import { LocalDate } from '@benefits/kernel';
import type request from 'supertest';
import type { EventStore } from '@benefits/event-store';
import { sampleWorkingDayCalendar } from '../calendar/working-day-calendar';
import { at, requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';
import { linshiWorkflow } from './linshi-workflow';

jest.setTimeout(90_000);

const person = (name: string, birth: string, sequence: string, relation = 'applicant') => ({ relation, name, residentId: residentId('330402', birth, sequence), birthDate: birth });

describe('applications: 临时救助 cases over HTTP', () => {
  let apps: TestApplications;
  let store: EventStore;
  let now = at('2026-03-02');
  const token: Record<string, string> = {};

  beforeAll(async () => {
    apps = await startApplications('applications-linshi-', {
      clock: () => now,
      calendar: sampleWorkingDayCalendar([2026, 2027]),
    });
    store = apps.store;
    const issue = (sub: string, role: string) => apps.issue(sub, role);
    token.intake = await issue('officer-wang', 'intake_officer');
    token.caseOfficer = await issue('officer-li', 'case_officer');
    token.approver = await issue('approver-zhao', 'approver');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);
  const summaryOf = async (caseId: string) => linshiWorkflow.summary(await store.readStream(`case-${caseId}`))!;
  const overdue = (due: { dueOn: string }[], today: string) => due.filter((d) => LocalDate.parse(d.dueOn).isBefore(LocalDate.parse(today)));

  const emergency = (members = [person('示例甲', '1970-01-01', '051'), person('示例乙', '1972-02-02', '062', 'spouse')]) => ({
    divisionCode: '330402',
    type: 'jinan',
    members,
    cause: 'fire',
    causeDescription: '住房失火',
    occurredOn: '2026-03-01',
  });

  it('先行救助: aid first within the cap, paperwork late — listed overdue, then recorded as late', async () => {
    now = at('2026-03-02');
    const { caseId } = (await post('/cases/linshi', 'intake').send(emergency()).expect(201)).body;
    expect(linshiWorkflow.snapshot(await store.readStream(`case-${caseId}`), 0)).toMatchObject({
      benefit: 'linshi',
      effectiveFrom: '2026-03-02',
      facts: { type: 'jinan', householdMembers: 2, memberRefs: [expect.any(String), expect.any(String)], cause: 'fire' },
    });
    await post(`/cases/linshi/${caseId}/determinations`, 'caseOfficer', '"0"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 0, eligible: true, amounts: [], capFen: 300_000, standardRef: null, effectiveFrom: '2026-03-02' })
      .expect(200);
    const above = await post(`/cases/linshi/${caseId}/advance-aid`, 'approver', '"1"').send({ determinationId: 'det-1', amountFen: 300_001 }).expect(409);
    expect(above.body.code).toBe('AMOUNT_ABOVE_CAP');
    const granted = await post(`/cases/linshi/${caseId}/advance-aid`, 'approver', '"1"').send({ determinationId: 'det-1', amountFen: 200_000 }).expect(200);
    expect(granted.body).toEqual({ caseId, revision: 3, status: 'advanceAided' });
    const approvedEvent = (await store.readStream(`case-${caseId}`)).find((e) => e.type === 'linshi.CaseApproved.v1')!;
    expect(approvedEvent.data).toMatchObject({ benefit: 'linshi', divisionCode: '330402', determinationId: 'det-1', effectiveFrom: '2026-03-02', overrideReasonCode: '' });

    expect((await summaryOf(caseId)).due).toEqual([{ kind: 'linshi.paperwork', dueOn: '2026-03-12' }]);
    now = at('2026-03-20');
    expect(overdue((await summaryOf(caseId)).due, '2026-03-20')).toEqual([{ kind: 'linshi.paperwork', dueOn: '2026-03-12' }]);
    // The cross-benefit case list shows it among the overdue paperwork.
    const listed = await get('/cases?benefit=linshi&dueKind=linshi.paperwork&overdue=true', 'caseOfficer').expect(200);
    expect(listed.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    expect(listed.body.items.find((i: { caseId: string }) => i.caseId === caseId)).toMatchObject({ status: 'advanceAided', overdue: true });
    await post(`/cases/linshi/${caseId}/paperwork`, 'caseOfficer', '"3"').send({ completedOn: '2026-03-20', documentRefs: ['doc:register-0320'], note: '补齐签字盖章' }).expect(200);
    const view = await get(`/cases/linshi/${caseId}`, 'caseOfficer').expect(200);
    expect(view.body).toMatchObject({ status: 'approved', due: [], state: { paperwork: { late: true } } });
    expect(view.body.members[0]).toMatchObject({ name: '示例甲', relation: 'applicant' });
  });

  it('支出型 in two instalments: normal review with the expenditure evidence, then each stage released', async () => {
    now = at('2026-03-02');
    const body = {
      divisionCode: '330402',
      type: 'zhichu',
      members: [person('示例丙', '1965-05-05', '071')],
      cause: 'medical',
      causeDescription: '住院医疗自付费用',
      occurredOn: '2026-02-10',
      group: 'g1',
      necessaryExpenditureFen: 2_000_000,
      expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-0210', amountFen: 2_000_000 }],
    };
    const { caseId } = (await post('/cases/linshi', 'intake').send(body).expect(201)).body;
    const applicantRef = (await get(`/cases/linshi/${caseId}`, 'intake').expect(200)).body.members[0].personRef;
    await post(`/cases/linshi/${caseId}/determinations`, 'caseOfficer', '"0"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 0, eligible: true, amounts: [{ beneficiaryRef: applicantRef, periodKey: `once:${caseId}`, amountFen: 800_000 }], capFen: 0, standardRef: null, effectiveFrom: '2026-03-02' })
      .expect(200);
    now = at('2026-03-05');
    await post(`/cases/linshi/${caseId}/approve`, 'approver', '"1"')
      .send({ determinationId: 'det-1', instalments: [{ amountFen: 500_000, plannedOn: '2026-03-10' }, { amountFen: 300_000, plannedOn: '2026-04-10' }] })
      .expect(200);
    const approved = (await store.readStream(`case-${caseId}`)).find((e) => e.type === 'linshi.CaseApproved.v1')!;
    expect(approved.data).toMatchObject({
      approvedAmounts: [
        { beneficiaryRef: applicantRef, periodKey: `once:${caseId}:1`, amountFen: 500_000 },
        { beneficiaryRef: applicantRef, periodKey: `once:${caseId}:2`, amountFen: 300_000 },
      ],
      overrideReasonCode: '',
    });
    now = at('2026-03-10');
    await post(`/cases/linshi/${caseId}/instalments`, 'caseOfficer', '"2"').send({ instalmentNo: 1, releasedOn: '2026-03-10' }).expect(200);
    expect((await summaryOf(caseId)).due).toEqual([{ kind: 'linshi.instalment', dueOn: '2026-04-10' }]);
    now = at('2026-04-10');
    await post(`/cases/linshi/${caseId}/instalments`, 'caseOfficer', '"3"').send({ instalmentNo: 2, releasedOn: '2026-04-10' }).expect(200);
    const third = await post(`/cases/linshi/${caseId}/instalments`, 'caseOfficer', '"4"').send({ instalmentNo: 3, releasedOn: '2026-04-10' }).expect(409);
    expect(third.body.code).toBe('INSTALMENT_OUT_OF_ORDER');
    expect((await get(`/cases/linshi/${caseId}`, 'caseOfficer').expect(200)).body.state.released).toHaveLength(2);
  });

  /** 先行救助 granted: the case is decided, so its members may apply again (重复享受 counts undecided cases only). */
  async function aidFirst(created: request.Response): Promise<string> {
    const { caseId } = created.body;
    await post(`/cases/linshi/${caseId}/determinations`, 'caseOfficer', '"0"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 0, eligible: true, amounts: [], capFen: 300_000, standardRef: null, effectiveFrom: LocalDate.ofInstant(now).toString() })
      .expect(200);
    await post(`/cases/linshi/${caseId}/advance-aid`, 'approver', '"1"').send({ determinationId: 'det-1', amountFen: 100_000 }).expect(200);
    return caseId;
  }

  it('一事一救: the same cause for a member of the household is refused within the period, writing nothing; an override with a reason is recorded', async () => {
    now = at('2026-05-04');
    const members = [person('示例丁', '1980-08-08', '081'), person('示例戊', '2010-10-10', '092', 'child')];
    await aidFirst(await post('/cases/linshi', 'intake').send({ ...emergency(members), occurredOn: '2026-05-01' }).expect(201));
    now = at('2026-09-01');
    const head = await store.headPosition();
    // Another household formed later, with one of the same persons as applicant: still the same cause.
    const repeat = { ...emergency([{ ...members[1], relation: 'applicant' }]), occurredOn: '2026-08-30' };
    const refused = await post('/cases/linshi', 'intake').send(repeat).expect(409);
    expect(refused.body).toMatchObject({ code: 'SAME_CAUSE_WITHIN_PERIOD', details: { cause: 'fire' } });
    expect(await store.headPosition()).toBe(head);
    // A different cause is not a repeat.
    const traffic = await post('/cases/linshi', 'intake').send({ ...repeat, cause: 'traffic', causeDescription: '交通事故' }).expect(201);
    // 重复享受: while that case is undecided, no second case for the person (whatever the cause).
    const open = await post('/cases/linshi', 'intake').send({ ...repeat, cause: 'injury', causeDescription: '意外受伤' }).expect(409);
    expect(open.body).toMatchObject({ code: 'PERSON_HAS_OPEN_CASE', details: { benefit: 'linshi', members: ['members.0'], otherCaseIds: [traffic.body.caseId] } });
    await aidFirst(traffic);
    const overridden = await post('/cases/linshi', 'intake').send({ ...repeat, sameCauseOverrideReason: '再次遭遇火灾，经乡镇核实' }).expect(201);
    await aidFirst(overridden);
    const created = (await store.readStream(`case-${overridden.body.caseId}`))[0];
    expect(created.data).toMatchObject({ sameCauseOverride: { reason: '再次遭遇火灾，经乡镇核实', earlier: [{ appliedOn: '2026-05-04' }] } });
    // The overridden application counts too: within 12 months of it, a repeat; after them, not.
    now = at('2027-08-31');
    await post('/cases/linshi', 'intake').send({ ...repeat, occurredOn: '2027-08-30' }).expect(409);
    now = at('2027-09-02');
    await post('/cases/linshi', 'intake').send({ ...repeat, occurredOn: '2027-09-01' }).expect(201);
  });

  it('answers bad input with 4xx and a stable code, and writes nothing', async () => {
    now = at('2026-06-01');
    const { caseId } = (await post('/cases/linshi', 'intake').send({ ...emergency([person('示例己', '1990-09-09', '101')]), cause: 'injury', occurredOn: '2026-05-30' }).expect(201)).body;
    const head = await store.headPosition();
    const cases: [() => request.Test, number, string][] = [
      [() => post('/cases/linshi', 'intake').send({ ...emergency(), type: 'zhichu' }), 400, 'EXPENDITURE_EVIDENCE_REQUIRED'],
      [() => post('/cases/linshi', 'intake').send({ ...emergency(), cause: 'lottery' }), 400, 'VALIDATION_FAILED'],
      [() => post('/cases/linshi', 'intake').send({ ...emergency(), occurredOn: '2026-06-02' }), 400, 'DATE_IN_FUTURE'],
      [() => post(`/cases/linshi/${caseId}/advance-aid`, 'approver', '"0"').send({ determinationId: 'det-x', amountFen: 1 }), 409, 'DETERMINATION_NOT_FOUND'],
      [() => post(`/cases/linshi/${caseId}/advance-aid`, 'caseOfficer', '"0"').send({ determinationId: 'det-x', amountFen: 1 }), 403, 'ADVANCE_AID_NOT_AUTHORISED'],
      [() => post(`/cases/linshi/${caseId}/advance-aid`, 'approver', '"0"').send({ determinationId: 'det-x', amountFen: -1 }), 400, 'VALIDATION_FAILED'],
      [() => post(`/cases/linshi/${caseId}/paperwork`, 'caseOfficer', '"0"').send({ completedOn: '2026-06-01', documentRefs: ['d:1'], note: '' }), 409, 'STEP_NOT_ALLOWED'],
      [() => post(`/cases/linshi/${caseId}/reject`, 'approver', '"0"').send({ reasons: [] }), 400, 'VALIDATION_FAILED'],
      [() => post(`/cases/linshi/${caseId}/reject`, 'approver').send({ reasons: ['x'] }), 428, 'PRECONDITION_REQUIRED'],
      [() => post(`/cases/linshi/${caseId}/in-kind-aid`, 'intake', '"0"').send({ providedOn: '2026-06-01', items: [] }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [call, status, code] of cases) {
      const res = await call();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    expect(await store.headPosition()).toBe(head);
  });
});
