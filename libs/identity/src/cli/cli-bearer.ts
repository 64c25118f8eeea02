import { existsSync } from 'node:fs';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../tokens/claims';
import { createDevTokenVerifier, devSigningKeyPath } from '../tokens/dev-tokens';

/** Why a command-line client has no bearer token to send: always TOKEN_REQUIRED, in both languages. */
export class CliTokenRequired extends Error {
  readonly code = 'TOKEN_REQUIRED';
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'CliTokenRequired';
  }
}

export interface CliBearerInput {
  /** --token as given (a leading "Bearer " is dropped). */
  token?: string;
  /** --data-dir; default BENEFITS_DATA_DIR or ./.data. */
  dataDir?: string;
  role: string;
  division: string;
  sub: string;
  ttlSeconds: number;
}

/**
 * The bearer token a command-line client sends to the running services: --token as given, else a
 * development token signed with the data directory's key (the embedded default). Refused in
 * production mode (BENEFITS_JWKS_URL set) and when the data directory has no development key.
 */
export async function cliBearer(input: CliBearerInput, env: NodeJS.ProcessEnv): Promise<string> {
  if (input.token !== undefined) return input.token.replace(/^Bearer\s+/i, '');
  if (env.BENEFITS_JWKS_URL) {
    throw new CliTokenRequired(
      '已配置 BENEFITS_JWKS_URL（生产模式），服务不接受本地开发令牌；请用 --token 提供令牌',
      'BENEFITS_JWKS_URL is set (production mode): services do not accept local dev tokens; pass a token with --token',
    );
  }
  const dataDir = input.dataDir ?? (env.BENEFITS_DATA_DIR || './.data');
  if (!existsSync(devSigningKeyPath(dataDir))) {
    throw new CliTokenRequired(
      `数据目录 ${dataDir} 中没有本地开发密钥（服务是否以 npm start 在此目录运行？）；请用 --token 提供令牌`,
      `no local development key in ${dataDir} (are the services running here with npm start?); pass a token with --token`,
    );
  }
  const authority = await createDevTokenVerifier({ dataDir, issuer: env.BENEFITS_TOKEN_ISSUER || DEFAULT_DEV_ISSUER, audience: env.BENEFITS_TOKEN_AUDIENCE || DEFAULT_AUDIENCE });
  return authority.issueDevToken({ role: input.role, division: input.division, sub: input.sub, ttlSeconds: input.ttlSeconds });
}
