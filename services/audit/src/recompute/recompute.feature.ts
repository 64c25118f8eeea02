import { READ_MODELS, SERVICE_RUNTIME, authenticatedErrors, ProblemSchema, z, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import type { AuditFeature } from '../feature';
import { AUDIT_SOURCE } from '../audit-source';
import type { AuditSource } from '../replica/replica-store';
import { RECOMPUTATION_JOBS, RecomputationController } from './recomputation.controller';
import { RecomputationJobs } from './recomputation.jobs';
import { RecomputationIdSchema, RecomputationReportSchema, ReportQuerySchema, StartRecomputationSchema } from './recompute.schemas';

/** 重算 (ADR 0012 §3): determinations and payments recomputed from what they pinned; see docs/audit/recomputation.md. */
export const recomputeFeature: AuditFeature = {
  name: 'recompute',
  controllers: [RecomputationController],
  providers: () => [
    {
      provide: RECOMPUTATION_JOBS,
      inject: [SERVICE_RUNTIME, AUDIT_SOURCE, READ_MODELS],
      useFactory: (runtime: ServiceRuntime, source: AuditSource, readModels: ReadModels) => new RecomputationJobs(runtime.store, source, readModels),
    },
  ],
  describeRoutes: (registry) => {
    const report = { content: { 'application/json': { schema: RecomputationReportSchema } } };
    const problem = { content: { 'application/json': { schema: ProblemSchema } } };
    registry.registerPath({
      method: 'post',
      path: '/audit/recomputations',
      summary: 'Recompute determinations and payments of a case or a division from what they pinned',
      description:
        'Starts a recomputation in the background and records it on recomputation-<id> (Started, one PageRecorded per page of cases, Completed with counts and resultHash). ' +
        'Each determination is recomputed with the eligibility engine from its pinned rule pack (standard version), ruleset version, 低保标准 B and recorded facts; each payment from its schedule, ' +
        'the schedule eligibility issued and the period evaluated again. With the id of an unfinished recomputation it resumes after the last recorded page. Roles auditor and admin, within their division.',
      tags: ['recomputation'],
      request: { body: { content: { 'application/json': { schema: StartRecomputationSchema } } } },
      responses: {
        202: { description: 'started or resumed (Location: the report)', ...report },
        200: { description: 'the id names a completed recomputation: its report', ...report },
        400: { description: 'VALIDATION_FAILED, UNKNOWN_FIELD', ...problem },
        401: authenticatedErrors[401],
        403: { description: 'FORBIDDEN (role), DIVISION_OUT_OF_SCOPE', ...problem },
        404: { description: 'CASE_NOT_FOUND', ...problem },
        409: { description: 'RECOMPUTATION_SCOPE_CONFLICT: the id was used for another scope', ...problem },
        503: { description: 'READ_MODEL_BEHIND (audit.case-streams did not catch up in time; Retry-After)', ...problem },
      },
    });
    registry.registerPath({
      method: 'get',
      path: '/audit/recomputations/{recomputationId}',
      summary: "A recomputation's status, progress, counts, result hash and its mismatches (paged)",
      tags: ['recomputation'],
      request: { params: z.object({ recomputationId: RecomputationIdSchema }), query: ReportQuerySchema },
      responses: {
        200: { description: 'the report', ...report },
        400: { description: 'VALIDATION_FAILED, RECOMPUTATION_CURSOR_INVALID', ...problem },
        401: authenticatedErrors[401],
        403: { description: 'FORBIDDEN (role), DIVISION_OUT_OF_SCOPE', ...problem },
        404: { description: 'RECOMPUTATION_NOT_FOUND', ...problem },
      },
    });
  },
};
