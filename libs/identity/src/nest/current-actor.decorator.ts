import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../actor';

/** The property of the request on which AuthGuard puts the verified actor. */
export const ACTOR_REQUEST_KEY = 'actor';

export interface RequestWithActor {
  [ACTOR_REQUEST_KEY]?: Actor;
}

/** The verified actor of a request, or undefined on a public route. */
export function actorOf(request: unknown): Actor | undefined {
  return (request as RequestWithActor | undefined)?.[ACTOR_REQUEST_KEY];
}

/**
 * Injects the actor verified by AuthGuard: `handle(@CurrentActor() actor: Actor)`. It is the only
 * source of the actor — a body field called `actor` or `role` means nothing.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = actorOf(context.switchToHttp().getRequest());
  if (!actor) {
    // A route marked @Public() asked for an actor: a programming error, not the caller's.
    throw new Error('@CurrentActor() used on a route without an authenticated actor (is the route @Public()?)');
  }
  return actor;
});
