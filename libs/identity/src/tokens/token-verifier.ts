import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Actor } from '../actor';
import { IdentityErrors, isIdentityError, type IdentityError } from '../errors';
import { actorFromClaims } from './claims';

/** Turns the `Authorization` header of a request into the acting person, or refuses it. */
export interface TokenVerifier {
  /**
   * @param authorization the header value, `Bearer <jwt>`; undefined when the header is absent.
   * @returns the actor the token's claims name.
   * @throws IdentityError UNAUTHENTICATED (401, `details.reason` says why) or
   *   IDENTITY_PROVIDER_UNAVAILABLE (503) when the provider's key set cannot be fetched.
   */
  verify(authorization: string | null | undefined): Promise<Actor>;
}

export interface TokenCheckOptions {
  issuer: string;
  audience: string;
  /** Signature algorithms accepted; anything else (including `none` and HMAC) is refused. */
  algorithms?: string[];
  /** Allowed clock skew between the issuer and this process, in seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** The current time; tests pass a fixed clock. */
  now?: () => Date;
}

export const DEFAULT_ALGORITHMS = ['EdDSA', 'ES256', 'RS256', 'PS256'];
const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Extracts the compact JWT from `Bearer <jwt>`; the scheme is case-insensitive (RFC 7235). */
export function bearerToken(authorization: string | null | undefined): string {
  if (authorization === undefined || authorization === null || authorization.trim() === '') {
    throw IdentityErrors.UNAUTHENTICATED('missing');
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization.trim());
  if (!match) throw IdentityErrors.UNAUTHENTICATED('malformed', { detail: 'expected "Bearer <token>"' });
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw IdentityErrors.UNAUTHENTICATED('malformed');
  return token;
}

/** Verifies JWTs against a key set (remote JWKS in production, the local dev key in embedded mode). */
export class JwtTokenVerifier implements TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: TokenCheckOptions,
  ) {}

  async verify(authorization: string | null | undefined): Promise<Actor> {
    const token = bearerToken(authorization);
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? DEFAULT_ALGORITHMS,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        currentDate: this.options.now?.(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return actorFromClaims(payload);
    } catch (error) {
      throw toIdentityError(error);
    }
  }
}

export function toIdentityError(error: unknown): IdentityError {
  if (isIdentityError(error)) return error;
  if (error instanceof errors.JWTExpired) return IdentityErrors.UNAUTHENTICATED('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return IdentityErrors.UNAUTHENTICATED('wrong_issuer');
    if (error.claim === 'aud') return IdentityErrors.UNAUTHENTICATED('wrong_audience');
    if (error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')) {
      return IdentityErrors.UNAUTHENTICATED('not_yet_valid');
    }
    return IdentityErrors.UNAUTHENTICATED('invalid_claims', { claim: error.claim });
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return IdentityErrors.UNAUTHENTICATED('bad_signature');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return IdentityErrors.UNAUTHENTICATED('malformed');
  }
  // Anything else happened while fetching the provider's key set (timeout, HTTP error, bad JSON).
  return IdentityErrors.IDENTITY_PROVIDER_UNAVAILABLE({ error: error instanceof Error ? error.message : String(error) });
}

export interface JwksTokenVerifierOptions extends TokenCheckOptions {
  /** The identity provider's JWKS endpoint (BENEFITS_JWKS_URL). */
  jwksUrl: string;
  /** How long to wait for the key set, in milliseconds. Default 5000. */
  timeoutMs?: number;
}

/**
 * Production mode: tokens are issued by the identity provider and verified against its published
 * key set. Keys are cached; an unknown `kid` triggers a refetch, so provider key rotation needs no
 * restart.
 */
export function createJwksTokenVerifier(options: JwksTokenVerifierOptions): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5000 });
  return new JwtTokenVerifier(keys, options);
}
