import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Catch, Controller, Get, Module, Post, type ArgumentsHost, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import request from 'supertest';
import { generateKeyPair, SignJWT } from 'jose';
import type { Actor } from '../actor';
import { IdentityError } from '../errors';
import { createDevTokenVerifier, type DevTokenAuthority } from '../tokens/dev-tokens';
import { AuthGuard } from './auth.guard';
import { CurrentActor } from './current-actor.decorator';
import { IdentityModule } from './identity.module';
import { Public } from './public.decorator';

/** Stands in for the product's exception filter: identity errors → their status and error body. */
@Catch(IdentityError)
class IdentityErrorFilter implements ExceptionFilter {
  catch(error: IdentityError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse()
      .status(error.status)
      .json({ code: error.code, message: { zh: error.messageZh, en: error.messageEn }, details: error.details });
  }
}

@Controller('cases')
class CasesController {
  @Get('mine')
  mine(@CurrentActor() actor: Actor) {
    return { actor };
  }

  @Post()
  open(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>) {
    return { actor, received: body };
  }

  @Public()
  @Get('public-count')
  count() {
    return { count: 0 };
  }
}

@Public()
@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

async function appWith(wiring: 'module' | 'useGlobalGuards', verifier: DevTokenAuthority): Promise<INestApplication> {
  @Module({
    imports: wiring === 'module' ? [IdentityModule.forRoot({ verifier })] : [],
    controllers: [CasesController, HealthController],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false });
  app.useGlobalFilters(new IdentityErrorFilter());
  if (wiring === 'useGlobalGuards') app.useGlobalGuards(new AuthGuard(verifier, app.get(Reflector)));
  await app.init();
  return app;
}

describe.each(['module', 'useGlobalGuards'] as const)('AuthGuard wired with %s', (wiring) => {
  let dataDir: string;
  let authority: DevTokenAuthority;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'identity-nest-'));
    authority = await createDevTokenVerifier({ dataDir });
    app = await appWith(wiring, authority);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a valid token through and the actor is exactly its claims', async () => {
    const token = await authority.issueDevToken({ sub: 'officer-12', role: 'case_officer', division: '330402' });
    const response = await http().get('/cases/mine').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ actor: { id: 'officer-12', role: 'case_officer', divisionCode: '330402' } });
  });

  it('ignores actor and role fields in the body', async () => {
    const token = await authority.issueDevToken({ sub: 'officer-12', role: 'intake_officer', division: '330402' });
    const response = await http()
      .post('/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ actor: { id: 'boss', role: 'admin', divisionCode: '110000' }, role: 'approver', divisionCode: '110000' })
      .expect(201);
    expect(response.body.actor).toEqual({ id: 'officer-12', role: 'intake_officer', divisionCode: '330402' });
  });

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const response = await http().get('/cases/mine').expect(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'missing' } });
    expect(response.body.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(response.body.message.en).toMatch(/missing/);
  });

  it('answers 401 for a malformed header', async () => {
    await http().get('/cases/mine').set('Authorization', 'Token abc').expect(401, /malformed/);
    await http().get('/cases/mine').set('Authorization', 'Bearer abc.def').expect(401, /malformed/);
  });

  it('answers 401 for a forged signature', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ role: 'admin', division: '330402' })
      .setProtectedHeader({ alg: 'EdDSA', kid: authority.jwks.keys[0].kid })
      .setSubject('mallory').setIssuer('benefits-dev').setAudience('benefits').setIssuedAt().setExpirationTime('1h')
      .sign(privateKey);
    const response = await http().post('/cases').set('Authorization', `Bearer ${forged}`).send({}).expect(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'bad_signature' } });
  });

  it('answers 401 for an expired token', async () => {
    const past = await createDevTokenVerifier({ dataDir, now: () => new Date(Date.now() - 2 * 3600_000) });
    const token = await past.issueDevToken({ role: 'auditor', division: '330402', ttlSeconds: 60 });
    const response = await http().get('/cases/mine').set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'expired' } });
  });

  it('answers 401 for a token issued for another audience', async () => {
    const elsewhere = await createDevTokenVerifier({ dataDir, audience: 'another-system' });
    const token = await elsewhere.issueDevToken({ role: 'auditor', division: '330402' });
    const response = await http().get('/cases/mine').set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'wrong_audience' } });
  });

  it('serves @Public() controllers and routes without a token', async () => {
    await http().get('/health/live').expect(200, { status: 'ok' });
    await http().get('/cases/public-count').expect(200, { count: 0 });
    // a bad token on a public route does not matter either
    await http().get('/health/live').set('Authorization', 'Bearer nonsense').expect(200);
  });
});
