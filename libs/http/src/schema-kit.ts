import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

/**
 * The part of @benefits/http that request schemas need, with no server dependency: zod extended
 * with `.openapi()`, and the shared Actor and Problem schemas. The web console bundles the services'
 * schema files against this module, so its forms validate with the very schemas the controllers parse.
 */
extendZodWithOpenApi(z);

export { z };

/** The error body every endpoint returns on a 4xx/5xx. */
export const ProblemSchema = z
  .object({
    code: z.string().openapi({ example: 'VALIDATION_FAILED', description: 'stable machine-readable code' }),
    message: z.object({ zh: z.string(), en: z.string() }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem');

export const ActorSchema = z
  .object({
    id: z.string(),
    role: z.string(),
    divisionCode: z.string().regex(/^\d{6}$/),
  })
  .openapi('Actor');
