import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage as Request } from 'node:http';
import { Errors, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { packShapeProblems } from '@benefits/benefits';
import {
  assertPackUsable,
  loadRulePack,
  publishedPackById,
  publishedPackFor,
  publishedPacks,
  READINGS,
  resolveInForce,
  RULE_PACKS,
  standardIdOfPackId,
  type ReadingId,
  type RulePack,
  type StandardState,
} from '@benefits/standards';
import { assertMayAdminister } from '../access';
import { correlationIdOf } from '../request-body';
import { StandardsRepository } from '../standards/standards.repository';
import { PackIdSchema, PackUsageQuerySchema, RulePackInputSchema } from './rule-packs.schemas';

const summary = (pack: RulePack) => ({
  id: pack.id,
  benefit: pack.benefit,
  jurisdiction: pack.jurisdiction,
  standard: pack.standard,
  parameterCount: pack.parameters.length,
  readings: pack.readings,
  note: pack.note ?? null,
});

/**
 * 规则包: the shipped packs and the packs published on the catalog, loaded against the catalog (every
 * quote checked) and, on request, for a division and date; publication by administrators.
 */
@Controller('rule-packs')
export class RulePacksController {
  private readonly standards: StandardsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.standards = new StandardsRepository(runtime.store, readModels);
  }

  @Get()
  async list() {
    const catalog = await this.standards.listStandards();
    const publishedFor = (pack: RulePack) => {
      const standard = catalog.find((s) => s.standardId === pack.standard.standardId);
      return standard ? publishedPackFor(standard, pack.benefit, pack.standard.versionId) : null;
    };
    return {
      rulePacks: [
        ...RULE_PACKS.map((pack) => ({ ...summary(pack), source: 'shipped' as const, published: null, inUse: publishedFor(pack) === null })),
        ...catalog.flatMap((standard) =>
          publishedPacks(standard).map((record) => ({
            ...summary(record.pack),
            source: 'published' as const,
            published: { publishedBy: record.publishedBy, recordedAt: record.recordedAt, packHash: record.packHash, supersedes: record.supersedes },
            inUse: publishedFor(record.pack)?.id === record.pack.id,
          })),
        ),
      ],
    };
  }

  /**
   * Publishes a pack (role admin, for the division of the standard it cites or above): checked against
   * the benefit's engine (keys, kinds, required keys) and the catalogued text of the version it cites
   * (every quote in its item, every value printed in its quote); recorded on the standard's stream.
   */
  @Post()
  @HttpCode(201)
  async publish(@CurrentActor() actor: Actor, @Req() request: Request, @Body() body: unknown) {
    assertMayAdminister(actor, actor.divisionCode); // the role, before the body is read
    const pack = parseOrThrow(RulePackInputSchema, body) as RulePack;
    // The pack's jurisdiction decides who may publish; the decision then requires it to be the cited
    // standard's division (and the id to name that standard), so no other division's stream is written.
    assertMayAdminister(actor, pack.jurisdiction.divisionCode);
    const decision = await this.standards.publishRulePack({ pack, actor, correlationId: correlationIdOf(request), shapeProblems: packShapeProblems(pack) });
    const data = decision.kind === 'publish' ? decision.event.data : null;
    return {
      id: pack.id,
      benefit: pack.benefit,
      standard: pack.standard,
      created: decision.kind === 'publish',
      packHash: data?.packHash ?? (decision.kind === 'unchanged' && decision.record ? decision.record.packHash : ''),
      supersedes: data?.supersedes ?? (decision.kind === 'unchanged' ? (decision.record?.supersedes ?? null) : null),
      requiresActivation: decision.loaded.requiresActivation,
      parameterCount: pack.parameters.length,
    };
  }

  @Get(':packId')
  async get(@Param('packId') rawId: string, @Query() query: Record<string, unknown>) {
    const packId = parseOrThrow(PackIdSchema, rawId);
    const { division, date } = parseOrThrow(PackUsageQuerySchema, query);
    const standardId = standardIdOfPackId(packId);
    const standard: StandardState | null = standardId ? await this.standards.standard(standardId) : null;
    const published = standard ? publishedPackById(standard, packId) : null;
    const pack = RULE_PACKS.find((p) => p.id === packId) ?? published?.pack;
    if (!pack) throw Errors.NOT_FOUND({ packId });
    const loaded = loadRulePack(pack, standard ?? (await this.standards.standard(pack.standard.standardId)));
    let usage = null;
    if (division !== undefined && date !== undefined) {
      const inForce = resolveInForce(await this.standards.listStandards(), { divisionCode: division, benefit: pack.benefit, date });
      const usable = assertPackUsable(loaded, inForce);
      usage = { division, date, basis: usable.basis, activationLabel: usable.activationLabel };
    }
    return {
      id: pack.id,
      benefit: pack.benefit,
      source: published ? ('published' as const) : ('shipped' as const),
      published: published && { publishedBy: published.publishedBy, recordedAt: published.recordedAt, packHash: published.packHash, supersedes: published.supersedes },
      requiresActivation: loaded.requiresActivation,
      usage,
      parameters: loaded.parameters.map(({ key, descriptionZh, value, citation, standardRef }) => ({ key, descriptionZh, value, citation, standardRef })),
      readings: pack.readings.map((id) => READINGS[id as ReadingId]).filter((r) => r !== undefined),
    };
  }
}
