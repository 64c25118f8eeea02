import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startEdgeTestApp } from './edge-test-app';

jest.setTimeout(60_000);

const problem = (code: string) => ({ code, message: { zh: expect.any(String), en: expect.any(String) } });

/**
 * Sends bytes as they are (supertest would serialise a Buffer declared as JSON), to an app that listens.
 */
function send(app: INestApplication, method: string, path: string, headers: Record<string, string>, body?: Buffer | string) {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; body: any }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function expectStatus<T extends { status: number; text: string }>(pending: Promise<T>, status: number): Promise<T> {
  const res = await pending;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

describe('HTTP edge: bodies, charsets, encodings and text', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const postJson = (body: string | Buffer, headers: Record<string, string> = {}) => ({
    expect: (status: number, expected?: unknown) =>
      expectStatus(send(app, 'POST', '/echo', { 'Content-Type': 'application/json', ...headers }, body), status).then((res) => {
        if (expected !== undefined) expect(res.body).toEqual(expected);
        return res;
      }),
  });

  beforeAll(async () => {
    app = await startEdgeTestApp();
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('accepts UTF-8 JSON with or without a charset, and gzip/deflate bodies', async () => {
    await postJson('{"name":"张三"}').expect(200, { received: { name: '张三' } });
    await postJson('{"name":"张三"}', { 'Content-Type': 'application/json; charset=UTF-8' }).expect(200);
    await postJson(gzipSync('{"name":"李四"}'), { 'Content-Encoding': 'gzip' }).expect(200, { received: { name: '李四' } });
    await postJson(deflateSync('{"name":"王五"}'), { 'Content-Encoding': 'Deflate' }).expect(200, { received: { name: '王五' } });
  });

  it('refuses a charset other than UTF-8 with 415 UNSUPPORTED_CHARSET, on JSON and on text', async () => {
    for (const charset of ['latin1', 'utf-16', 'gbk', '"iso-8859-1"']) {
      const res = await postJson('{"name":"x"}', { 'Content-Type': `application/json; charset=${charset}` }).expect(415);
      expect(res.body).toMatchObject({ ...problem('UNSUPPORTED_CHARSET'), details: { supported: ['utf-8'] } });
    }
    const text = await http().post('/echo').set('Content-Type', 'text/plain; charset=gbk').send('abc').expect(415);
    expect(text.body).toMatchObject(problem('UNSUPPORTED_CHARSET'));
  });

  it('refuses unsupported content encodings with 415, a body that is not what it claims with 400', async () => {
    for (const encoding of ['br', 'zstd', 'compress', 'gzip, gzip', 'x-unknown']) {
      const res = await postJson('{"name":"x"}', { 'Content-Encoding': encoding }).expect(415);
      expect(res.body).toMatchObject({ ...problem('UNSUPPORTED_CONTENT_ENCODING'), details: { supported: ['gzip', 'deflate'] } });
    }
    // A body the service reads as it is (a document) cannot be compressed at all.
    const doc = await http().post('/echo').set({ 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }).send(gzipSync('abc')).expect(415);
    expect(doc.body).toMatchObject({ ...problem('UNSUPPORTED_CONTENT_ENCODING'), details: { supported: [] } });

    const notGzip = await postJson('{"name":"x"}', { 'Content-Encoding': 'gzip' }).expect(400);
    expect(notGzip.body).toMatchObject(problem('MALFORMED_CONTENT_ENCODING'));
    const truncated = gzipSync('{"name":"a long enough name to be cut"}');
    const cut = await postJson(truncated.subarray(0, truncated.length - 12), { 'Content-Encoding': 'gzip' }).expect(400);
    expect(cut.body).toMatchObject(problem('MALFORMED_CONTENT_ENCODING'));
    const upload = await http().post('/upload').set({ 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' }).send(Buffer.from('plain bytes')).expect(400);
    expect(upload.body).toMatchObject(problem('MALFORMED_CONTENT_ENCODING'));
  });

  it('refuses a gzip bomb by its inflated size (413), without inflating it all', async () => {
    // 8 MB of spaces inside valid JSON: 8 kB compressed, far over the 1 MB JSON limit once inflated.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"name":"x"'), Buffer.alloc(8 * 1024 * 1024, " "), Buffer.from('}')]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await postJson(bomb, { 'Content-Encoding': 'gzip' }).expect(413);
    expect(res.body).toMatchObject({ ...problem('PAYLOAD_TOO_LARGE'), details: { limit: '1mb' } });
    // Uploads inflate up to their own limit, and no further.
    const fileBomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
    const file = await http().post('/upload').set({ 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' }).send(fileBomb).expect(413);
    expect(file.body).toMatchObject(problem('PAYLOAD_TOO_LARGE'));
    const small = await http().post('/upload').set({ 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' }).send(gzipSync(Buffer.alloc(1000))).expect(200);
    expect(small.body).toEqual({ bytes: 1000 });
  });

  it('keeps MALFORMED_JSON for broken JSON', async () => {
    expect((await postJson('{"name":').expect(400)).body).toMatchObject(problem('MALFORMED_JSON'));
  });

  it('refuses NUL, other C0 controls and unpaired surrogates anywhere in a JSON command with 400 INVALID_TEXT and the path', async () => {
    const cases: Array<[string, string, string]> = [
      ['{"name":"张\\u0000三"}', 'name', 'control-character'],
      ['{"name":"a\\u001bb"}', 'name', 'control-character'],
      ['{"members":[{"name":"ok"},{"name":"\\ud800"}]}', 'members.1.name', 'unpaired-surrogate'],
      ['{"remark":"x\\udc00y"}', 'remark', 'unpaired-surrogate'],
      ['{"a\\u0000":1}', 'a\u0000', 'control-character'],
      ['["ok","\\u0007"]', '1', 'control-character'],
    ];
    for (const [body, path, reason] of cases) {
      const res = await postJson(body).expect(400);
      expect(res.body).toMatchObject({ ...problem('INVALID_TEXT'), details: { path, reason } });
    }
    // Tabs, line breaks and characters outside the BMP (a proper surrogate pair) are text.
    await postJson('{"remark":"第一行\\n\\t第二行\\r\\n","name":"\\ud842\\udfb7"}').expect(200, { received: { remark: '第一行\n\t第二行\r\n', name: '𠮷' } });
  });
});

describe('HTTP edge: headers Node refuses, security headers, /docs', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startEdgeTestApp();
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers oversized headers with 431 and a JSON body', async () => {
    const res = await expectStatus(send(app, 'GET', '/whoami', { 'X-Padding': 'a'.repeat(64 * 1024) }), 431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject(problem('HEADERS_TOO_LARGE'));
  });

  it('sends security headers on every response', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the Swagger UI under a policy it works with, and redirects /docs/ to /docs', async () => {
    const page = await request(app.getHttpServer()).get('/docs').expect(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    // Every script of the page is a file of the same origin (no inline script the policy would block).
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(content!.trim()).toBe('');
    }
    for (const [, attributes] of scripts) {
      const src = /src="([^"]+)"/.exec(attributes!)![1]!;
      await request(app.getHttpServer()).get(new URL(src, 'http://host/docs').pathname).expect(200);
    }
    const slash = await request(app.getHttpServer()).get('/docs/').expect(301);
    expect(slash.headers.location).toBe('/docs');
  });
});

describe('HTTP edge: rate limit', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startEdgeTestApp({ BENEFITS_RATE_LIMIT: '3', BENEFITS_RATE_LIMIT_WINDOW_SECONDS: '3600' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After over the limit, and never throttles /health', async () => {
    const http = () => request(app.getHttpServer());
    for (let i = 0; i < 3; i++) await http().post('/echo').send({ i }).expect(200);
    const limited = await http().post('/echo').send({ i: 4 }).expect(429);
    expect(limited.body).toMatchObject({ ...problem('RATE_LIMITED'), details: { limit: 3, windowSeconds: 3600, retryAfterSeconds: expect.any(Number) } });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Unauthenticated and unknown routes count too; probes do not.
    expect((await http().get('/whoami').expect(429)).body.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 5; i++) await http().get('/health/live').expect(200);
  });
});
