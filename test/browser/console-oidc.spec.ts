import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, sharedSqlReadStore } from '@benefits/http';
import { createJwksTokenVerifier } from '@benefits/identity';
import { createApplicationsService } from '../../services/applications/src/service';
import { vaultFromEnvironment } from '../../services/applications/src/personal-data/vault-connection';
import { buildConsole } from '../../services/console/server/build';
import { startConsoleServer, type RunningConsole } from '../../services/console/server/console-server';
import { CHROMIUM, describeBrowser } from './support/console-stack';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

jest.setTimeout(180_000);

/**
 * The production sign-in in a real browser: the console server in OIDC mode (no development
 * sign-in), a small OpenID provider written here (discovery, /authorize that auto-approves one test
 * officer and redirects back with a code, /token that checks PKCE S256 and signs an access token
 * with the claims the services expect, JWKS), and the applications service verifying that token
 * against the provider's JWKS exactly as in production (createJwksTokenVerifier, as
 * openTokenVerifier builds it when BENEFITS_JWKS_URL is set). The other three services are not
 * started: nothing here needs them (their pass-through answers 502).
 */

const CLIENT_ID = 'benefits-console';
const AUDIENCE = 'benefits';
const OFFICER = { sub: 'oidc-approver-zhao', role: 'approver', division: '330402' } as const;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
}

interface TestProvider {
  issuer: string;
  /** Registered redirect URIs (the console's callback). */
  redirectUris: Set<string>;
  /** Every /token request and what the provider decided. */
  tokenRequests: { pkce: 'ok' | 'mismatch' | 'missing'; status: number }[];
  authorizeRequests: URLSearchParams[];
  /** The next /authorize answers with a different state than it was given (a forged callback). */
  tamperNextState: boolean;
  close(): Promise<void>;
}

const b64url = (buf: Buffer) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function startTestProvider(): Promise<TestProvider> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  let issuer = '';
  const provider: Omit<TestProvider, 'issuer' | 'close'> = { redirectUris: new Set(), tokenRequests: [], authorizeRequests: [], tamperNextState: false };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    // The console is a browser client on another origin: discovery, token and keys allow CORS.
    res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      return void res.end();
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['ES256'],
        subject_types_supported: ['public'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize' && req.method === 'GET') {
      const q = url.searchParams;
      provider.authorizeRequests.push(q);
      const redirectUri = q.get('redirect_uri') ?? '';
      // Never redirect to an unregistered URI: answer here instead.
      if (q.get('client_id') !== CLIENT_ID || !provider.redirectUris.has(redirectUri)) return send(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
      const back = new URL(redirectUri);
      const state = q.get('state') ?? '';
      back.searchParams.set('state', provider.tamperNextState ? `${state}-forged` : state);
      provider.tamperNextState = false;
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !(q.get('scope') ?? '').split(' ').includes('openid')) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        // The fixed test officer is approved without a page of its own.
        const code = b64url(randomBytes(24));
        codes.set(code, { clientId: CLIENT_ID, redirectUri, challenge: q.get('code_challenge')! });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { Location: back.toString(), 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      void (async () => {
        const form = await readForm(req);
        const code = form.get('code') ?? '';
        const pending = codes.get(code);
        codes.delete(code); // one use only
        const verifier = form.get('code_verifier');
        const refuse = (pkce: 'ok' | 'mismatch' | 'missing', description: string) => {
          provider.tokenRequests.push({ pkce, status: 400 });
          send(res, 400, { error: 'invalid_grant', error_description: description });
        };
        if (form.get('grant_type') !== 'authorization_code' || !pending) return refuse('missing', 'unknown or used code');
        if (form.get('client_id') !== pending.clientId || form.get('redirect_uri') !== pending.redirectUri) return refuse('missing', 'client or redirect_uri differs');
        if (!verifier) return refuse('missing', 'code_verifier required');
        if (b64url(createHash('sha256').update(verifier).digest()) !== pending.challenge) return refuse('mismatch', 'PKCE verification failed');
        const accessToken = await new SignJWT({ role: OFFICER.role, division: OFFICER.division })
          .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
          .setSubject(OFFICER.sub)
          .setIssuer(issuer)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey as KeyLike);
        provider.tokenRequests.push({ pkce: 'ok', status: 200 });
        send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 600, scope: form.get('scope') ?? 'openid profile' });
      })();
      return;
    }
    send(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(provider, {
    issuer,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  });
}

