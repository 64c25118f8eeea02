import { DIBAO_GOLDEN } from '../dibao/dibao.golden';
import type { EvaluateRequest } from '../evaluate/schema';
import { LINSHI_GOLDEN } from '../linshi/linshi.golden';
import { sampleB } from '../sample-data';
import { TEFU_GOLDEN } from '../tefu/tefu.golden';

/** The requests a corpus is recorded from: every golden case, as a what-if request (B is sample data). */
export function corpusRequests(): Record<'tefu' | 'dibao' | 'linshi', { id: string; request: EvaluateRequest }[]> {
  const divisionOf = (packId: string) => packId.split('-')[1];
  return {
    tefu: TEFU_GOLDEN.map((c) => ({ id: c.name, request: { benefit: 'tefu', rulePackId: c.packId, ...(c.policyChoices ? { policies: c.policyChoices } : {}), facts: c.facts } })),
    dibao: DIBAO_GOLDEN.map((c) => ({
      id: c.name,
      request: { benefit: 'dibao', rulePackId: c.packId, dibaoStandard: sampleB(c.sampleBYuan ?? '1000', divisionOf(c.packId)), facts: c.facts },
    })),
    linshi: LINSHI_GOLDEN.map((c) => ({
      id: c.name,
      request: { benefit: 'linshi', rulePackId: c.packId, ...(c.policyChoices ? { policies: c.policyChoices } : {}), dibaoStandard: sampleB(c.sampleBYuan ?? '1000', divisionOf(c.packId)), facts: c.facts },
    })),
  };
}
