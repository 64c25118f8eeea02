import { RULE_PACKS } from '@benefits/standards';
import { packShapeProblems } from './vocabulary';

describe('rule pack vocabulary', () => {
  it('every shipped pack uses only keys its engine reads, with the right kinds, and has the keys it needs', () => {
    for (const pack of RULE_PACKS) expect({ id: pack.id, problems: packShapeProblems(pack) }).toEqual({ id: pack.id, problems: [] });
  });

  it('names a misspelt key, a wrong kind, a duplicate and what is missing', () => {
    const tefu = RULE_PACKS.find((p) => p.id === 'tefu-330400-2023')!;
    const broken = {
      benefit: tefu.benefit,
      parameters: [
        { ...tefu.parameters[0], key: 'tefu.deathAmount' },
        { ...tefu.parameters[1], value: { kind: 'rate' as const, bp: 100 } },
        ...tefu.parameters.slice(1).filter((p) => p.key !== 'tefu.complication.grade3'),
      ],
    };
    const problems = packShapeProblems(broken);
    expect(problems.map(({ key, problem }) => `${key} ${problem}`)).toEqual([
      'tefu.deathAmount unknown-parameter',
      'tefu.disability.amount wrong-kind',
      'tefu.disability.amount duplicate-parameter',
      'tefu.death.amount missing-parameter',
      'tefu.complication.grade3 missing-parameter',
    ]);
  });
});
