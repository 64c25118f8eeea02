import { countResidentIdCandidates } from '@benefits/identity';
import { requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';

// PGlite databases (event store and vault) take a few seconds to create.
jest.setTimeout(60_000);

/**
 * Edges found by trying the 特扶 routes as an attacker or a careless client would: a child event
 * dated before either spouse could have had a child, and a stale If-Match on a case of another
 * division (which must not learn the case's revision).
 */
describe('applications: 特扶 edges', () => {
  let apps: TestApplications;
  const token: Record<string, string> = {};
  let sequence = 500;

  const household = (childEventDate: string) => {
    sequence += 2;
    return {
      divisionCode: '330402',
      members: [
        { role: 'wife', name: '沈秀英', residentId: residentId('330402', '1970-03-15', String(sequence)), birthDate: '1970-03-15' },
        { role: 'husband', name: '陆建国', residentId: residentId('330402', '1968-11-02', String(sequence + 1)), birthDate: '1968-11-02' },
      ],
      family: { familyType: 'childDeceased', childEventDate, evidenceRefs: ['evidence:death-certificate'] },
    };
  };

  beforeAll(async () => {
    apps = await startApplications('applications-tefu-edges-', { clock: () => new Date('2024-08-05T02:00:00Z') });
    token.intake = await apps.issue('officer-wang', 'intake_officer');
    token.caseOfficer = await apps.issue('officer-li', 'case_officer');
    token.otherCounty = await apps.issue('officer-zhou', 'case_officer', '330411');
    token.otherIntake = await apps.issue('officer-qian', 'intake_officer', '330411');
    token.finance = await apps.issue('clerk-sun', 'finance_clerk');
    token.auditor = await apps.issue('auditor-he', 'auditor');
  });
  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);

  it('refuses a child event dated before the elder spouse was 14 with 422, and writes nothing', async () => {
    const before = await apps.store.headPosition();
    for (const childEventDate of ['1975-06-01', '1982-11-01']) {
      const res = await post('/cases/tefu', 'intake').send(household(childEventDate)).expect(422);
      expect(res.body).toMatchObject({
        code: 'CHILD_EVENT_BEFORE_PARENTHOOD',
        message: { zh: expect.any(String), en: expect.any(String) },
        details: { path: 'family.childEventDate', childEventDate, earliestPossible: '1982-11-02', minimumParentAgeYears: 14 },
      });
    }
    expect(await apps.store.headPosition()).toBe(before);
    // From the elder spouse's 14th birthday on, the date is plausible.
    await post('/cases/tefu', 'intake').send(household('1982-11-02')).expect(201);
  });

  it('answers a stale If-Match on a case of another division with 403, never 412 with the revision', async () => {
    const { caseId } = (await post('/cases/tefu', 'intake').send(household('2023-05-10')).expect(201)).body;
    await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(200);

    for (const ifMatch of ['"0"', '"7"']) {
      const submit = await post(`/cases/${caseId}/submit`, 'otherIntake', ifMatch).send({});
      expect(submit.status).toBe(403);
      expect(submit.body.code).toBe('DIVISION_NOT_ALLOWED');
      expect(JSON.stringify(submit.body)).not.toContain('"actual"');
      // The 一卡通 fact reads the case before the vault seals anything: the same order there.
      const fact = await post(`/cases/${caseId}/facts`, 'otherCounty', ifMatch).send({
        subject: 'household',
        fact: { kind: 'subsidyCard', cardType: 'bankCard', bankCode: 'ZJRCU', accountNumber: '6230910000012345678' },
        effectiveFrom: '2024-08-01',
      });
      expect(fact.status).toBe(403);
      expect(fact.body.code).toBe('DIVISION_NOT_ALLOWED');
      expect(JSON.stringify(fact.body)).not.toContain('"actual"');
    }
    // An officer of the case's division still learns that the case moved.
    const stale = await post(`/cases/${caseId}/submit`, 'intake', '"0"').send({}).expect(412);
    expect(stale.body).toMatchObject({ code: 'STALE_REVISION', details: { expected: 0, actual: 1 } });
  });

  it('refuses NUL and unpaired surrogates in a name before anything is registered (400 INVALID_TEXT with the path)', async () => {
    const before = await apps.store.headPosition();
    for (const [name, reason] of [['沈\u0000秀英', 'control-character'], ['沈\ud800秀英', 'unpaired-surrogate']] as const) {
      const body = household('2023-05-10');
      body.members[1].name = name;
      const res = await post('/cases/tefu', 'intake').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_TEXT', details: { path: 'members.1.name', reason } });
    }
    expect(await apps.store.headPosition()).toBe(before);
  });

  it('shows each role a member no one can rebuild the 身份证号 from (mask + birth date or age + gender + division)', async () => {
    const { caseId } = (await post('/cases/tefu', 'intake').send(household('2023-05-10')).expect(201)).body;
    for (const who of ['intake', 'caseOfficer', 'finance', 'auditor']) {
      const view = (await get(`/cases/${caseId}`, who).expect(200)).body;
      for (const m of view.members as { role: string; birthDate: string | null; ageYears: number; residentIdMasked: string }[]) {
        expect(m.residentIdMasked).toBe('330402************');
        const known = {
          masked: m.residentIdMasked,
          ...(m.birthDate ? { birthDate: m.birthDate } : { age: { years: m.ageYears, on: view.asOf } }),
          gender: m.role === 'wife' ? ('female' as const) : ('male' as const),
          division: view.divisionCode,
        };
        const candidates = countResidentIdCandidates(known);
        if (who === 'finance' || who === 'auditor') {
          expect(m.birthDate).toBeNull();
          expect(candidates).toBeGreaterThan(1000);
        } else {
          expect(m.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(candidates).toBe(500);
        }
      }
    }
  });
});
