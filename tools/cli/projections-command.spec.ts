import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenVerifier, type DevTokenAuthority } from '@benefits/identity';
import { projectionsCommand, SERVICES } from './projections-command';

/** What a stub service answers: by method and path, a status and a JSON body (or a promise of them). */
type Handler = (req: IncomingMessage) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

interface Stub {
  server: Server;
  port: number;
  requests: { method: string; path: string; authorization: string | undefined }[];
  handle: Handler;
}

function listen(port: number, stub: Omit<Stub, 'server' | 'port'>): Promise<Stub> {
  return new Promise((resolve, reject) => {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      stub.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
      void Promise.resolve(stub.handle(req)).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ ...stub, server, port: (server.address() as AddressInfo).port }));
  });
}

const close = (stub: Stub) => new Promise<void>((resolve) => stub.server.close(() => resolve()));

/** Four stubs on consecutive ports, laid out as `npm start` lays out the services. */
async function embeddedStubs(handlers: Handler[]): Promise<{ base: number; stubs: Stub[] }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const stubs: Stub[] = [];
    try {
      for (const [i, handle] of handlers.entries()) stubs.push(await listen(base + i, { requests: [], handle }));
      return { base, stubs };
    } catch {
      await Promise.all(stubs.map(close));
    }
  }
  throw new Error('no four consecutive free ports');
}

const problem = (code: string, zh: string, en: string, details?: Record<string, unknown>) => ({ code, message: { zh, en }, ...(details ? { details } : {}) });

const status = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: 0,
  running: true,
  position: '120:7',
  headPosition: '120:7',
  caughtUp: true,
  lastEventRecordedAt: '2025-03-01T08:00:00.000Z',
  lagSeconds: 0,
  updatedAt: '2025-03-01T08:00:00.100Z',
  rebuiltAt: null,
  rebuilding: null,
  ...extra,
});

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await projectionsCommand(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    progressIntervalMs: 30,
  });
  return { code, stdout, stderr };
}

