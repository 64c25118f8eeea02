import { Module } from '@nestjs/common';
import {
  OPEN_VAULT,
  VaultConnection,
  vaultFromEnvironment,
  type OpenVault,
  SERVICE_RUNTIME,
  authenticatedErrors,
  describeProjectionRoutes,
  ProblemSchema,
  readModelsModule,
  z,
  type ServiceDefinition,
} from '@benefits/http';
import { AUDIT_SOURCE } from './audit-source';
import { ChainController } from './chain.controller';
import { ReplicaStore, type AuditSource } from './replica/replica-store';
import { caseStreamsProjection } from './read-models/case-streams.projection';
import { ChainReportSchema, StreamIdSchema } from './chain.schemas';
import { HistoryController } from './history/history.controller';
import type { AuditContext, AuditFeature } from './feature';
import { recomputeFeature } from './recompute/recompute.feature';
import { integrityFeature } from './integrity/integrity.feature';
import { anomaliesFeature } from './anomalies/anomalies.feature';
import { evidenceFeature } from './evidence/evidence.feature';
import { CaseHistorySchema, CaseIdSchema, HistoryQuerySchema } from './history/history.schemas';

@Module({})
class AuditModule {}

/** The audit capabilities besides replay and single-stream verification (ADR 0012), each in its folder. */
export const AUDIT_FEATURES: readonly AuditFeature[] = [recomputeFeature, integrityFeature, anomaliesFeature, evidenceFeature];

export interface AuditServiceOptions {
  /** Opens the personal-data vault (fingerprints for cross-division matches, evidence packages, the access log); default from the runtime configuration. */
  openVault?: OpenVault;
}

/** 审计: replay, recomputation, tamper evidence and anomaly lists. */
export function createAuditService(options: AuditServiceOptions = {}): ServiceDefinition {
  const openVault = options.openVault ?? vaultFromEnvironment();
  return {
    name: 'audit',
    title: 'audit — 审计回放与疑点',
    description: 'Case replay as known at / as effective on, recomputation, tamper evidence and anomaly (疑点) lists.',
    module: (runtime) => {
      // Separate processes: the replica of every service's log; embedded: the shared store. The read
      // models follow the same source, so their positions are positions of what the endpoints read.
      const source: AuditSource = runtime.messagingDb ? new ReplicaStore(runtime.messagingDb) : runtime.store;
      const context: AuditContext = { runtime, source };
      const projections = () => [caseStreamsProjection(), ...AUDIT_FEATURES.flatMap((f) => f.projections?.(context) ?? [])];
      return {
        module: AuditModule,
        imports: [readModelsModule(runtime, { projections, source: () => source })],
        controllers: [ChainController, HistoryController, ...AUDIT_FEATURES.flatMap((f) => f.controllers ?? [])],
        providers: [
          { provide: SERVICE_RUNTIME, useValue: runtime },
          { provide: AUDIT_SOURCE, useValue: source },
          { provide: OPEN_VAULT, useValue: openVault },
          VaultConnection,
          ...AUDIT_FEATURES.flatMap((f) => f.providers?.(context) ?? []),
        ],
      };
    },
    describeRoutes: (registry) => {
      registry.registerPath({
        method: 'get',
        path: '/audit/streams/{streamId}/verify',
        summary: "Recompute a stream's hash chain and report the first broken link",
        tags: ['tamper evidence'],
        request: { params: z.object({ streamId: StreamIdSchema }) },
        responses: {
          200: { description: 'verdict', content: { 'application/json': { schema: ChainReportSchema } } },
          404: { description: 'no such stream (NOT_FOUND)', content: { 'application/json': { schema: ProblemSchema } } },
          ...authenticatedErrors,
        },
      });
      registry.registerPath({
        method: 'get',
        path: '/audit/cases/{caseId}/history',
        summary: "A case's timeline and, for each of its payments, the trace back to the standard clause",
        description:
          'Timeline: every event of case-<caseId> with type, revision, actor, recorded time, effective dates and hash-chain verdict. ' +
          'Payments: each payment-<caseId>-… stream with its schedule version, determinationId, standardRef and, when recorded, the determination and its trace. ' +
          'With ?asKnownAt=<log position> only what had been recorded by then. ' +
          "The case's streams are listed by the read model audit.case-streams (never by scanning the log); the request first waits (up to 5 s) until it has applied everything recorded before the request, " +
          'so a payment written just before is in the history; otherwise 503 READ_MODEL_BEHIND with Retry-After (seconds), and the request can be repeated. Roles auditor and admin.',
        tags: ['replay'],
        request: { params: z.object({ caseId: CaseIdSchema }), query: HistoryQuerySchema },
        responses: {
          200: { description: 'the history', content: { 'application/json': { schema: CaseHistorySchema } } },
          400: { description: 'VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_POSITION', content: { 'application/json': { schema: ProblemSchema } } },
          401: authenticatedErrors[401],
          403: authenticatedErrors[403],
          404: { description: 'no such case, or none yet at asKnownAt (CASE_NOT_FOUND)', content: { 'application/json': { schema: ProblemSchema } } },
          503: {
            description: 'READ_MODEL_BEHIND (the case-streams read model did not catch up in time; Retry-After), READ_MODEL_UNAVAILABLE',
            headers: { 'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' as const } } },
            content: { 'application/json': { schema: ProblemSchema } },
          },
        },
      });
      for (const feature of AUDIT_FEATURES) feature.describeRoutes?.(registry);
      describeProjectionRoutes(registry);
    },
  };
}

export const auditService: ServiceDefinition = createAuditService();

// The replica consumer (separate-process mode): started by the process, see README.
export { AUDIT_CONSUMER, createAuditConsumer } from './replica/replica.consumer';
