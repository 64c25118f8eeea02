import { Module } from '@nestjs/common';
import {
  OPEN_VAULT,
  VaultConnection,
  vaultFromEnvironment,
  type OpenVault,
  SERVICE_RUNTIME,
  describeProjectionRoutes,
  readModelsModule,
  type ServiceDefinition,
} from '@benefits/http';
import { AUDIT_SOURCE } from './audit-source';
import { ChainController } from './chain.controller';
import { ReplicaStore, type AuditSource } from './replica/replica-store';
import { caseStreamsProjection } from './read-models/case-streams.projection';
import { HistoryController } from './history/history.controller';
import type { AuditContext, AuditFeature } from './feature';
import { recomputeFeature } from './recompute/recompute.feature';
import { integrityFeature } from './integrity/integrity.feature';
import { anomaliesFeature } from './anomalies/anomalies.feature';
import { evidenceFeature } from './evidence/evidence.feature';
import { describeHistoryRoutes } from './history/history.openapi';

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
      describeHistoryRoutes(registry);
      for (const feature of AUDIT_FEATURES) feature.describeRoutes?.(registry);
      describeProjectionRoutes(registry);
    },
  };
}

export const auditService: ServiceDefinition = createAuditService();

// The replica consumer (separate-process mode): started by the process, see README.
export { AUDIT_CONSUMER, createAuditConsumer } from './replica/replica.consumer';
