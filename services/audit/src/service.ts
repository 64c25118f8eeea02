import { Module } from '@nestjs/common';
import { SERVICE_RUNTIME, authenticatedErrors, ProblemSchema, z, type ServiceDefinition } from '@benefits/http';
import { ChainController } from './chain.controller';
import { ChainReportSchema, StreamIdSchema } from './chain.schemas';

@Module({})
class AuditModule {}

/** 审计: replay, recomputation, tamper evidence and anomaly lists. */
export const auditService: ServiceDefinition = {
  name: 'audit',
  title: 'audit — 审计回放与疑点',
  description: 'Case replay as known at / as effective on, recomputation, tamper evidence and anomaly (疑点) lists.',
  module: (runtime) => ({
    module: AuditModule,
    controllers: [ChainController],
    providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }],
  }),
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
  },
};
