import { DomainError, Errors } from '@benefits/kernel';
import type { ZodType } from 'zod';
import type { EnginePack } from '../packs/engine-pack';
import type { BandTableSeriesValue } from '../series-input';
import { registeredEngine, type BenefitEngine, type EngineRequestBase } from '../registry';
import { CURRENT_RULESET, RULESETS } from '../rulesets';
import type { EngineResult } from '../trace/types';
import { EvaluateRequestSchema, type EvaluateRequest } from './schema';

export const EvaluateErrors = {
  UNKNOWN_RULE_PACK: (details: Record<string, unknown>) =>
    new DomainError('UNKNOWN_RULE_PACK', 404, '未找到指定的规则包', 'no rule pack with this id', details),
  RULE_PACK_BENEFIT_MISMATCH: (details: Record<string, unknown>) =>
    new DomainError('RULE_PACK_BENEFIT_MISMATCH', 422, '规则包与所选待遇项目不一致', 'the rule pack belongs to another benefit', details),
  UNKNOWN_RULESET_VERSION: (details: Record<string, unknown>) =>
    new DomainError('UNKNOWN_RULESET_VERSION', 422, '未知的规则版本', 'unknown ruleset version', details),
  BIRTH_DATE_AFTER_EVALUATION_DATE: (details: Record<string, unknown>) =>
    new DomainError('BIRTH_DATE_AFTER_EVALUATION_DATE', 400, '出生日期晚于测算日期', 'a date of birth is after the evaluation date', details),
};

/**
 * Dates of birth against the date the request is evaluated on: nobody is born after it. Every
 * benefit's facts are checked (today only 特扶's persons carry a date of birth).
 */
function assertBornBy(request: EvaluateRequest): void {
  if (request.benefit !== 'tefu') return;
  const { evaluationDate, persons } = request.facts;
  persons.forEach((person, index) => {
    if (person.birthDate > evaluationDate) {
      throw EvaluateErrors.BIRTH_DATE_AFTER_EVALUATION_DATE({
        path: `facts.persons.${index}.birthDate`,
        personId: person.personId,
        birthDate: person.birthDate,
        evaluationDate,
      });
    }
  });
}

/**
 * Validates a what-if request and runs the benefit's engine. Pure: the rule packs come in loaded
 * (`shippedPacks()` for the shipped ones, or the eligibility service's own); nothing is written.
 */
export function evaluate(request: unknown, packs: ReadonlyMap<string, EnginePack>): EngineResult {
  const added = addedBenefitOf(request);
  if (added) return runAdded(added, parseOrThrow(added.requestSchema, request), packs);
  const parsed = parseOrThrow(EvaluateRequestSchema, request);
  assertBornBy(parsed);
  return run(parsed, packs);
}

/**
 * Runs a request that code built from facts the engine already accepted (a simulation re-evaluating
 * recorded determinations month by month): the request schema is not checked again; the rest is
 * `evaluate`. Never for a request from outside.
 */
export function evaluateBuilt(request: EvaluateRequest, packs: ReadonlyMap<string, EnginePack>): EngineResult {
  const added = addedBenefitOf(request);
  if (added) return runAdded(added, request as unknown as EngineRequestBase, packs);
  assertBornBy(request);
  return run(request, packs);
}

/** The schema a what-if request is checked against: a registered benefit's own, else the shipped benefits' union. */
export function evaluateRequestSchemaFor(request: unknown): ZodType<EngineRequestBase> {
  return addedBenefitOf(request)?.requestSchema ?? EvaluateRequestSchema;
}

/** The registered engine a request names (a benefit added as a module), if it names one. */
function addedBenefitOf(request: unknown): BenefitEngine | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const { benefit } = request as { benefit?: unknown };
  return typeof benefit === 'string' ? registeredEngine(benefit) : undefined;
}

function parseOrThrow<T>(schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw Errors.VALIDATION_FAILED({ issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) });
  }
  return parsed.data;
}

function packFor(request: EngineRequestBase, packs: ReadonlyMap<string, EnginePack>): EnginePack {
  const pack = packs.get(request.rulePackId);
  if (!pack) throw EvaluateErrors.UNKNOWN_RULE_PACK({ rulePackId: request.rulePackId, known: [...packs.keys()] });
  if (pack.pack.benefit !== request.benefit) {
    throw EvaluateErrors.RULE_PACK_BENEFIT_MISMATCH({ rulePackId: request.rulePackId, packBenefit: pack.pack.benefit, benefit: request.benefit });
  }
  return pack;
}

/** A benefit added as a module: its own ruleset versions, the same pack and version checks. */
function runAdded(engine: BenefitEngine, request: EngineRequestBase, packs: ReadonlyMap<string, EnginePack>): EngineResult {
  const pack = packFor(request, packs);
  const version = request.rulesetVersion ?? engine.currentRuleset;
  const ruleset = Object.hasOwn(engine.rulesets, version) ? engine.rulesets[version] : undefined;
  if (!ruleset) throw EvaluateErrors.UNKNOWN_RULESET_VERSION({ benefit: request.benefit, rulesetVersion: version, known: Object.keys(engine.rulesets) });
  return ruleset(pack, request);
}

function run(request: EvaluateRequest, packs: ReadonlyMap<string, EnginePack>): EngineResult {
  const pack = packFor(request, packs);
  const version = request.rulesetVersion ?? CURRENT_RULESET[request.benefit];
  const known = Object.keys(RULESETS[request.benefit]);
  if (!known.includes(version)) throw EvaluateErrors.UNKNOWN_RULESET_VERSION({ benefit: request.benefit, rulesetVersion: version, known });
  switch (request.benefit) {
    case 'tefu':
      return RULESETS.tefu[version as keyof typeof RULESETS.tefu](pack, request.facts, request.policies);
    case 'dibao':
      return RULESETS.dibao[version as keyof typeof RULESETS.dibao](pack, request.dibaoStandard, request.facts);
    case 'linshi':
      return RULESETS.linshi[version as keyof typeof RULESETS.linshi](pack, request.dibaoStandard ?? null, request.facts, request.policies, (request.bandTable ?? null) as BandTableSeriesValue | null);
    default: {
      const unhandled: never = request;
      throw new Error(`unhandled benefit ${(unhandled as { benefit: string }).benefit}`);
    }
  }
}
