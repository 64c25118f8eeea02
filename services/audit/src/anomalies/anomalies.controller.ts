import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { appendOrStale, assertCurrentRevision, correlationIdOf, parseIfMatch, parseOrThrow, READ_MODELS, SERVICE_RUNTIME, setETag, type ServiceRuntime } from '@benefits/http';
import type { Filter, ReadModels } from '@benefits/read-store';
import { isWithinDivision } from '@benefits/standards';
import { assertAuditMay, assertAuditRole, divisionPrefix, type AuditAction } from '../access';
import { AuditErrors } from '../audit.errors';
import { AnomalyErrors } from './anomalies.errors';
import { AssignSchema, CheckSchema, FindingIdSchema, ListFindingsQuerySchema, OutcomeSchema, ScanIdSchema, StartScanSchema } from './anomalies.schemas';
import { decideWorklist, findingStreamId, foldFinding, type WorklistCommand } from './finding';
import { findingView, mayRead, timelineOf } from './finding-view';
import { FINDINGS, FINDINGS_PROJECTION, type FindingDoc } from './read-models/findings.projection';
import { AnomalyEngine, type ScanView } from './scan';

export const ANOMALY_ENGINE = Symbol('ANOMALY_ENGINE');

/** 疑点 scans, lists and the worklist (ADR 0012 §5); roles and scope in access.ts. */
@Controller('audit')
export class AnomaliesController {
  constructor(
    @Inject(ANOMALY_ENGINE) private readonly engine: AnomalyEngine,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Post('anomaly-scans')
  @HttpCode(202)
  async startScan(@CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown): Promise<ScanView> {
    const input = parseOrThrow(StartScanSchema, body ?? {});
    assertAuditMay(actor, 'scanAnomalies', input.divisionCode);
    const scan = await this.engine.start(input, actor, correlationIdOf(request));
    response.setHeader('Location', `/audit/anomaly-scans/${scan.scanId}`);
    return scan;
  }

  @Get('anomaly-scans/:scanId')
  async scan(@CurrentActor() actor: Actor, @Param('scanId') rawScanId: string): Promise<ScanView> {
    const scanId = parseOrThrow(ScanIdSchema, rawScanId);
    assertAuditRole(actor, 'readAnomalies');
    const scan = await this.engine.status(scanId);
    assertAuditMay(actor, 'readAnomalies', scan.divisionCode);
    return scan;
  }

  @Get('anomaly-rules')
  rules(@CurrentActor() actor: Actor) {
    assertAuditRole(actor, 'readAnomalies');
    const configs = this.engine.configs();
    return {
      rules: this.engine.rules.map((rule) => ({ id: rule.id, title: rule.title, description: rule.description, config: configs.get(rule.id), defaults: rule.defaults })),
    };
  }

  @Get('anomalies')
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const input = parseOrThrow(ListFindingsQuerySchema, query ?? {});
    assertAuditRole(actor, 'readAnomalies');
    // Lists are filtered to the reader's scope, never refused: a division asked for outside it lists nothing.
    let prefix = divisionPrefix(actor.divisionCode);
    if (input.divisionCode) {
      if (isWithinDivision(input.divisionCode, actor.divisionCode)) prefix = divisionPrefix(input.divisionCode);
      else if (!isWithinDivision(actor.divisionCode, input.divisionCode)) return { items: [], nextCursor: null };
    }
    const filter: Record<string, Filter[string]> = { divisionCodes: { startsWith: prefix } };
    if (input.ruleId) filter.ruleId = input.ruleId;
    if (input.status) filter.status = input.status;
    if (input.scanId) filter.scanId = input.scanId;
    const view = await this.readModels.fresh(FINDINGS_PROJECTION);
    const page = await view.collection<FindingDoc>(FINDINGS).find({
      filter,
      sort: [{ field: 'raisedAt', direction: 'desc' }],
      limit: input.limit ?? 50,
      cursor: input.cursor ?? null,
    });
    return { items: page.items.map((doc) => findingView(doc, actor)), nextCursor: page.nextCursor };
  }

  @Get('anomalies/:findingId')
  async get(@CurrentActor() actor: Actor, @Param('findingId') rawId: string, @Res({ passthrough: true }) response: ServerResponse) {
    const { state, events } = await this.load(actor, rawId, 'readAnomalies');
    setETag(response, state.revision);
    return { ...findingView(state, actor), timeline: timelineOf(events, state, actor) };
  }

  @Post('anomalies/:findingId/assign')
  @HttpCode(200)
  assign(@CurrentActor() actor: Actor, @Param('findingId') id: string, @Body() body: unknown, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const input = parseOrThrow(AssignSchema, body ?? {});
    return this.step(actor, id, 'assignAnomaly', { kind: 'assign', assignee: input.assignee, note: input.note }, request, response);
  }

  @Post('anomalies/:findingId/check')
  @HttpCode(200)
  check(@CurrentActor() actor: Actor, @Param('findingId') id: string, @Body() body: unknown, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const input = parseOrThrow(CheckSchema, body ?? {});
    return this.step(actor, id, 'checkAnomaly', { kind: 'check', result: input.result, note: input.note, ...(input.evidenceRef ? { evidenceRef: input.evidenceRef } : {}) }, request, response);
  }

  @Post('anomalies/:findingId/outcome')
  @HttpCode(200)
  outcome(@CurrentActor() actor: Actor, @Param('findingId') id: string, @Body() body: unknown, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse) {
    const input = parseOrThrow(OutcomeSchema, body ?? {});
    const command: WorklistCommand =
      input.outcome === 'cleared' ? { kind: 'outcome', outcome: 'cleared', reason: input.reason } : { kind: 'outcome', outcome: 'confirmed', action: input.action, note: input.note };
    return this.step(actor, id, 'decideAnomaly', command, request, response);
  }

  private async load(actor: Actor, rawId: string, action: AuditAction) {
    const findingId = parseOrThrow(FindingIdSchema, rawId);
    assertAuditRole(actor, action);
    const events = await this.runtime.store.readStream(findingStreamId(findingId));
    const state = foldFinding(events);
    if (!state) throw AnomalyErrors.FINDING_NOT_FOUND({ findingId });
    if (!mayRead(actor, state.content.divisionCodes)) {
      throw AuditErrors.DIVISION_OUT_OF_SCOPE({ findingId, divisionCodes: state.content.divisionCodes, actorDivision: actor.divisionCode });
    }
    return { findingId, events, state };
  }

  /** One worklist step: If-Match names the revision the step was decided on (412 when someone else wrote since). */
  private async step(actor: Actor, rawId: string, action: AuditAction, command: WorklistCommand, request: IncomingMessage, response: ServerResponse) {
    const expected = parseIfMatch(request.headers['if-match']);
    const { findingId, state } = await this.load(actor, rawId, action);
    assertCurrentRevision(expected, state.revision);
    const decided = decideWorklist(state, command);
    await appendOrStale(() =>
      this.runtime.store.appendToStream(
        findingStreamId(findingId),
        [{ type: decided.type, data: decided.data, metadata: { correlationId: correlationIdOf(request), causationId: null, actor, schemaVersion: 1 } }],
        { expectedRevision: expected },
      ),
    );
    const events = await this.runtime.store.readStream(findingStreamId(findingId));
    const next = foldFinding(events)!;
    setETag(response, next.revision);
    return { ...findingView(next, actor), timeline: timelineOf(events, next, actor) };
  }
}
