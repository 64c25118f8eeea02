import type { PackValue, RulePack } from '@benefits/standards';
import { registeredEngine } from '../registry';

/**
 * The parameter keys the engines read, with the kind of value each must have, and the keys a pack
 * must carry for its benefit. A pack is published as data, so a misspelt key would otherwise be
 * ignored silently and a missing one would fail only when a case needs it: publication checks the
 * pack against this vocabulary instead (`packShapeProblems`).
 */
type Kind = PackValue['kind'];

const TEXT: Kind[] = ['text'];
const MONEY: Kind[] = ['money'];
const RATE: Kind[] = ['rate'];

export const PACK_VOCABULARY: Readonly<Record<RulePack['benefit'], Readonly<Record<string, readonly Kind[]>>>> = {
  dibao: {
    'dibao.incomeTest': TEXT,
    'dibao.assetsTest': TEXT,
    'dibao.extraSupport': TEXT,
    'dibao.singlePerson': TEXT,
    'dibao.singlePerson.eligibility': TEXT,
    'dibao.splitHousehold': TEXT,
    'dibao.disabledSplitHousehold.maxIncomeMultipleOfB': ['multiple'],
    'dibao.paymentFrequency': TEXT,
    'dibao.paymentRule': TEXT,
    'dibao.standard.setBy': TEXT,
    'dibao.standard.growthFloor': TEXT,
    'dibao.standard.localExecutionRatio': RATE,
    'dibao.standard.minRatioToConsumption': RATE,
    'dibao.standard.maxRatioToConsumption': RATE,
    'dibao.standard.maxRatioToUrbanConsumption': RATE,
    'dibao.standard.maxRatioToMinimumWage': ['fraction'],
  },
  tefu: {
    'tefu.amount': MONEY,
    'tefu.raisedAmount': MONEY,
    'tefu.death.amount': MONEY,
    'tefu.disability.amount': MONEY,
    'tefu.disability.raisedAmount': MONEY,
    'tefu.complication.grade1': MONEY,
    'tefu.complication.grade2': MONEY,
    'tefu.complication.grade3': MONEY,
    'tefu.wife.minAge': ['count'],
    'tefu.ageSwitch': ['count'],
    'tefu.paymentStart': TEXT,
    'tefu.death.bornOnOrAfter': TEXT,
    'tefu.disability.bornOnOrAfter': TEXT,
  },
  linshi: {
    'linshi.standard.setBy': TEXT,
    'linshi.jinan.maxMonthsOfB': ['count'],
    'linshi.zhichu.g1.floor': MONEY,
    'linshi.zhichu.g1.bandTop': MONEY,
    'linshi.zhichu.g1.rate': RATE,
    'linshi.zhichu.g1.rateAboveBand': RATE,
    'linshi.zhichu.g2.floor': MONEY,
    'linshi.zhichu.g2.bandTop': MONEY,
    'linshi.zhichu.g2.rate': RATE,
    'linshi.zhichu.g2.rateAboveBand': RATE,
    'linshi.zhichu.g2.severeDisabilityUplift': RATE,
    'linshi.zhichu.maxMonthsOfB': ['count'],
  },
};

/** Alternative sets of keys: a pack needs every key of at least one set (the engines' `requireParameter`s). */
const REQUIRED: Readonly<Record<RulePack['benefit'], readonly (readonly string[])[]>> = {
  dibao: [['dibao.incomeTest', 'dibao.assetsTest']],
  tefu: [
    // one amount for death and disability families, raised for the over-60s without an elderly-care subsidy (瓯海's form)
    ['tefu.amount', 'tefu.raisedAmount', 'tefu.complication.grade1', 'tefu.complication.grade2', 'tefu.complication.grade3'],
    // separate death and disability amounts (嘉兴's and 北京's form)
    ['tefu.death.amount', 'tefu.disability.amount', 'tefu.complication.grade1', 'tefu.complication.grade2', 'tefu.complication.grade3'],
  ],
  linshi: [
    // the standard delegates the amounts (band tables published as parameter series)
    ['linshi.standard.setBy'],
    // the standard computes them itself
    [
      'linshi.jinan.maxMonthsOfB',
      'linshi.zhichu.maxMonthsOfB',
      'linshi.zhichu.g2.severeDisabilityUplift',
      ...['g1', 'g2'].flatMap((g) => ['floor', 'bandTop', 'rate', 'rateAboveBand'].map((f) => `linshi.zhichu.${g}.${f}`)),
    ],
  ],
};

export interface PackShapeProblem {
  key: string;
  problem: 'unknown-parameter' | 'duplicate-parameter' | 'wrong-kind' | 'missing-parameter';
  expected?: string;
}

/** Everything that keeps the benefit's engine from using this pack; empty when it can. */
export function packShapeProblems(pack: Pick<RulePack, 'benefit' | 'parameters'>): PackShapeProblem[] {
  const added = Object.hasOwn(PACK_VOCABULARY, pack.benefit) ? undefined : registeredEngine(pack.benefit);
  const vocabulary = added?.vocabulary ?? PACK_VOCABULARY[pack.benefit] ?? {};
  const problems: PackShapeProblem[] = [];
  const seen = new Set<string>();
  for (const { key, value } of pack.parameters) {
    if (seen.has(key)) problems.push({ key, problem: 'duplicate-parameter' });
    seen.add(key);
    const kinds = vocabulary[key];
    if (!kinds) problems.push({ key, problem: 'unknown-parameter', expected: Object.keys(vocabulary).join(', ') });
    else if (!kinds.includes(value.kind)) problems.push({ key, problem: 'wrong-kind', expected: kinds.join(' | ') });
  }
  const sets = added?.required ?? REQUIRED[pack.benefit] ?? [[]];
  if (!sets.some((set) => set.every((key) => seen.has(key)))) {
    // Name what is missing from the closest set.
    const closest = [...sets].sort((a, b) => a.filter((k) => !seen.has(k)).length - b.filter((k) => !seen.has(k)).length)[0];
    for (const key of closest.filter((k) => !seen.has(k))) {
      problems.push({ key, problem: 'missing-parameter', expected: sets.map((s) => s.join(' + ')).join(' | or | ') });
    }
  }
  return problems;
}
