import type { IncomingMessage } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { correlationIdOf } from '@benefits/http';
import type { CommandContext } from './disbursement.handlers';

/** The context of a command from an HTTP request: the verified caller, the request's correlation id, now. */
export function commandContext(actor: Actor, request: Pick<IncomingMessage, 'headers'>): CommandContext {
  return { actor, correlationId: correlationIdOf(request), now: new Date() };
}
