import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { IdentityError } from '../errors';
import { createDevTokenVerifier, devSigningKeyPath, type DevSigningKeyFile } from './dev-tokens';
import { createJwksTokenVerifier, type TokenVerifier } from './token-verifier';

async function refusal(verifier: TokenVerifier, header: string | undefined): Promise<IdentityError> {
  try {
    await verifier.verify(header);
  } catch (error) {
    if (error instanceof IdentityError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('tokens', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-tokens-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('embedded mode: the local signing key', () => {
    it('is generated once into <dataDir>/identity, readable by the owner only, and reused', async () => {
      const dataDir = freshDir();
      const first = await createDevTokenVerifier({ dataDir });
      const file = devSigningKeyPath(dataDir);
      expect(file).toBe(join(dataDir, 'identity', 'dev-signing-key.json'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'identity')).mode & 0o077).toBe(0);
      const second = await createDevTokenVerifier({ dataDir });
      const token = await first.issueDevToken({ role: 'case_officer', division: '330402' });
      await expect(second.verify(`Bearer ${token}`)).resolves.toEqual({ id: 'dev-case_officer-330402', role: 'case_officer', divisionCode: '330402' });
      expect(second.jwks).toEqual(first.jwks);
      expect(JSON.stringify(first.jwks)).not.toMatch(/"d"/); // the published set has no private part
    });

    it('is the same key for processes that start at the same moment', async () => {
      const dataDir = freshDir();
      const authorities = await Promise.all(Array.from({ length: 8 }, () => createDevTokenVerifier({ dataDir })));
      const kids = new Set(authorities.map((a) => a.jwks.keys[0].kid));
      expect(kids.size).toBe(1);
      const token = await authorities[3].issueDevToken({ role: 'auditor', division: '110105' });
      await expect(authorities[6].verify(`Bearer ${token}`)).resolves.toMatchObject({ role: 'auditor' });
    });
  });

  describe('verify', () => {
    let dataDir: string;
    let authority: Awaited<ReturnType<typeof createDevTokenVerifier>>;
    beforeAll(async () => {
      dataDir = freshDir();
      authority = await createDevTokenVerifier({ dataDir });
    });

    it('returns exactly the actor the claims name', async () => {
      const token = await authority.issueDevToken({ sub: 'officer-7', role: 'approver', division: '330402', ttlSeconds: 600 });
      await expect(authority.verify(`Bearer ${token}`)).resolves.toEqual({ id: 'officer-7', role: 'approver', divisionCode: '330402' });
      await expect(authority.verify(`bearer ${token}`)).resolves.toMatchObject({ id: 'officer-7' });
    });

    it.each([[undefined], [''], ['   ']])('refuses a missing token (%j)', async (header) => {
      const error = await refusal(authority, header);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, details: { reason: 'missing' } });
      expect(error.messageZh).toMatch(/缺少/);
      expect(error.messageEn).toMatch(/missing/);
    });

    it.each([
      ['Basic dXNlcjpwdw=='],
      ['Bearer'],
      ['Bearer not-a-jwt'],
      ['Bearer a.b.c'],
      ['Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.!!'],
    ])('refuses a malformed header %j', async (header) => {
      expect(await refusal(authority, header)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'malformed' } });
    });

    it('refuses an unsigned (alg "none") token', async () => {
      const unsigned = new UnsecuredJWT({ role: 'admin', division: '330402' }).setSubject('x').setIssuer('benefits-dev').setAudience('benefits').setIssuedAt().setExpirationTime('1h').encode();
      const error = await refusal(authority, `Bearer ${unsigned}`);
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(['malformed', 'bad_signature']).toContain(error.details?.reason);
    });

    it('refuses a token signed by another key, even one claiming our key id', async () => {
      const other = await createDevTokenVerifier({ dataDir: freshDir() });
      const foreign = await other.issueDevToken({ role: 'admin', division: '330402' });
      expect(await refusal(authority, `Bearer ${foreign}`)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'bad_signature' } });

      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT({ role: 'admin', division: '330402' })
        .setProtectedHeader({ alg: 'EdDSA', kid: authority.jwks.keys[0].kid })
        .setSubject('mallory').setIssuer('benefits-dev').setAudience('benefits').setIssuedAt().setExpirationTime('1h')
        .sign(privateKey);
      const error = await refusal(authority, `Bearer ${forged}`);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, details: { reason: 'bad_signature' } });
      expect(error.messageZh).toMatch(/签名/);
    });

    it('refuses an HMAC token keyed with the public key (algorithm confusion)', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(authority.jwks.keys[0]));
      const token = await new SignJWT({ role: 'admin', division: '330402' })
        .setProtectedHeader({ alg: 'HS256', kid: authority.jwks.keys[0].kid })
        .setSubject('mallory').setIssuer('benefits-dev').setAudience('benefits').setIssuedAt().setExpirationTime('1h')
        .sign(secret);
      expect(await refusal(authority, `Bearer ${token}`)).toMatchObject({ details: { reason: 'bad_signature' } });
    });

    it('refuses an expired token, beyond the clock tolerance', async () => {
      const yesterday = await createDevTokenVerifier({ dataDir, now: () => new Date(Date.now() - 24 * 3600_000) });
      const token = await yesterday.issueDevToken({ role: 'auditor', division: '330402', ttlSeconds: 3600 });
      const error = await refusal(authority, `Bearer ${token}`);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'expired' } });
      expect(error.messageZh).toMatch(/过期/);
      expect(error.messageEn).toMatch(/expired/);
      // the same token was fine while it was valid
      await expect(yesterday.verify(`Bearer ${token}`)).resolves.toMatchObject({ role: 'auditor' });
    });

    it('refuses a token for another issuer or audience signed with the same key', async () => {
      const otherIssuer = await createDevTokenVerifier({ dataDir, issuer: 'someone-else' });
      const otherAudience = await createDevTokenVerifier({ dataDir, audience: 'another-system' });
      const byOther = await otherIssuer.issueDevToken({ role: 'auditor', division: '330402' });
      const forOther = await otherAudience.issueDevToken({ role: 'auditor', division: '330402' });
      expect(await refusal(authority, `Bearer ${byOther}`)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'wrong_issuer' } });
      expect(await refusal(authority, `Bearer ${forOther}`)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'wrong_audience' } });
    });

    it.each([
      [{ role: 'superuser', division: '330402', sub: 'x' }, 'role'],
      [{ role: 'auditor', division: '33040', sub: 'x' }, 'division'],
      [{ role: 'auditor', division: '990000', sub: 'x' }, 'division'],
      [{ role: 'auditor', division: '330402', sub: '' }, 'sub'],
      [{ role: 'auditor', division: '330402' }, 'sub'],
    ])('refuses correctly signed claims %j (bad %s)', async (claims, claim) => {
      const key = JSON.parse(readFileSync(devSigningKeyPath(dataDir), 'utf8')) as DevSigningKeyFile;
      const { sub, ...rest } = claims as { sub?: string };
      let jwt = new SignJWT(rest).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setIssuer('benefits-dev').setAudience('benefits').setIssuedAt().setExpirationTime('1h');
      if (sub !== undefined) jwt = jwt.setSubject(sub);
      const token = await jwt.sign(await importJWK(key.privateJwk, 'EdDSA'));
      expect(await refusal(authority, `Bearer ${token}`)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'invalid_claims', claim } });
    });

    it('refuses a token without an expiry', async () => {
      const key = JSON.parse(readFileSync(devSigningKeyPath(dataDir), 'utf8')) as DevSigningKeyFile;
      const token = await new SignJWT({ role: 'admin', division: '330402' })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setSubject('forever').setIssuer('benefits-dev').setAudience('benefits').setIssuedAt()
        .sign(await importJWK(key.privateJwk, 'EdDSA'));
      expect(await refusal(authority, `Bearer ${token}`)).toMatchObject({ details: { reason: 'invalid_claims', claim: 'exp' } });
    });
  });

  describe('issueDevToken', () => {
    it.each([
      [{ role: 'root', division: '330402' }, 'role'],
      [{ role: 'auditor', division: '3304' }, 'division'],
      [{ role: 'auditor', division: '330402', ttlSeconds: 0 }, 'ttlSeconds'],
      [{ role: 'auditor', division: '330402', ttlSeconds: 1.5 }, 'ttlSeconds'],
      [{ role: 'auditor', division: '330402', sub: '' }, 'sub'],
    ])('refuses %j', async (input, field) => {
      const authority = await createDevTokenVerifier({ dataDir: freshDir() });
      await expect(authority.issueDevToken(input)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', status: 400, details: { field } });
    });
  });

  describe('production mode: the identity provider JWKS', () => {
    let server: Server;
    let baseUrl: string;
    let provider: Awaited<ReturnType<typeof createDevTokenVerifier>>;
    let jwksRequests = 0;

    beforeAll(async () => {
      // The provider is simulated by a signing key whose public set an HTTP server publishes.
      provider = await createDevTokenVerifier({ dataDir: freshDir(), issuer: 'https://idp.test/', audience: 'benefits' });
      server = createServer((req, res) => {
        if (req.url === '/jwks.json') {
          jwksRequests++;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(provider.jwks));
        } else {
          res.writeHead(500).end('down');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies tokens against the published key set, fetching it once', async () => {
      const verifier = createJwksTokenVerifier({ jwksUrl: `${baseUrl}/jwks.json`, issuer: 'https://idp.test/', audience: 'benefits' });
      const token = await provider.issueDevToken({ sub: 'u-1', role: 'finance_clerk', division: '330400' });
      await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ id: 'u-1', role: 'finance_clerk', divisionCode: '330400' });
      await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ id: 'u-1' });
      expect(jwksRequests).toBe(1);
    });

    it('refuses tokens of the embedded dev key', async () => {
      const verifier = createJwksTokenVerifier({ jwksUrl: `${baseUrl}/jwks.json`, issuer: 'https://idp.test/', audience: 'benefits' });
      const dev = await createDevTokenVerifier({ dataDir: freshDir(), issuer: 'https://idp.test/' });
      const token = await dev.issueDevToken({ role: 'admin', division: '330400' });
      expect(await refusal(verifier, `Bearer ${token}`)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'bad_signature' } });
    });

    it('reports an unreachable or failing provider as 503, not as the caller’s fault', async () => {
      const token = await provider.issueDevToken({ role: 'auditor', division: '330400' });
      const failing = createJwksTokenVerifier({ jwksUrl: `${baseUrl}/broken`, issuer: 'https://idp.test/', audience: 'benefits' });
      expect(await refusal(failing, `Bearer ${token}`)).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 });
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const unreachable = createJwksTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'https://idp.test/', audience: 'benefits', timeoutMs: 1000 });
      expect(await refusal(unreachable, `Bearer ${token}`)).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 });
    });
  });
});
