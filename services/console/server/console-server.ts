import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { isDivisionCode, isRole, ROLES } from '@benefits/identity';

/**
 * The web console's server: the production build (static files), a same-origin pass-through to
 * the four services' public HTTP APIs (`/api/<service>/<path>` → `<service base URL>/<path>`, the
 * request and answer streamed unchanged, Authorization included), the console's configuration, and
 * — in embedded mode only — the development sign-in that issues a token with the local dev key.
 * The console has no data of its own and no private way into a service.
 */
export const CONSOLE_SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
export type ConsoleService = (typeof CONSOLE_SERVICES)[number];

export interface ConsoleServerOptions {
  /** The production build (index.html and assets/). */
  staticDir: string;
  /** Base URL of each service's HTTP API, e.g. http://127.0.0.1:3001. */
  upstreams: Record<ConsoleService, string>;
  /** Embedded mode: issues a dev token (the same key as `npx benefits token`). Absent in production. */
  devSignIn?: (input: { role: string; division: string; sub?: string }) => Promise<string>;
  /** Production: the OIDC provider the browser signs in with (authorization code + PKCE). */
  oidc?: { issuer: string; clientId: string; scope?: string };
  /** Shown as a "sample data" tag (a demo deployment). */
  sampleData?: boolean;
  host?: string;
  port?: number;
}

export interface RunningConsole {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The headers of everything the console server answers itself. The browser talks to this origin
 * and, in OIDC mode, to the provider (discovery and the token exchange are fetches): the provider's
 * origin is named in connect-src even when it is plain http (an intranet provider, the tests').
 */
export function securityHeaders(oidcIssuer?: string): Record<string, string> {
  let provider = '';
  try {
    if (oidcIssuer) provider = ` ${new URL(oidcIssuer).origin}`;
  } catch {
    // not a URL: main.ts validates it; nothing extra is allowed
  }
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    // antd writes its styles at run time (style elements), hence 'unsafe-inline' for styles only.
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' https:${provider}; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https:${provider}`,
  };
}


const DevSignInSchema = z
  .object({
    role: z.string().refine(isRole, { message: `one of ${ROLES.join(', ')}` }),
    division: z.string().refine(isDivisionCode, { message: 'a 6-digit GB/T 2260 division code' }),
    sub: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only').optional(),
  })
  .strict();

/** The security headers of the server answering (set per server: they name its OIDC provider). */
const HEADERS = new WeakMap<ServerResponse, Record<string, string>>();
const headersOf = (res: ServerResponse) => HEADERS.get(res) ?? securityHeaders();

function problem(res: ServerResponse, status: number, code: string, zh: string, en: string, details?: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headersOf(res) });
  res.end(JSON.stringify({ code, message: { zh, en }, ...(details ? { details } : {}) }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headersOf(res) });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit = 16_384): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

/** Headers a client may not set for the services: proxy hints the console alone would vouch for. */
const CLIENT_PROXY_HINTS = new Set(['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']);

/** Hop-by-hop headers: the fixed list and those a message names in its own Connection header. */
function passable(headers: IncomingMessage['headers'], drop: ReadonlySet<string> = new Set()): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (v !== undefined && !HOP_BY_HOP.has(name) && !named.has(name) && !drop.has(name)) out[k] = v;
  }
  return out;
}

/** Whether a service path (after `/api/<service>`) names the metrics endpoint in any spelling. */
export function isMetricsPath(path: string): boolean {
  let decoded = path;
  // Decoded until stable (a doubly encoded '%256D' too); undecodable text is compared as written.
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      break;
    }
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.replace(/^[/\\]+/, '').replace(/[/\\]+$/, '').toLowerCase() === 'metrics';
}

function proxy(req: IncomingMessage, res: ServerResponse, base: string, path: string): void {
  // Always under the service's base URL: a path starting with slashes ('//host/…') is not a host.
  const target = new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  const headers = passable(req.headers, CLIENT_PROXY_HINTS);
  headers['x-forwarded-proto'] = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (req.socket.remoteAddress) headers['x-forwarded-for'] = req.socket.remoteAddress;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (answer) => {
    const out = passable(answer.headers);
    res.writeHead(answer.statusCode ?? 502, { ...out, 'Cache-Control': out['cache-control'] ?? 'no-store', 'X-Content-Type-Options': 'nosniff' });
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return void res.destroy();
    problem(res, 502, 'CONSOLE_UPSTREAM_UNAVAILABLE', '服务暂不可用，请稍后重试', 'The service is not reachable; try again shortly');
  });
  // The browser went away (a page left, a query cancelled): the service's answer is not wanted.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Text assets worth compressing (the bundle is mostly JavaScript; fonts and images are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.css', '.json', '.svg', '.html']);

/**
 * Gzipped hashed assets, made once per file on first request and kept (they never change: the name
 * carries the content hash). The bundle is about a third of its size gzipped, which is what a
 * county office's link carries.
 */
