import { Body, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { nameMatchedRoute } from '@benefits/http';
import { caseStep, type UpdatesCases } from '../case-http';
import { CaseIdSchema } from '../case-id.schema';
import { stepCommandFor, type StepRoute } from './step-routes';

/**
 * The shared step route of a benefit's case controller: `POST <prefix>/{caseId}/:step` serves every
 * row of the benefit's step table — the row's body schema parses the body (400), the row's command is
 * built with the verified actor and the clock, then the precondition (428), the case (404, 412) and
 * the decider. A path not in the table is 404 NOT_FOUND, as an unknown route is.
 *
 * A benefit's controller extends this and declares only its own routes (creation, the case view, the
 * rows marked `own`). Nest registers a class's own handlers before those it inherits, so an `own`
 * row's handler is matched before this route.
 */
export abstract class CaseStepsController<Update> {
  /** The benefit's step table (`<benefit>.routes.ts`). */
  protected abstract readonly stepRoutes: readonly StepRoute[];
  /** Where the step's command is decided and appended. */
  protected abstract readonly cases: UpdatesCases<Update>;
  /** The metadata of a command: the verified actor, the clock's now and what else the benefit's decider reads. */
  protected abstract stepMetadata(actor: Actor): object;

  @Post(':caseId/:step')
  @HttpCode(200)
  takeStep(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Param('step') path: string,
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ) {
    const { schema, build } = stepCommandFor<Update>(this.stepRoutes, path, this.stepMetadata(actor));
    // A step of the table: traces and metrics name its documented route, not the shared pattern.
    nameMatchedRoute(req, 'step', path);
    return caseStep(this.cases, CaseIdSchema, req, res, caseId, body, schema, build);
  }
}
