import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { ChainReportSchema, StreamIdSchema } from '../chain.schemas';
import { CaseHistorySchema, CaseIdSchema, HistoryQuerySchema } from './history.schemas';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });

/**
 * The OpenAPI description of case replay and single-stream verification (ADR 0012 §1, §2), for
 * service.ts's describeRoutes: `describeHistoryRoutes(registry)` in place of the two registerPath
 * calls there.
 */
export function describeHistoryRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/audit/streams/{streamId}/verify',
    summary: "Recompute a stream's hash chain and report the first broken link",
    description:
      "Roles auditor and admin. A case's stream (case-, facts-, determination-, entitlement-, payment-<caseId>…) is scoped like the case: " +
      "the case's division (audit.case-streams document case-<caseId>) must be the actor's own or under it (a province covers everything below). " +
      'Any other stream (envelopes, accounts, runs, audit reports): admin only. Out of scope: 403 DIVISION_OUT_OF_SCOPE.',
    tags: ['tamper evidence'],
    request: { params: z.object({ streamId: StreamIdSchema }) },
    responses: {
      200: { description: 'verdict', content: { 'application/json': { schema: ChainReportSchema } } },
      401: authenticatedErrors[401],
      403: problem("FORBIDDEN (role), DIVISION_OUT_OF_SCOPE (the case's division is not the actor's or under it; a stream of no case and the actor is not admin)"),
      404: problem('no such stream (NOT_FOUND)'),
      503: problem('READ_MODEL_BEHIND (Retry-After), READ_MODEL_UNAVAILABLE'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/cases/{caseId}/history',
    summary: "A case replayed as known at / as effective on: timeline with the state after each event, determinations, payments traced to the clause",
    description:
      'Roles auditor and admin, for cases of their division or under it (403 DIVISION_OUT_OF_SCOPE otherwise). ' +
      'Timeline: every event of case-<caseId> with type, revision, actor, recorded time, effective dates, hash-chain verdict, whether it counts as effective ' +
      'on asEffectiveOn, and the reconstructed case state after it (status from the lifecycle events of 特扶/低保/临时救助, payment suspension, approved ' +
      'determination, facts in force by kind). Determinations: each determination recorded on the case\'s determination streams with its effective period, ' +
      'standardRef, ruleset version and trace, and whether it is the one in force on asEffectiveOn. Payments: each payment-<caseId>-… stream with schedule ' +
      'version, determinationId, standardRef, the determination\'s trace, and whether it is for asEffectiveOn. ' +
      '?asKnownAt=<log position> reads each stream up to that position (the store\'s order); ?asKnownAt=<ISO-8601 instant with offset> keeps the events ' +
      'whose recordedAt is at or before it (each stream read by id, then cut). ?asEffectiveOn=<yyyy-mm-dd> folds, of the events known, only those whose ' +
      'effectiveFrom is on or before the date (events without effectiveFrom count from the Asia/Shanghai date they were recorded on); of two fact records ' +
      'for the same date the one recorded later wins. The two axes are independent. ' +
      "The case's streams are listed by the read model audit.case-streams (never by scanning the log); the request first waits (up to 5 s) until it has applied everything recorded before the request, " +
      'so a payment written just before is in the history; otherwise 503 READ_MODEL_BEHIND with Retry-After (seconds), and the request can be repeated.',
    tags: ['replay'],
    request: { params: z.object({ caseId: CaseIdSchema }), query: HistoryQuerySchema },
    responses: {
      200: { description: 'the history', content: { 'application/json': { schema: CaseHistorySchema } } },
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_POSITION (not a log position of this store), INVALID_INSTANT (a date-time without offset or not a calendar instant)'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN (role), DIVISION_OUT_OF_SCOPE'),
      404: problem('no such case, or none yet at asKnownAt (CASE_NOT_FOUND)'),
      503: {
        description: 'READ_MODEL_BEHIND (the case-streams read model did not catch up in time; Retry-After), READ_MODEL_UNAVAILABLE',
        headers: { 'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' as const } } },
        content: { 'application/json': { schema: ProblemSchema } },
      },
    },
  });
}
