import { join } from 'node:path';
import request from 'supertest';
import { createServiceApp } from '@benefits/http';
import { createDocumentStore } from '@benefits/read-store';
import { vaultFromEnvironment } from '../personal-data/vault-connection';
import { createApplicationsService } from '../service';
import { at, requestsAs, residentId, startApplications, type TestApplications } from '../shared/test-support';
import { CALENDAR_STREAM_ID } from './calendar-publication';

// PGlite databases (event store and vault) take a few seconds to create.
jest.setTimeout(90_000);

/** SAMPLE DATA: a made-up 2027 calendar for the test, not the State Council's notice. */
const SAMPLE_2027 = {
  year: 2027,
  holidays: ['2027-01-01'],
  workdays: ['2027-01-09'],
  source: { docNo: 'sample-2027', title: '示例数据（非官方）2027年工作日历，仅供测试' },
  sampleData: true,
};

describe('applications: publishing a working-day calendar over HTTP', () => {
  let apps: TestApplications;
  const now = at('2026-12-04');
  const token: Record<string, string> = {};

  beforeAll(async () => {
    // No calendar option: the shipped years (2025, 2026) only.
    apps = await startApplications('applications-calendar-', { clock: () => now });
    token.intake = await apps.issue('officer-wang', 'intake_officer');
    token.countyAdmin = await apps.issue('admin-county', 'admin', '330402');
    token.provinceAdmin = await apps.issue('admin-zj', 'admin', '330000');
    token.provinceOfficer = await apps.issue('officer-zj', 'case_officer', '330000');
  });

  afterAll(async () => {
    await apps?.close();
  });

  const { post, get } = requestsAs(() => apps.app, token);
  const calendarEvents = async () => ((await apps.store.streamExists(CALENDAR_STREAM_ID)) ? (await apps.store.readStream(CALENDAR_STREAM_ID)).length : 0);

  const newCase = async () =>
    (
      await post('/cases/dibao', 'intake')
        .send({
          divisionCode: '330402',
          householdCategory: 'stable',
          members: [{ relation: 'applicant', name: '示例甲', residentId: residentId('330402', '1975-06-01', '011'), birthDate: '1975-06-01' }],
        })
        .expect(201)
    ).body.caseId as string;

  it('refuses 受理 while the year the limit runs into is not published, then accepts once it is (no restart)', async () => {
    const caseId = await newCase();
    const refused = await post(`/cases/dibao/${caseId}/accept`, 'intake', '"0"').send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'WORKING_DAY_CALENDAR_MISSING', details: { year: 2027 } });
    expect(refused.body.message.en).toContain('POST /applications/working-day-calendars');

    const listed = await get('/applications/working-day-calendars', 'intake').expect(200);
    expect(listed.body.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026]);
    expect(listed.body.years[0].inEffect).toMatchObject({ origin: 'shipped', source: { docNo: '国办发明电〔2024〕12号' } });

    const published = await post('/applications/working-day-calendars', 'provinceAdmin').send(SAMPLE_2027).expect(201);
    expect(published.body).toMatchObject({
      unchanged: false,
      year: 2027,
      calendar: { origin: 'published', revision: 0, status: 'inEffect', sampleData: true, effectiveFrom: '2026-12-04', publishedBy: 'admin-zj' },
    });
    const [event] = await apps.store.readStream(CALENDAR_STREAM_ID);
    expect(event).toMatchObject({ type: 'applications.WorkingDayCalendarPublished.v1', data: { year: 2027, sampleData: true, supersedes: null } });

    await post(`/cases/dibao/${caseId}/accept`, 'intake', '"0"').send({}).expect(200);
    const view = await get(`/cases/dibao/${caseId}`, 'intake').expect(200);
    expect(view.body.state).toMatchObject({ acceptedOn: '2026-12-04', processDueOn: '2027-01-09' });

    // The same calendar again writes nothing.
    const again = await post('/applications/working-day-calendars', 'provinceAdmin').send(SAMPLE_2027).expect(200);
    expect(again.body.unchanged).toBe(true);
    expect(await calendarEvents()).toBe(1);
    const listed2027 = (await get('/applications/working-day-calendars', 'intake').expect(200)).body.years.find((y: { year: number }) => y.year === 2027);
    expect(listed2027.inEffect.source.docNo).toBe('sample-2027');
  });

  it.each([
    ['an officer', 'provinceOfficer'],
    ['a county admin', 'countyAdmin'],
  ])('refuses %s (403) and writes nothing', async (_, who) => {
    const before = await calendarEvents();
    const refused = await post('/applications/working-day-calendars', who).send({ ...SAMPLE_2027, year: 2028, holidays: [], workdays: [] }).expect(403);
    expect(refused.body.code).toBe('CALENDAR_PUBLISHER_NOT_ALLOWED');
    expect(await calendarEvents()).toBe(before);
  });

  it.each([
    ['a weekday as 调休上班', { workdays: ['2028-01-04'] }, 'CALENDAR_WORKDAY_NOT_WEEKEND'],
    ['a date of another year', { holidays: ['2027-12-31'] }, 'CALENDAR_DATE_NOT_IN_YEAR'],
    ['no source', { source: undefined }, 'VALIDATION_FAILED'],
    ['an unknown field', { region: '330000' }, 'UNKNOWN_FIELD'],
  ])('refuses a calendar with %s (400) and writes nothing', async (_, change, code) => {
    const before = await calendarEvents();
    const refused = await post('/applications/working-day-calendars', 'provinceAdmin')
      .send({ ...SAMPLE_2027, year: 2028, holidays: [], workdays: [], ...change })
      .expect(400);
    expect(refused.body.code).toBe(code);
    expect(refused.body.message.zh).toBeTruthy();
    expect(await calendarEvents()).toBe(before);
  });

  it('loads the published years from the stream when a service starts', async () => {
    const service = createApplicationsService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: apps.dataDir }), clock: () => now });
    const app = await createServiceApp(
      service,
      { store: apps.store, verifier: apps.authority, readStore: () => createDocumentStore({ kind: 'pglite', dataDir: join(apps.dataDir, 'read-models-2') }) },
      { logger: false },
    );
    try {
      const listed = await request(app.getHttpServer()).get('/applications/working-day-calendars').set('Authorization', `Bearer ${token.intake}`).expect(200);
      expect(listed.body.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026, 2027]);
      const caseId = (
        await request(app.getHttpServer())
          .post('/cases/dibao')
          .set('Authorization', `Bearer ${token.intake}`)
          .send({
            divisionCode: '330402',
            householdCategory: 'stable',
            members: [{ relation: 'applicant', name: '示例丙', residentId: residentId('330402', '1980-01-20', '031'), birthDate: '1980-01-20' }],
          })
          .expect(201)
      ).body.caseId;
      await request(app.getHttpServer()).post(`/cases/dibao/${caseId}/accept`).set('Authorization', `Bearer ${token.intake}`).set('If-Match', '"0"').send({}).expect(200);
    } finally {
      await app.close();
    }
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = await request(apps.app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths['/applications/working-day-calendars'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.body.components.schemas.PublishWorkingDayCalendar).toBeDefined();
  });
});
