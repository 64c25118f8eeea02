import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TokenVerifier } from '../tokens/token-verifier';
import { ACTOR_REQUEST_KEY } from './current-actor.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';

/** Injection token of the TokenVerifier the guard uses. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Global guard: every HTTP route requires `Authorization: Bearer <jwt>` unless it (or its
 * controller) is @Public(). The verified actor is put on the request for @CurrentActor().
 * A refused token throws the identity error (UNAUTHENTICATED, 401) for the exception filter to map.
 *
 * Only HTTP is guarded: bus messages (@EventPattern) carry their actor in event metadata, and
 * their authenticity is the broker's business (ACLs), not a bearer token's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers.authorization;
    const actor = await this.verifier.verify(Array.isArray(header) ? header[0] : header);
    (request as Record<string, unknown>)[ACTOR_REQUEST_KEY] = actor;
    return true;
  }
}
