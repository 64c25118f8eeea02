import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { disbursementService } from '../service';

jest.setTimeout(60_000);

/** SAMPLE shares (样例数据): no real document. */
const body = (overrides: Record<string, unknown> = {}) => ({
  benefit: 'dibao',
  divisionCode: '330400',
  fromPeriod: '2025-01',
  shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 },
  source: { document: '示例文件（样例数据，非正式文件）', clause: '第三条' },
  sample: true,
  ...overrides,
});

describe('funding shares over HTTP', () => {
  let dataDir: string;
  let store: EventStore;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const server = () => app.getHttpServer();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-funding-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority: DevTokenAuthority = await createDevTokenVerifier({ dataDir });
    app = await createServiceApp(disbursementService, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await app.get<ReadModels>(READ_MODELS).start();
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    tokens.countyAdmin = await authority.issueDevToken({ sub: 'admin-2', role: 'admin', division: '330402' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });
    tokens.otherClerk = await authority.issueDevToken({ sub: 'clerk-2', role: 'finance_clerk', division: '330500' });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330000' });
    tokens.caseworker = await authority.issueDevToken({ sub: 'cw-1', role: 'case_officer', division: '330402' });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes city shares (admin) and answers with the publication and its stream revision', async () => {
    const res = await request(server()).post('/disbursement/funding-shares').set(as('admin')).send(body()).expect(201);
    expect(res.body).toMatchObject({
      streamId: 'funding-dibao-330400',
      revision: 0,
      recorded: true,
      correction: false,
      publication: { ...body(), revision: 0, correction: false, supersededBy: null, publishedBy: { id: 'admin-1', role: 'admin', divisionCode: '330400' } },
    });
    const events = await store.readStream('funding-dibao-330400');
    expect(events.map((e) => [e.type, e.data])).toEqual([['disbursement.FundingSharesPublished.v1', body()]]);
  });

  it('records nothing for the same publication again', async () => {
    const head = await store.headPosition();
    const res = await request(server()).post('/disbursement/funding-shares').set(as('admin')).send(body()).expect(201);
    expect(res.body).toMatchObject({ revision: 0, recorded: false });
    expect(await store.headPosition()).toBe(head);
  });

  it.each([
    ['shares not summing to 10000', body({ shares: { central: 5000, provincial: 2000, city: 1500, county: 1400 } }), 'INVALID_FUNDING_SHARES'],
    ['a fractional share', body({ shares: { central: 5000.5, provincial: 1999.5, city: 1500, county: 1500 } }), 'VALIDATION_FAILED'],
    ['a blank clause', body({ source: { document: '某文件', clause: '  ' } }), 'FUNDING_SOURCE_MISSING'],
    ['no source', { ...body(), source: undefined }, 'VALIDATION_FAILED'],
    ['a malformed month', body({ fromPeriod: '2025-1' }), 'INVALID_FROM_PERIOD'],
    ['an unknown field', body({ extra: 1 }), 'UNKNOWN_FIELD'],
    ['an unknown benefit', body({ benefit: 'other' }), 'VALIDATION_FAILED'],
  ])('refuses %s with 400 and writes nothing', async (_what, payload, code) => {
    const head = await store.headPosition();
    const res = await request(server()).post('/disbursement/funding-shares').set(as('admin')).send(payload).expect(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message.zh).toBeTruthy();
    expect(await store.headPosition()).toBe(head);
  });

  it('lets only an admin of the division or above publish', async () => {
    expect((await request(server()).post('/disbursement/funding-shares').set(as('clerk')).send(body({ divisionCode: '330402' })).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await request(server()).post('/disbursement/funding-shares').set(as('countyAdmin')).send(body()).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    await request(server()).post('/disbursement/funding-shares').send(body()).expect(401);
  });

  it("reads the city's shares for a county that has none, with where they came from and the history", async () => {
    const res = await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-03' }).set(as('clerk')).expect(200);
    expect(res.body).toMatchObject({
      benefit: 'dibao',
      divisionCode: '330402',
      period: '2025-03',
      inForce: { publication: { shares: body().shares, fromPeriod: '2025-01', sample: true, revision: 0 }, from: { divisionCode: '330400', level: 'city', streamId: 'funding-dibao-330400' } },
    });
    expect(res.body.history.map((h: { divisionCode: string; publications: unknown[] }) => [h.divisionCode, h.publications.length])).toEqual([
      ['330402', 0],
      ['330400', 1],
      ['330000', 0],
    ]);
  });

  it("takes the county's own shares once published, and a correction replaces a fromPeriod keeping the history", async () => {
    await request(server()).post('/disbursement/funding-shares').set(as('countyAdmin')).send(body({ divisionCode: '330402', fromPeriod: '2025-03' })).expect(201);
    const corrected = body({ divisionCode: '330402', fromPeriod: '2025-03', shares: { central: 6000, provincial: 2000, city: 1000, county: 1000 }, source: { document: '示例文件（样例数据，非正式文件）', clause: '第三条', note: '更正' } });
    const res = await request(server()).post('/disbursement/funding-shares').set(as('countyAdmin')).send(corrected).expect(201);
    expect(res.body).toMatchObject({ streamId: 'funding-dibao-330402', revision: 1, recorded: true, correction: true });

    const march = await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-03' }).set(as('auditor')).expect(200);
    expect(march.body.inForce).toMatchObject({ publication: { shares: corrected.shares, revision: 1, correction: true }, from: { level: 'county' } });
    expect(march.body.history[0].publications.map((p: { revision: number; supersededBy: number | null }) => [p.revision, p.supersededBy])).toEqual([
      [0, 1],
      [1, null],
    ]);
    // February is before the county's own shares: the city's apply.
    const february = await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-02' }).set(as('clerk')).expect(200);
    expect(february.body.inForce.from).toMatchObject({ divisionCode: '330400', level: 'city' });
  });

  it('answers 404 FUNDING_SHARES_MISSING when none are in force anywhere up the chain', async () => {
    const res = await request(server()).get('/disbursement/funding-shares').query({ benefit: 'tefu', divisionCode: '330402', period: '2025-03' }).set(as('clerk')).expect(404);
    expect(res.body).toMatchObject({ code: 'FUNDING_SHARES_MISSING', details: { searched: ['funding-tefu-330402', 'funding-tefu-330400', 'funding-tefu-330000'] } });
    expect(res.body.message).toEqual({ zh: expect.stringMatching(/分担比例/), en: expect.stringMatching(/funding shares/) });
    await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2024-12' }).set(as('clerk')).expect(404);
  });

  it('checks the query, the role and the division when reading', async () => {
    expect((await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402' }).set(as('clerk')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-13' }).set(as('clerk')).expect(400)).body.code).toBe('INVALID_FROM_PERIOD');
    expect((await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-03' }).set(as('otherClerk')).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect((await request(server()).get('/disbursement/funding-shares').query({ benefit: 'dibao', divisionCode: '330402', period: '2025-03' }).set(as('caseworker')).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('describes both routes in OpenAPI', async () => {
    const candidates = ['/docs/openapi.json'];
    let doc: { paths?: Record<string, Record<string, unknown>> } | null = null;
    for (const path of candidates) {
      const res = await request(server()).get(path);
      if (res.status === 200 && res.body?.paths) {
        doc = res.body;
        break;
      }
    }
    expect(doc).not.toBeNull();
    expect(Object.keys(doc!.paths!['/disbursement/funding-shares']).sort()).toEqual(['get', 'post']);
  });
});
