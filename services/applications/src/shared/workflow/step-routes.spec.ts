import { isDomainError } from '@benefits/kernel';
import { DIBAO_WORKFLOW } from '../../dibao/decide';
import { DIBAO_STEP_ROUTES } from '../../dibao/dibao.routes';
import { LINSHI_WORKFLOW } from '../../linshi/decide';
import { LINSHI_STEP_ROUTES } from '../../linshi/linshi.routes';
import { TEFU_WORKFLOW } from '../../tefu/decide';
import { TEFU_STEP_ROUTES } from '../../tefu/tefu.routes';
import { EXAMPLE_WORKFLOW } from '../../../../../test/fixtures/example-benefit/workflow/decide';
import { EXAMPLE_STEP_ROUTES } from '../../../../../test/fixtures/example-benefit/routes';
import { stepRouteFor, type StepRoute } from './step-routes';

describe('step routes: one row per step of the workflow', () => {
  it.each([
    ['低保', DIBAO_WORKFLOW.steps, DIBAO_STEP_ROUTES],
    ['临时救助', LINSHI_WORKFLOW.steps, LINSHI_STEP_ROUTES],
    ['the example benefit (fixture)', EXAMPLE_WORKFLOW.steps, EXAMPLE_STEP_ROUTES],
  ] as [string, object, readonly StepRoute[]][])('%s: every step has exactly one route, every route a step, paths unique', (_name, steps, routes) => {
    expect(routes.map((r) => r.command).sort()).toEqual(Object.keys(steps).sort());
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
  });

  it('计生特扶: every step has one route except MarkAnnualReviewOverdue, which only the 年审 tick takes; paths unique', () => {
    const routed = Object.keys(TEFU_WORKFLOW.steps).filter((step) => step !== 'MarkAnnualReviewOverdue');
    expect(TEFU_STEP_ROUTES.map((r) => r.command).sort()).toEqual(routed.sort());
    expect(new Set(TEFU_STEP_ROUTES.map((r) => r.path)).size).toBe(TEFU_STEP_ROUTES.length);
  });

  it('finds the row of a path served by the shared route; an unknown path, or one with its own handler, is 404 NOT_FOUND', () => {
    expect(stepRouteFor(DIBAO_STEP_ROUTES, 'accept').command).toBe('AcceptApplication');
    for (const path of ['nope', 'changes', '']) {
      let thrown: unknown;
      try {
        stepRouteFor(DIBAO_STEP_ROUTES, path);
      } catch (error) {
        thrown = error;
      }
      expect(isDomainError(thrown, 'NOT_FOUND')).toBe(true);
    }
  });
});