describeBrowser('console OIDC sign-in (real browser, local OpenID provider, JWKS-verifying service)', () => {
  let idp: TestProvider;
  let dataDir: string;
  let outDir: string;
  let store: EventStore;
  let db: SqlDatabase;
  let applications: INestApplication;
  let consoleServer: RunningConsole;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const screenshotDir = resolve(__dirname, '../../test-output/screenshots/oidc');

  beforeAll(async () => {
    idp = await startTestProvider();
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-console-oidc-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    db = await openPgliteDatabase();
    const verifier = createJwksTokenVerifier({ jwksUrl: `${idp.issuer}/jwks`, issuer: idp.issuer, audience: AUDIENCE });
    applications = await createServiceApp(createApplicationsService({ openVault: vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir }) }), { store, verifier, readStore: sharedSqlReadStore(db, 'pglite') }, { logger: false });
    await applications.listen(0, '127.0.0.1');
    const appsUrl = `http://127.0.0.1:${(applications.getHttpServer().address() as AddressInfo).port}`;
    const nowhere = 'http://127.0.0.1:9'; // discard port: nothing answers
    outDir = mkdtempSync(join(tmpdir(), 'benefits-console-build-'));
    await buildConsole(outDir);
    consoleServer = await startConsoleServer({
      staticDir: outDir,
      upstreams: { applications: appsUrl, eligibility: nowhere, disbursement: nowhere, audit: nowhere },
      oidc: { issuer: idp.issuer, clientId: CLIENT_ID },
    });
    idp.redirectUris.add(`${consoleServer.url}/auth/callback`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    mkdirSync(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await consoleServer?.close();
    await applications?.close();
    await store?.close();
    await db?.close();
    await idp?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function newPage(): Promise<{ page: Page; requested: string[] }> {
    const context = await browser.newContext({ baseURL: consoleServer.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    return { page, requested };
  }

  it('offers only the provider sign-in; 统一身份认证登录 goes to the provider with PKCE S256 and comes back signed in, the header showing the role', async () => {
    const { page, requested } = await newPage();
    await page.goto('/');
    const button = page.getByRole('button', { name: '统一身份认证登录' });
    await button.waitFor();
    // No development sign-in in OIDC mode: no role picker, and the server has no such endpoint.
    expect(await page.getByRole('combobox', { name: '角色' }).count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, '01-sign-in.png'), fullPage: true });
    const tokensBefore = idp.tokenRequests.length;
    await button.click();
    await page.getByRole('button', { name: /退\s*出/ }).waitFor({ timeout: 60_000 });
    const header = (await page.getByLabel('当前用户').textContent()) ?? '';
    expect(header).toContain('审核确认');
    expect(header).toContain(OFFICER.division);
    expect(header).toContain(OFFICER.sub);
    await page.screenshot({ path: join(screenshotDir, '02-signed-in.png'), fullPage: true });

    // The provider was asked for a code with an S256 challenge, for this client and callback.
    const asked = idp.authorizeRequests.at(-1)!;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('redirect_uri')).toBe(`${consoleServer.url}/auth/callback`);
    expect(asked.get('client_id')).toBe(CLIENT_ID);
    // One exchange, and its PKCE check passed.
    expect(idp.tokenRequests.slice(tokensBefore)).toEqual([{ pkce: 'ok', status: 200 }]);
    // The code is gone from the address bar; the token is in session storage only, never in a URL.
    expect(page.url()).not.toContain('code=');
    const storage = await page.evaluate<{ session: string[]; local: string[]; token: string }>(
      "({ session: Object.keys(sessionStorage), local: Object.keys(localStorage), token: sessionStorage.getItem('benefits.console.token') ?? '' })",
    );
    expect(storage.local).toEqual([]);
    expect(storage.session).toEqual(['benefits.console.token']);
    expect(storage.token.split('.')).toHaveLength(3);
    for (const url of requested) expect(url).not.toContain(storage.token.slice(0, 40));

    // The service verified the provider's token against its JWKS: the actor is the token's.
    const whoami = (await page.evaluate(async (token) => (await fetch('/api/applications/whoami', { headers: { Authorization: `Bearer ${token}` } })).json(), storage.token)) as { actor: unknown };
    expect(whoami.actor).toEqual({ id: OFFICER.sub, role: OFFICER.role, divisionCode: OFFICER.division });

    // A reload keeps the session (the token is checked again with the service).
    await page.reload();
    await page.getByRole('button', { name: /退\s*出/ }).waitFor();
  });

  it('refuses a callback whose state is not the one it sent (forged), without exchanging the code', async () => {
    const { page } = await newPage();
    await page.goto('/sign-in');
    const tokensBefore = idp.tokenRequests.length;
    idp.tamperNextState = true;
    await page.getByRole('button', { name: '统一身份认证登录' }).click();
    await page.getByText('登录失败').waitFor({ timeout: 60_000 });
    await page.getByText('登录应答与请求不符（state 校验失败），已拒绝，请重新登录').waitFor();
    expect(await page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('OIDC_STATE_MISMATCH');
    await page.screenshot({ path: join(screenshotDir, '03-forged-state.png'), fullPage: true });
    expect(idp.tokenRequests.length).toBe(tokensBefore);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('benefits.console.token')")).toBeNull();
    expect(page.url()).not.toContain('code=');
    // 重试 goes back to the sign-in page.
    await page.getByRole('button', { name: /重\s*试/ }).click();
    await page.getByRole('button', { name: '统一身份认证登录' }).waitFor();
  });

  it('refuses a callback it never started (a code planted from elsewhere)', async () => {
    const { page } = await newPage();
    const tokensBefore = idp.tokenRequests.length;
    await page.goto('/auth/callback?code=planted-code&state=anything');
    await page.getByText('登录失败').waitFor();
    expect(await page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('OIDC_NO_SIGN_IN_STARTED');
    // The code is not left in the address bar.
    expect(page.url()).not.toContain('planted-code');
    expect(idp.tokenRequests.length).toBe(tokensBefore);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('benefits.console.token')")).toBeNull();
  });

  it('the provider itself refuses a code exchanged with the wrong PKCE verifier (the check the console relies on)', async () => {
    const { page } = await newPage();
    await page.goto('/sign-in');
    // Start a real flow but take the provider's redirect out of the browser's hands: the code is
    // read from it here, so the console never exchanges it.
    let authorizeUrl = '';
    await page.route(`${idp.issuer}/authorize**`, (route) => {
      authorizeUrl = route.request().url();
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>stopped</p>' });
    });
    await page.getByRole('button', { name: '统一身份认证登录' }).click();
    await page.getByText('stopped').waitFor();
    const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code');
    expect(code).toBeTruthy();
    const res = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, client_id: CLIENT_ID, redirect_uri: `${consoleServer.url}/auth/callback`, code_verifier: 'not-the-verifier-'.padEnd(50, 'x') }).toString(),
    });
    expect(res.status).toBe(400);
    expect(idp.tokenRequests.at(-1)).toEqual({ pkce: 'mismatch', status: 400 });
  });
});
