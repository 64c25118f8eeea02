import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, residentIdCheckChar, type Role } from '@benefits/identity';
import { PERMISSION_MATRIX, renderPermissionMatrix, type RoutePermission } from '../../libs/identity/src/permissions/matrix';
import { fillPath, openApiRoutes, sampleOf, startSecurityServices, type OpenApiRoute, type SecurityServices } from './security-support';

/**
 * The permission matrix (libs/identity/src/permissions/matrix.ts) against the running services:
 * every route of the four OpenAPI documents × every role × a token of the resource's own division,
 * of the prefecture above it and of another province. A route missing from the matrix fails, and so does a matrix entry
 * without a route. Requests go against real resources of the own division made in the set-up (a
 * 低保, a 临时救助 and a 特扶 case, and a member's personRef) where a route has one, so the division
 * check is really reached; where it cannot be reached without more data the entry says why.
 *
 * Allowed → anything but 401/403 (a sample body may well be refused with 400/404/409).
 * Refused → 403 with one of the entry's stable codes.
 */

jest.setTimeout(600_000);

const OWN = '330402';
const OTHER = '110101';
const PROVINCE = '330000';
/** own: the resource's county; above: its prefecture (covers it); other: a county of another province. */
const DIVISION_OF = { own: OWN, above: '330400', other: OTHER } as const;
const ts = (date: Date) => date.toISOString().slice(0, 10);
const TODAY = ts(new Date());
const DAYS_AGO = (n: number) => ts(new Date(Date.now() - n * 86_400_000));

