import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { createDocumentStore, type CollectionSchema, type Projection, type ReadModels } from '@benefits/read-store';
import { createTestDatabase } from '@benefits/testing';
import { describeProjectionRoutes, READ_MODELS, readModelsModule, type OpenReadStore } from './read-models';
import { createServiceApp, type ServiceDefinition } from './service-app';

jest.setTimeout(60_000);

const THINGS: CollectionSchema = { name: 'things', fields: { count: 'number' } };
const THINGS_PROJECTION = 'applications.things';

/** Counts each stream's events (a whole-document upsert keyed by stream: idempotent). */
const thingsProjection = (): Projection => ({
  name: THINGS_PROJECTION,
  collections: [THINGS],
  async apply(event, session) {
    await session.collection(THINGS).upsert(event.streamId, { count: event.streamRevision + 1 });
  },
});

/** A request path that needs the read model fresh, as a service's list endpoint would. */
@Controller('probe')
class ProbeController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  async probe(): Promise<{ count: number }> {
    const view = await this.readModels.fresh(THINGS_PROJECTION, 300);
    return { count: await view.collection(THINGS).count() };
  }
}

function definition(openReadStore: OpenReadStore): ServiceDefinition {
  return {
    name: 'applications',
    title: 'read models test service',
    description: 'the /projections endpoints over one projection',
    module: (runtime) => {
      const readModels = readModelsModule(runtime, { projections: () => [thingsProjection()], openReadStore, pollIntervalMs: 20 });
      @Module({ imports: [readModels], controllers: [ProbeController] })
      class ProbeModule {}
      return { module: ProbeModule };
    },
    describeRoutes: describeProjectionRoutes,
  };
}

describe('/projections', () => {
  let dataDir: string;
  let store: EventStore;
  let authority: DevTokenAuthority;
  let app: INestApplication;
  let documentsUrl: string;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-projections-'));
    store = await createEventStore({ kind: 'postgres', url: await createTestDatabase('http_rm_events') });
    documentsUrl = await createTestDatabase('http_rm_docs');
    authority = await createDevTokenVerifier({ dataDir });
    app = await createServiceApp(definition(() => createDocumentStore({ kind: 'postgres', url: documentsUrl })), { store, verifier: authority }, { logger: false });
    for (const role of ['admin', 'auditor', 'case_officer', 'finance_clerk', 'approver']) {
      tokens[role] = await authority.issueDevToken({ role, division: '330400' });
    }
    for (let i = 0; i < 3; i += 1) await store.appendToStream(`case-${i}`, [{ type: 'test.Happened.v1', data: {}, metadata: { correlationId: `c-${i}` } }], { expectedRevision: 'no_stream' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the projections to admins and auditors, and to no one else', async () => {
    await request(server()).get('/probe').expect(401);
    await request(server()).get('/probe').set(as('case_officer')).expect(200, { count: 3 });
    const head = await store.headPosition();
    for (const who of ['admin', 'auditor']) {
      const res = await request(server()).get('/projections').set(as(who)).expect(200);
      expect(res.body).toEqual({
        projections: [
          expect.objectContaining({ name: THINGS_PROJECTION, version: 0, running: true, position: head, headPosition: head, caughtUp: true, lagSeconds: 0, rebuilding: null }),
        ],
      });
    }
    for (const who of ['case_officer', 'finance_clerk', 'approver']) {
      const res = await request(server()).get('/projections').set(as(who)).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await request(server()).get('/projections').expect(401);
  });

  it('lets only admins rebuild; an unknown name is 404 PROJECTION_NOT_FOUND, a malformed one 400', async () => {
    const rebuild = (name: string, who?: string) => {
      const req = request(server()).post(`/projections/${encodeURIComponent(name)}/rebuild`);
      return who ? req.set(as(who)) : req;
    };
    for (const who of ['auditor', 'case_officer', 'finance_clerk']) {
      expect((await rebuild(THINGS_PROJECTION, who).expect(403)).body.code).toBe('FORBIDDEN');
      // Who may not rebuild learns nothing about which names exist.
      expect((await rebuild('applications.nothing', who).expect(403)).body.code).toBe('FORBIDDEN');
    }
    await rebuild(THINGS_PROJECTION).expect(401);

    const missing = await rebuild('applications.nothing', 'admin').expect(404);
    expect(missing.body).toMatchObject({ code: 'PROJECTION_NOT_FOUND', message: { zh: expect.any(String), en: expect.any(String) }, details: { projection: 'applications.nothing', known: [THINGS_PROJECTION] } });
    expect((await rebuild('Not A Name', 'admin').expect(400)).body.code).toBe('VALIDATION_FAILED');

    const rebuilt = await rebuild(THINGS_PROJECTION, 'admin').expect(200);
    expect(rebuilt.body.projection).toMatchObject({ name: THINGS_PROJECTION, version: 1, caughtUp: true, rebuilding: null, rebuiltAt: expect.any(String), position: await store.headPosition() });
    await request(server()).get('/probe').set(as('case_officer')).expect(200, { count: 3 });
  });

  it('answers 503 READ_MODEL_BEHIND with Retry-After when the read model cannot catch up in time', async () => {
    const readModels = app.get<ReadModels>(READ_MODELS, { strict: false });
    const runner = await readModels.runner(THINGS_PROJECTION);
    await runner.stop();
    try {
      await store.appendToStream('case-late', [{ type: 'test.Happened.v1', data: {}, metadata: { correlationId: 'c-late' } }], { expectedRevision: 'no_stream' });
      const res = await request(server()).get('/probe').set(as('case_officer')).expect(503);
      expect(res.headers['retry-after']).toBe(String(res.body.details.retryAfterSeconds));
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ code: 'READ_MODEL_BEHIND', message: { zh: expect.any(String), en: expect.any(String) }, details: { projection: THINGS_PROJECTION } });
      // The operations view shows why.
      const [status] = (await request(server()).get('/projections').set(as('admin')).expect(200)).body.projections;
      expect(status).toMatchObject({ running: false, caughtUp: false, lagSeconds: null });
    } finally {
      await runner.start();
    }
    await request(server()).get('/probe').set(as('case_officer')).expect(200, { count: 4 });
  });

  it('answers 503 READ_MODEL_UNAVAILABLE with Retry-After when the read store cannot be opened', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const down = await createServiceApp(
      definition(async () => {
        throw new Error('connection refused');
      }),
      { store, verifier: authority },
      { logger: false },
    );
    try {
      for (const [path, who] of [
        ['/projections', 'auditor'],
        ['/probe', 'case_officer'],
      ]) {
        const res = await request(down.getHttpServer()).get(path).set(as(who)).expect(503);
        expect(res.body.code).toBe('READ_MODEL_UNAVAILABLE');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      // A 4xx carries no Retry-After: waiting does not make a refusal go away.
      const forbidden = await request(down.getHttpServer()).get('/projections').set(as('case_officer')).expect(403);
      expect(forbidden.headers['retry-after']).toBeUndefined();
      expect(logged).toHaveBeenCalledWith('read model *: connection refused');
    } finally {
      logged.mockRestore();
      await down.close();
    }
  });

  it('describes both endpoints in the OpenAPI document', async () => {
    const doc = (await request(server()).get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/projections', '/projections/{name}/rebuild']));
    expect(doc.paths['/projections/{name}/rebuild'].post.responses).toHaveProperty('404');
    expect(doc.paths['/projections'].get.responses['503'].headers).toHaveProperty('Retry-After');
  });
});
