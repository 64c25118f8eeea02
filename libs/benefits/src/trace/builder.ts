import type { Clause, Json, Reason, TraceParameter, TraceStep } from './types';

type StepInput = Omit<TraceStep, 'parameters' | 'facts' | 'policies' | 'clause'> &
  Partial<Pick<TraceStep, 'parameters' | 'facts' | 'policies' | 'clause'>>;

/** Collects trace steps and reasons in the order the rules run. */
export class TraceBuilder {
  readonly steps: TraceStep[] = [];
  readonly reasons: Reason[] = [];

  step(input: StepInput): Json {
    const step: TraceStep = {
      id: input.id,
      titleZh: input.titleZh,
      clause: input.clause ?? null,
      parameters: input.parameters ?? [],
      facts: input.facts ?? {},
      operation: input.operation,
      result: input.result,
      policies: input.policies ?? [],
    };
    if (input.rounding) step.rounding = input.rounding;
    this.steps.push(step);
    return input.result;
  }

  reason(code: string, zh: string, en: string, clause: Clause | null, policy?: string): void {
    const reason: Reason = { code, zh, en, clause };
    if (policy) reason.policy = policy;
    this.reasons.push(reason);
  }
}

export function param(key: string, value: Json, source?: TraceParameter['source']): TraceParameter {
  return source ? { key, value, source } : { key, value };
}
