import { ApiError, consoleProblem, isProblem } from './errors';

/**
 * The console's only way to the services: their public HTTP APIs, through the console server's
 * `/api/<service>/…` pass-through (same origin, so no CORS and no token in a URL). The bearer token
 * comes from the session; If-Match is sent when the caller holds the revision it read.
 */
export type ServiceName = 'applications' | 'eligibility' | 'disbursement' | 'audit';

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** JSON body (objects), or a string/Blob sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  /** The ETag of what the user is looking at (optimistic concurrency). */
  ifMatch?: string;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag: string | null;
  headers: Headers;
}

let tokenSource: () => string | null = () => null;
let onUnauthenticated: () => void = () => undefined;

/** Set by the session: where the token comes from and what to do when the services refuse it. */
export function configureApiClient(options: { token: () => string | null; onUnauthenticated: () => void }): void {
  tokenSource = options.token;
  onUnauthenticated = options.onUnauthenticated;
}

export function apiUrl(service: ServiceName, path: string, query?: ApiRequest['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/${service}${path}${qs ? `?${qs}` : ''}`;
}

async function send(service: ServiceName, path: string, request: ApiRequest): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (request.ifMatch) headers['If-Match'] = request.ifMatch;
  let body: BodyInit | undefined;
  if (request.body !== undefined) {
    if (typeof request.body === 'string' || request.body instanceof Blob || request.body instanceof ArrayBuffer) {
      body = request.body as BodyInit;
      headers['Content-Type'] = request.contentType ?? 'text/plain; charset=utf-8';
    } else {
      body = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(service, path, request.query), { method: request.method ?? (body ? 'POST' : 'GET'), headers, body, signal: request.signal });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw new ApiError(0, consoleProblem(0, null));
  }
  if (!response.ok) {
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the message
    }
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(response.status, isProblem(parsed) ? parsed : consoleProblem(response.status, parsed));
  }
  return response;
}

/** A JSON request; throws ApiError with the service's problem body on any non-2xx answer. */
export async function api<T = unknown>(service: ServiceName, path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const response = await send(service, path, request);
  const text = await response.text();
  const data = (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T;
  return { status: response.status, data, etag: response.headers.get('etag'), headers: response.headers };
}

/** A file answer (bank file, xlsx, evidence package): saved by the browser under the server's name. */
export async function download(service: ServiceName, path: string, request: ApiRequest = {}, fallbackName = 'download'): Promise<{ name: string; bytes: number }> {
  const response = await send(service, path, request);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, bytes: blob.size };
}
