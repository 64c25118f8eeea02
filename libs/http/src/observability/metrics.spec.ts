import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Body, Controller, Get, Inject, Module, Param, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { Errors } from '@benefits/kernel';
import { createServiceApp, SERVICE_RUNTIME, type ServiceDefinition, type ServiceRuntime } from '../service-app';
import { metricsOf, outcomeOf, routeOf, ServiceMetrics, timed, withLabel } from './metrics';
import { matchedRoutePath, nameMatchedRoute } from './route-name';

jest.setTimeout(60_000);

/** A write route that appends through the service's store, and a read route with an id in its path. */
@Controller('things')
class ThingsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Post(':thingId')
  async record(@Param('thingId') thingId: string, @Body() body: { refuse?: boolean }) {
    if (body?.refuse) throw Errors.VALIDATION_FAILED({ reason: 'refused on request' });
    await this.runtime.store.appendToStream(`thing-${thingId}`, [{ type: 'test.Thing.v1', data: {}, metadata: { correlationId: thingId } }], { expectedRevision: 'any' });
    return { thingId };
  }

  @Get(':thingId')
  read(@Param('thingId') thingId: string) {
    return { thingId };
  }
}

const definition = (name: 'applications' | 'audit'): ServiceDefinition => ({
  name,
  title: `${name} metrics test`,
  description: 'one write and one read route',
  module: (runtime) => {
    @Module({ controllers: [ThingsController], providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }] })
    class ThingsModule {}
    return { module: ThingsModule };
  },
  describeRoutes: () => undefined,
});

