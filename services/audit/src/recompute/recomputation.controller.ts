import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { parseOrThrow } from '@benefits/http';
import { isBenefitId } from '@benefits/standards';
import { RecomputationJobs, type RecomputationReport } from './recomputation.jobs';
import { RecomputationIdSchema, ReportQuerySchema, StartRecomputationSchema } from './recompute.schemas';

export const RECOMPUTATION_JOBS = Symbol('RECOMPUTATION_JOBS');

/** A recomputation's scope names a benefit this process knows (shipped, or registered as a module): 400 VALIDATION_FAILED otherwise. */
const StartKnownBenefitSchema = StartRecomputationSchema.superRefine((input, ctx) => {
  const benefit = 'benefit' in input.scope ? input.scope.benefit : undefined;
  if (benefit !== undefined && !isBenefitId(benefit)) ctx.addIssue({ code: 'custom', path: ['scope', 'benefit'], message: 'a known benefit: tefu, dibao, linshi or one registered as a module' });
});

/** 重算 (ADR 0012 §3): start or resume a recomputation, and read its report. */
@Controller('audit/recomputations')
export class RecomputationController implements OnModuleDestroy {
  constructor(@Inject(RECOMPUTATION_JOBS) private readonly jobs: RecomputationJobs) {}

  /** 202 while the job runs (started or resumed); 200 when the id names a completed recomputation. */
  @Post()
  @HttpCode(202)
  async start(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) response: ServerResponse): Promise<RecomputationReport> {
    const input = parseOrThrow(StartKnownBenefitSchema, body ?? {});
    const { report, accepted } = await this.jobs.start(actor, input);
    response.statusCode = accepted ? 202 : 200;
    response.setHeader('Location', `/audit/recomputations/${report.recomputationId}`);
    return report;
  }

  @Get(':recomputationId')
  async get(@CurrentActor() actor: Actor, @Param('recomputationId') rawId: string, @Query() query: Record<string, unknown>): Promise<RecomputationReport> {
    const recomputationId = parseOrThrow(RecomputationIdSchema, rawId);
    const { cursor, limit } = parseOrThrow(ReportQuerySchema, query);
    return this.jobs.report(actor, recomputationId, { cursor, limit });
  }

  async onModuleDestroy(): Promise<void> {
    await this.jobs.stop();
  }
}
