import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenVerifier } from '@benefits/identity';
import { AuditCliFailure, auditRequest, auditUrl, formatAuditFailure, parseCommonOptions, runAuditCommand, yuan } from './http-client';

const memoryIo = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {} } };
};

describe('audit CLI: common options', () => {
  it('parses own options, flags, positionals and the common options', () => {
    expect(parseCommonOptions(['abc', '--json', '--as-of=x', '--token', 't', '--division', '330402'], { options: ['as-of'], flags: ['json'] })).toEqual({
      positional: ['abc'],
      options: { 'as-of': 'x', token: 't', division: '330402' },
      flags: new Set(['json']),
    });
    expect(parseCommonOptions(['x', '-h'])).toBe('help');
  });

  it.each([
    [['--nope', '1'], 'takes no option --nope'],
    [['--token'], 'needs a value'],
    [['--token', 'a', '--token', 'b'], 'given twice'],
    [['--url', 'localhost:3004'], '--url must be'],
    [['--division', '3304'], '--division must be'],
    [['--role', 'clerk'], '--role must be'],
    [['--json=1'], 'takes no value'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCommonOptions(argv, { flags: ['json'] })).toThrow(message);
  });

  it('defaults the url to the audit port of `npm start` (base + 3)', () => {
    expect(auditUrl({}, {})).toBe('http://127.0.0.1:3004');
    expect(auditUrl({}, { BENEFITS_HOST: '0.0.0.0', BENEFITS_PORT_BASE: '4000' })).toBe('http://127.0.0.1:4003');
    expect(auditUrl({ url: 'http://a:1/' }, {})).toBe('http://a:1');
  });
});

describe('audit CLI: auditRequest', () => {
  it('sends the bearer and JSON, answers the parsed body', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const res = await auditRequest<{ ok: boolean }>({ fetch: fetchFn, env: {} }, { url: 'http://audit:1', token: 'Bearer abc' }, 'POST', '/audit/x', { a: 1 });
    expect(res.body).toEqual({ ok: true });
    expect(calls[0].url).toBe('http://audit:1/audit/x');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(calls[0].init.body).toBe('{"a":1}');
  });

  it("turns the service's refusal into its code and messages, with Retry-After", async () => {
    const fetchFn = (async () =>
      new Response(JSON.stringify({ code: 'READ_MODEL_BEHIND', message: { zh: '稍后', en: 'later' } }), { status: 503, headers: { 'retry-after': '2' } })) as unknown as typeof fetch;
    const failure = await auditRequest({ fetch: fetchFn, env: {} }, { token: 't' }, 'GET', '/x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuditCliFailure);
    expect(failure).toMatchObject({ code: 'READ_MODEL_BEHIND', zh: '稍后', en: 'later', exitCode: 1, retryAfterSeconds: 2 });
    expect(formatAuditFailure(failure as AuditCliFailure)).toContain('retry after 2 s');
    const plain = (async () => new Response('oops', { status: 500 })) as unknown as typeof fetch;
    await expect(auditRequest({ fetch: plain, env: {} }, { token: 't' }, 'GET', '/x')).rejects.toMatchObject({ code: 'HTTP_500' });
  });

  it('reports an unreachable service and a missing dev key', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const down = (async () => {
      throw refused;
    }) as unknown as typeof fetch;
    await expect(auditRequest({ fetch: down, env: {} }, { token: 't', url: 'http://127.0.0.1:9' }, 'GET', '/x')).rejects.toMatchObject({ code: 'UNREACHABLE' });
    await expect(auditRequest({ fetch: down, env: {} }, { 'data-dir': join(tmpdir(), 'no-such-benefits-dir') }, 'GET', '/x')).rejects.toMatchObject({ code: 'TOKEN_REQUIRED' });
    await expect(auditRequest({ fetch: down, env: { BENEFITS_JWKS_URL: 'http://jwks' } }, {}, 'GET', '/x')).rejects.toMatchObject({ code: 'TOKEN_REQUIRED' });
  });

  it('signs a development token (auditor of 330000 by default) from the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'benefits-audit-cli-'));
    try {
      const authority = await createDevTokenVerifier({ dataDir });
      let bearer = '';
      const fetchFn = (async (_url: string, init: RequestInit) => {
        bearer = (init.headers as Record<string, string>).Authorization.replace('Bearer ', '');
        return new Response('{}', { status: 200 });
      }) as unknown as typeof fetch;
      await auditRequest({ fetch: fetchFn, env: {} }, { 'data-dir': dataDir }, 'GET', '/x');
      const actor = await authority.verify(`Bearer ${bearer}`);
      expect(actor).toMatchObject({ id: 'cli-auditor', role: 'auditor', divisionCode: '330000' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('audit CLI: exit codes and money', () => {
  it('prints a failure and maps it to its exit code; USAGE also prints the usage', async () => {
    const m = memoryIo();
    expect(await runAuditCommand(m.io, 'usage: x\n', async () => { throw new AuditCliFailure('USAGE', '用法', 'usage', 2); })).toBe(2);
    expect(m.out.stderr).toBe('错误 Error [USAGE]: 用法 / usage\n\nusage: x\n');
  });

  it('formats fen as yuan without floating point', () => {
    expect([yuan(0), yuan(5), yuan(123_456), yuan(-101)]).toEqual(['0.00', '0.05', '1234.56', '-1.01']);
  });
});
