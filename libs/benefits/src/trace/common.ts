import type { EnginePack } from '../packs/engine-pack';
import type { TraceBuilder } from './builder';

/** The first step of every trace: which pack and standard version the rules ran on. */
export function rulesetStep(t: TraceBuilder, pack: EnginePack, rulesetVersion: string): void {
  t.step({
    id: 'ruleset',
    titleZh: '适用的规则包与标准版本',
    operation: 'select rule pack',
    facts: {},
    result: {
      rulesetVersion,
      rulePackId: pack.pack.id,
      jurisdiction: { ...pack.pack.jurisdiction },
      standard: { ...pack.pack.standard },
      activationLabel: pack.activationLabel ?? null,
      note: pack.pack.note ?? null,
    },
    policies: [],
  });
}
