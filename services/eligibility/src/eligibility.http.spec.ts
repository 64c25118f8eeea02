import type { EventStore } from '@benefits/event-store';
import { readSeed } from '@benefits/standards';
import { startEligibilityApp, type EligibilityTestApp } from './testing/eligibility-test-app';

jest.setTimeout(60_000);

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
const BEIJING_FILE = '003_d2c032a64aa52382.txt';

/** SAMPLE DATA for the tests: not an official 低保标准. */
const SAMPLE_SOURCE = { docNo: '示例数据（非官方）' };

describe('eligibility HTTP API: standards catalog and parameters', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const http = () => t.http();
  const as = (who: string) => t.as(who);

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-http-', {
      tokens: {
        zhejiangAdmin: { role: 'admin', division: '330000', sub: 'admin-zj' },
        beijingAdmin: { role: 'admin', division: '110000', sub: 'admin-bj' },
        officer: { role: 'case_officer', division: '330402', sub: 'officer-1' },
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

  let jiaxingVersion: string;
  let beijingVersion: string;

  it('imports a document sent as text/plain, once', async () => {
    const first = await http()
      .post('/standards/import?division=330400&sourceName=jiaxing.txt')
      .set(as('zhejiangAdmin'))
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send(readSeed(JIAXING_FILE))
      .expect(201);
    expect(first.body).toEqual({ standardId: 'bps-330400', versionId: expect.stringMatching(/^[0-9a-f]{16}$/), created: true, format: 'text', itemCount: 105, warnings: [] });
    jiaxingVersion = first.body.versionId;

    await expectNothingAppended(async () => {
      const again = await http()
        .post('/standards/import?division=330400')
        .set(as('zhejiangAdmin'))
        .set('Content-Type', 'text/plain')
        .send(readSeed(JIAXING_FILE))
        .expect(201);
      expect(again.body).toMatchObject({ standardId: 'bps-330400', versionId: jiaxingVersion, created: false });
    });
  });

  it('imports a document sent as JSON', async () => {
    const response = await http()
      .post('/standards/import')
      .set(as('beijingAdmin'))
      .send({ text: readSeed(BEIJING_FILE), sourceName: 'beijing.txt', divisionCode: '110000' })
      .expect(201);
    beijingVersion = response.body.versionId;
    expect(response.body.created).toBe(true);
  });

  it('refuses bad imports with stable codes and appends nothing', async () => {
    await expectNothingAppended(async () => {
      await http().post('/standards/import').set(as('officer')).send({ text: 'x', divisionCode: '330402' }).expect(403, /FORBIDDEN/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: readSeed(BEIJING_FILE), divisionCode: '110000' }).expect(403, /DIVISION_OUT_OF_SCOPE/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: '这不是标准文件。\n第二行。', divisionCode: '330400' }).expect(422, /DOCUMENT_UNPARSEABLE/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: readSeed(JIAXING_FILE), divisionCode: '330402' }).expect(422, /DIVISION_LEVEL_MISMATCH/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: readSeed(JIAXING_FILE), divisionCode: '330100' }).expect(409, /DOCUMENT_ALREADY_IMPORTED/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: 'x', divisionCode: '330400', status: 'final' }).expect(400, /UNKNOWN_FIELD/);
      await http().post('/standards/import').set(as('zhejiangAdmin')).send({ text: 'x', divisionCode: '33040' }).expect(400, /VALIDATION_FAILED/);
      await http().post('/standards/import?division=330400').set(as('zhejiangAdmin')).set('Content-Type', 'text/plain').send('').expect(422, /DOCUMENT_UNPARSEABLE/);
      await http().post('/standards/import').send({ text: 'x', divisionCode: '330400' }).expect(401);
      // GBK bytes sent as if they were UTF-8 text: refused as a whole, never half imported.
      const gbk = Buffer.from('b7fecef1b6d4cff3a3bab5cdb1a3bcd2cda5a1a30a', 'hex');
      await http().post('/standards/import?division=330400').set(as('zhejiangAdmin')).set('Content-Type', 'text/plain').send(gbk).expect(422, /NOT_UTF8/);
    });
  });

  it('lists standards and shows one with its versions', async () => {
    const list = await http().get('/standards').set(as('officer')).expect(200);
    expect(list.body.standards.map((s: { standardId: string }) => s.standardId).sort()).toEqual(['bps-110000', 'bps-330400']);
    const one = await http().get('/standards/bps-330400').set(as('officer')).expect(200);
    expect(one.body.versions).toEqual([
      expect.objectContaining({ versionId: jiaxingVersion, docNo: '嘉发改〔2024〕64号', status: 'final', effectiveFrom: '2024-07-22', itemCount: 105 }),
    ]);
    // The parse report travels with the version: repairs by kind and warnings with their lines.
    const [version] = one.body.versions;
    expect(typeof version.repairCounts).toBe('object');
    expect(Array.isArray(version.warnings)).toBe(true);
    for (const w of version.warnings) expect(w).toEqual({ line: expect.any(Number), code: expect.any(String), message: expect.any(String) });
    await http().get('/standards/bps-330402').set(as('officer')).expect(404, /STANDARD_NOT_FOUND/);
    await http().get('/standards/not-an-id').set(as('officer')).expect(400, /VALIDATION_FAILED/);
  });

  it("returns a version's items, optionally for one benefit", async () => {
    const response = await http().get(`/standards/bps-330400/versions/${jiaxingVersion}/items?benefit=tefu`).set(as('officer')).expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0]).toMatchObject({ number: '52', name: '计划生育家庭特别扶助', startLine: 845 });
    expect(response.body.items[0].fields['服务标准']).toContain('每人每月850元');
    await http().get('/standards/bps-330400/versions/0123456789abcdef/items').set(as('officer')).expect(404, /VERSION_NOT_FOUND/);
  });

  it('resolves the standard in force, inheriting from the city for a county', async () => {
    const response = await http().get('/standards/in-force?division=330402&benefit=tefu&date=2024-08-01').set(as('officer')).expect(200);
    expect(response.body).toMatchObject({ standardId: 'bps-330400', versionId: jiaxingVersion, resolvedAt: '330400', inherited: true, basis: 'document' });
    expect(response.body.items[0].standardRef).toEqual({ standardId: 'bps-330400', versionId: jiaxingVersion, itemNo: '52', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await http().get('/standards/in-force?division=330402&benefit=tefu&date=2024-07-21').set(as('officer')).expect(404);
    await http().get('/standards/in-force?division=330402&benefit=wubao&date=2024-08-01').set(as('officer')).expect(400, /VALIDATION_FAILED/);
  });

  it('uses the 北京 draft only after a labelled activation', async () => {
    await http().get('/standards/in-force?division=110105&benefit=linshi&date=2025-03-01').set(as('officer')).expect(404);
    await expectNothingAppended(async () => {
      await http().post('/standards/bps-110000/activations').set(as('zhejiangAdmin')).send({ versionId: beijingVersion, divisionCode: '110000', effectiveFrom: '2025-01-01', reason: '正式标准发布前试运行' }).expect(403, /DIVISION_OUT_OF_SCOPE/);
      await http().post('/standards/bps-110000/activations').set(as('beijingAdmin')).send({ versionId: beijingVersion, divisionCode: '110000', effectiveFrom: '2025-01-01' }).expect(400, /VALIDATION_FAILED/);
    });
    // Parse warnings of the version, if the parser reports any, are acknowledged first (the gate is tested in standards-warnings.http.spec.ts).
    const warnings = await http().get(`/standards/bps-110000/versions/${beijingVersion}/warnings`).set(as('officer')).expect(200);
    for (const w of warnings.body.warnings as { warningId: string }[]) {
      await http().post(`/standards/bps-110000/versions/${beijingVersion}/warnings/${w.warningId}/acknowledgements`).set(as('beijingAdmin')).send({ note: '已核对原件（测试）' }).expect(201);
    }
    const activation = await http()
      .post('/standards/bps-110000/activations')
      .set(as('beijingAdmin'))
      .send({ versionId: beijingVersion, divisionCode: '110000', effectiveFrom: '2025-01-01', reason: '正式标准发布前参照征求意见稿试运行' })
      .expect(201);
    expect(activation.body).toMatchObject({ label: 'activated-draft', labelZh: '征求意见稿，经授权启用', activatedBy: { id: 'admin-bj', role: 'admin', divisionCode: '110000' } });
    const response = await http().get('/standards/in-force?division=110105&benefit=linshi&date=2025-03-01').set(as('officer')).expect(200);
    expect(response.body).toMatchObject({ versionId: beijingVersion, basis: 'activation', status: 'draft', activation: { label: 'activated-draft' } });
  });

  it('diffs two versions item by item', async () => {
    // A later edition constructed for this test only (not a published document).
    const edition = readSeed(JIAXING_FILE).replace('本文件自 2024 年 7 月 22 日起施行。', '本文件自 2025 年 7 月 1 日起施行。').replace('特扶金标准为每人每月850元', '特扶金标准为每人每月870元');
    const imported = await http().post('/standards/import?division=330400').set(as('zhejiangAdmin')).set('Content-Type', 'text/plain').send(edition).expect(201);
    const diff = await http().get(`/standards/bps-330400/diff?from=${jiaxingVersion}&to=${imported.body.versionId}`).set(as('officer')).expect(200);
    expect(diff.body).toMatchObject({ added: [], removed: [], unchanged: 104 });
    expect(diff.body.changed).toEqual([expect.objectContaining({ name: '计划生育家庭特别扶助', changes: [expect.objectContaining({ field: '服务标准' })] })]);
    const inForce = await http().get('/standards/in-force?division=330400&benefit=tefu&date=2025-07-01').set(as('officer')).expect(200);
    expect(inForce.body.versionId).toBe(imported.body.versionId);
  });

  describe('parameters', () => {
    const publishB = (body: Record<string, unknown>, who = 'zhejiangAdmin') =>
      http().post('/parameters/dibao.standard').set(as(who)).send({ divisionCode: '330400', source: SAMPLE_SOURCE, sampleData: true, ...body });

    it('publishes a value with its source and publisher and looks it up as effective on a date', async () => {
      const published = await publishB({ effectiveFrom: '2025-01-01', value: { fen: 100000 } }).expect(201);
      // No active 低保 case yet: the redetermination the publication runs finds nothing to do.
      expect(published.body).toEqual({
        entryId: expect.any(String),
        created: true,
        redetermination: { considered: 0, issued: [], alreadyDone: [], unchanged: [], failed: [] },
      });
      const again = await publishB({ effectiveFrom: '2025-01-01', value: { fen: 100000 } }).expect(201);
      expect(again.body).toEqual({ entryId: published.body.entryId, created: false });

      const lookup = await http().get('/parameters/dibao.standard?division=330402&date=2025-03-01').set(as('officer')).expect(200);
      expect(lookup.body).toMatchObject({
        resolvedAt: '330400',
        inherited: true,
        entry: { value: { fen: 100000 }, source: { docNo: '示例数据（非官方）', title: null }, sampleData: true, publishedBy: { id: 'admin-zj', role: 'admin', divisionCode: '330000' } },
      });
      await http().get('/parameters/dibao.standard?division=330402&date=2024-12-31').set(as('officer')).expect(404);
    });

    it('answers a retroactive correction as known after it, and the old value as known before it', async () => {
      const original = await publishB({ effectiveFrom: '2025-06-01', value: { fen: 105000 } }).expect(201);
      const before = await store.headPosition();
      const beforeTime = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await publishB({ effectiveFrom: '2025-06-01', value: { fen: 104000 }, supersedes: original.body.entryId, correctionReason: '录入错误更正' }).expect(201);

      const now = await http().get('/parameters/dibao.standard?division=330400&date=2025-07-01').set(as('officer')).expect(200);
      expect(now.body.entry).toMatchObject({ value: { fen: 104000 }, supersedes: original.body.entryId, correctionReason: '录入错误更正' });
      const atPosition = await http().get(`/parameters/dibao.standard?division=330400&date=2025-07-01&knownAtPosition=${encodeURIComponent(before)}`).set(as('officer')).expect(200);
      expect(atPosition.body.entry.value).toEqual({ fen: 105000 });
      const atTime = await http().get(`/parameters/dibao.standard?division=330400&date=2025-07-01&knownAt=${encodeURIComponent(beforeTime)}`).set(as('officer')).expect(200);
      expect(atTime.body.entry.value).toEqual({ fen: 105000 });
      // The correction does not reach back past the entry it corrects.
      const may = await http().get('/parameters/dibao.standard?division=330400&date=2025-05-31').set(as('officer')).expect(200);
      expect(may.body.entry.value).toEqual({ fen: 100000 });
    });

    it('refuses bad values with stable codes and appends nothing', async () => {
      await expectNothingAppended(async () => {
        await publishB({ effectiveFrom: '2025-01-01', value: { fen: 100500 } }).expect(409, /PARAMETER_ALREADY_PUBLISHED/);
        await publishB({ effectiveFrom: '2025-02-15', value: { fen: 100000 } }).expect(400, /PARAMETER_DATE_INVALID/);
        await publishB({ effectiveFrom: '2025-02-01', value: { fen: 1000.5 } }).expect(400, /VALIDATION_FAILED/);
        await publishB({ effectiveFrom: '2025-02-01', value: { fen: 100000 } }, 'officer').expect(403, /FORBIDDEN/);
        await publishB({ effectiveFrom: '2025-02-01', value: { fen: 100000 }, divisionCode: '110000' }).expect(403, /DIVISION_OUT_OF_SCOPE/);
        await publishB({ effectiveFrom: '2025-02-01', value: { fen: 100000 }, supersedes: '01890a5d-ac96-774b-bcce-b302099a8057', correctionReason: '更正' }).expect(422, /SUPERSEDED_ENTRY_NOT_FOUND/);
        await publishB({ effectiveFrom: '2025-02-01', value: { fen: 100000 }, sampleData: undefined }).expect(400, /VALIDATION_FAILED/);
        await http().post('/parameters/dibao.line').set(as('zhejiangAdmin')).send({}).expect(400, /VALIDATION_FAILED/);
        await http().get('/parameters/dibao.standard?division=330400&date=2025-07-01&knownAtPosition=nonsense').set(as('officer')).expect(400);
      });
    });

    it('publishes a working-day calendar (sample) for a year', async () => {
      const calendar = { year: 2030, holidays: ['2030-10-01'], workdays: ['2030-09-29'] };
      await http()
        .post('/parameters/calendar.working-days')
        .set(as('zhejiangAdmin'))
        .send({ divisionCode: '330000', effectiveFrom: '2030-01-01', value: calendar, source: SAMPLE_SOURCE, sampleData: true })
        .expect(201);
      const lookup = await http().get('/parameters/calendar.working-days?division=330402&date=2030-10-01').set(as('officer')).expect(200);
      expect(lookup.body).toMatchObject({ resolvedAt: '330000', entry: { value: calendar, effectiveTo: '2030-12-31' } });
    });
  });

  it('loads a rule pack against the catalog and checks it is usable for a division and date', async () => {
    const list = await http().get('/rule-packs').set(as('officer')).expect(200);
    expect(list.body.rulePacks.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['tefu-330400-2023', 'linshi-110000-2023-draft']));

    const tefu = await http().get('/rule-packs/tefu-330400-2023?division=330402&date=2024-08-01').set(as('officer')).expect(200);
    expect(tefu.body).toMatchObject({ requiresActivation: false, usage: { basis: 'document', activationLabel: null } });
    expect(tefu.body.parameters.find((p: { key: string }) => p.key === 'tefu.disability.amount')).toMatchObject({
      value: { kind: 'money', fen: 85000 },
      citation: { itemNo: '52', line: 851 },
      standardRef: { standardId: 'bps-330400', versionId: jiaxingVersion, itemNo: '52' },
    });
    await http().get('/rule-packs/tefu-330400-2023?division=330402&date=2024-07-01').set(as('officer')).expect(422, /RULE_PACK_NOT_USABLE/);

    const linshi = await http().get('/rule-packs/linshi-110000-2023-draft?division=110105&date=2025-03-01').set(as('officer')).expect(200);
    expect(linshi.body).toMatchObject({ requiresActivation: true, usage: { basis: 'activation', activationLabel: 'activated-draft' } });
    // 瓯海's standard has not been imported here: the pack cannot be checked, so it does not load.
    await http().get('/rule-packs/tefu-330304-undated').set(as('officer')).expect(422, /RULE_PACK_INVALID/);
    await http().get('/rule-packs/tefu-999999-x').set(as('officer')).expect(404);
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = await http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/standards/import',
        '/standards',
        '/standards/in-force',
        '/standards/{standardId}',
        '/standards/{standardId}/versions/{versionId}/items',
        '/standards/{standardId}/diff',
        '/standards/{standardId}/activations',
        '/parameters/{name}',
        '/rule-packs',
        '/rule-packs/{packId}',
      ]),
    );
  });
});
