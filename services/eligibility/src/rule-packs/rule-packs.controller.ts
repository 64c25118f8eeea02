import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Errors } from '@benefits/kernel';
import { READ_MODELS, SERVICE_RUNTIME, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { assertPackUsable, loadRulePack, READINGS, resolveInForce, RULE_PACKS } from '@benefits/standards';
import { StandardsRepository } from '../standards/standards.repository';
import { PackIdSchema, PackUsageQuerySchema } from './rule-packs.schemas';

/** 规则包: the shipped packs, loaded against the catalog (every quote checked) and, on request, for a division and date. */
@Controller('rule-packs')
export class RulePacksController {
  private readonly standards: StandardsRepository;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) readModels: ReadModels) {
    this.standards = new StandardsRepository(runtime.store, readModels);
  }

  @Get()
  list() {
    return {
      rulePacks: RULE_PACKS.map((pack) => ({
        id: pack.id,
        benefit: pack.benefit,
        jurisdiction: pack.jurisdiction,
        standard: pack.standard,
        parameterCount: pack.parameters.length,
        readings: pack.readings,
        note: pack.note ?? null,
      })),
    };
  }

  @Get(':packId')
  async get(@Param('packId') rawId: string, @Query() query: Record<string, unknown>) {
    const packId = parseOrThrow(PackIdSchema, rawId);
    const { division, date } = parseOrThrow(PackUsageQuerySchema, query);
    const pack = RULE_PACKS.find((p) => p.id === packId);
    if (!pack) throw Errors.NOT_FOUND({ packId });
    const loaded = loadRulePack(pack, await this.standards.standard(pack.standard.standardId));
    let usage = null;
    if (division !== undefined && date !== undefined) {
      const inForce = resolveInForce(await this.standards.listStandards(), { divisionCode: division, benefit: pack.benefit, date });
      const usable = assertPackUsable(loaded, inForce);
      usage = { division, date, basis: usable.basis, activationLabel: usable.activationLabel };
    }
    return {
      id: pack.id,
      benefit: pack.benefit,
      requiresActivation: loaded.requiresActivation,
      usage,
      parameters: loaded.parameters.map(({ key, descriptionZh, value, citation, standardRef }) => ({ key, descriptionZh, value, citation, standardRef })),
      readings: pack.readings.map((id) => READINGS[id]),
    };
  }
}