const residentId = (birth: string, sequence: string) => {
  const first17 = `${OWN}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
};

/**
 * The sample body about the own division: every `divisionCode`/`division` field is OWN, and every
 * 身份证号 a valid one of it, so the request reaches the role and division checks.
 */
let nextSequence = 100;
function ownDivision(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ownDivision);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if ((key === 'divisionCode' || key === 'division') && typeof v === 'string') return [key, OWN];
      if (key === 'residentId' && typeof v === 'string') return [key, residentId('1980-01-01', String(nextSequence++).padStart(3, '0'))];
      if (key === 'birthDate' && 'residentId' in value) return [key, '1980-01-01'];
      return [key, ownDivision(v)];
    }),
  );
}

interface Cell {
  key: string;
  role: Role | 'none';
  side: 'own' | 'above' | 'other';
  status: number;
  code: string | undefined;
}

const routes = openApiRoutes();

describe('the permission matrix', () => {
  let services: SecurityServices;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    services = await startSecurityServices('security-matrix-');
    const as = async (role: Role) => `Bearer ${await services.token(role, OWN)}`;
    const app = services.http.bind(services);
    const dibao = await app('applications')
      .post('/cases/dibao')
      .set('Authorization', await as('intake_officer'))
      .send({ divisionCode: OWN, householdCategory: 'stable', members: [{ relation: 'applicant', name: '示例甲', residentId: residentId('1975-06-01', '011'), birthDate: '1975-06-01' }] });
    expect(dibao.status).toBe(201);
    ids.dibao = dibao.body.caseId;
    const linshi = await app('applications')
      .post('/cases/linshi')
      .set('Authorization', await as('intake_officer'))
      .send({
        divisionCode: OWN,
        type: 'jinan',
        members: [{ relation: 'applicant', name: '示例乙', residentId: residentId('1970-01-01', '051'), birthDate: '1970-01-01' }],
        cause: 'fire',
        causeDescription: '住房失火',
        occurredOn: DAYS_AGO(2),
      });
    expect(linshi.status).toBe(201);
    ids.linshi = linshi.body.caseId;
    const tefu = await app('applications')
      .post('/cases/tefu')
      .set('Authorization', await as('intake_officer'))
      .send({
        divisionCode: OWN,
        members: [
          { role: 'wife', name: '示例丙', residentId: residentId('1970-03-15', '022'), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例丁', residentId: residentId('1968-11-02', '033'), birthDate: '1968-11-02' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-0510'] },
      });
    expect(tefu.status).toBe(201);
    ids.tefu = tefu.body.caseId;
    const view = await app('applications').get(`/cases/dibao/${ids.dibao}`).set('Authorization', await as('case_officer'));
    ids.personRef = view.body.members[0].personRef;
    ids.streamId = `case-${ids.dibao}`;
  });

  afterAll(async () => {
    await services?.close();
  });

  /** The real resource a path parameter names, where the set-up made one. */
  function pathValues(route: OpenApiRoute): Record<string, string> {
    const values: Record<string, string> = {};
    const benefit = route.path.startsWith('/cases/dibao') ? 'dibao' : route.path.startsWith('/cases/linshi') ? 'linshi' : route.path.startsWith('/cases/') ? 'tefu' : 'dibao';
    for (const p of route.parameters.filter((q) => q.in === 'path')) {
      if (p.name === 'caseId') values.caseId = ids[benefit];
      else if (ids[p.name]) values[p.name] = ids[p.name];
      else values[p.name] = String(sampleOf(p.schema, route.resolve));
    }
    return values;
  }

  function queryValues(route: OpenApiRoute): Record<string, string> {
    const query: Record<string, string> = {};
    for (const p of route.parameters.filter((q) => q.in === 'query')) {
      if (/^division(Code)?$/.test(p.name)) query[p.name] = OWN;
      else if (p.name === 'benefit') query[p.name] = 'dibao';
      else if (p.name === 'date') query[p.name] = TODAY;
      else if (p.name === 'from' && route.path.endsWith('/diff')) query[p.name] = ids.versionId;
      else if (p.name === 'to' && route.path.endsWith('/diff')) query[p.name] = ids.versionId;
      else if (p.required) query[p.name] = String(sampleOf(p.schema, route.resolve));
    }
    return query;
  }

  async function send(route: OpenApiRoute, authorization: string | null): Promise<{ status: number; code: string | undefined }> {
    const path = pathValues(route);
    let call = services.http(route.service)[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](fillPath(route.path, path)).query(queryValues(route));
    if (authorization) call = call.set('Authorization', authorization);
    if (route.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) {
      const caseStream = path.caseId ? `case-${path.caseId}` : null;
      const revision = caseStream ? await services.store.streamRevision(caseStream) : 0;
      call = call.set('If-Match', `"${typeof revision === 'number' ? revision : 0}"`);
    }
    let response;
    if (route.body['application/json']) response = await call.send(ownDivision(sampleOf(route.body['application/json'], route.resolve)) as object);
    else if (route.body['text/plain']) response = await call.set('Content-Type', 'text/plain').send('SAMPLE');
    else if (route.body['application/octet-stream']) response = await call.set('Content-Type', 'application/octet-stream').send(Buffer.from('SAMPLE'));
    else response = await call;
    return { status: response.status, code: (response.body as { code?: string } | undefined)?.code };
  }

  it('declares every route of the four OpenAPI documents, and no route that is not there', () => {
    const declared = new Set(Object.entries(PERMISSION_MATRIX).flatMap(([service, entries]) => Object.keys(entries).map((k) => `${service} ${k}`)));
    const served = new Set(routes.map((r) => `${r.service} ${r.key}`));
    expect([...served].filter((k) => !declared.has(k))).toEqual([]);
    expect([...declared].filter((k) => !served.has(k))).toEqual([]);
  });

  it('answers every route × role × own/other division as the matrix declares', async () => {
    const started = Date.now();
    const cells: Cell[] = [];
    const mismatches: unknown[] = [];
    const unreached: string[] = [];
    for (const route of routes) {
      const entry: RoutePermission | undefined = (PERMISSION_MATRIX as Record<string, Record<string, RoutePermission>>)[route.service]?.[route.key];
      if (!entry) continue; // reported by the test above
      if (entry.roles === 'public') {
        const res = await send(route, null);
        cells.push({ key: `${route.service} ${route.key}`, role: 'none', side: 'own', ...res });
        if (res.status === 401 || res.status === 403) mismatches.push({ route: route.key, role: 'none', expected: 'public', ...res });
        continue;
      }
      if (entry.scope === 'province' && entry.roles !== 'authenticated') {
        // The other two sides are county and another province's county: a province-level actor of an allowed role may.
        for (const role of entry.roles) {
          const res = await send(route, `Bearer ${await services.token(role, PROVINCE)}`);
          cells.push({ key: `${route.service} ${route.key}`, role, side: 'own', ...res });
          if (res.status === 401 || res.status === 403) mismatches.push({ route: route.key, role, side: PROVINCE, expected: 'allowed', ...res });
        }
      }
      // Without a token: 401 on every route that is not public.
      const anonymous = await send(route, null);
      if (anonymous.status !== 401 || anonymous.code !== 'UNAUTHENTICATED') mismatches.push({ route: route.key, role: 'none', expected: 401, ...anonymous });
      for (const role of ROLES) {
        const allowed = entry.roles === 'authenticated' || entry.roles.includes(role);
        for (const side of ['own', 'above', 'other'] as const) {
          const res = await send(route, `Bearer ${await services.token(role, DIVISION_OF[side])}`);
          cells.push({ key: `${route.service} ${route.key}`, role, side, ...res });
          const refused = res.status === 403;
          let expected: 'allowed' | 'role' | 'division';
          if (!allowed) expected = 'role';
          else if (entry.scope === 'province' || (side === 'other' && entry.scope === 'own-or-descendant')) expected = 'division';
          else expected = 'allowed';
          const codes = expected === 'role' ? entry.roleRefusals ?? ['FORBIDDEN'] : entry.divisionRefusals ?? [];
          const reason = expected === 'role' ? entry.unreached?.role : expected === 'division' ? entry.unreached?.division : undefined;
          if (expected === 'allowed') {
            if (res.status === 401 || refused) mismatches.push({ route: route.key, role, side, expected, ...res });
          } else if (reason !== undefined) {
            // Declared unreachable with this set-up: the request must still not succeed.
            if (res.status < 400) mismatches.push({ route: route.key, role, side, expected: `${expected} (unreached: ${reason})`, ...res });
            else if (!refused) unreached.push(`${route.key} ${role} ${side}`);
          } else if (!refused || !codes.includes(res.code ?? '')) {
            mismatches.push({ route: route.key, role, side, expected: `403 ${codes.join('|')}`, ...res });
          }
        }
      }
    }
    if (process.env.PERMISSION_MATRIX_OBSERVE) writeFileSync(process.env.PERMISSION_MATRIX_OBSERVE, JSON.stringify(cells, null, 1));
    process.stdout.write(
      `permission matrix: ${routes.length} routes, ${cells.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s; ${unreached.length} refused cells not reachable with this set-up (declared)\n`,
    );
    expect(mismatches).toEqual([]);
  });

  it('keeps docs/operations/permission-matrix.md as the matrix renders it', () => {
    const file = join(__dirname, '..', '..', 'docs', 'operations', 'permission-matrix.md');
    const rendered = renderPermissionMatrix();
    if (process.env.UPDATE_PERMISSION_MATRIX_DOC) writeFileSync(file, rendered);
    expect(require('node:fs').readFileSync(file, 'utf8')).toBe(rendered);
  });
});
