import { DomainError } from '@benefits/kernel';
import {
  bandTableValueFrom,
  evaluate,
  evaluateBuilt,
  type EvaluateRequest,
  seriesValueFrom,
  toEnginePack,
  type BandTableSeriesValue,
  type EngineResult,
  type SeriesValue,
} from '@benefits/benefits';
import {
  assertPackUsable,
  lookupParameter,
  loadRulePack,
  publishedPackFor,
  resolveInForce,
  RULE_PACKS,
  type BenefitId,
  type ParameterEntry,
  type RulePack,
  type StandardState,
} from '@benefits/standards';
import type { EnginePack } from '@benefits/benefits';

/**
 * What a determination is computed against, read once per message: the standards catalog (folded
 * from the `standard-*` streams), the 低保标准 series and the 临时救助 band-table series of the
 * case's division chain. Pure from
 * here on: the same context and facts always give the same result.
 */
export interface DeterminationContext {
  standards: readonly StandardState[];
  /** Entries of the `dibao.standard` series of one division (empty when none was published). */
  dibaoSeriesOf: (divisionCode: string) => readonly ParameterEntry[];
  /**
   * Entries of the `linshi.band-table` series of one division: the 临时救助 band tables published
   * where the standard delegates the amount. Absent = none published (contexts built for 特扶 / 低保).
   */
  bandTableSeriesOf?: (divisionCode: string) => readonly ParameterEntry[];
  /**
   * Rule packs to use before the published and shipped ones (a simulation's scenario packs), matched
   * like them by benefit, standard and version; checked against the catalogued text all the same.
   */
  rulePacks?: readonly RulePack[];
  /**
   * Requests are built from facts the engine already accepted (a simulation of recorded
   * determinations): the request schema is not checked again for each period. Absent in determinations.
   */
  builtRequests?: boolean;
}

export const DeterminationErrors = {
  NO_STANDARD_IN_FORCE: (details: Record<string, unknown>) =>
    new DomainError('NO_STANDARD_IN_FORCE', 422, '该地区该日期没有生效的服务标准', 'no standard in force for this division and date', details),
  NO_RULE_PACK: (details: Record<string, unknown>) =>
    new DomainError('NO_RULE_PACK', 422, '生效的服务标准没有对应的规则包', 'no rule pack for the standard version in force', details),
  NO_PAYMENT_START: (details: Record<string, unknown>) =>
    new DomainError('NO_PAYMENT_START', 422, '无法确定发放起始月', 'the engine gave no payment start', details),
  NO_DIBAO_STANDARD: (details: Record<string, unknown>) =>
    new DomainError('NO_DIBAO_STANDARD', 422, '该地区该月份没有公布的低保标准', 'no 低保标准 (B) published for this division and month', details),
  FACTS_INVALID: (details: Record<string, unknown>) =>
    new DomainError('FACTS_INVALID', 422, '事实快照不完整或格式错误', 'the facts snapshot is incomplete or malformed', details),
  APPROVED_AMOUNT_OVER_CAP: (details: Record<string, unknown>) =>
    new DomainError('APPROVED_AMOUNT_OVER_CAP', 422, '审批金额超过认定的救助上限', 'the approved amounts exceed the determined cap', details),
  APPROVED_AMOUNTS_REQUIRED: (details: Record<string, unknown>) =>
    new DomainError('APPROVED_AMOUNTS_REQUIRED', 422, '急难型临时救助须由审批人员在上限内确定金额', 'an emergency (急难型) grant needs the amounts the approver chose within the cap', details),
  APPROVED_AMOUNTS_INVALID: (details: Record<string, unknown>) =>
    new DomainError('APPROVED_AMOUNTS_INVALID', 422, '审批金额的期间或对象不正确', 'the approved amounts name a wrong period key or beneficiary', details),
  NOT_ELIGIBLE: (details: Record<string, unknown>) =>
    new DomainError('DETERMINATION_NOT_ELIGIBLE', 422, '所引用的认定结论为不符合条件', 'the cited determination is not eligible', details),
};

/** A rule pack in force, loaded against the catalogued text, with its id. */
export type LoadedPack = { pack: EnginePack; packId: string };
const packCache = new WeakMap<readonly StandardState[], Map<string, { rulePack: RulePack; loaded: LoadedPack }>>();
const inForceCache = new WeakMap<readonly StandardState[], Map<string, ReturnType<typeof resolveInForce>>>();

