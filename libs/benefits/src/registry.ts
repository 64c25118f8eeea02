import type { ZodType } from 'zod';
import { registerBenefit, type BenefitDefinition, type BenefitId, type PackValue } from '@benefits/standards';
import type { EnginePack } from './packs/engine-pack';
import type { EngineResult } from './trace/types';

/** The part of a what-if request every benefit's request has. */
export interface EngineRequestBase {
  benefit: string;
  rulePackId: string;
  rulesetVersion?: string;
}

/**
 * A benefit's rules as the engine library runs them, for a benefit added as a module of its own
 * (the shipped three are written into `evaluate`, the pack vocabulary and `RULESETS`; a new benefit
 * registers one of these instead of editing them — docs/benefits/adding-a-benefit.md):
 * - `definition`: its id, name and the name of the catalogued items that define it (the standards
 *   catalog finds the standard in force by it);
 * - `requestSchema`: its whole what-if request, strict (the benefit literal, `rulePackId`, optional
 *   `rulesetVersion`, its facts and whatever published values it needs);
 * - `rulesets`: every version it can run, frozen once released; `currentRuleset` the one new
 *   evaluations use;
 * - `vocabulary` and `required`: the pack parameters it reads and their kinds, and the sets of keys a
 *   pack must carry (publication refuses a pack that does not fit).
 */
export interface BenefitEngine<Request extends EngineRequestBase = EngineRequestBase> {
  definition: BenefitDefinition;
  requestSchema: ZodType<Request>;
  rulesets: Readonly<Record<string, (pack: EnginePack, request: Request) => EngineResult>>;
  currentRuleset: string;
  vocabulary: Readonly<Record<string, readonly PackValue['kind'][]>>;
  required: readonly (readonly string[])[];
}

const engines = new Map<string, BenefitEngine>();

/**
 * Registers a benefit's engine (and its definition with the standards catalog). Registering the
 * same engine again is a no-op; a second engine under one id, or an id the library ships, is refused.
 */
export function registerBenefitEngine<Request extends EngineRequestBase>(engine: BenefitEngine<Request>): BenefitId {
  const { id } = engine.definition;
  const known = engines.get(id);
  if (known && known !== (engine as unknown as BenefitEngine)) throw new RangeError(`benefit ${id} already has an engine`);
  if (['dibao', 'linshi', 'tefu'].includes(id)) throw new RangeError(`benefit ${id} is shipped with the library`);
  if (!Object.hasOwn(engine.rulesets, engine.currentRuleset)) throw new RangeError(`benefit ${id}: current ruleset ${engine.currentRuleset} is not among its rulesets`);
  const benefit = registerBenefit(engine.definition);
  engines.set(id, engine as unknown as BenefitEngine);
  return benefit;
}

/** The registered engine of a benefit added as a module, if any (undefined for the shipped three). */
export function registeredEngine(benefit: string): BenefitEngine | undefined {
  return engines.get(benefit);
}
