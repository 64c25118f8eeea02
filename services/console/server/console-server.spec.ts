import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startConsoleServer, type RunningConsole } from './console-server';

/** A raw HTTP request (no URL normalisation on the client side: the path is sent as written). */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; text: string; json: () => any }> {
  const { hostname, port } = new URL(base);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in service: records what reached it and answers with what the path asks for. */
async function startUpstream(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.startsWith('/cases/conflict')) {
        res.writeHead(412, { 'Content-Type': 'application/json', ETag: '"7"' });
        return void res.end(JSON.stringify({ code: 'REVISION_MISMATCH', message: { zh: '版本不符', en: 'Revision mismatch' } }));
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json', ETag: '"3"', 'X-Upstream': 'yes' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** A port nothing listens on (bound, then closed). */
async function deadPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

describe('console server', () => {
  let dist: string;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let embedded: RunningConsole;
  let oidc: RunningConsole;
  const issued: unknown[] = [];

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'console-server-spec-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>工作台</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'console-server-spec-secret.txt'), 'outside the build');
    upstream = await startUpstream();
    const down = await deadPort();
    embedded = await startConsoleServer({
      staticDir: dist,
      upstreams: { applications: upstream.url, eligibility: `${upstream.url}/base/`, disbursement: down, audit: upstream.url },
      devSignIn: async (input) => {
        issued.push(input);
        return 'header.payload.signature';
      },
    });
    oidc = await startConsoleServer({
      staticDir: dist,
      upstreams: { applications: upstream.url, eligibility: upstream.url, disbursement: upstream.url, audit: upstream.url },
      oidc: { issuer: 'http://idp.test:8080/realms/benefits', clientId: 'console' },
    });
  });

  afterAll(async () => {
    await embedded?.close();
    await oidc?.close();
    await new Promise<void>((ok) => upstream.server.close(() => ok()));
    rmSync(dist, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'console-server-spec-secret.txt'), { force: true });
  });

  describe('/api/<service> pass-through', () => {
    it('passes method, path, query, body and headers (Authorization, If-Match) through and the answer back with its status and headers', async () => {
      upstream.seen.length = 0;
      const res = await send(embedded.url, '/api/applications/cases/c-1/facts?x=1&y=%E4%B8%AD', {
        method: 'POST',
        headers: { Authorization: 'Bearer abc.def.ghi', 'If-Match': '"2"', 'Content-Type': 'application/json' },
        body: JSON.stringify({ income: { fen: 120000 } }),
      });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ ok: true });
      expect(res.headers.etag).toBe('"3"');
      expect(res.headers['x-upstream']).toBe('yes');
      expect(res.headers['cache-control']).toBe('no-store');
      const seen = upstream.seen[0];
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe('/cases/c-1/facts?x=1&y=%E4%B8%AD');
      expect(seen.headers.authorization).toBe('Bearer abc.def.ghi');
      expect(seen.headers['if-match']).toBe('"2"');
      expect(seen.headers['content-type']).toBe('application/json');
      expect(JSON.parse(seen.body)).toEqual({ income: { fen: 120000 } });
    });

    it('drops proxy hints the client sent and headers its Connection header names; says itself who asked; answers carry nosniff', async () => {
      upstream.seen.length = 0;
      const res = await send(embedded.url, '/api/applications/cases', {
        headers: { 'X-Forwarded-For': '203.0.113.9', Forwarded: 'for=203.0.113.9', 'X-Real-IP': '203.0.113.9', 'X-Forwarded-Proto': 'https', Connection: 'keep-alive, X-Secret-Hop', 'X-Secret-Hop': 'drop me', Authorization: 'Bearer abc' },
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const seen = upstream.seen[0];
      expect(seen.headers['x-secret-hop']).toBeUndefined();
      expect(seen.headers.forwarded).toBeUndefined();
      expect(seen.headers['x-real-ip']).toBeUndefined();
      expect(seen.headers['x-forwarded-for']).not.toContain('203.0.113.9');
      expect(seen.headers['x-forwarded-proto']).toBe('http');
      expect(seen.headers.authorization).toBe('Bearer abc');
    });

    it('passes an error status and its problem body through unchanged (412)', async () => {
      const res = await send(embedded.url, '/api/audit/cases/conflict', { method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(412);
      expect(res.json().code).toBe('REVISION_MISMATCH');
      expect(upstream.seen.at(-1)?.method).toBe('PUT');
    });

    it('keeps a service base URL with a path prefix, and a path starting with slashes stays on the service (not another host)', async () => {
      upstream.seen.length = 0;
      expect((await send(embedded.url, '/api/eligibility/standards')).status).toBe(200);
      expect(upstream.seen[0].url).toBe('/base/standards');
      upstream.seen.length = 0;
      expect((await send(embedded.url, '/api/applications///example.invalid/x')).status).toBe(200);
      expect(upstream.seen[0].url).toBe('/example.invalid/x');
    });

    it('answers 502 CONSOLE_UPSTREAM_UNAVAILABLE with zh and en when the service is down', async () => {
      const res = await send(embedded.url, '/api/disbursement/payments');
      expect(res.status).toBe(502);
      expect(res.json()).toEqual({ code: 'CONSOLE_UPSTREAM_UNAVAILABLE', message: { zh: expect.stringContaining('服务'), en: expect.any(String) } });
    });

    it("does not pass a service's /metrics through (404): they are scraped on the monitoring network", async () => {
      const res = await send(embedded.url, '/api/applications/metrics');
      expect(res.status).toBe(404);
      expect(res.json().code).toBe('CONSOLE_NOT_FOUND');
    });

    it('does not pass /metrics through in other spellings either (double slash, encoded, case, trailing slash)', async () => {
      upstream.seen.length = 0;
      for (const path of ['/api/applications//metrics', '/api/applications///metrics', '/api/audit//metrics/', '/api/applications/%6Detrics', '/api/applications/%2Fmetrics', '/api/applications/%252Fmetrics', '/api/applications/METRICS', '/api/applications/metrics/']) {
        const res = await send(embedded.url, path);
        expect({ path, status: res.status, code: res.json().code }).toEqual({ path, status: 404, code: 'CONSOLE_NOT_FOUND' });
      }
      expect(upstream.seen).toEqual([]);
      // Paths that only contain the word still pass.
      const res = await send(embedded.url, '/api/applications/metrics-of-cases');
      expect(res.status).toBe(200);
      expect(upstream.seen.map((s) => s.url)).toEqual(['/metrics-of-cases']);
    });

    it('answers 404 for a service it does not know', async () => {
      const res = await send(embedded.url, '/api/vault/keys');
      expect(res.status).toBe(404);
      expect(res.json().code).toBe('CONSOLE_NOT_FOUND');
      expect(res.json().message.zh).toBeTruthy();
    });
  });

  describe('development sign-in', () => {
    it('issues a token for a valid role and division (201)', async () => {
      const res = await send(embedded.url, '/console/dev-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'approver', division: '330402', sub: 'approver-li' }) });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ token: 'header.payload.signature' });
      expect(issued.at(-1)).toEqual({ role: 'approver', division: '330402', sub: 'approver-li' });
    });

    it('refuses a request naming another host (another machine, or DNS rebinding) with 403 DEV_SIGN_IN_LOOPBACK_ONLY', async () => {
      const before = issued.length;
      for (const host of ['evil.example', 'evil.example:3000', '10.0.0.5:3000', '127.0.0.1.evil.example']) {
        const res = await send(embedded.url, '/console/dev-sign-in', { method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'admin', division: '330402' }) });
        expect({ host, status: res.status, code: res.json().code }).toEqual({ host, status: 403, code: 'DEV_SIGN_IN_LOOPBACK_ONLY' });
      }
      for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost']) {
        const res = await send(embedded.url, '/console/dev-sign-in', { method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'admin', division: '330402' }) });
        expect({ host, status: res.status }).toEqual({ host, status: 201 });
      }
      expect(issued.length).toBe(before + 4);
    });

    it.each([
      ['an unknown role', { role: 'superuser', division: '330402' }, 'role'],
      ['a bad division code', { role: 'approver', division: '33040' }, 'division'],
      ['an unknown field', { role: 'approver', division: '330402', admin: true }, '$'],
      ['a staff id with spaces', { role: 'approver', division: '330402', sub: 'a b' }, 'sub'],
    ])('refuses %s with 400 VALIDATION_FAILED in zh and en', async (_what, body, path) => {
      const before = issued.length;
      const res = await send(embedded.url, '/console/dev-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      const problem = res.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.message).toEqual({ zh: '角色或行政区划代码无效', en: 'Invalid role or division code' });
      expect(problem.details.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect(issued.length).toBe(before);
    });

    it('refuses a body that is not JSON (400 MALFORMED_JSON) and a GET (405)', async () => {
      const bad = await send(embedded.url, '/console/dev-sign-in', { method: 'POST', body: 'role=admin' });
      expect(bad.status).toBe(400);
      expect(bad.json().code).toBe('MALFORMED_JSON');
      expect(bad.json().message.zh).toBeTruthy();
      expect((await send(embedded.url, '/console/dev-sign-in')).status).toBe(405);
    });

    it('does not exist in OIDC mode: 404 DEV_SIGN_IN_DISABLED, and the config names the provider', async () => {
      const res = await send(oidc.url, '/console/dev-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'admin', division: '330402' }) });
      expect(res.status).toBe(404);
      expect(res.json().code).toBe('DEV_SIGN_IN_DISABLED');
      const config = (await send(oidc.url, '/console/config')).json();
      expect(config).toEqual({ mode: 'oidc', oidc: { issuer: 'http://idp.test:8080/realms/benefits', clientId: 'console', scope: 'openid profile' } });
      expect((await send(embedded.url, '/console/config')).json().mode).toBe('embedded');
    });
  });

  describe('static files', () => {
    it('serves index.html for client-side routes (SPA fallback), uncached', async () => {
      for (const path of ['/', '/cases/c-1', '/finance/runs?month=2025-03', '/auth/callback']) {
        const res = await send(embedded.url, path);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.text).toContain('<div id="root">');
      }
    });

    it('serves hashed assets as immutable, and a missing asset is a 404 (not the page)', async () => {
      const asset = await send(embedded.url, '/assets/index-abc123.js');
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(asset.headers['cache-control']).toContain('immutable');
      const missing = await send(embedded.url, '/assets/index-missing.js');
      expect(missing.status).toBe(404);
      expect(missing.json().code).toBe('CONSOLE_NOT_FOUND');
    });

    it('sends hashed assets gzipped when the browser accepts it (Vary: Accept-Encoding), plain otherwise', async () => {
      const { gunzipSync } = await import('node:zlib');
      const zipped = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((ok, fail) => {
        const { hostname, port } = new URL(embedded.url);
        request({ hostname, port, path: '/assets/index-abc123.js', headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', fail)
          .end();
      });
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('Accept-Encoding');
      expect(zipped.headers['cache-control']).toContain('immutable');
      expect(gunzipSync(zipped.body).toString('utf8')).toBe('console.log(1)');
      for (const encoding of ['identity', 'gzip;q=0', 'br']) {
        const plain = await send(embedded.url, '/assets/index-abc123.js', { headers: { 'Accept-Encoding': encoding } });
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.text).toBe('console.log(1)');
      }
      // The page itself is small and uncached: sent as it is.
      expect((await send(embedded.url, '/', { headers: { 'Accept-Encoding': 'gzip' } })).headers['content-encoding']).toBeUndefined();
    });

    it.each(['/..%2fconsole-server-spec-secret.txt', '/assets/..%2f..%2fconsole-server-spec-secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cetc%5cpasswd', '/a%00.html', '/%E0%A4%A'])(
      'refuses a path outside the build or not decodable: %s',
      async (path) => {
        const res = await send(embedded.url, path);
        expect(res.text).not.toContain('outside the build');
        expect(res.text).not.toContain('root:');
        // Refused, or (where the URL parser already resolved the dots, '/%2e%2e/…' → '/etc/passwd') the page itself.
        if (res.status === 200) expect(res.text).toContain('<div id="root">');
        else expect([400, 404]).toContain(res.status);
      },
    );

    it('keeps answering after a malformed path', async () => {
      await send(embedded.url, '/%E0%A4%A');
      expect((await send(embedded.url, '/')).status).toBe(200);
    });

    it('refuses methods other than GET and HEAD on pages (405)', async () => {
      expect((await send(embedded.url, '/cases', { method: 'POST', body: '{}' })).status).toBe(405);
      expect((await send(embedded.url, '/', { method: 'HEAD' })).status).toBe(200);
    });
  });

  describe('security headers and probes', () => {
    it('sends nosniff, frame denial, no referrer and a CSP on pages, assets and its own answers', async () => {
      for (const path of ['/', '/assets/index-abc123.js', '/console/config', '/api/vault/x']) {
        const { headers } = await send(embedded.url, path);
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['x-frame-options']).toBe('DENY');
        expect(headers['referrer-policy']).toBe('no-referrer');
        const csp = String(headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      }
    });

    it('names the OIDC provider in connect-src in OIDC mode (discovery and token exchange are fetches)', async () => {
      const csp = String((await send(oidc.url, '/')).headers['content-security-policy']);
      expect(csp).toMatch(/connect-src 'self' https: http:\/\/idp\.test:8080;/);
      expect(String((await send(embedded.url, '/')).headers['content-security-policy'])).toMatch(/connect-src 'self' https:;/);
    });

    it('answers the liveness and readiness probes; not ready without a build', async () => {
      expect((await send(embedded.url, '/health/live')).json()).toEqual({ status: 'ok' });
      expect((await send(embedded.url, '/health/ready')).status).toBe(200);
      const empty = mkdtempSync(join(tmpdir(), 'console-server-empty-'));
      const unbuilt = await startConsoleServer({ staticDir: empty, upstreams: { applications: upstream.url, eligibility: upstream.url, disbursement: upstream.url, audit: upstream.url } });
      try {
        expect((await send(unbuilt.url, '/health/live')).status).toBe(200);
        const ready = await send(unbuilt.url, '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.json().code).toBe('CONSOLE_NOT_BUILT');
        expect((await send(unbuilt.url, '/cases')).status).toBe(503);
      } finally {
        await unbuilt.close();
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
