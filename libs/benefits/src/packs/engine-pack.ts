import type { LoadedRulePack, PackValue, RulePack } from '@benefits/standards';
import { DomainError } from '@benefits/kernel';
import type { Clause, Json, TraceParameter } from '../trace/types';

/**
 * What an engine needs from a rule pack: the pack and its parameters, each bound to the catalogued
 * item it cites (`loadRulePack` checked the quote). Engines never read the catalog themselves.
 */
export type EnginePack = Pick<LoadedRulePack, 'pack' | 'parameters'> & {
  /** Set when the pack's version is used through an activation (draft or undated standard). */
  activationLabel?: string | null;
};

export type BoundParameter = LoadedRulePack['parameters'][number];

/**
 * From a pack loaded against the catalog and, for a draft or undated standard, the activation label
 * that `assertPackUsable` returned.
 */
export function toEnginePack(loaded: LoadedRulePack, activationLabel: string | null = null): EnginePack {
  return { pack: loaded.pack, parameters: loaded.parameters, activationLabel };
}

export function findParameter(pack: EnginePack, key: string): BoundParameter | undefined {
  return pack.parameters.find((p) => p.key === key);
}

/** A parameter the engine cannot work without; its absence is a broken pack, not a user error. */
export function requireParameter(pack: EnginePack, key: string): BoundParameter {
  const found = findParameter(pack, key);
  if (!found) {
    throw new DomainError('RULE_PACK_PARAMETER_MISSING', 500, '规则包缺少必需的参数，请联系系统管理员', `rule pack ${pack.pack.id} has no parameter ${key}`, {
      packId: pack.pack.id,
      key,
    });
  }
  return found;
}

export function clauseOf(parameter: BoundParameter): Clause {
  const { field, line, quote } = parameter.citation;
  return { standardRef: { ...parameter.standardRef }, field, line, quote };
}

export function packValueJson(value: PackValue): Json {
  return { ...value } as Json;
}

export function traceParam(parameter: BoundParameter): TraceParameter {
  return { key: parameter.key, value: packValueJson(parameter.value) };
}

export function moneyFen(parameter: BoundParameter): number {
  if (parameter.value.kind !== 'money') throw new TypeError(`${parameter.key} is not money`);
  return parameter.value.fen;
}

export function rateBp(parameter: BoundParameter): number {
  if (parameter.value.kind !== 'rate') throw new TypeError(`${parameter.key} is not a rate`);
  return parameter.value.bp;
}

export function countValue(parameter: BoundParameter): number {
  if (parameter.value.kind !== 'count' && parameter.value.kind !== 'multiple') throw new TypeError(`${parameter.key} is not a count`);
  return parameter.value.kind === 'count' ? parameter.value.value : parameter.value.times;
}

export function hasReading(pack: EnginePack, id: string): boolean {
  return (pack.pack.readings as readonly string[]).includes(id);
}

export type { RulePack };
