import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { correlationIdOf, parseIfMatch, parseOrThrow, setETag, type z } from '@benefits/http';
import type { PersonalDataAccess } from '@benefits/identity';
import type { CaseCommandOutcome, CommandContext } from './case-commands';

/** Controller plumbing every case workflow's HTTP API shares. */

/** Where "now" comes from for commands; replaced in tests. */
export type Clock = () => Date;

/** The metadata of a command: the verified actor (never a field of the body) and the clock's now. */
export function caseMetadata(clock: Clock, actor: Actor): { now: Date; actor: Actor } {
  return { now: clock(), actor };
}

/** Who opens personal data for a case view (an officer handling cases), for the vault's access log. */
export function caseHandlingAccess(actor: Actor, request: IncomingMessage): PersonalDataAccess {
  return { actor, purpose: 'case-handling', correlationId: correlationIdOf(request) };
}

export function commandContextOf(request: IncomingMessage): CommandContext {
  return { correlationId: correlationIdOf(request) };
}

/** The response to a command: the case's id, revision and status; the revision also as the ETag. */
export function caseResult(outcome: CaseCommandOutcome<{ status: string }>, response: ServerResponse) {
  setETag(response, outcome.revision);
  return { caseId: outcome.caseId, revision: outcome.revision, status: outcome.state.status };
}

export interface UpdatesCases<Update> {
  update(command: Update, expectedRevision: number, context: CommandContext): Promise<CaseCommandOutcome<{ status: string }>>;
}

/** An update based on the client's If-Match (428 without it, 412 if the case moved since). */
export async function updateCase<Update>(cases: UpdatesCases<Update>, req: IncomingMessage, res: ServerResponse, command: Update) {
  const expectedRevision = parseIfMatch(req.headers['if-match']);
  const outcome = await cases.update(command, expectedRevision, commandContextOf(req));
  return caseResult(outcome, res);
}

/** A step on a case: input first (400), then the precondition (428), then the case (404, 412), then the decider. */
export function caseStep<S extends z.ZodType, Update>(
  cases: UpdatesCases<Update>,
  caseIdSchema: z.ZodType<string>,
  req: IncomingMessage,
  res: ServerResponse,
  rawCaseId: string,
  body: unknown,
  schema: S,
  build: (caseId: string, data: z.infer<S>) => Update,
) {
  const caseId = parseOrThrow(caseIdSchema, rawCaseId);
  const command = build(caseId, parseOrThrow(schema, body ?? {}));
  return updateCase(cases, req, res, command);
}
