import { Controller, Get } from '@nestjs/common';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { CurrentActor } from '@benefits/identity';
import { authenticatedErrors, z } from '@benefits/http';
import type { Actor } from '@benefits/kernel';
import { registeredCaseBenefits, type CaseBenefitModule, type StepOffer } from './case-benefit';

/**
 * `GET /applications/case-benefits`: the benefits registered as modules (ADR 0019) as the web console
 * needs them to serve their cases without code of its own — the benefit, its name, and for the
 * application and every step of its route table the path, the OpenAPI text and the body's JSON
 * Schema (from the same zod schema the route parses with, so a form built from it asks for what the
 * service accepts). The shipped benefits have pages of their own and are not listed.
 */
export interface CaseBenefitDescriptor {
  benefit: string;
  nameZh: string;
  statusLabelsZh: Record<string, string>;
  create: { schema: object };
  steps: CaseBenefitStepDescriptor[];
}

/**
 * A step of a registered benefit. `roles`: the roles that may take it (null when the module does not
 * say, or its own check decides); `makerChecker`: an approver who recorded no step of the case;
 * `statuses`: the statuses it is taken in (null: any, or the step checks itself). The console offers
 * a step by these; the service still decides (division, maker-checker, the case's revision).
 */
export interface CaseBenefitStepDescriptor {
  path: string;
  label: string;
  summary: string;
  description: string;
  internal: boolean;
  roles: string[] | null;
  makerChecker: boolean;
  statuses: string[] | null;
  schema: object;
}

/** Who may take a step and when, as the descriptor says it. */
export function offerOf(step: StepOffer | undefined): Pick<CaseBenefitStepDescriptor, 'roles' | 'makerChecker' | 'statuses'> {
  if (!step) return { roles: null, makerChecker: false, statuses: null };
  const statuses = Array.isArray(step.in) ? [...step.in] : null;
  if (step.by === 'decisionMaker') return { roles: ['approver'], makerChecker: true, statuses };
  return { roles: Array.isArray(step.by) ? [...step.by] : null, makerChecker: false, statuses };
}

/** A body schema as JSON Schema (the input side: what a client sends). */
function jsonSchemaOf(schema: z.ZodType): object {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

// A module does not change once registered: its description (the JSON Schemas) is made once.
const described = new WeakMap<CaseBenefitModule, CaseBenefitDescriptor>();

export function caseBenefitDescriptor(module: CaseBenefitModule): CaseBenefitDescriptor {
  let descriptor = described.get(module);
  if (!descriptor) {
    descriptor = describe(module);
    described.set(module, descriptor);
  }
  return descriptor;
}

function describe(module: CaseBenefitModule): CaseBenefitDescriptor {
  return {
    benefit: module.benefit,
    nameZh: module.titleZh,
    statusLabelsZh: { ...module.statusLabelsZh },
    create: { schema: jsonSchemaOf(module.create.schema) },
    steps: module.stepRoutes
      .filter((row) => !row.own)
      .map((row) => ({
        path: row.path,
        label: row.label ?? row.summary,
        summary: row.summary,
        description: row.description,
        internal: row.internal === true,
        ...offerOf(module.steps?.[row.command]),
        schema: jsonSchemaOf(row.schema),
      })),
  };
}

@Controller('applications/case-benefits')
export class CaseBenefitsController {
  @Get()
  list(@CurrentActor() _actor: Actor): { items: CaseBenefitDescriptor[] } {
    return { items: registeredCaseBenefits().map(({ module }) => caseBenefitDescriptor(module)) };
  }
}

const DescriptorSchema = z.object({
  benefit: z.string(),
  nameZh: z.string(),
  statusLabelsZh: z.record(z.string(), z.string()),
  create: z.object({ schema: z.record(z.string(), z.unknown()) }),
  steps: z.array(
    z.object({
      path: z.string(),
      label: z.string(),
      summary: z.string(),
      description: z.string(),
      internal: z.boolean(),
      roles: z.array(z.string()).nullable().describe('the roles that may take the step; null when the benefit checks it itself'),
      makerChecker: z.boolean().describe('an approver who recorded no step of the case'),
      statuses: z.array(z.string()).nullable().describe('the statuses the step is taken in; null: any'),
      schema: z.record(z.string(), z.unknown()),
    }),
  ),
});

export function describeCaseBenefitsRoute(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/applications/case-benefits',
    summary: 'The benefits registered as modules, with the JSON Schema of each body (for forms)',
    description: 'Any signed-in role. The shipped benefits (dibao, linshi, tefu) are not listed: they have their own routes and pages.',
    tags: ['case benefits'],
    responses: {
      200: { description: 'the registered benefits', content: { 'application/json': { schema: z.object({ items: z.array(DescriptorSchema) }) } } },
      ...authenticatedErrors,
    },
  });
}
