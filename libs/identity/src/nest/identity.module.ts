import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { TokenVerifier } from '../tokens/token-verifier';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';

/**
 * Registers the TokenVerifier and AuthGuard as the application's global guard:
 * `imports: [IdentityModule.forRoot({ verifier })]`. Equivalent to
 * `app.useGlobalGuards(new AuthGuard(verifier, app.get(Reflector)))`.
 */
@Module({})
export class IdentityModule {
  static forRoot(options: { verifier: TokenVerifier }): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      providers: [{ provide: TOKEN_VERIFIER, useValue: options.verifier }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TOKEN_VERIFIER],
    };
  }
}
