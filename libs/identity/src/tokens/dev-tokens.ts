import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type KeyLike,
} from 'jose';
import type { Actor } from '../actor';
import { isDivisionCode } from '../division-code';
import { IdentityErrors } from '../errors';
import { readOrCreateSecretFile } from '../internal/secret-file';
import { isRole, ROLES, type Role } from '../roles';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from './claims';
import { JwtTokenVerifier, type TokenCheckOptions, type TokenVerifier } from './token-verifier';

/**
 * Embedded (dev) mode has no identity provider: a signing key pair is generated once, kept in the
 * data directory (readable by the owner only), and its public half is the key set tokens are
 * verified against. Anyone who can read the data directory can mint tokens — which is why this mode
 * is for one machine, and production verifies against the provider's JWKS and keeps no private key.
 */
export const DEV_SIGNING_ALG = 'EdDSA';

export interface DevSigningKeyFile {
  kid: string;
  alg: typeof DEV_SIGNING_ALG;
  createdAt: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export function devSigningKeyPath(dataDir: string): string {
  return join(dataDir, 'identity', 'dev-signing-key.json');
}

function isDevSigningKeyFile(value: unknown): value is DevSigningKeyFile {
  const v = value as Partial<DevSigningKeyFile> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.kid === 'string' && v.alg === DEV_SIGNING_ALG &&
    typeof v.privateJwk?.d === 'string' && typeof v.publicJwk?.x === 'string'
  );
}

/** Reads the data directory's dev signing key, generating it on first use. */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKeyFile> {
  return readOrCreateSecretFile(
    devSigningKeyPath(dataDir),
    async () => {
      const { privateKey, publicKey } = await generateKeyPair(DEV_SIGNING_ALG, { crv: 'Ed25519', extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      const privateJwk = await exportJWK(privateKey);
      return {
        kid,
        alg: DEV_SIGNING_ALG,
        createdAt: new Date().toISOString(),
        privateJwk: { ...privateJwk, kid, alg: DEV_SIGNING_ALG },
        publicJwk: { ...publicJwk, kid, alg: DEV_SIGNING_ALG, use: 'sig' },
      } satisfies DevSigningKeyFile;
    },
    isDevSigningKeyFile,
  );
}

export interface IssueDevTokenInput {
  role: Role | string;
  /** 6-digit GB/T 2260 division code. */
  division: string;
  /** The actor id; default `dev-<role>-<division>`. */
  sub?: string;
  /** Lifetime in seconds; default 8 hours (a working day), at most 30 days. */
  ttlSeconds?: number;
}

export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 8 * 3600;
export const MAX_DEV_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** Both halves of embedded mode: verifies bearer tokens and issues them with the local key. */
export class DevTokenAuthority implements TokenVerifier {
  private readonly verifier: JwtTokenVerifier;

  private constructor(
    private readonly key: DevSigningKeyFile,
    private readonly privateKey: KeyLike | Uint8Array,
    private readonly options: Required<Pick<TokenCheckOptions, 'issuer' | 'audience'>> & TokenCheckOptions,
  ) {
    this.verifier = new JwtTokenVerifier(createLocalJWKSet(this.jwks), { ...options, algorithms: [DEV_SIGNING_ALG] });
  }

  static async open(key: DevSigningKeyFile, options: Required<Pick<TokenCheckOptions, 'issuer' | 'audience'>> & TokenCheckOptions) {
    return new DevTokenAuthority(key, await importJWK(key.privateJwk, DEV_SIGNING_ALG), options);
  }

  /** The public key set, as an identity provider would publish it. */
  get jwks(): JSONWebKeySet {
    return { keys: [this.key.publicJwk] };
  }

  verify(authorization: string | null | undefined): Promise<Actor> {
    return this.verifier.verify(authorization);
  }

  /** Signs a token for local use (`benefits token`, tests). Refuses unknown roles and bad division codes. */
  async issueDevToken(input: IssueDevTokenInput): Promise<string> {
    if (!isRole(input.role)) {
      throw IdentityErrors.INVALID_ARGUMENT(
        `未知角色 ${JSON.stringify(input.role)}，可用角色：${ROLES.join('、')}`,
        `unknown role ${JSON.stringify(input.role)}; roles: ${ROLES.join(', ')}`,
        { field: 'role' },
      );
    }
    if (!isDivisionCode(input.division)) {
      throw IdentityErrors.INVALID_ARGUMENT(
        `行政区划代码 ${JSON.stringify(input.division)} 无效，应为 6 位 GB/T 2260 代码，如 330402`,
        `division ${JSON.stringify(input.division)} is not a 6-digit GB/T 2260 code such as 330402`,
        { field: 'division' },
      );
    }
    const ttl = input.ttlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_DEV_TOKEN_TTL_SECONDS) {
      throw IdentityErrors.INVALID_ARGUMENT(
        `有效期应为 1 到 ${MAX_DEV_TOKEN_TTL_SECONDS} 之间的整数秒`,
        `ttl must be a whole number of seconds between 1 and ${MAX_DEV_TOKEN_TTL_SECONDS}`,
        { field: 'ttlSeconds' },
      );
    }
    const sub = input.sub ?? `dev-${input.role}-${input.division}`;
    if (sub.trim() === '' || sub.length > 200) {
      throw IdentityErrors.INVALID_ARGUMENT('用户标识不能为空且不超过 200 个字符', 'sub must be 1 to 200 characters', { field: 'sub' });
    }
    const iat = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    return new SignJWT({ role: input.role, division: input.division })
      .setProtectedHeader({ alg: DEV_SIGNING_ALG, kid: this.key.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(this.privateKey);
  }
}

export interface DevTokenVerifierOptions extends Partial<TokenCheckOptions> {
  /** The data directory (BENEFITS_DATA_DIR); the key lives in `<dataDir>/identity/`. */
  dataDir: string;
}

/** Embedded mode: opens (or creates) the local signing key and verifies tokens against its public half. */
export async function createDevTokenVerifier(options: DevTokenVerifierOptions): Promise<DevTokenAuthority> {
  const key = await loadOrCreateDevSigningKey(options.dataDir);
  return DevTokenAuthority.open(key, {
    ...options,
    issuer: options.issuer ?? DEFAULT_DEV_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
  });
}
