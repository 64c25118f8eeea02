import { isUuid } from '@benefits/kernel';
import { z } from '@benefits/http';

/** A case id in a route: the lowercase UUID the service gave the case (every benefit). */
export const CaseIdSchema = z
  .string()
  .refine(isUuid, { message: 'expected a case id (lowercase UUID)' })
  .openapi({ type: 'string', format: 'uuid', example: '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b' });

export const CaseIdParamsSchema = z.object({ caseId: CaseIdSchema });
