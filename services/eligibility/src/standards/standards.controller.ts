import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import type { Actor } from '@benefits/kernel';
import { DomainError, Errors } from '@benefits/kernel';
import { DocumentFormatError, extractDocumentText, type DocumentFormat } from '@benefits/standards';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import {
  diffItems,
  itemDefinesBenefit,
  resolveInForce,
  StandardsErrors,
  versionWarnings,
  type ParsedItem,
  type StandardState,
} from '@benefits/standards';
import { assertMayAdminister } from '../access';
import { correlationIdOf, readBinaryBody } from '../request-body';
import {
  ActivationRequestSchema,
  DiffQuerySchema,
  DOCUMENT_MEDIA_TYPES,
  ImportJsonSchema,
  ImportQuerySchema,
  InForceQuerySchema,
  ItemsQuerySchema,
  StandardIdSchema,
  VersionIdSchema,
} from './standards.schemas';
import { DeterminationsRepository } from '../determinations/determinations.repository';
import { StandardsRepository } from './standards.repository';

function summarise(state: StandardState) {
  return {
    standardId: state.standardId,
    divisionCode: state.divisionCode,
    versions: state.versions.map((v) => ({
      standardId: state.standardId,
      divisionCode: state.divisionCode,
      versionId: v.versionId,
      title: v.document.title?.value ?? null,
      docNo: v.document.docNo?.value ?? null,
      status: v.status,
      effectiveFrom: v.effectiveFrom,
      notInForceReason: v.notInForceReason,
      supersedes: v.supersedes,
      contentHash: v.contentHash,
      sourceName: v.sourceName,
      itemCount: v.items.length,
      recordedAt: v.recordedAt,
      // The parse report kept with the version: what the parser repaired, and what it could not place.
      repairCounts: v.repairCounts ?? {},
      ...warningsSummary(state, v),
    })),
    activations: state.activations.map((a) => ({
      eventId: a.eventId,
      versionId: a.versionId,
      divisionCode: a.divisionCode,
      effectiveFrom: a.effectiveFrom,
      reason: a.reason,
      label: a.label,
      labelZh: a.labelZh,
      activatedBy: a.activatedBy,
      recordedAt: a.recordedAt,
    })),
  };
}

/** A version's parse warnings with their ids and acknowledgements, and how many are still open (activation waits for 0). */
function warningsSummary(state: StandardState, version: StandardState['versions'][number]) {
  const warnings = versionWarnings(state, version);
  return {
    warnings: warnings.map((w) => ({
      warningId: w.warningId,
      line: w.line,
      endLine: w.endLine,
      code: w.code,
      message: w.message,
      acknowledged: w.acknowledged && { by: w.acknowledged.by, at: w.acknowledged.at, note: w.acknowledged.note },
    })),
    openWarnings: warnings.filter((w) => w.acknowledged === null).length,
  };
}

const itemView = (item: ParsedItem) => ({
  number: item.number,
  printedNumber: item.printedNumber,
  name: item.name,
  category: item.category,
  subcategory: item.subcategory,
  fields: item.fields,
  startLine: item.startLine,
  endLine: item.endLine,
  contentHash: item.contentHash,
});

