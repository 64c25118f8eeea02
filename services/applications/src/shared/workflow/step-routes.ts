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
  /** The officers' short word for the step (e.g. 批准), the web console's button for a registered benefit; default the summary. */
  label?: string;
  own?: boolean;
}

/**
 * The rows of a benefit's commands, typed so that a row's body schema produces its command's data
 * (without the case id): a row whose schema does not fit the command it names does not compile
 * (rows with a handler of their own excepted).
 */
export type StepRouteTable<Command extends { type: string; data: { caseId: string } }> = readonly (
  | {
      [Type in Command['type']]: StepRoute<Type> & { schema: z.ZodType<Omit<Extract<Command, { type: Type }>['data'], 'caseId'>> };
    }[Command['type']]
  // A row with a handler of its own builds its command itself (e.g. after registering members in the vault).
  | (StepRoute<Command['type']> & { own: true })
)[];

/** The row for a path served by the shared route; any other path is 404 NOT_FOUND, as an unknown route is. */
export function stepRouteFor<Route extends StepRoute>(routes: readonly Route[], path: string): Route {
  const route = routes.find((r) => r.path === path && !r.own);
  if (!route) throw Errors.NOT_FOUND({ reason: 'route' });
  return route;
}

/**
 * What the shared route needs for a path: the row's body schema and how a parsed body becomes its
 * command (`{ type, data: { caseId, ...body }, metadata }`). The row names the command; its schema
 * is the command's data without the case id (StepRouteTable checks it for each row when the table compiles).
 */
export function stepCommandFor<Update>(
  routes: readonly StepRoute[],
  path: string,
  metadata: object,
): { schema: z.ZodType; build: (caseId: string, data: unknown) => Update } {
  const route = stepRouteFor(routes, path);
  return { schema: route.schema, build: (caseId, data) => ({ type: route.command, data: { caseId, ...(data as object) }, metadata }) as Update };
}
