/**
 * The route a request matched, as traces and metrics label it. Express knows the pattern that
 * matched (`/cases/dibao/:caseId/:step`); a handler that serves several documented routes through
 * one pattern (a benefit's step table) names the one it served, so the label is the documented route
 * (`/cases/dibao/:caseId/accept`). A handler names the route only once it knows the value is one of
 * its routes: an unknown path keeps the pattern, so labels stay a bounded set.
 */
const MATCHED = Symbol.for('benefits.matchedRouteParameter');

type Named = { [MATCHED]?: { parameter: string; value: string } };

/** Names the route served: the pattern's `:<parameter>` is replaced by `value` in traces and metrics. */
export function nameMatchedRoute(request: object, parameter: string, value: string): void {
  (request as Named)[MATCHED] = { parameter, value };
}

/** The route pattern a request matched, with the parameter its handler named filled in; null when no route matched. */
export function matchedRoutePath(request: { route?: { path?: unknown } }): string | null {
  const path = request.route?.path;
  if (typeof path !== 'string') return null;
  const named = (request as Named)[MATCHED];
  if (!named) return path;
  return path
    .split('/')
    .map((segment) => (segment === `:${named.parameter}` ? named.value : segment))
    .join('/');
}
