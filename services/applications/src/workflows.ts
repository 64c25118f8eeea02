import type { BenefitWorkflow } from './integration/benefit-workflow';
import { tefuWorkflow } from './tefu/tefu-workflow';

/** Every benefit's case workflow, as the integration plumbing (facts out, determinations in) sees it. */
export const BENEFIT_WORKFLOWS: readonly BenefitWorkflow[] = [tefuWorkflow];

export function workflowOfEventType(type: string): BenefitWorkflow | undefined {
  return BENEFIT_WORKFLOWS.find((w) => w.ownsEventType(type));
}