const gzipped = new Map<string, Promise<Buffer>>();
function gzippedAsset(file: string): Promise<Buffer> {
  let cached = gzipped.get(file);
  if (!cached) {
    cached = readFile(file).then((raw) => gzipAsync(raw, { level: 9 }));
    cached.catch(() => gzipped.delete(file));
    gzipped.set(file, cached);
  }
  return cached;
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(String(req.headers['accept-encoding'] ?? ''));
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return problem(res, 400, 'CONSOLE_BAD_PATH', '请求路径无效', 'The request path is not valid');
  }
  const candidate = normalize(join(root, decoded));
  const inside = candidate === root || candidate.startsWith(root + sep);
  // A path that leaves the build folder once decoded (..%2f, backslashes) is refused, not answered with the page.
  if (!inside || decoded.includes('\0') || decoded.includes('\\')) return problem(res, 400, 'CONSOLE_BAD_PATH', '请求路径无效', 'The request path is not valid');
  const isFile = existsSync(candidate) && statSync(candidate).isFile();
  // Client-side routes (/cases/…) get index.html; a missing asset is a 404, not the page.
  if (!isFile && decoded.startsWith('/assets/')) return problem(res, 404, 'CONSOLE_NOT_FOUND', '文件不存在', 'No such file');
  const file = isFile ? candidate : join(root, 'index.html');
  if (!existsSync(file)) return problem(res, 503, 'CONSOLE_NOT_BUILT', '工作台尚未构建', 'The console has not been built');
  const hashed = file.includes(`${sep}assets${sep}`);
  const head = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-store',
    ...headersOf(res),
  };
  if (hashed && COMPRESSIBLE.has(extname(file))) {
    const vary = { ...head, Vary: 'Accept-Encoding' };
    if (acceptsGzip(req)) {
      void gzippedAsset(file).then(
        (body) => {
          res.writeHead(200, { ...vary, 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        () => problem(res, 500, 'CONSOLE_ASSET_FAILED', '文件读取失败', 'The file could not be read'),
      );
      return;
    }
    res.writeHead(200, vary);
    return void createReadStream(file).pipe(res);
  }
  res.writeHead(200, head);
  createReadStream(file).pipe(res);
}

/** True for a Host header naming this machine (localhost, 127.0.0.0/8 or ::1, any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const root = resolve(options.staticDir);
  const config = {
    mode: options.devSignIn ? 'embedded' : 'oidc',
    ...(options.oidc ? { oidc: { issuer: options.oidc.issuer, clientId: options.oidc.clientId, scope: options.oidc.scope ?? 'openid profile' } } : {}),
    ...(options.sampleData ? { sampleData: true } : {}),
  };
  const headers = securityHeaders(options.oidc?.issuer);
  const server = createServer((req, res) => {
    HEADERS.set(res, headers);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://console');
    } catch {
      return problem(res, 400, 'CONSOLE_BAD_PATH', '请求路径无效', 'The request path is not valid');
    }
    // Probes (the container's liveness and readiness): up, and the build is there to serve.
    if (url.pathname === '/health/live') return json(res, 200, { status: 'ok' });
    if (url.pathname === '/health/ready') {
      return existsSync(join(root, 'index.html'))
        ? json(res, 200, { status: 'ok' })
        : problem(res, 503, 'CONSOLE_NOT_BUILT', '工作台尚未构建', 'The console has not been built');
    }
    const api = /^\/api\/([a-z]+)(\/.*)?$/.exec(url.pathname);
    if (api) {
      const service = api[1] as ConsoleService;
      if (!(CONSOLE_SERVICES as readonly string[]).includes(service)) return problem(res, 404, 'CONSOLE_NOT_FOUND', '没有这个服务', 'No such service');
      // Metrics are for the monitoring network (scraped at each service), not for browsers. Compared
      // as the service will see it: proxy() drops leading slashes ('//metrics'), and percent-encoding,
      // letter case and a trailing slash must not slip past either.
      if (isMetricsPath(api[2] ?? '/')) return problem(res, 404, 'CONSOLE_NOT_FOUND', '没有这个资源', 'Not found');
      return proxy(req, res, options.upstreams[service], `${(api[2] ?? '/').slice(1)}${url.search}`);
    }
    if (url.pathname === '/console/config' && req.method === 'GET') return json(res, 200, config);
    if (url.pathname === '/console/dev-sign-in') {
      if (req.method !== 'POST') return problem(res, 405, 'CONSOLE_METHOD_NOT_ALLOWED', '不支持此方法', 'Method not allowed');
      if (!options.devSignIn) return problem(res, 404, 'DEV_SIGN_IN_DISABLED', '开发登录仅在嵌入式模式下可用', 'Development sign-in exists in embedded mode only');
      // Only from this machine: a page elsewhere (or one reaching 127.0.0.1 by DNS rebinding) names
      // another host in Host, and the development key must not mint tokens for it.
      if (!isLoopbackHost(req.headers.host)) {
        return problem(res, 403, 'DEV_SIGN_IN_LOOPBACK_ONLY', '开发登录只能在本机（localhost）使用', 'Development sign-in is available on this machine (localhost) only');
      }
      const devSignIn = options.devSignIn;
      void (async () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readBody(req));
        } catch {
          return problem(res, 400, 'MALFORMED_JSON', '请求体不是有效的 JSON', 'The request body is not valid JSON');
        }
        const input = DevSignInSchema.safeParse(parsed);
        if (!input.success) {
          return problem(res, 400, 'VALIDATION_FAILED', '角色或行政区划代码无效', 'Invalid role or division code', {
            issues: input.error.issues.map((i) => ({ path: i.path.join('.') || '$', code: i.code, message: i.message })),
          });
        }
        try {
          json(res, 201, { token: await devSignIn(input.data) });
        } catch (error) {
          problem(res, 500, 'DEV_SIGN_IN_FAILED', '无法签发开发令牌', 'Could not issue a development token', { reason: error instanceof Error ? error.message : String(error) });
        }
      })();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'CONSOLE_METHOD_NOT_ALLOWED', '不支持此方法', 'Method not allowed');
    serveStatic(req, res, root, url.pathname);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
