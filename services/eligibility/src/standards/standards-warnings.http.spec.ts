import type { EventStore } from '@benefits/event-store';
import { readSeed } from '@benefits/standards';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';

jest.setTimeout(60_000);

/** 瓯海's undated standard: as the parser reads it today, numbers printed twice (tracked changes) give warnings. */
const OUHAI_FILE = '000_0f5b4a98bdcb2c7b.txt';
const NOTE = '已核对原件：重复编号系修订痕迹，条目无遗漏（测试）';

interface WarningView {
  warningId: string;
  line: number;
  endLine: number | null;
  code: string;
  message: string;
  acknowledged: { by: { id: string; role: string; divisionCode: string }; at: string; note: string } | null;
}

describe('eligibility HTTP API: parse warnings gate activation', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const http = () => t.http();
  const as = (who: string) => t.as(who);

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-warnings-', {
      tokens: {
        ouhaiAdmin: { role: 'admin', division: '330304', sub: 'admin-oh' },
        zhejiangAdmin: { role: 'admin', division: '330000', sub: 'admin-zj' },
        luchengAdmin: { role: 'admin', division: '330302', sub: 'admin-lc' },
        beijingAdmin: { role: 'admin', division: '110000', sub: 'admin-bj' },
        officer: { role: 'case_officer', division: '330304', sub: 'officer-oh' },
      },
    });
    store = t.store;
  });

  afterAll(() => t?.close());

  async function expectNothingAppended(action: () => Promise<unknown>) {
    const before = await store.headPosition();
    await action();
    expect(await store.headPosition()).toBe(before);
  }

  let versionId: string;
  let warnings: WarningView[];
  const activation = () => ({ versionId, divisionCode: '330304', effectiveFrom: '2025-01-01', reason: '本区标准未注明施行日期，经批准参照执行（测试）' });
  const ackPath = (warningId: string) => `/standards/bps-330304/versions/${versionId}/warnings/${warningId}/acknowledgements`;

  it('lists the warnings of an imported version with ids, lines, codes and messages, all open', async () => {
    const imported = await http()
      .post(`/standards/import?division=330304&sourceName=${OUHAI_FILE}`)
      .set(as('ouhaiAdmin'))
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send(readSeed(OUHAI_FILE))
      .expect(201);
    versionId = imported.body.versionId;

    const listed = await http().get(`/standards/bps-330304/versions/${versionId}/warnings`).set(as('officer')).expect(200);
    warnings = listed.body.warnings;
    expect(warnings.length).toBeGreaterThan(0);
    expect(listed.body).toMatchObject({ standardId: 'bps-330304', versionId, divisionCode: '330304', openWarnings: warnings.length, revision: 0 });
    expect(listed.headers.etag).toBe('"0"');
    warnings.forEach((w, i) => {
      expect(w).toEqual({ warningId: `${versionId}-${i + 1}`, line: expect.any(Number), endLine: w.endLine, code: expect.any(String), message: expect.any(String), acknowledged: null });
      // The last line of the span when the parser gives one, else null.
      expect(w.endLine === null || w.endLine >= w.line).toBe(true);
    });

    const catalog = await http().get('/standards').set(as('officer')).expect(200);
    expect(catalog.body.standards[0].versions[0]).toMatchObject({ versionId, openWarnings: warnings.length });
    expect(catalog.body.standards[0].versions[0].warnings).toEqual(warnings);

    await http().get(`/standards/bps-330304/versions/ffffffffffffffff/warnings`).set(as('officer')).expect(404, /VERSION_NOT_FOUND/);
    await http().get(`/standards/bps-330305/versions/${versionId}/warnings`).set(as('officer')).expect(404, /STANDARD_NOT_FOUND/);
  });

  it('refuses the activation with 409 STANDARD_WARNINGS_UNACKNOWLEDGED listing the open warnings, writing nothing', async () => {
    await expectNothingAppended(async () => {
      const refused = await http().post('/standards/bps-330304/activations').set(as('ouhaiAdmin')).send(activation()).expect(409);
      expect(refused.body).toMatchObject({
        code: 'STANDARD_WARNINGS_UNACKNOWLEDGED',
        message: { zh: expect.stringContaining('解析提示'), en: expect.stringContaining('parse warnings') },
        details: { standardId: 'bps-330304', versionId, openWarnings: warnings.map((w) => ({ warningId: w.warningId, line: w.line, code: w.code })) },
      });
    });
  });

  it('lets only an admin of the standard’s division (or above) acknowledge; bad input is refused with stable codes and writes nothing', async () => {
    const first = warnings[0].warningId;
    await expectNothingAppended(async () => {
      await http().post(ackPath(first)).set(as('officer')).send({ note: NOTE }).expect(403, /FORBIDDEN/);
      await http().post(ackPath(first)).set(as('luchengAdmin')).send({ note: NOTE }).expect(403, /DIVISION_OUT_OF_SCOPE/);
      await http().post(ackPath(first)).set(as('beijingAdmin')).send({ note: NOTE }).expect(403, /DIVISION_OUT_OF_SCOPE/);
      await http().post(ackPath(first)).set(as('ouhaiAdmin')).send({ note: '  ' }).expect(400, /ACKNOWLEDGEMENT_NOTE_REQUIRED/);
      await http().post(ackPath(first)).set(as('ouhaiAdmin')).send({}).expect(400, /VALIDATION_FAILED/);
      await http().post(ackPath(first)).set(as('ouhaiAdmin')).send({ note: NOTE, by: 'x' }).expect(400, /UNKNOWN_FIELD/);
      await http().post(ackPath(`${versionId}-999`)).set(as('ouhaiAdmin')).send({ note: NOTE }).expect(404, /WARNING_NOT_FOUND/);
      await http().post(ackPath('not-a-warning')).set(as('ouhaiAdmin')).send({ note: NOTE }).expect(400, /VALIDATION_FAILED/);
      await http().post(`/standards/bps-330304/versions/ffffffffffffffff/warnings/ffffffffffffffff-1/acknowledgements`).set(as('ouhaiAdmin')).send({ note: NOTE }).expect(404, /VERSION_NOT_FOUND/);
    });
  });

  it('after each warning is acknowledged (with the stream revision in the answer), the activation is accepted', async () => {
    for (const [i, w] of warnings.entries()) {
      // The province's admin may acknowledge too (a division above the standard's).
      const who = i === 0 ? 'zhejiangAdmin' : 'ouhaiAdmin';
      const answer = await http().post(ackPath(w.warningId)).set(as(who)).send({ note: NOTE }).expect(201);
      expect(answer.body).toMatchObject({
        standardId: 'bps-330304',
        versionId,
        warning: { warningId: w.warningId, line: w.line, code: w.code, acknowledged: { by: { id: who === 'zhejiangAdmin' ? 'admin-zj' : 'admin-oh', role: 'admin' }, at: expect.any(String), note: NOTE } },
        openWarnings: warnings.length - i - 1,
        revision: i + 1,
      });
      expect(answer.headers.etag).toBe(`"${i + 1}"`);
      if (i < warnings.length - 1) {
        const stillRefused = await http().post('/standards/bps-330304/activations').set(as('ouhaiAdmin')).send(activation()).expect(409);
        expect(stillRefused.body.details.openWarnings).toHaveLength(warnings.length - i - 1);
      }
    }
    await expectNothingAppended(async () => {
      const again = await http().post(ackPath(warnings[0].warningId)).set(as('ouhaiAdmin')).send({ note: '再次确认' }).expect(409);
      expect(again.body).toMatchObject({ code: 'WARNING_ALREADY_ACKNOWLEDGED', details: { warningId: warnings[0].warningId, note: NOTE } });
    });

    const listed = await http().get(`/standards/bps-330304/versions/${versionId}/warnings`).set(as('officer')).expect(200);
    expect(listed.body.openWarnings).toBe(0);
    expect(listed.body.warnings.every((w: WarningView) => w.acknowledged?.note === NOTE)).toBe(true);
    const catalog = await http().get('/standards').set(as('officer')).expect(200);
    expect(catalog.body.standards[0].versions[0]).toMatchObject({ openWarnings: 0 });

    const activated = await http().post('/standards/bps-330304/activations').set(as('ouhaiAdmin')).send(activation()).expect(201);
    expect(activated.body).toMatchObject({ versionId, divisionCode: '330304', label: 'activated-undated' });
    const inForce = await http().get('/standards/in-force?division=330304&benefit=tefu&date=2025-06-01').set(as('officer')).expect(200);
    expect(inForce.body).toMatchObject({ versionId, basis: 'activation' });
  });

  it('describes the warning routes in the OpenAPI document', async () => {
    const doc = await http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/standards/{standardId}/versions/{versionId}/warnings', '/standards/{standardId}/versions/{versionId}/warnings/{warningId}/acknowledgements']),
    );
    expect(Object.keys(doc.body.components.schemas)).toEqual(
      expect.arrayContaining(['StandardVersionWarnings', 'ParseWarning', 'AcknowledgeParseWarningRequest', 'ParseWarningAcknowledged', 'OpenParseWarnings']),
    );
    expect(JSON.stringify(doc.body.paths['/standards/{standardId}/activations'])).toContain('STANDARD_WARNINGS_UNACKNOWLEDGED');
  });
});
