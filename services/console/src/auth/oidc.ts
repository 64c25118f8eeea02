/**
 * Production sign-in: the OpenID Connect authorization-code flow with PKCE, the console being a
 * public client of the configured provider. The verifier and state live in sessionStorage for the
 * round trip only; the code is exchanged at the provider's token endpoint and the access token is
 * what the services verify (against the provider's JWKS, BENEFITS_JWKS_URL).
 */
import { ApiError } from '../api/errors';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  issuer?: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const FLOW_KEY = 'benefits.console.oidc';
export const CALLBACK_PATH = '/auth/callback';

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of array) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** A sign-in failure as officers see it (zh/en, a stable code to quote to support); never a token or a code in it. */
export function oidcError(code: string, zh: string, en: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(400, { code, message: { zh, en }, ...(details ? { details } : {}) });
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** A fetch to the provider; a network or CORS/CSP failure becomes OIDC_PROVIDER_UNREACHABLE. */
async function toProvider(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw oidcError('OIDC_PROVIDER_UNREACHABLE', '无法连接统一身份认证服务，请稍后重试或联系管理员', 'The sign-in provider cannot be reached; try again later or contact the administrator', { url: new URL(url).origin });
  }
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await toProvider(`${trimSlash(issuer)}/.well-known/openid-configuration`);
  const discovery = response.ok ? ((await response.json().catch(() => null)) as Discovery | null) : null;
  if (!discovery?.authorization_endpoint || !discovery.token_endpoint) {
    throw oidcError('OIDC_DISCOVERY_FAILED', '统一身份认证服务的配置无法读取', "The sign-in provider's configuration could not be read", { status: response.status });
  }
  // OpenID Connect Discovery: the document must name the issuer it was fetched for.
  if (discovery.issuer !== undefined && trimSlash(discovery.issuer) !== trimSlash(issuer)) {
    throw oidcError('OIDC_ISSUER_MISMATCH', '统一身份认证服务的标识与配置不符', 'The sign-in provider names a different issuer than configured', { configured: issuer, announced: discovery.issuer });
  }
  return discovery;
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`${discovery.authorization_endpoint}?${params.toString()}`);
}

/** On the callback page: checks the state, exchanges the code, returns the access token. */
export async function completeOidcSignIn(settings: OidcSettings, search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(FLOW_KEY);
  if (!flow) {
    throw oidcError('OIDC_NO_SIGN_IN_STARTED', '此登录应答不是本浏览器发起的，请重新登录', 'This sign-in response was not started in this browser; sign in again');
  }
  // The state is checked before anything else the response says (an error included).
  if (params.get('state') !== flow.state) {
    throw oidcError('OIDC_STATE_MISMATCH', '登录应答与请求不符（state 校验失败），已拒绝，请重新登录', 'The sign-in response does not match the request (state check failed) and was refused; sign in again');
  }
  if (params.get('error')) {
    throw oidcError('OIDC_PROVIDER_REFUSED', `统一身份认证服务拒绝了登录：${params.get('error')}`, `The sign-in provider refused: ${params.get('error')}`, { error: params.get('error'), description: params.get('error_description') });
  }
  const code = params.get('code');
  if (!code) throw oidcError('OIDC_NO_CODE', '登录应答中没有授权码，请重新登录', 'The sign-in response carries no authorization code; sign in again');
  const discovery = await discover(settings.issuer);
  const response = await toProvider(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: flow.verifier,
    }).toString(),
  });
  const tokens = (await response.json().catch(() => null)) as { access_token?: string; error?: string } | null;
  if (!response.ok) {
    throw oidcError('OIDC_TOKEN_EXCHANGE_FAILED', '统一身份认证服务未能换取令牌，请重新登录', 'The sign-in provider did not exchange the code for a token; sign in again', { status: response.status, error: tokens?.error });
  }
  if (!tokens?.access_token) throw oidcError('OIDC_NO_ACCESS_TOKEN', '统一身份认证服务未返回访问令牌', 'The sign-in provider returned no access token');
  return tokens.access_token;
}
