import type { EventStore } from '@benefits/event-store';
import type { OpenVault } from '../personal-data/vault-connection';
import { requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';

// PGlite databases (event store and vault) take a few seconds to create.
jest.setTimeout(60_000);

const wifeId = residentId('330402', '1970-03-15', '002');
const husbandId = residentId('330402', '1968-11-02', '001');
const wrongCheck = wifeId.slice(0, 17) + (wifeId[17] === '0' ? '1' : '0');
const standardRef = { standardId: 'jiaxing-basic-public-services', versionId: '2023', itemNo: '52', contentHash: 'b'.repeat(64) };

const household = () => ({
  divisionCode: '330402',
  members: [
    { role: 'wife', name: '沈秀英', residentId: wifeId, birthDate: '1970-03-15' },
    { role: 'husband', name: '陆建国', residentId: husbandId, birthDate: '1968-11-02' },
  ],
  family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:death-certificate-0510'] },
});

/**
 * A new couple per case: one person may be in one open 特扶 case (重复享受). Sequence numbers from
 * 200 on (the fixed ones above are below), the wife's even and the husband's odd.
 */
let nextSequence = 200;
const freshHousehold = () => {
  nextSequence += 2;
  const fresh = household();
  fresh.members[0].residentId = residentId('330402', '1970-03-15', String(nextSequence));
  fresh.members[1].residentId = residentId('330402', '1968-11-02', String(nextSequence + 1));
  return fresh;
};

/** Counts vault registrations, to show that a refused case registers nobody. */
let registrations = 0;
function countingRegistrations(open: OpenVault): OpenVault {
  return async () => {
    const handle = await open();
    const register = handle.vault.registerPerson.bind(handle.vault);
    handle.vault.registerPerson = async (...args: Parameters<typeof register>) => {
      registrations += 1;
      return register(...args);
    };
    return handle;
  };
}

describe('applications: 计生特扶 cases over HTTP', () => {
  let apps: TestApplications;
  let store: EventStore;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    apps = await startApplications('applications-tefu-', {
      // The embedded configuration, in this test's own data directory.
      wrapVault: countingRegistrations,
      // 2024-08-05 10:00 in Asia/Shanghai.
      clock: () => new Date('2024-08-05T02:00:00Z'),
    });
    store = apps.store;
    const { issue } = apps;
    token.intake = await issue('officer-wang', 'intake_officer');
    token.caseOfficer = await issue('officer-li', 'case_officer');
    token.approver = await issue('approver-zhao', 'approver');
    // The intake officer, later promoted: same person, approver role.
    token.wangAsApprover = await issue('officer-wang', 'approver');
    token.otherCounty = await issue('approver-zhou', 'approver', '330411');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);

  async function createCase(): Promise<string> {
    const res = await post('/cases/tefu', 'intake').send(freshHousehold()).expect(201);
    return res.body.caseId;
  }

  async function submittedCase(): Promise<string> {
    const caseId = await createCase();
    await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);
    return caseId;
  }

  async function determinedCase(): Promise<string> {
    const caseId = await submittedCase();
    await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, standardRef, effectiveFrom: '2024-09-01' })
      .expect(200);
    return caseId;
  }

  it('runs one case from application to approval by a different officer', async () => {
    const created = await post('/cases/tefu', 'intake').set('X-Correlation-Id', 'window-7-ticket-42').send(household()).expect(201);
    expect(created.headers.etag).toBe('"0"');
    expect(created.body).toEqual({ caseId: expect.any(String), revision: 0, status: 'draft' });
    const { caseId } = created.body;

    const submitted = await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);
    expect(submitted.headers.etag).toBe('"1"');
    expect(submitted.body).toEqual({ caseId, revision: 1, status: 'submitted' });

    const determined = await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, standardRef, effectiveFrom: '2024-09-01' })
      .expect(200);
    expect(determined.headers.etag).toBe('"2"');

    const approved = await post(`/cases/${caseId}/approve`, 'approver', '"2"').send({ determinationId: 'det-1' }).expect(200);
    expect(approved.headers.etag).toBe('"3"');
    expect(approved.body).toEqual({ caseId, revision: 3, status: 'active' });

    const view = await get(`/cases/${caseId}`, 'approver').expect(200);
    expect(view.headers.etag).toBe('"3"');
    expect(view.body).toMatchObject({
      caseId,
      benefit: 'tefu',
      status: 'active',
      divisionCode: '330402',
      revision: 3,
      currentDeterminationId: 'det-1',
      decision: { determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, effectiveFrom: '2024-08-05' },
    });
    expect(view.body.members).toEqual([
      expect.objectContaining({ role: 'wife', name: '沈秀英', residentIdMasked: '330402************', birthDate: '1970-03-15', erased: false }),
      expect.objectContaining({ role: 'husband', name: '陆建国', residentIdMasked: '330402************', erased: false }),
    ]);
    expect(view.body.timeline.map((e: { type: string; actor: { id: string }; effectiveFrom: string }) => [e.type, e.actor.id, e.effectiveFrom])).toEqual([
      ['tefu.CaseCreated.v1', 'officer-wang', '2024-08-05'],
      ['tefu.ApplicationSubmitted.v1', 'officer-wang', '2024-08-05'],
      ['tefu.DeterminationRecorded.v1', 'officer-li', '2024-09-01'],
      ['tefu.CaseApproved.v1', 'approver-zhao', '2024-08-05'],
    ]);
    expect(view.body.timeline[0]).toMatchObject({ revision: 0, correlationId: 'window-7-ticket-42', recordedAt: expect.any(String) });

    // Event metadata: actor from the token, correlation from the header, causation set.
    const events = await store.readStream(`case-${caseId}`);
    expect(events[0].metadata).toMatchObject({
      actor: { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' },
      correlationId: 'window-7-ticket-42',
      causationId: expect.any(String),
    });
    expect(events[3].metadata.actor).toEqual({ id: 'approver-zhao', role: 'approver', divisionCode: '330402' });
  });

  it('never stores a name or 身份证号 in clear: members are personRefs with sealed data', async () => {
    const caseId = await createCase();
    const [created] = await store.readStream(`case-${caseId}`);
    const members = (created.data as { members: { personRef: string; personalData: { personRef: string; ct: string } }[] }).members;
    expect(members.map((m) => m.personalData.personRef)).toEqual(members.map((m) => m.personRef));
    const everything = JSON.stringify((await store.readAll({ maxCount: 10_000 })).events);
    for (const secret of [wifeId, husbandId, wifeId.slice(0, 17), '沈秀英', '陆建国']) expect(everything).not.toContain(secret);
  });

  it('finds a person again by 身份证号: a second open case of the same household is refused (重复享受), one after a rejection reuses the personRefs', async () => {
    const couple = freshHousehold();
    const firstId = (await post('/cases/tefu', 'intake').send(couple).expect(201)).body.caseId;
    const head = await store.headPosition();
    const refused = await post('/cases/tefu', 'intake').send(couple).expect(409);
    expect(refused.body).toMatchObject({ code: 'PERSON_HAS_OPEN_CASE', details: { benefit: 'tefu', members: ['members.0', 'members.1'], otherCaseIds: [firstId] } });
    expect(await store.headPosition()).toBe(head);
    await post(`/cases/${firstId}/submit`, 'intake', '"0"').send({}).expect(200);
    await post(`/cases/${firstId}/reject`, 'approver', '"1"').send({ reasons: ['重复申请'] }).expect(200);
    const first = await store.readStream(`case-${firstId}`);
    const second = await store.readStream(`case-${(await post('/cases/tefu', 'intake').send(couple).expect(201)).body.caseId}`);
    const refs = (e: typeof first) => (e[0].data as { members: { personRef: string }[] }).members.map((m) => m.personRef);
    expect(refs(second)).toEqual(refs(first));
  });

  it('重复享受 override: only an approver, with a reason, recorded on the new case; a later case is refused naming both', async () => {
    const couple = freshHousehold();
    const firstId = (await post('/cases/tefu', 'intake').send(couple).expect(201)).body.caseId;
    // Sample wording: a real override cites the clause that allows two open cases.
    const reason = '（示例）依据某某规定第某条，允许同时享受';
    const head = await store.headPosition();
    expect((await post('/cases/tefu', 'intake').send({ ...couple, duplicateOverride: { reason } }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await post('/cases/tefu', 'approver').send({ ...couple, duplicateOverride: { reason: ' ' } }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await store.headPosition()).toBe(head);
    const second = await post('/cases/tefu', 'approver').send({ ...couple, duplicateOverride: { reason } }).expect(201);
    const events = await store.readStream(`case-${second.body.caseId}`);
    expect(events.map((e) => e.type)).toEqual(['tefu.CaseCreated.v1', 'tefu.DuplicateCaseOverridden.v1', 'tefu.DuplicateCaseOverridden.v1']);
    expect(events[1].data).toMatchObject({ caseId: second.body.caseId, otherCaseIds: [firstId], reason });
    expect(events[1].metadata.actor).toMatchObject({ id: 'approver-zhao', role: 'approver' });
    // Nothing to override: refused, and the new persons are not registered in the vault.
    const registered = registrations;
    const needless = await post('/cases/tefu', 'approver').send({ ...freshHousehold(), duplicateOverride: { reason } }).expect(409);
    expect(needless.body.code).toBe('DUPLICATE_OVERRIDE_NOT_NEEDED');
    expect(registrations).toBe(registered);
    const third = await post('/cases/tefu', 'intake').send(couple).expect(409);
    expect(third.body).toMatchObject({ code: 'PERSON_HAS_OPEN_CASE', details: { otherCaseIds: [firstId, second.body.caseId].sort() } });
  });

  it('refuses approval by someone who recorded a step of the case (maker-checker), writing nothing', async () => {
    const caseId = await determinedCase();
    const head = await store.headPosition();
    const res = await post(`/cases/${caseId}/approve`, 'wangAsApprover', '"2"').send({ determinationId: 'det-1' }).expect(403);
    expect(res.body.code).toBe('MAKER_CHECKER_VIOLATION');
    expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a case the officer may not create before anyone is registered in the vault', async () => {
    const before = registrations;
    const headBefore = await store.headPosition();
    // People the vault has never seen: without the pre-check they would be registered here.
    const strangers = household();
    strangers.members[0].residentId = residentId('330402', '1970-03-15', '098');
    strangers.members[1].residentId = residentId('330402', '1968-11-02', '097');
    const res = await post('/cases/tefu', 'approver').send(strangers).expect(403);
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    expect(registrations).toBe(before);
    expect(await store.headPosition()).toEqual(headBefore);
  });

  it("refuses an approver outside the case's division, and reading it from there", async () => {
    const caseId = await determinedCase();
    const res = await post(`/cases/${caseId}/approve`, 'otherCounty', '"2"').send({ determinationId: 'det-1' }).expect(403);
    expect(res.body.code).toBe('DIVISION_NOT_ALLOWED');
    expect((await get(`/cases/${caseId}`, 'otherCounty').expect(403)).body.code).toBe('DIVISION_NOT_ALLOWED');
  });

  it('rejects with reasons', async () => {
    const caseId = await submittedCase();
    const res = await post(`/cases/${caseId}/reject`, 'approver', '"1"').send({ reasons: ['独生子女死亡证明材料不全'] }).expect(200);
    expect(res.body).toEqual({ caseId, revision: 2, status: 'rejected' });
    expect((await get(`/cases/${caseId}`, 'approver')).body.decision).toEqual({ reasons: ['独生子女死亡证明材料不全'], effectiveFrom: '2024-08-05' });
  });

  it('refuses a determination based on an old revision (DETERMINATION_STALE)', async () => {
    const caseId = await submittedCase();
    const res = await post(`/cases/${caseId}/determinations`, 'caseOfficer', '"1"')
      .send({ determinationId: 'det-0', basedOnCaseRevision: 0, amountPerPersonPerMonthFen: 100_000, standardRef, effectiveFrom: '2024-09-01' })
      .expect(409);
    expect(res.body.code).toBe('DETERMINATION_STALE');
  });

  describe('revisions (If-Match / ETag)', () => {
    it('answers 428 PRECONDITION_REQUIRED without If-Match, and writes nothing', async () => {
      const caseId = await createCase();
      const head = await store.headPosition();
      for (const ifMatch of [undefined, '', '*']) {
        const res = await post(`/cases/${caseId}/submit`, 'intake', ifMatch).send({}).expect(428);
        expect(res.body.code).toBe('PRECONDITION_REQUIRED');
        expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      }
      expect(await store.headPosition()).toBe(head);
    });

    it('answers 412 STALE_REVISION for a revision that is not current, and writes nothing', async () => {
      const caseId = await submittedCase();
      const head = await store.headPosition();
      for (const ifMatch of ['"0"', '"7"', '0']) {
        const res = await post(`/cases/${caseId}/reject`, 'approver', ifMatch).send({ reasons: ['材料不全'] }).expect(412);
        expect(res.body.code).toBe('STALE_REVISION');
        expect(res.body.details).toMatchObject({ actual: 1 });
      }
      expect(await store.headPosition()).toBe(head);
      // The bare number is the ETag without quotes: accepted.
      await post(`/cases/${caseId}/reject`, 'approver', '1').send({ reasons: ['材料不全'] }).expect(200);
    });

    it('answers 400 IF_MATCH_INVALID for something that is not an ETag', async () => {
      const caseId = await createCase();
      for (const ifMatch of ['abc', 'W/"0"', '"0", "1"', '"-1"']) {
        const res = await post(`/cases/${caseId}/submit`, 'intake', ifMatch).send({}).expect(400);
        expect(res.body.code).toBe('IF_MATCH_INVALID');
      }
    });

    it('answers 404 for an unknown case', async () => {
      const res = await post('/cases/0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b/submit', 'intake', '"0"').send({}).expect(404);
      expect(res.body.code).toBe('CASE_NOT_FOUND');
      expect((await get('/cases/0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b', 'intake').expect(404)).body.code).toBe('CASE_NOT_FOUND');
    });

    it('answers 404 NOT_FOUND for a step that is not in the route table, as for any unknown route', async () => {
      const caseId = await createCase();
      for (const step of ['nope', 'create', 'tick']) {
        expect((await post(`/cases/${caseId}/${step}`, 'intake', '"0"').send({}).expect(404)).body.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('bad input: 400 with a stable code and zh/en message, and the store does not move', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await submittedCase();
    });

    const member = household().members[0];
    const determination = { determinationId: 'det-9', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, standardRef, effectiveFrom: '2024-09-01' };
    const cases: [string, () => { path: string; who: string; body: unknown }, string][] = [
      ['create: missing fields', () => ({ path: '/cases/tefu', who: 'intake', body: { divisionCode: '330402' } }), 'VALIDATION_FAILED'],
      ['create: empty body', () => ({ path: '/cases/tefu', who: 'intake', body: {} }), 'VALIDATION_FAILED'],
      ['create: wrong types', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), divisionCode: 330402 } }), 'VALIDATION_FAILED'],
      ['create: members not a list', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: member } }), 'VALIDATION_FAILED'],
      ['create: bad date', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [{ ...member, birthDate: '1970-02-30' }] } }), 'VALIDATION_FAILED'],
      ['create: unknown division', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), divisionCode: '990402' } }), 'VALIDATION_FAILED'],
      ['create: 18 characters, wrong check digit', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [{ ...member, residentId: wrongCheck }] } }), 'INVALID_RESIDENT_ID'],
      ['create: 17 characters', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [{ ...member, residentId: wifeId.slice(0, 17) }] } }), 'INVALID_RESIDENT_ID'],
      ['create: birth date not the one in the 身份证号', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [{ ...member, birthDate: '1970-03-16' }] } }), 'BIRTH_DATE_MISMATCH'],
      ['create: the same 身份证号 twice', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [member, { ...member, role: 'husband' }] } }), 'DUPLICATE_RESIDENT_ID'],
      ['create: unknown field', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), actor: { id: 'someone-else' } } }), 'UNKNOWN_FIELD'],
      ['create: unknown field in a member', () => ({ path: '/cases/tefu', who: 'intake', body: { ...household(), members: [{ ...member, phone: '13800000000' }] } }), 'UNKNOWN_FIELD'],
      ['submit: unknown field', () => ({ path: `/cases/${caseId}/submit`, who: 'intake', body: { note: 'x' } }), 'UNKNOWN_FIELD'],
      ['determination: missing fields', () => ({ path: `/cases/${caseId}/determinations`, who: 'caseOfficer', body: { determinationId: 'det-9' } }), 'VALIDATION_FAILED'],
      ['determination: wrong types', () => ({ path: `/cases/${caseId}/determinations`, who: 'caseOfficer', body: { ...determination, basedOnCaseRevision: '1' } }), 'VALIDATION_FAILED'],
      ['determination: yuan instead of integer fen', () => ({ path: `/cases/${caseId}/determinations`, who: 'caseOfficer', body: { ...determination, amountPerPersonPerMonthFen: 1000.5 } }), 'VALIDATION_FAILED'],
      ['determination: unknown field', () => ({ path: `/cases/${caseId}/determinations`, who: 'caseOfficer', body: { ...determination, trace: [] } }), 'UNKNOWN_FIELD'],
      ['approve: missing fields', () => ({ path: `/cases/${caseId}/approve`, who: 'approver', body: {} }), 'VALIDATION_FAILED'],
      ['approve: wrong types', () => ({ path: `/cases/${caseId}/approve`, who: 'approver', body: { determinationId: 1 } }), 'VALIDATION_FAILED'],
      ['approve: unknown field', () => ({ path: `/cases/${caseId}/approve`, who: 'approver', body: { determinationId: 'det-1', amount: 1 } }), 'UNKNOWN_FIELD'],
      ['reject: missing fields', () => ({ path: `/cases/${caseId}/reject`, who: 'approver', body: {} }), 'VALIDATION_FAILED'],
      ['reject: wrong types', () => ({ path: `/cases/${caseId}/reject`, who: 'approver', body: { reasons: '材料不全' } }), 'VALIDATION_FAILED'],
      ['reject: unknown field', () => ({ path: `/cases/${caseId}/reject`, who: 'approver', body: { reasons: ['材料不全'], approver: 'x' } }), 'UNKNOWN_FIELD'],
    ];

    it.each(cases)('%s', async (_name, make, code) => {
      const { path, who, body } = make();
      const head = await store.headPosition();
      const res = await post(path, who, '"1"').send(body as object).expect(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(wifeId.slice(6, 14) + wifeId.slice(14, 17));
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses malformed JSON (MALFORMED_JSON)', async () => {
      const head = await store.headPosition();
      const res = await post('/cases/tefu', 'intake').set('Content-Type', 'application/json').send('{"divisionCode":').expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a malformed case id in the path', async () => {
      const res = await post('/cases/not-a-case/submit', 'intake', '"1"').send({}).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });
});
