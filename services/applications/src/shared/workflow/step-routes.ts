/**
 * The HTTP side of a step table: one row per step — the last segment of
 * `POST /cases/<benefit>/{caseId}/<path>`, the command it builds, the body schema and the OpenAPI
 * text. The benefit's controller serves every row through one route (`:caseId/:step`) and its OpenAPI
 * file describes every row, so a step's route and its documentation come from the same line.
 * A row marked `own` has a handler of its own in the controller (declared before the shared route),
 * for a step that does more than parse and decide (such as registering new members in the vault).
 */
import { Errors } from '@benefits/kernel';
import type { z } from '@benefits/http';

export interface StepRoute<Type extends string = string> {
  path: string;
  command: Type;
  schema: z.ZodType;
  summary: string;
  description: string;
  /** Listed under the `internal` tag as well (a temporary route other services will replace). */
  internal?: boolean;
  own?: boolean;
}

/** The row for a path served by the shared route; any other path is 404 NOT_FOUND, as an unknown route is. */
export function stepRouteFor<Route extends StepRoute>(routes: readonly Route[], path: string): Route {
  const route = routes.find((r) => r.path === path && !r.own);
  if (!route) throw Errors.NOT_FOUND({ reason: 'route' });
  return route;
}
