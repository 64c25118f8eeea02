import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema } from '@benefits/http';
import { CaseListSchema, ListCasesQuerySchema } from './case-list.schemas';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });

export function describeCaseIndexRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/cases',
    summary: 'List cases of every benefit: by benefit, status, division, due items and overdue',
    description:
      "From the case index, a read model built from the case streams. Only cases of the caller's division and the divisions under it. " +
      'The answer waits briefly (up to 2 s) until the index has applied every event committed before the request; `position` and `caughtUp` say how fresh it is ' +
      '(a late index answers with `caughtUp: false` rather than 503). ' +
      'Pages: pass `nextCursor` as `cursor` with the same other parameters. Any role.',
    tags: ['cases'],
    request: { query: ListCasesQuerySchema },
    responses: {
      200: { description: 'one page of cases', content: { 'application/json': { schema: CaseListSchema } } },
      ...authenticatedErrors,
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_CURSOR'),
      403: problem('DIVISION_NOT_ALLOWED: the division asked for is outside yours'),
      503: problem('READ_MODEL_UNAVAILABLE: the read store cannot be reached'),
    },
  });
}
