/**
 * The thin HTTP layer the sample-caseload driver and the scale benchmark talk through: the
 * product's public API only, with bearer tokens, `If-Match` revisions and the error body every
 * service answers (`{ code, message: { zh, en } }`). It takes a fetch-like function so that tests can
 * point it at in-process apps and the CLI at a running `npm start`.
 */

export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<FetchResponseLike>;

export type ServiceName = 'applications' | 'eligibility' | 'disbursement' | 'audit';
export type ServiceUrls = Record<ServiceName, string>;

/** `npm start` listens on four consecutive ports from BENEFITS_PORT_BASE: applications, eligibility, disbursement, audit. */
export function serviceUrlsFromBase(base: string): ServiceUrls {
  const url = new URL(base);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const at = (offset: number) => {
    const u = new URL(url.toString());
    u.port = String(port + offset);
    return u.toString().replace(/\/$/, '');
  };
  return { applications: at(0), eligibility: at(1), disbursement: at(2), audit: at(3) };
}

/** Who makes a request: the token's claims. */
export interface Who {
  role: 'intake_officer' | 'case_officer' | 'approver' | 'finance_clerk' | 'auditor' | 'admin';
  division: string;
  sub: string;
}

export type TokenSource = (who: Who) => Promise<string>;

/** A refused or failed request, with the service's stable code when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly request: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ApiResponse<T = any> {
  status: number;
  etag: number | null;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** The case revision for `If-Match`. */
  ifMatch?: number;
  /** Sent as `text/plain` (standards import). */
  text?: string;
  /** Answer codes that are not errors (e.g. 404 for "not there yet"). */
  accept?: number[];
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);

export class Api {
  private readonly tokenCache = new Map<string, Promise<string>>();

  constructor(
    readonly urls: ServiceUrls,
    private readonly tokens: TokenSource,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
  ) {}

  token(who: Who): Promise<string> {
    const key = `${who.role}|${who.division}|${who.sub}`;
    let token = this.tokenCache.get(key);
    if (!token) {
      token = this.tokens(who);
      this.tokenCache.set(key, token);
    }
    return token;
  }

  get<T = any>(service: ServiceName, path: string, who: Who, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('GET', service, path, who, options);
  }

  post<T = any>(service: ServiceName, path: string, who: Who, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request('POST', service, path, who, options);
  }

  /**
   * One request. A connection reset, or a 503 with Retry-After (a read model catching up), is tried
   * again a few times: a sample run of thousands of cases should not lose a case to a hiccup. Nothing
   * else is retried here — a refusal is the caller's to handle.
   */
  async request<T = any>(method: string, service: ServiceName, path: string, who: Who, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.token(who)}` };
    let body: string | undefined;
    if (options.text !== undefined) {
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      body = options.text;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
    const label = `${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      let response: FetchResponseLike;
      try {
        response = await this.fetchFn(`${this.urls[service]}${path}`, { method, headers, body });
      } catch (error) {
        const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code ?? 'FETCH_FAILED';
        if (attempt < 4 && TRANSIENT_CODES.has(code)) {
          await sleep(200 * attempt);
          continue;
        }
        throw new ApiError(0, code, error instanceof Error ? error.message : String(error), label);
      }
      const text = await response.text();
      let parsed: any = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = text;
      }
      if (response.status === 503 && attempt < 6) {
        const retryAfter = Number(response.headers.get('retry-after') ?? '1');
        await sleep(Math.min(5, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000);
        continue;
      }
      if (response.status >= 400 && !(options.accept ?? []).includes(response.status)) {
        const code = typeof parsed?.code === 'string' ? parsed.code : `HTTP_${response.status}`;
        const message = parsed?.message?.en ?? parsed?.message ?? text.slice(0, 200);
        throw new ApiError(response.status, code, typeof message === 'string' ? message : JSON.stringify(message), label, parsed?.details);
      }
      const etag = response.headers.get('etag');
      const revision = etag ? Number(etag.replace(/^W\//, '').replace(/"/g, '')) : NaN;
      return { status: response.status, etag: Number.isFinite(revision) ? revision : null, body: parsed as T };
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
