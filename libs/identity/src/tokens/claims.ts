import type { JWTPayload } from 'jose';
import type { Actor } from '../actor';
import { isDivisionCode } from '../division-code';
import { IdentityErrors } from '../errors';
import { isRole, type Role } from '../roles';

/** Issuer and audience the embedded (dev) mode signs and expects unless configured otherwise. */
export const DEFAULT_DEV_ISSUER = 'benefits-dev';
export const DEFAULT_AUDIENCE = 'benefits';

/**
 * The claims of a bearer token. `division` is the 6-digit GB/T 2260 code of the person's office;
 * `iss`, `aud`, `exp` and `iat` are checked by the verifier.
 */
export interface TokenClaims extends JWTPayload {
  sub: string;
  role: Role;
  division: string;
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
}

/** The actor a verified payload stands for; a token with an unknown role or bad division is refused. */
export function actorFromClaims(payload: JWTPayload): Actor {
  const { sub, role, division } = payload as Partial<Record<'sub' | 'role' | 'division', unknown>>;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 200) throw IdentityErrors.UNAUTHENTICATED('invalid_claims', { claim: 'sub' });
  if (!isRole(role)) throw IdentityErrors.UNAUTHENTICATED('invalid_claims', { claim: 'role' });
  if (!isDivisionCode(division)) throw IdentityErrors.UNAUTHENTICATED('invalid_claims', { claim: 'division' });
  return { id: sub, role, divisionCode: division };
}
