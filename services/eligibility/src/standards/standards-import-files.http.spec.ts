import type { EventStore } from '@benefits/event-store';
import { readSeed } from '@benefits/standards';
import { makeDocx, makePdf } from '../../../../libs/standards/src/formats/testing/make-documents';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';

jest.setTimeout(60_000);

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
const BEIJING_FILE = '003_d2c032a64aa52382.txt';
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Standards documents imported as published: a PDF and a .docx the test makes from the seed texts. */
describe('eligibility HTTP API: importing PDF and .docx standards', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const http = () => t.http();
  const as = (who: string) => t.as(who);

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-import-files-', {
      tokens: {
        jiaxingAdmin: { role: 'admin', division: '330400', sub: 'admin-jx' },
        beijingAdmin: { role: 'admin', division: '110000', sub: 'admin-bj' },
      },
    });
    store = t.store;
  });

  afterAll(() => t?.close());

  it('imports a .docx as published and answers with its items and warnings', async () => {
    const text = readSeed(JIAXING_FILE);
    const res = await http()
      .post('/standards/import?division=330400&sourceName=jiaxing-2023.docx')
      .set(as('jiaxingAdmin'))
      .set('Content-Type', DOCX)
      .send(await makeDocx(text))
      .expect(201);
    expect(res.body).toMatchObject({ standardId: 'bps-330400', created: true, format: 'docx', itemCount: 105 });
    expect(Array.isArray(res.body.warnings)).toBe(true);
    // The same document as text is the same version: the content is what counts, not the wrapper.
    const again = await http().post('/standards/import').set(as('jiaxingAdmin')).send({ text, divisionCode: '330400' }).expect(201);
    expect(again.body).toMatchObject({ versionId: res.body.versionId, created: false, format: 'text' });
  });

  it('imports a PDF (text layer) and lists its warnings with lines', async () => {
    const text = readSeed(BEIJING_FILE).replace(/\[bookmark: [^\]]*\]/g, '');
    const res = await http()
      .post('/standards/import?division=110000&sourceName=beijing-2023.pdf')
      .set(as('beijingAdmin'))
      .set('Content-Type', PDF)
      .send(makePdf(text, { wrapAt: 45 }))
      .expect(201);
    expect(res.body).toMatchObject({ standardId: 'bps-110000', created: true, format: 'pdf', itemCount: 93 });
    for (const w of res.body.warnings) expect(w).toEqual(expect.objectContaining({ line: expect.any(Number), code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }));
  });

  it('refuses a scanned PDF, a damaged .docx and another division, writing nothing', async () => {
    const before = await store.headPosition();
    const scan = await http().post('/standards/import?division=330400').set(as('jiaxingAdmin')).set('Content-Type', PDF).send(makePdf('x', { scanned: true })).expect(422);
    expect(scan.body.code).toBe('PDF_NO_TEXT_LAYER');
    expect(scan.body.message.zh).toMatch(/OCR/);
    expect(scan.body.message.en).toMatch(/OCR/);
    const docx = await http().post('/standards/import?division=330400').set(as('jiaxingAdmin')).set('Content-Type', DOCX).send(Buffer.from('PK\u0003\u0004broken', 'latin1')).expect(422);
    expect(docx.body.code).toBe('DOCX_UNREADABLE');
    await http().post('/standards/import?division=110000').set(as('jiaxingAdmin')).set('Content-Type', PDF).send(makePdf(readSeed(BEIJING_FILE))).expect(403);
    await http().post('/standards/import').set(as('jiaxingAdmin')).set('Content-Type', PDF).send(makePdf('x')).expect(400);
    expect(await store.headPosition()).toBe(before);
  });
});
