import type { BenefitWorkflow } from './integration/benefit-workflow';
import { tefuWorkflow } from './tefu/tefu-workflow';
import { dibaoWorkflow } from './dibao/dibao-workflow';
import { linshiWorkflow } from './linshi/linshi-workflow';

/** Every benefit's case workflow, as the integration plumbing (facts out, determinations in) sees it. */
export const BENEFIT_WORKFLOWS: readonly BenefitWorkflow[] = [tefuWorkflow, dibaoWorkflow, linshiWorkflow];

export function workflowOfEventType(type: string): BenefitWorkflow | undefined {
  return BENEFIT_WORKFLOWS.find((w) => w.ownsEventType(type));
}
