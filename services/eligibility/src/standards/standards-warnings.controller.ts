import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage as Request, ServerResponse } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, setETag, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { StandardsErrors, versionWarnings, type StandardState, type VersionWarning } from '@benefits/standards';
import { assertMayAdminister } from '../access';
import { correlationIdOf } from '../request-body';
import { StandardIdSchema, VersionIdSchema } from './standards.schemas';
import { AcknowledgementRequestSchema, WarningIdSchema } from './standards-warnings.schemas';
import { StandardsRepository } from './standards.repository';

/** The last revision of a standard's stream, from its folded events. */
function revisionOf(state: StandardState): number {
  const revisions = [...state.versions, ...state.activations, ...(state.acknowledgements ?? [])].map((r) => r.streamRevision);
  return Math.max(...revisions);
}

function versionOf(state: StandardState, versionId: string) {
  const version = state.versions.find((v) => v.versionId === versionId);
  if (!version) throw StandardsErrors.VERSION_NOT_FOUND({ standardId: state.standardId, versionId });
  return version;
}

const warningView = (w: VersionWarning) => ({
  warningId: w.warningId,
  line: w.line,
  endLine: w.endLine,
  code: w.code,
  message: w.message,
  acknowledged: w.acknowledged && { by: w.acknowledged.by, at: w.acknowledged.at, note: w.acknowledged.note },
});

/** 解析提示: a version's parse warnings, and their acknowledgement before the version can be activated. */
@Controller('standards')
export class StandardsWarningsController {
  private readonly repository: StandardsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.repository = new StandardsRepository(runtime.store, readModels);
  }

  @Get(':standardId/versions/:versionId/warnings')
  async list(@Param('standardId') rawId: string, @Param('versionId') rawVersion: string, @Res({ passthrough: true }) response: ServerResponse) {
    const state = await this.repository.requireStandard(parseOrThrow(StandardIdSchema, rawId));
    const version = versionOf(state, parseOrThrow(VersionIdSchema, rawVersion));
    const warnings = versionWarnings(state, version);
    const revision = revisionOf(state);
    setETag(response, revision);
    return {
      standardId: state.standardId,
      versionId: version.versionId,
      divisionCode: state.divisionCode,
      openWarnings: warnings.filter((w) => w.acknowledged === null).length,
      warnings: warnings.map(warningView),
      revision,
    };
  }

  @Post(':standardId/versions/:versionId/warnings/:warningId/acknowledgements')
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: ServerResponse,
    @Param('standardId') rawId: string,
    @Param('versionId') rawVersion: string,
    @Param('warningId') rawWarning: string,
    @Body() body: unknown,
  ) {
    const standardId = parseOrThrow(StandardIdSchema, rawId);
    const versionId = parseOrThrow(VersionIdSchema, rawVersion);
    const warningId = parseOrThrow(WarningIdSchema, rawWarning);
    const state = await this.repository.requireStandard(standardId);
    // Only an admin of the standard's own division (or one above it) vouches for how its text was read.
    assertMayAdminister(actor, state.divisionCode);
    const { note } = parseOrThrow(AcknowledgementRequestSchema, body);
    const result = await this.repository.acknowledgeWarning({
      standardId,
      versionId,
      warningId,
      note,
      actor,
      at: new Date().toISOString(),
      correlationId: correlationIdOf(request),
    });
    const warnings = versionWarnings(result.state, versionOf(result.state, versionId));
    setETag(response, result.streamRevision);
    return {
      standardId,
      versionId,
      warning: warningView(warnings.find((w) => w.warningId === warningId)!),
      openWarnings: warnings.filter((w) => w.acknowledged === null).length,
      revision: result.streamRevision,
    };
  }
}
