import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, serviceOpenApi, type ServiceDefinition } from '@benefits/http';
import { createDevTokenVerifier, loadOrCreateDevSigningKey, type DevTokenAuthority } from '@benefits/identity';
import { applicationsService } from '../../services/applications/src/service';
import { auditService } from '../../services/audit/src/service';
import { disbursementService } from '../../services/disbursement/src/service';
import { eligibilityService } from '../../services/eligibility/src/service';

const services: ServiceDefinition[] = [applicationsService, eligibilityService, disbursementService, auditService];

/** Every documented operation except health and those documented as public (`security: []`, e.g. /metrics). */
function protectedOperations(definition: ServiceDefinition): { method: string; path: string }[] {
  const document = serviceOpenApi(definition);
  return Object.entries(document.paths ?? {})
    .filter(([path]) => !path.startsWith('/health/'))
    .flatMap(([path, item]) =>
      Object.keys(item as object)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .filter((method) => !Array.isArray((item as Record<string, { security?: unknown[] }>)[method].security) || (item as Record<string, { security: unknown[] }>)[method].security.length > 0)
        .map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, 'sample-1') })),
    );
}

describe('the four services', () => {
  let dataDir: string;
  let store: EventStore;
  let authority: DevTokenAuthority;
  const apps = new Map<string, INestApplication>();
  const tokens: Record<'none' | 'forged' | 'expired' | 'valid', string | null> = {
    none: null,
    forged: null,
    expired: null,
    valid: null,
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-services-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    authority = await createDevTokenVerifier({ dataDir });
    for (const definition of services) {
      apps.set(definition.name, await createServiceApp(definition, { store, verifier: authority }, { logger: false }));
    }
    tokens.valid = await authority.issueDevToken({ sub: 'officer-7', role: 'auditor', division: '330402' });
    const claims = { role: 'auditor', division: '330402' };
    const key = await loadOrCreateDevSigningKey(dataDir);
    const now = Math.floor(Date.now() / 1000);
    tokens.expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setSubject('officer-7')
      .setIssuer('benefits-dev')
      .setAudience('benefits')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(await importJWK(key.privateJwk, key.alg));
    const impostor = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    tokens.forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setSubject('officer-7')
      .setIssuer('benefits-dev')
      .setAudience('benefits')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(impostor.privateKey);
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe.each(services.map((s) => [s.name, s] as const))('%s', (name, definition) => {
    const server = () => apps.get(name)!.getHttpServer();

    it('answers /health/live, /health/ready and /metrics without a token', async () => {
      await request(server()).get('/health/live').expect(200);
      expect((await request(server()).get('/metrics').expect(200)).text).toContain(`service="${name}"`);
      const ready = await request(server()).get('/health/ready').expect(200);
      expect(ready.body.info.eventStore.status).toBe('up');
    });

    it('publishes its OpenAPI document at /docs', async () => {
      const res = await request(server()).get('/docs/openapi.json').expect(200);
      expect(res.body.openapi).toBe('3.1.0');
      expect(res.body.info.title).toContain(name);
      await request(server()).get('/docs').redirects(1).expect(200);
    });

    const operations = protectedOperations(definition);
    it.each(['none', 'forged', 'expired'] as const)('refuses every non-health endpoint with a %s token (401)', async (kind) => {
      expect(operations.length).toBeGreaterThan(0);
      for (const { method, path } of operations) {
        let call = (request(server()) as unknown as Record<string, (p: string) => request.Test>)[method](path);
        if (tokens[kind]) call = call.set('Authorization', `Bearer ${tokens[kind]}`);
        const res = await call.send({});
        expect({ method, path, status: res.status, code: res.body.code }).toEqual({
          method,
          path,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
        expect(res.body.message.zh).toEqual(expect.any(String));
        expect(res.body.message.en).toEqual(expect.any(String));
      }
    });

    it('takes the actor from the verified token only', async () => {
      const res = await request(server())
        .get('/whoami')
        .set('Authorization', `Bearer ${tokens.valid}`)
        .send({ actor: { id: 'someone-else', role: 'admin', divisionCode: '110000' } })
        .expect(200);
      expect(res.body.actor).toEqual({ id: 'officer-7', role: 'auditor', divisionCode: '330402' });
    });

    it('answers a body that is not JSON with 400 MALFORMED_JSON', async () => {
      const res = await request(server())
        .post('/whoami')
        .set('Authorization', `Bearer ${tokens.valid}`)
        .set('Content-Type', 'application/json')
        .send('{"household": ')
        .expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
      expect(res.body.message.zh).toEqual(expect.any(String));
    });

    it('answers an unknown route with 404 and a stable code', async () => {
      const res = await request(server()).get('/no-such-route').set('Authorization', `Bearer ${tokens.valid}`).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('audit: hash-chain verification', () => {
    const server = () => apps.get('audit')!.getHttpServer();
    // A stream that belongs to no case (as these test streams) is verified one by one by admin only (ADR 0012 §1).
    let adminToken = '';
    beforeAll(async () => {
      adminToken = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330402' });
    });
    const auth = () => ({ Authorization: `Bearer ${adminToken}` });

    it('reports an intact chain for a stream in the store', async () => {
      await store.appendToStream(
        'case-chain-1',
        [
          { type: 'tefu.ApplicationSubmitted.v1', data: { effectiveFrom: '2024-07-22' }, metadata: { correlationId: 'c-1' } },
          { type: 'tefu.ApplicationAccepted.v1', data: { effectiveFrom: '2024-07-23' }, metadata: { correlationId: 'c-1' } },
        ],
        { expectedRevision: 'no_stream' },
      );
      const res = await request(server()).get('/audit/streams/case-chain-1/verify').set(auth()).expect(200);
      expect(res.body).toMatchObject({ streamId: 'case-chain-1', intact: true, length: 2 });
      expect(res.body.head).toMatch(/^[0-9a-f]{64}$/);
    });

    it('answers 404 for a stream that does not exist and 400 for an invalid stream id', async () => {
      expect((await request(server()).get('/audit/streams/case-none/verify').set(auth())).body.code).toBe('NOT_FOUND');
      const bad = await request(server()).get('/audit/streams/%20bad%20id/verify').set(auth()).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });
});
