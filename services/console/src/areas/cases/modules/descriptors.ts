import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';

/**
 * Benefits registered as modules (ADR 0019), as applications describes them at
 * `GET /applications/case-benefits`: their name, status words, and the JSON Schema of the
 * application's body and of each step's. The console serves their cases from this alone.
 */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  title?: string;
  format?: string;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

/** A step as the case page offers it: by role (null: the benefit checks) and status (null: any); `makerChecker`: an approver who recorded no step of the case. */
type StepOffer = { roles: string[] | null; makerChecker: boolean; statuses: string[] | null };

/** A step of the module's route table: its path, button label, OpenAPI text and body schema. */
export type CaseBenefitStep = { path: string; label: string; summary: string; description: string; internal: boolean; schema: JsonSchema } & StepOffer;

/**
 * Whether the page offers a step to this role on a case in this status: what the module declares of
 * its workflow. The service decides again (division, maker-checker, the case's revision).
 */
export function offersStep(step: CaseBenefitStep, role: string | undefined, status: string | undefined): boolean {
  if (step.internal) return false;
  if (step.roles && !(role && step.roles.includes(role))) return false;
  if (step.statuses && !(status && step.statuses.includes(status))) return false;
  return true;
}

export interface CaseBenefitDescriptor {
  benefit: string;
  nameZh: string;
  statusLabelsZh: Record<string, string>;
  create: { schema: JsonSchema };
  steps: CaseBenefitStep[];
}

/** The registered benefits (none in a deployment that loads no module); read once per session. */
export function useCaseBenefits() {
  return useQuery({
    queryKey: ['applications', 'case-benefits'],
    queryFn: async () => (await api<{ items: CaseBenefitDescriptor[] }>('applications', '/applications/case-benefits')).data.items,
    staleTime: Infinity,
  });
}

/** A registered benefit's descriptor, or undefined while loading or when the benefit is not registered. */
export function useCaseBenefit(benefit: string): { descriptor: CaseBenefitDescriptor | undefined; query: ReturnType<typeof useCaseBenefits> } {
  const query = useCaseBenefits();
  return { descriptor: query.data?.find((d) => d.benefit === benefit), query };
}

/**
 * A benefit's name as the case pages show it, [zh, en]: a shipped benefit's own words (without the
 * English gloss in brackets), a registered one's name from its description, else its id.
 */
export function benefitName(benefit: string, shipped: Readonly<Record<string, readonly [string, string]>>, registered: readonly CaseBenefitDescriptor[]): [string, string] {
  const words = shipped[benefit];
  if (words) return [words[0], words[1].split(' (')[0]];
  const name = registered.find((d) => d.benefit === benefit)?.nameZh ?? benefit;
  return [name, name];
}