describe('benefits projections', () => {
  let dataDir: string;
  let authority: DevTokenAuthority;
  let stubs: Stub[] = [];
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cli-projections-'));
    authority = await createDevTokenVerifier({ dataDir });
    env = { BENEFITS_DATA_DIR: dataDir };
  });
  afterEach(async () => {
    await Promise.all(stubs.map(close));
    stubs = [];
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('list asks all four services with an admin token of the local key, and never opens the databases', async () => {
    const layout = await embeddedStubs([
      () => ({ status: 200, body: { projections: [status('applications.case-index', { version: 2 })] } }),
      () => ({ status: 404, body: problem('NOT_FOUND', '资源不存在', 'not found', { reason: 'route' }) }),
      () => ({
        status: 200,
        body: {
          projections: [
            status('disbursement.entitlements', { caughtUp: false, headPosition: '130:2', lagSeconds: 42, rebuilding: { version: 1, position: '88:1', active: true } }),
          ],
        },
      }),
      () => ({ status: 200, body: { projections: [status('audit.case-streams', { version: 2, running: false, caughtUp: false, headPosition: '130:2', lagSeconds: null, rebuilding: { version: 3, position: '9', active: false } })] } }),
    ]);
    stubs = layout.stubs;
    const result = await run(['list'], { ...env, BENEFITS_PORT_BASE: String(layout.base) });

    expect(result).toMatchObject({ code: 0, stderr: '' });
    SERVICES.forEach((service, i) => expect(result.stdout).toContain(`${service}  http://127.0.0.1:${layout.base + i}`));
    expect(result.stdout).toMatch(/applications\.case-index {2}v2 {2}已追平 caught up/);
    expect(result.stdout).toMatch(/no read models/);
    expect(result.stdout).toMatch(/disbursement\.entitlements {2}v0 {2}落后 behind, lag 42 s {2}position 120:7 {2}head 130:2 {2}重建中 rebuilding v1 at 88:1/);
    expect(result.stdout).toMatch(/audit\.case-streams {2}v2 {2}未运行 not running, behind {2}position 120:7 {2}head 130:2 {2}重建中断 rebuild to v3 interrupted at 9 \(resumes on restart or rebuild\)/);
    for (const stub of stubs) {
      expect(stub.requests).toEqual([{ method: 'GET', path: '/projections', authorization: expect.stringMatching(/^Bearer /) }]);
      await expect(authority.verify(stub.requests[0].authorization)).resolves.toMatchObject({ role: 'admin' });
    }
    // Only the signing key is in the data directory: no event store, no read models opened.
    expect(readdirSync(dataDir)).toEqual(['identity']);
  });

  it('list reports each service that fails in Chinese and English and exits 1, after listing the others', async () => {
    const layout = await embeddedStubs([
      () => ({ status: 200, body: { projections: [status('applications.case-index')] } }),
      () => ({ status: 404, body: problem('NOT_FOUND', '资源不存在', 'not found') }),
      () => ({ status: 503, body: problem('READ_MODEL_UNAVAILABLE', '查询数据暂时不可用，请稍后重试', 'the read models are not available right now; retry shortly', { retryAfterSeconds: 2 }) }),
      () => ({ status: 403, body: problem('FORBIDDEN', '无权执行此操作', 'not allowed') }),
    ]);
    stubs = layout.stubs;
    const result = await run(['list', '--token', 'Bearer given-token'], { ...env, BENEFITS_PORT_BASE: String(layout.base) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('applications.case-index');
    expect(result.stderr).toContain('错误：disbursement：查询数据暂时不可用，请稍后重试（READ_MODEL_UNAVAILABLE）');
    expect(result.stderr).toContain('error: disbursement: the read models are not available right now; retry shortly (READ_MODEL_UNAVAILABLE)');
    expect(result.stderr).toMatch(/错误：audit：无权执行此操作（需要 admin 角色的令牌.*\nerror: audit: not allowed \(needs a token of role admin/);
    // The token given is sent as given.
    expect(stubs.map((s) => s.requests[0].authorization)).toEqual(Array(4).fill('Bearer given-token'));
  });

  it('list --url asks that service only; an unreachable one is an error', async () => {
    const one = await listen(0, { requests: [], handle: () => ({ status: 200, body: { projections: [status('audit.case-streams')] } }) });
    stubs = [one];
    const ok = await run(['list', '--url', `http://127.0.0.1:${one.port}/`], env);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('audit.case-streams');
    expect(one.requests.map((r) => r.path)).toEqual(['/projections']);

    const gone = await listen(0, { requests: [], handle: () => ({ status: 200, body: {} }) });
    await close(gone);
    const down = await run(['list', '--url', `http://127.0.0.1:${gone.port}`], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/错误：无法连接 .*服务是否在运行？\nerror: cannot reach .*Is it running\?/);
  });

  it('rebuild goes to the service the name belongs to, shows progress while the request is open, and prints the result', async () => {
    const positions = ['10:1', '40:3', '90:5'];
    let gets = 0;
    let answer!: () => void;
    const finished = new Promise<void>((resolve) => (answer = resolve));
    const disbursement: Handler = async (req) => {
      if (req.method === 'GET') {
        const position = positions[Math.min(gets, positions.length - 1)];
        gets += 1;
        // The rebuild ends once its last position has been shown.
        if (gets > positions.length) answer();
        return { status: 200, body: { projections: [status('disbursement.entitlements', { headPosition: '99:9', rebuilding: { version: 1, position, active: true } })] } };
      }
      await finished;
      return { status: 200, body: { projection: status('disbursement.entitlements', { version: 1, position: '99:9', headPosition: '99:9', rebuiltAt: '2025-03-01T09:00:00.000Z' }) } };
    };
    const untouched: Handler = () => ({ status: 500, body: {} });
    const layout = await embeddedStubs([untouched, untouched, disbursement, untouched]);
    stubs = layout.stubs;
    const result = await run(['rebuild', 'disbursement.entitlements'], { ...env, BENEFITS_PORT_BASE: String(layout.base) });

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`rebuilding disbursement.entitlements on disbursement (http://127.0.0.1:${layout.base + 2})`);
    const progress = result.stdout.split('\n').filter((line) => line.startsWith('  v1 at '));
    expect(progress).toEqual(['  v1 at 10:1 / head 99:9', '  v1 at 40:3 / head 99:9', '  v1 at 90:5 / head 99:9']);
    expect(result.stdout).toMatch(/已重建 \/ rebuilt: disbursement\.entitlements now serves version 1\n {2}disbursement\.entitlements {2}v1 {2}已追平 caught up/);
    expect(stubs[2].requests[0]).toMatchObject({ method: 'POST', path: '/projections/disbursement.entitlements/rebuild' });
    expect([stubs[0], stubs[1], stubs[3]].every((s) => s.requests.length === 0)).toBe(true);
  });

  it('rebuild shows the service’s refusal in Chinese and English and exits 1', async () => {
    const one = await listen(0, {
      requests: [],
      handle: (req) =>
        req.method === 'POST'
          ? { status: 404, body: problem('PROJECTION_NOT_FOUND', '没有这个名称的数据视图', 'no read model (projection) of this name', { projection: 'audit.nothing' }) }
          : { status: 200, body: { projections: [] } },
    });
    stubs = [one];
    const result = await run(['rebuild', 'audit.nothing', '--url', `http://127.0.0.1:${one.port}`, '--token', 't'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `错误：http://127.0.0.1:${one.port}：没有这个名称的数据视图（PROJECTION_NOT_FOUND）\nerror: http://127.0.0.1:${one.port}: no read model (projection) of this name (PROJECTION_NOT_FOUND)\n`,
    );
  });

  it.each([
    [[], /list 或 rebuild[\s\S]*list or rebuild/],
    [['show'], /show/],
    [['rebuild'], /name of the projection/],
    [['rebuild', 'reports.monthly'], /cannot tell the service of reports\.monthly/],
    [['list', '--port', '1'], /--port/],
    [['list', '--url'], /--url needs a value/],
    [['list', '--url', 'localhost:3001'], /http\(s\):\/\//],
    [['list', 'extra'], /unexpected argument extra/],
  ])('%j → exit 2 with the usage, in Chinese and English', async (argv, mentions) => {
    const result = await run(argv, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^错误：.*\nerror: /);
    expect(result.stderr).toMatch(mentions);
    expect(result.stderr).toContain('usage: benefits projections');
  });

  it('without --token needs the key of running services, and never creates one', async () => {
    const elsewhere = join(dataDir, 'not-started');
    const result = await run(['list'], { BENEFITS_DATA_DIR: elsewhere });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/没有本地开发密钥[\s\S]*no local development key/);
    expect(existsSync(elsewhere)).toBe(false);
    const production = await run(['list'], { ...env, BENEFITS_JWKS_URL: 'https://idp.example/jwks' });
    expect(production.code).toBe(1);
    expect(production.stderr).toMatch(/--token/);
  });
});
