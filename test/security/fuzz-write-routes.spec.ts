import fc from 'fast-check';
import { ROLES, residentIdCheckChar, type Role } from '@benefits/identity';
import type { EventStore } from '@benefits/event-store';
import { PERMISSION_MATRIX } from '../../libs/identity/src/permissions/matrix';
import {
  arbitraryOf,
  fillPath,
  garbage,
  oddString,
  openApiRoutes,
  sampleOf,
  startSecurityServices,
  type OpenApiRoute,
  type SecurityServices,
} from './security-support';

/**
 * Every write route (POST/PUT/PATCH/DELETE) of the four services, as their OpenAPI documents list
 * them, gets generated requests: valid-shaped bodies from the route's request schema, near-valid
 * ones (a field dropped, a wrong type, extra keys, odd strings with NUL and lone surrogates, huge
 * numbers), garbage (any JSON, nesting thousands of levels deep), malformed JSON and wrong content
 * types, as every role, against real resources and made-up ids. The server must never answer 5xx,
 * and a refusal (4xx) must write nothing: no event carrying the request's correlation id, and the
 * store head where it was.
 */

// PGlite stores take a few seconds to create; the run itself is sized to stay well under 90 s.
jest.setTimeout(600_000);

const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const DIVISION = '330402';

const residentId = (birth: string, sequence: string) => {
  const first17 = `${DIVISION}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};

function allowedRoles(route: OpenApiRoute): readonly Role[] {
  const roles = PERMISSION_MATRIX[route.service]?.[route.key]?.roles;
  return Array.isArray(roles) && roles.length > 0 ? roles : ROLES;
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string | null; text: string };

const malformedJson = fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '\u0000', '{"__proto__":{"x":1}}', '1'.repeat(400) + 'e99999');
const wrongType = fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json-patch+json', null);

function bodyArbitrary(route: OpenApiRoute): fc.Arbitrary<Body> {
  const jsonSchema = route.body['application/json'];
  const shaped = jsonSchema ? arbitraryOf(jsonSchema, route.resolve) : garbage;
  const rawTypes = Object.keys(route.body).filter((t) => t !== 'application/json');
  return fc.oneof(
    { weight: 12, arbitrary: shaped.map((value): Body => ({ kind: 'json', value })) },
    { weight: 3, arbitrary: garbage.map((value): Body => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: malformedJson.map((text): Body => ({ kind: 'raw', contentType: 'application/json', text })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(rawTypes.length > 0 ? fc.oneof(fc.constantFrom(...rawTypes), wrongType) : wrongType, fc.oneof(oddString, garbage.map((g) => JSON.stringify(g) ?? '')))
        .map(([contentType, text]): Body => ({ kind: 'raw', contentType, text })),
    },
  );
}

interface Stats {
  requests: number;
  byStatus: Map<number, number>;
  serverErrors: { route: string; status: number; body: unknown; sent: unknown }[];
  writesOnRefusal: { route: string; status: number; sent: unknown }[];
  backgroundMoves: number;
  consumerNotStarted: number;
}

describe('fuzzing every write route', () => {
  let services: SecurityServices;
  let store: EventStore;
  const realIds: Record<string, string[]> = {};
  const routes = openApiRoutes().filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    services = await startSecurityServices('security-fuzz-');
    store = services.store;
    // One real 低保 case of the division, so case routes reach their deciders too.
    const intake = await services.token('intake_officer', DIVISION);
    const created = await services
      .http('applications')
      .post('/cases/dibao')
      .set('Authorization', `Bearer ${intake}`)
      .send({
        divisionCode: DIVISION,
        householdCategory: 'stable',
        members: [{ relation: 'applicant', name: '示例甲', residentId: residentId('1975-06-01', '011'), birthDate: '1975-06-01' }],
      })
      .expect(201);
    realIds.caseId = [created.body.caseId];
  });

  afterAll(async () => {
    await services?.close();
  });

  it('lists write routes in every service', () => {
    expect(new Set(routes.map((r) => r.service))).toEqual(new Set(['applications', 'eligibility', 'disbursement', 'audit']));
  });

  it(`sends ${TOTAL_REQUESTS} generated requests: no 5xx, and nothing written on a refusal`, async () => {
    const stats: Stats = { requests: 0, byStatus: new Map(), serverErrors: [], writesOnRefusal: [], backgroundMoves: 0, consumerNotStarted: 0 };
    const perRoute = Math.ceil(TOTAL_REQUESTS / routes.length);
    const started = Date.now();
    let sequence = 0;
    let head = await store.headPosition();

    const routeSeconds: [string, number][] = [];
    for (const route of routes) {
      const routeStarted = Date.now();
      const pathParams = route.parameters.filter((p) => p.in === 'path');
      const queryParams = route.parameters.filter((p) => p.in === 'query');
      const pathValues = fc.record(
        Object.fromEntries(
          pathParams.map((p) => [
            p.name,
            fc.oneof(
              { weight: 4, arbitrary: realIds[p.name] ? fc.constantFrom(...realIds[p.name]) : fc.constant(String(sampleOf(p.schema, route.resolve))) },
              { weight: 1, arbitrary: oddString.filter((s) => s.length > 0 && s.length < 300) },
            ),
          ]),
        ),
      );
      const query = fc.dictionary(
        queryParams.length > 0 ? fc.constantFrom(...queryParams.map((q) => q.name)) : fc.constant('x'),
        fc.oneof(fc.constant('330402'), oddString.filter((s) => s.length < 300)),
        { maxKeys: 3 },
      );
      const request = fc.record({
        // Mostly a role the matrix allows, so the body gets past the role check into the handler.
        role: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Role>(...allowedRoles(route)) }, { weight: 1, arbitrary: fc.constantFrom<Role>(...ROLES) }),
        division: fc.constantFrom(DIVISION, '110101', '330000'),
        path: pathValues,
        query,
        ifMatch: fc.option(fc.oneof(fc.constantFrom('"0"', '"1"', '"-1"', '"99999999999999999999"', '*', 'W/"0"'), oddString.filter((s) => s.length < 100 && !/[\r\n\u0000-\u001f\u007f-\uffff]/.test(s))), { freq: 4, nil: undefined }),
        body: bodyArbitrary(route),
      });

      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const correlationId = `fuzz-${++sequence}`;
          const token = await services.token(input.role, input.division);
          const url = fillPath(route.path, input.path as Record<string, string>);
          let call = services
            .http(route.service)
            [route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](url)
            .query(input.query)
            .set('Authorization', `Bearer ${token}`)
            .set('X-Correlation-Id', correlationId);
          if (input.ifMatch !== undefined) call = call.set('If-Match', input.ifMatch);
          const body = input.body;
          const response =
            body.kind === 'json'
              ? await call.set('Content-Type', 'application/json').send(JSON.stringify(body.value) ?? 'null')
              : await (body.contentType === null ? call : call.set('Content-Type', body.contentType)).send(body.text);
          stats.requests++;
          stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
          const sent = { url, role: input.role, division: input.division, ifMatch: input.ifMatch, body: body.kind === 'json' ? body.value : body };
          // Parked-message routes answer 503 CONSUMER_NOT_STARTED by design while no bus consumer runs (none does here).
          if (response.status === 503 && response.body?.code === 'CONSUMER_NOT_STARTED') stats.consumerNotStarted++;
          else if (response.status >= 500) stats.serverErrors.push({ route: route.key, status: response.status, body: response.body, sent });
          // One head read per request: the head after the previous one is this one's "before".
          const before = head;
          const after = (head = await store.headPosition());
          if (response.status >= 400 && response.status < 500) {
            if (after !== before) {
              const page = await store.readAll({ after: before, maxCount: 1000 });
              if (page.events.some((e) => e.metadata.correlationId === correlationId)) stats.writesOnRefusal.push({ route: route.key, status: response.status, sent });
              else stats.backgroundMoves++;
            }
          }
        }),
        { numRuns: perRoute, seed: Number(process.env.FUZZ_SEED ?? 20261204), endOnFailure: true },
      );
      routeSeconds.push([`${route.service} ${route.key}`, (Date.now() - routeStarted) / 1000]);
    }

    const seconds = (Date.now() - started) / 1000;
    // A summary for the report (routes, requests, statuses, time).
    process.stdout.write(
      `fuzz: ${routes.length} write routes, ${stats.requests} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort()))}; background head moves ${stats.backgroundMoves}; 503 CONSUMER_NOT_STARTED ${stats.consumerNotStarted}; slowest routes ${JSON.stringify(routeSeconds.sort((a, b) => b[1] - a[1]).slice(0, 5))}\n`,
    );
    expect(stats.requests).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    expect(stats.serverErrors.slice(0, 10)).toEqual([]);
    expect(stats.writesOnRefusal.slice(0, 10)).toEqual([]);
  });
});