/** 标准目录: import, list, in-force resolution, items, diffs and activations. */
@Controller('standards')
export class StandardsController {
  private readonly repository: StandardsRepository;
  private readonly determinations: DeterminationsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.repository = new StandardsRepository(runtime.store, readModels);
    this.determinations = new DeterminationsRepository(runtime.store, readModels);
  }

  @Post('import')
  async import(@CurrentActor() actor: Actor, @Req() request: Request, @Query() query: Record<string, unknown>, @Body() body: unknown) {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isFile = (Object.values(DOCUMENT_MEDIA_TYPES) as string[]).includes(contentType);
    let input: { text: string; sourceName: string | null; divisionCode: string };
    let format: DocumentFormat = 'text';
    if (isFile || contentType === 'text/plain') {
      const q = parseOrThrow(ImportQuerySchema, query);
      // The division is checked before the document is extracted and parsed: a refusal costs no parsing.
      assertMayAdminister(actor, q.division);
      const bytes = Buffer.isBuffer(body) ? body : await readBinaryBody(request);
      const extracted = await extractOrRefuse(bytes, { fileName: q.sourceName ?? null, mediaType: isFile ? contentType : 'text/plain' });
      format = extracted.format;
      input = { text: extracted.text, sourceName: q.sourceName ?? null, divisionCode: q.division };
    } else {
      const b = parseOrThrow(ImportJsonSchema, body);
      input = { text: b.text, sourceName: b.sourceName ?? null, divisionCode: b.divisionCode };
    }
    assertMayAdminister(actor, input.divisionCode);
    const decision = await this.repository.importDocument({ ...input, actor, correlationId: correlationIdOf(request) });
    return {
      standardId: decision.standardId,
      versionId: decision.versionId,
      created: decision.kind === 'publish',
      format,
      itemCount: decision.parsed.items.length,
      warnings: decision.parsed.warnings.map((w) => ({ line: w.line, ...(w.endLine !== undefined ? { endLine: w.endLine } : {}), code: w.code, message: w.message })),
    };
  }

  @Get()
  async list() {
    const standards = await this.repository.listStandards();
    return { standards: standards.map(summarise) };
  }

  // Declared before ':standardId' so that "in-force" is not taken for a standard id.
  @Get('in-force')
  async inForce(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(InForceQuerySchema, query);
    const result = resolveInForce(await this.repository.listStandards(), { divisionCode: q.division, benefit: q.benefit, date: q.date });
    if (!result) throw Errors.NOT_FOUND({ reason: 'no standard in force', division: q.division, benefit: q.benefit, date: q.date });
    return { ...result, items: result.items.map(({ item, standardRef }) => ({ item: itemView(item), standardRef })) };
  }

  @Get(':standardId')
  async get(@Param('standardId') rawId: string) {
    const state = await this.repository.requireStandard(parseOrThrow(StandardIdSchema, rawId));
    return { ...summarise(state), documents: state.versions.map((v) => ({ versionId: v.versionId, document: v.document })) };
  }

  @Get(':standardId/versions/:versionId/items')
  async items(@Param('standardId') rawId: string, @Param('versionId') rawVersion: string, @Query() query: Record<string, unknown>) {
    const state = await this.repository.requireStandard(parseOrThrow(StandardIdSchema, rawId));
    const versionId = parseOrThrow(VersionIdSchema, rawVersion);
    const { benefit } = parseOrThrow(ItemsQuerySchema, query);
    const version = state.versions.find((v) => v.versionId === versionId);
    if (!version) throw StandardsErrors.VERSION_NOT_FOUND({ standardId: state.standardId, versionId });
    const items = benefit ? version.items.filter((i) => itemDefinesBenefit(i, benefit)) : version.items;
    return { standardId: state.standardId, versionId, items: items.map(itemView) };
  }

  @Get(':standardId/diff')
  async diff(@Param('standardId') rawId: string, @Query() query: Record<string, unknown>) {
    const state = await this.repository.requireStandard(parseOrThrow(StandardIdSchema, rawId));
    const { from, to } = parseOrThrow(DiffQuerySchema, query);
    const version = (id: string) => {
      const v = state.versions.find((x) => x.versionId === id);
      if (!v) throw StandardsErrors.VERSION_NOT_FOUND({ standardId: state.standardId, versionId: id });
      return v;
    };
    return { standardId: state.standardId, from, to, ...diffItems(version(from).items, version(to).items) };
  }

  @Post(':standardId/activations')
  async activate(@CurrentActor() actor: Actor, @Req() request: Request, @Param('standardId') rawId: string, @Body() body: unknown) {
    const standardId = parseOrThrow(StandardIdSchema, rawId);
    const command = parseOrThrow(ActivationRequestSchema, body);
    assertMayAdminister(actor, command.divisionCode);
    const correlationId = correlationIdOf(request);
    const activated = await this.repository.activate({ standardId, ...command, actor, correlationId });
    // The version now applies from its date: every active case of the division (and under it) is redetermined from that month.
    const redetermination = await this.determinations.redetermineAll({
      divisionCode: activated.divisionCode,
      benefit: null,
      effectiveFrom: activated.effectiveFrom,
      cause: { kind: 'standardActivation', ref: `${activated.standardId}:${activated.versionId}:${activated.divisionCode}:${activated.effectiveFrom}` },
      correlationId,
      actor,
    });
    return { ...activated, redetermination };
  }
}

/** The document's text from the bytes as published; a format refusal keeps its code (422, or 413 for size). */
async function extractOrRefuse(bytes: Uint8Array, hint: { fileName: string | null; mediaType: string }) {
  try {
    return await extractDocumentText(bytes, hint);
  } catch (error) {
    if (!(error instanceof DocumentFormatError)) throw error;
    throw new DomainError(error.code, error.code === 'DOCUMENT_TOO_LARGE' ? 413 : 422, error.messageZh, error.messageEn);
  }
}
