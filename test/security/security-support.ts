import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, serviceOpenApi, sharedSqlReadStore, type ServiceDefinition, type ServiceName } from '@benefits/http';
import { createDevTokenVerifier, type DevTokenAuthority, type Role } from '@benefits/identity';
import { createApplicationsService } from '../../services/applications/src/service';
import { vaultFromEnvironment } from '../../services/applications/src/personal-data/vault-connection';
import { eligibilityService } from '../../services/eligibility/src/service';
import { createDisbursementService } from '../../services/disbursement/src/service';
import { auditService } from '../../services/audit/src/service';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

/**
 * Set-up the security suites share: the four services in one process on one PGlite event store
 * (no bus consumers, so nothing appends in the background but the services' own jobs), their
 * routes as their OpenAPI documents state them, and JSON-schema helpers that turn a route's
 * request schema into a plausible body or a fast-check arbitrary of odd ones.
 */

export const SERVICE_NAMES: readonly ServiceName[] = ['applications', 'eligibility', 'disbursement', 'audit'];

export interface SecurityServices {
  store: EventStore;
  apps: Record<ServiceName, INestApplication>;
  authority: DevTokenAuthority;
  http(service: ServiceName): ReturnType<typeof request>;
  urls: Record<ServiceName, string>;
  /** A bearer token for a role in a division (cached). */
  token(role: Role, division: string): Promise<string>;
  close(): Promise<void>;
}

export function serviceDefinitions(dataDir = tmpdir()): Record<ServiceName, ServiceDefinition> {
  return {
    applications: createApplicationsService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }) }),
    eligibility: eligibilityService,
    disbursement: createDisbursementService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }) }),
    audit: auditService,
  };
}

export async function startSecurityServices(prefix: string): Promise<SecurityServices> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
  const db: SqlDatabase = await openPgliteDatabase();
  const authority = await createDevTokenVerifier({ dataDir });
  const runtime = { store, verifier: authority, readStore: sharedSqlReadStore(db, 'pglite') };
  const definitions = serviceDefinitions(dataDir);
  const apps = {} as Record<ServiceName, INestApplication>;
  const urls = {} as Record<ServiceName, string>;
  for (const name of SERVICE_NAMES) {
    apps[name] = await createServiceApp(definitions[name], runtime, { logger: false });
    // Listening once: supertest would otherwise bind a new ephemeral server for every request.
    await apps[name].listen(0, '127.0.0.1');
    const address = apps[name].getHttpServer().address() as { port: number };
    urls[name] = `http://127.0.0.1:${address.port}`;
  }
  const tokens = new Map<string, string>();
  return {
    store,
    apps,
    urls,
    authority,
    http: (service) => request(urls[service]),
    async token(role, division) {
      const key = `${role}@${division}`;
      if (!tokens.has(key)) tokens.set(key, await authority.issueDevToken({ sub: `sec-${role}-${division}`, role, division }));
      return tokens.get(key)!;
    },
    async close() {
      for (const app of Object.values(apps).reverse()) await app.close().catch(() => undefined);
      await store.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// routes from OpenAPI

export type JsonSchema = Record<string, any>;

export interface OpenApiRoute {
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. `/cases/{caseId}/approve`. */
  path: string;
  /** `METHOD /path` — the key the permission matrix uses. */
  key: string;
  parameters: { in: string; name: string; required: boolean; schema: JsonSchema }[];
  /** Media type → schema of the request body. */
  body: Record<string, JsonSchema>;
  resolve(schema: JsonSchema | undefined): JsonSchema;
}

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Every operation of the four services' OpenAPI documents (what /docs/openapi.json serves). */
export function openApiRoutes(): OpenApiRoute[] {
  const definitions = serviceDefinitions();
  const routes: OpenApiRoute[] = [];
  for (const service of SERVICE_NAMES) {
    const doc = serviceOpenApi(definitions[service]) as unknown as { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } };
    const schemas = doc.components?.schemas ?? {};
    const resolve = (schema: JsonSchema | undefined): JsonSchema => {
      let s = schema ?? {};
      for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) s = schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
      return s;
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const body: Record<string, JsonSchema> = {};
        for (const [type, content] of Object.entries<any>(operation.requestBody?.content ?? {})) body[type] = content.schema ?? {};
        routes.push({
          service,
          method: method.toUpperCase() as OpenApiRoute['method'],
          path,
          key: routeKey(method, path),
          parameters: (operation.parameters ?? []).map((p: any) => ({ in: p.in, name: p.name, required: !!p.required, schema: p.schema ?? {} })),
          body,
          resolve,
        });
      }
    }
  }
  return routes;
}

