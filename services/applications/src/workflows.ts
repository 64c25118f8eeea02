import type { BenefitWorkflow } from './integration/benefit-workflow';
import { tefuWorkflow } from './tefu/tefu-workflow';
import { dibaoWorkflow } from './dibao/dibao-workflow';
import { linshiWorkflow } from './linshi/linshi-workflow';
import { registeredCaseBenefits } from './shared/workflow/case-benefit';

/** The shipped benefits' case workflows, as the integration plumbing (facts out, determinations in) sees them. */
export const BENEFIT_WORKFLOWS: readonly BenefitWorkflow[] = [tefuWorkflow, dibaoWorkflow, linshiWorkflow];

/** Every benefit's case workflow: the shipped ones, then those of benefits registered as modules (`registerCaseBenefit`). */
export function benefitWorkflows(): readonly BenefitWorkflow[] {
  const added = registeredCaseBenefits().map((r) => r.module.workflow);
  return added.length === 0 ? BENEFIT_WORKFLOWS : [...BENEFIT_WORKFLOWS, ...added];
}

export function workflowOfEventType(type: string): BenefitWorkflow | undefined {
  return benefitWorkflows().find((w) => w.ownsEventType(type));
}