/** The value of one sample of the exposition (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('service metrics', () => {
  it('times the named methods of a proxied object with their outcome, and passes the rest through', async () => {
    class Counter {
      #count = 0;
      get count(): number {
        return this.#count;
      }
      async add(n: number): Promise<number> {
        if (n < 0) throw Object.assign(new Error('negative'), { code: 'NEGATIVE_AMOUNT' });
        this.#count += n;
        return this.#count;
      }
      async peek(): Promise<number> {
        return this.#count;
      }
    }
    const seen: [string, string][] = [];
    const counter = timed(new Counter(), { add: 'add' }, (operation, outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push([operation, outcome]);
    });
    expect(await counter.add(2)).toBe(2);
    await expect(counter.add(-1)).rejects.toThrow('negative');
    expect(await counter.peek()).toBe(2);
    expect(counter.count).toBe(2);
    expect(counter).toBeInstanceOf(Counter);
    expect(seen).toEqual([
      ['add', 'ok'],
      ['add', 'NEGATIVE_AMOUNT'],
    ]);
  });

  it('labels failures by stable code only, and requests by route pattern', () => {
    expect(outcomeOf({ code: 'WRONG_EXPECTED_REVISION' })).toBe('WRONG_EXPECTED_REVISION');
    expect(outcomeOf(new Error('boom'))).toBe('error');
    expect(outcomeOf({ code: 'not a code; drop table' })).toBe('error');
    expect(routeOf({ method: 'GET', path: '/cases/abc', route: { path: '/cases/:caseId' } })).toBe('/cases/:caseId');
    expect(routeOf({ method: 'GET', path: '/nothing' })).toBeNull();
  });

  it('labels a step served through a shared pattern by its documented route once the handler named it; an unnamed one keeps the pattern', () => {
    const named = { method: 'POST', path: '/cases/dibao/abc/accept', baseUrl: '', route: { path: '/cases/dibao/:caseId/:step' } };
    const unknown = { ...named, path: '/cases/dibao/abc/whatever' };
    nameMatchedRoute(named, 'step', 'accept');
    expect(routeOf(named)).toBe('/cases/dibao/:caseId/accept');
    expect(matchedRoutePath(named)).toBe('/cases/dibao/:caseId/accept');
    expect(routeOf(unknown)).toBe('/cases/dibao/:caseId/:step');
  });

  it('keeps each service in its own registry, labelled with its name', async () => {
    const a = new ServiceMetrics('applications', { defaultMetrics: false });
    const b = new ServiceMetrics('audit', { defaultMetrics: false });
    a.delivered('applications', 'benefits.x', 'parked', 0.01);
    a.attemptFailed('applications', 'benefits.x', 1, false);
    a.attemptFailed('applications', 'benefits.x', 3, true);
    a.forwarded('applications.outbox', 2, [new Date(Date.now() - 2000).toISOString(), new Date().toISOString()]);
    a.paymentRun({ benefit: 'tefu', seconds: 3, payments: 20, pages: 1, resumed: false });
    const textA = (await a.scrape()).body;
    const textB = (await b.scrape()).body;
    expect(sample(textA, 'benefits_consumer_dead_letters_total', { service: 'applications', consumer: 'applications' })).toBe(1);
    expect(sample(textA, 'benefits_consumer_retries_total', { service: 'applications' })).toBe(1);
    expect(sample(textA, 'benefits_outbox_forwarded_messages_total', { forwarder: 'applications.outbox' })).toBe(2);
    expect(sample(textA, 'benefits_outbox_forwarding_lag_seconds_count', { forwarder: 'applications.outbox' })).toBe(2);
    expect(sample(textA, 'benefits_payment_run_payments_sum', { benefit: 'tefu' })).toBe(20);
    expect(textB).not.toContain('service="applications"');
    expect(sample(textB, 'benefits_consumer_dead_letters_total', { consumer: 'applications' })).toBe(0);
  });

  it('has every series documented, and the dashboard asks only for series that exist', async () => {
    const root = resolve(__dirname, '../../../..');
    const metrics = new ServiceMetrics('audit');
    // Every series a scrape shows: the service's own and the process's.
    const names = [...(await metrics.scrape()).body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    const docs = readFileSync(join(root, 'docs/operations/metrics.md'), 'utf8');
    for (const name of names.filter((n) => n.startsWith('benefits_'))) expect({ name, documented: docs.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    const dashboard = readFileSync(join(root, 'deploy/grafana/benefits-dashboard.json'), 'utf8');
    const asked = new Set([...dashboard.matchAll(/\b((?:benefits|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')));
    for (const name of asked) expect({ name, exists: names.includes(name) }).toEqual({ name, exists: true });
    expect(asked.size).toBeGreaterThan(10);
  });

  describe('on a service app', () => {
    let dataDir: string;
    let store: EventStore;
    let authority: DevTokenAuthority;
    let apps: INestApplication[];
    let token: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'benefits-metrics-'));
      store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
      authority = await createDevTokenVerifier({ dataDir });
      // Two services sharing one store object, as in embedded mode.
      apps = [
        await createServiceApp(definition('applications'), { store, verifier: authority }, { logger: false }),
        await createServiceApp(definition('audit'), { store, verifier: authority }, { logger: false }),
      ];
      token = await authority.issueDevToken({ role: 'admin', division: '330400' });
    });
    afterAll(async () => {
      for (const app of apps ?? []) await app.close();
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves /metrics without a token, and documents it as public', async () => {
      const res = await request(apps[0].getHttpServer()).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total{service="applications"}');
      const docs = await request(apps[0].getHttpServer()).get('/docs/openapi.json').expect(200);
      expect(docs.body.paths['/metrics'].get.security).toEqual([]);
    });

    it('counts requests by route pattern, commands by outcome and code, and appends per service', async () => {
      const [applications, audit] = apps.map((app) => app.getHttpServer());
      const auth = { Authorization: `Bearer ${token}` };
      await request(applications).post('/things/t-1').set(auth).send({}).expect(201);
      await request(applications).post('/things/t-2').set(auth).send({}).expect(201);
      await request(applications).post('/things/t-3').set(auth).send({ refuse: true }).expect(400);
      await request(applications).post('/things/t-4').send({}).expect(401);
      await request(applications).get('/things/t-1').set(auth).expect(200);
      await request(applications).get('/no/such/route').set(auth).expect(404);
      const text = (await request(applications).get('/metrics')).text;
      const route = '/things/:thingId';
      expect(sample(text, 'benefits_http_request_duration_seconds_count', { method: 'POST', route, status: '201' })).toBe(2);
      expect(sample(text, 'benefits_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(1);
      expect(sample(text, 'benefits_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
      expect(text).not.toContain('t-1');
      expect(sample(text, 'benefits_commands_total', { route, outcome: 'accepted' })).toBe(2);
      expect(sample(text, 'benefits_commands_total', { route, outcome: 'refused', code: 'VALIDATION_FAILED' })).toBe(1);
      expect(sample(text, 'benefits_commands_total', { route, outcome: 'refused', code: 'UNAUTHENTICATED' })).toBe(1);
      expect(sample(text, 'benefits_event_store_append_duration_seconds_count', { service: 'applications', operation: 'appendToStream', outcome: 'ok' })).toBe(2);
      // The other service of the process saw none of it.
      const other = (await request(audit).get('/metrics')).text;
      expect(sample(other, 'benefits_event_store_append_duration_seconds_count', { operation: 'appendToStream' })).toBe(0);
      expect(sample(other, 'benefits_commands_total', { outcome: 'accepted' })).toBe(0);
      expect(metricsOf(apps[1]).service).toBe('audit');
    });
  });
});

describe('process metrics: collected once per process, labelled per service at scrape time', () => {
  it('adds the label to plain and labelled samples, leaves comments alone', () => {
    const text = '# HELP a_total x\n# TYPE a_total counter\na_total 3\nnodejs_version_info{version="v20 x",major="20"} 1\n';
    expect(withLabel(text, 'service', 'audit')).toBe(
      '# HELP a_total x\n# TYPE a_total counter\na_total{service="audit"} 3\nnodejs_version_info{service="audit",version="v20 x",major="20"} 1\n',
    );
  });

  it('two services in one process each show the process series under their own name', async () => {
    const a = new ServiceMetrics('applications');
    const b = new ServiceMetrics('audit');
    const [ta, tb] = [(await a.scrape()).body, (await b.scrape()).body];
    expect(ta).toContain('process_cpu_user_seconds_total{service="applications"}');
    expect(tb).toContain('process_cpu_user_seconds_total{service="audit"}');
    expect(tb).not.toContain('service="applications"');
    // One HELP/TYPE block per metric name in a scrape.
    const types = tb.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
  });
});