/** The path with its parameters filled in (URI-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(values[name] ?? `sample-${name}`));
}

/** encodeURIComponent, except that a lone surrogate goes out as the three bytes a careless client would send (WTF-8). */
function percentEncode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const paired = unit >= 0xd800 && unit <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (paired) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(value[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON schema → a plausible value

const KNOWN_PATTERNS: [RegExp, string][] = [
  [/^\^\\d\{6\}\$$/, '330402'],
  [/\[1-8\]\[0-9a-f\]\{3\}/, '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b'],
];

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'date') return '2026-03-04';
  if (schema.format === 'date-time') return '2026-03-04T02:00:00.000Z';
  if (schema.format === 'uuid') return '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
  if (typeof schema.pattern === 'string') {
    for (const [re, value] of KNOWN_PATTERNS) if (re.test(schema.pattern)) return value;
    const [value] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 7 });
    return value;
  }
  const min = schema.minLength ?? 1;
  return 'sample-text-'.padEnd(Math.max(min, 12), 'x').slice(0, schema.maxLength ?? 1000);
}

/** A value of `schema` built from its examples, enums and required fields: valid-shaped, not meaningful. */
export function sampleOf(schema: JsonSchema | undefined, resolve: (s: JsonSchema | undefined) => JsonSchema, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 12) return null;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined && s.type !== 'object') return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const alternatives = s.oneOf ?? s.anyOf;
  if (Array.isArray(alternatives)) return sampleOf(alternatives[0], resolve, depth + 1);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((part: JsonSchema) => sampleOf(part, resolve, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = sampleOf(s.properties?.[name], resolve, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 1 }, () => sampleOf(s.items, resolve, depth + 1));
    case 'string':
      return sampleString(s);
    case 'integer':
      return Math.max(s.minimum ?? 1, s.exclusiveMinimum !== undefined ? Number(s.exclusiveMinimum) + 1 : 1);
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// JSON schema → fast-check arbitraries of odd bodies

/** Strings a validator or a database may choke on. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\ufeff',
    '\u202e330402',
    '𠀀𠀁',
    '../../etc/passwd',
    "'; DROP TABLE events; --",
    '%00',
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
    '1e309',
    '-0',
    'NaN',
    '2026-02-30',
    '2026-13-01',
    '9999-12-31',
    '0000-00-00',
    '330402\n',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 1500 }).map((s) => s.repeat(3)),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 1e21, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 63),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Nested arrays/objects 100 to 2000 levels deep (JSON.parse copes; validators must too). */
export const deepNesting: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 100, max: 2000 }), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
});

const garbageLeaf: fc.Arbitrary<unknown> = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/** Anything JSON can carry. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown) },
  { weight: 2, arbitrary: garbageLeaf },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: fc.dictionary(oddString, garbageLeaf, { maxKeys: 6 }) },
);

/** Values of `schema`: mostly right-typed (with odd contents), sometimes the wrong type. */
export function arbitraryOf(schema: JsonSchema | undefined, resolve: (s: JsonSchema | undefined) => JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const plausible = fc.constant(sampleOf(s, resolve));
  if (depth > 5) return plausible;
  const alternatives: JsonSchema[] | undefined = s.oneOf ?? s.anyOf;
  let typed: fc.Arbitrary<unknown>;
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  if (Array.isArray(s.enum)) typed = fc.oneof(fc.constantFrom(...(s.enum as unknown[])), oddString);
  else if (Array.isArray(alternatives) && alternatives.length > 0) typed = fc.oneof(...alternatives.map((a) => arbitraryOf(a, resolve, depth + 1)));
  else if (type === 'object' || (type === undefined && s.properties)) {
    const props: Record<string, JsonSchema> = s.properties ?? {};
    const required = new Set<string>(s.required ?? []);
    const fields = Object.fromEntries(Object.entries(props).map(([name, p]) => [name, arbitraryOf(p, resolve, depth + 1)]));
    typed = fc
      .tuple(
        fc.record(fields, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) }),
        fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray([...required]) }),
        fc.option(fc.dictionary(oddString, garbageLeaf, { maxKeys: 2 }), { freq: 5 }),
      )
      .map(([record, dropped, extra]) => {
        const out: Record<string, unknown> = { ...(extra ?? {}), ...record };
        for (const name of dropped) delete out[name];
        return out;
      });
  } else if (type === 'array') {
    const items = fc.array(arbitraryOf(s.items, resolve, depth + 1), { maxLength: Math.min(s.maxItems ?? 5, 5) });
    // One item more than the schema allows (where it sets a limit).
    const tooMany = typeof s.maxItems === 'number' && s.maxItems <= 1000 ? fc.constant(Array.from({ length: s.maxItems + 1 }, () => sampleOf(s.items, resolve))) : null;
    typed = tooMany ? fc.oneof({ weight: 4, arbitrary: items }, { weight: 1, arbitrary: tooMany }) : items;
  } else if (type === 'string') typed = fc.oneof({ weight: 2, arbitrary: oddString }, { weight: 1, arbitrary: plausible });
  else if (type === 'integer' || type === 'number') typed = fc.oneof({ weight: 3, arbitrary: oddNumber }, { weight: 1, arbitrary: plausible });
  else if (type === 'boolean') typed = fc.boolean();
  else typed = garbageLeaf;
  return fc.oneof({ weight: 6, arbitrary: typed }, { weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: garbageLeaf });
}
