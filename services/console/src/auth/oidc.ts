/**
 * Production sign-in: the OpenID Connect authorization-code flow with PKCE, the console being a
 * public client of the configured provider. The verifier and state live in sessionStorage for the
 * round trip only; the code is exchanged at the provider's token endpoint and the access token is
 * what the services verify (against the provider's JWKS, BENEFITS_JWKS_URL).
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
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

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery failed: HTTP ${response.status}`);
  return (await response.json()) as Discovery;
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
  if (params.get('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? ''}`);
  const code = params.get('code');
  if (!flow || !code || params.get('state') !== flow.state) throw new Error('sign-in response does not match the request (state)');
  const discovery = await discover(settings.issuer);
  const response = await fetch(discovery.token_endpoint, {
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
  if (!response.ok) throw new Error(`token exchange failed: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('the provider returned no access token');
  return tokens.access_token;
}