/** resolveInForce, remembered per catalog copy (a catalog copy never changes: a new one is read for each message or run). */
function inForceOn(standards: readonly StandardState[], query: { divisionCode: string; benefit: BenefitId; date: string }) {
  const cache = inForceCache.get(standards) ?? new Map<string, ReturnType<typeof resolveInForce>>();
  inForceCache.set(standards, cache);
  const key = `${query.benefit}|${query.divisionCode}|${query.date}`;
  if (!cache.has(key)) cache.set(key, resolveInForce(standards, query));
  return cache.get(key) ?? null;
}

/**
 * The rule pack of the standard in force for a division, benefit and date (searching up to the
 * city and province), loaded against the catalogued text and checked usable there: a pack the
 * context brings (a simulation's scenario), else the latest pack published on that standard for the
 * benefit and version, else the shipped one.
 */
export function packInForce(context: DeterminationContext, benefit: BenefitId, divisionCode: string, date: string): LoadedPack {
  const query = { divisionCode, benefit, date };
  const inForce = inForceOn(context.standards, query);
  if (!inForce) throw DeterminationErrors.NO_STANDARD_IN_FORCE(query);
  const matches = (p: RulePack) => p.benefit === benefit && p.standard.standardId === inForce.standardId && p.standard.versionId === inForce.versionId;
  const standard = context.standards.find((s) => s.standardId === inForce.standardId) ?? null;
  const rulePack = context.rulePacks?.find(matches) ?? (standard && publishedPackFor(standard, benefit, inForce.versionId)) ?? RULE_PACKS.find(matches);
  if (!rulePack) throw DeterminationErrors.NO_RULE_PACK({ ...query, standardId: inForce.standardId, versionId: inForce.versionId });
  const cache = packCache.get(context.standards) ?? new Map<string, { rulePack: RulePack; loaded: LoadedPack }>();
  packCache.set(context.standards, cache);
  const key = `${benefit}|${inForce.standardId}|${inForce.versionId}|${inForce.basis}|${inForce.activation?.eventId ?? ''}`;
  const cached = cache.get(key);
  if (cached && cached.rulePack === rulePack) return cached.loaded;
  const loaded = loadRulePack(rulePack, standard);
  const usable = assertPackUsable(loaded, inForce);
  const entry = { pack: toEnginePack(loaded, usable.activationLabel), packId: rulePack.id };
  cache.set(key, { rulePack, loaded: entry });
  return entry;
}

/** Runs one evaluation request against the pack in force (validated like a what-if request). */
export function evaluateWith(pack: { pack: EnginePack; packId: string }, request: Record<string, unknown>, built = false): EngineResult {
  if (built) return evaluateBuilt({ ...request, rulePackId: pack.packId } as unknown as EvaluateRequest, new Map([[pack.packId, pack.pack]]));
  return evaluate({ ...request, rulePackId: pack.packId }, new Map([[pack.packId, pack.pack]]));
}

/** The 低保标准 B effective on a date for a division (its own series, then its city's and province's). */
export function dibaoStandardOn(context: DeterminationContext, divisionCode: string, date: string): SeriesValue | null {
  const lookup = lookupParameter(context.dibaoSeriesOf, divisionCode, { date });
  return lookup ? seriesValueFrom(lookup) : null;
}

export function requireDibaoStandard(context: DeterminationContext, divisionCode: string, date: string): SeriesValue {
  const b = dibaoStandardOn(context, divisionCode, date);
  if (!b) throw DeterminationErrors.NO_DIBAO_STANDARD({ divisionCode, date });
  return b;
}

/**
 * The 临时救助 band table in force on a date for a division (its own series, then its city's and
 * province's), as the engine receives it; null when none was published.
 */
export function bandTableOn(context: DeterminationContext, divisionCode: string, date: string): BandTableSeriesValue | null {
  if (!context.bandTableSeriesOf) return null;
  const lookup = lookupParameter(context.bandTableSeriesOf, divisionCode, { date });
  return lookup ? bandTableValueFrom(lookup) : null;
}
