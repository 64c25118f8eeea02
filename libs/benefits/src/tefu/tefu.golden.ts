import type { PolicyChoices } from '../policies';
import type { TefuFacts } from './types';

/**
 * 计生特扶 golden table, written by hand from the seeds before the engine. Amounts in fen.
 * Sources: 嘉兴 001 L851–853 (item (52)), 瓯海 000 L307–309 (item （5047）→47), 北京 003 L329–343
 * (item 53.), benefits.md §3.5 E8–E10, domain readings (policy ids in `policies`).
 */
export interface TefuGoldenCase {
  name: string;
  source: string;
  packId: 'tefu-330400-2023' | 'tefu-330304-undated' | 'tefu-110000-2023-draft';
  facts: TefuFacts;
  /** A switched reading, when the case shows the alternative. */
  policyChoices?: PolicyChoices;
  expect: {
    outcome: 'eligible' | 'ineligible' | 'notComputable';
    perPerson?: Record<string, number>;
    totalFen?: number;
    period?: 'monthly' | 'yearly';
    paymentStart?: string;
    reasons?: string[];
    /** Trace steps that must be present, by id. */
    steps?: string[];
    /** Policies that must be named somewhere in the trace. */
    policies?: string[];
  };
}

const JX = 'tefu-330400-2023' as const;
const OH = 'tefu-330304-undated' as const;
const BJ = 'tefu-110000-2023-draft' as const;

const couple = (wifeBirth: string, husbandBirth: string, wife: object = {}, husband: object = {}) => [
  { personId: 'w', role: 'wife' as const, birthDate: wifeBirth, ...wife },
  { personId: 'h', role: 'husband' as const, birthDate: husbandBirth, ...husband },
];

export const TEFU_GOLDEN: TefuGoldenCase[] = [
  // ---- 嘉兴 001 L851–853 ----
  {
    name: 'E8 嘉兴 死亡家庭: wife 55, husband 58 → 1000 each',
    source: '001 L851; benefits.md §3.5 E8',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1969-03-15', '1966-05-01') },
    expect: { outcome: 'eligible', perPerson: { w: 100000, h: 100000 }, totalFen: 200000, period: 'monthly', steps: ['tefu.wifeAge', 'tefu.personAmount'], policies: ['tefu.wifeAge.household', 'tefu.jiaxingDeath'] },
  },
  {
    name: 'E8 嘉兴 死亡家庭 two years later: husband 60 without 养老服务补贴 → still 1000 (no switch)',
    source: '001 L851; tefu.jiaxingDeath',
    packId: JX,
    facts: { evaluationDate: '2026-09-10', category: 'death', persons: couple('1969-03-15', '1966-05-01', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 100000, h: 100000 }, totalFen: 200000, policies: ['tefu.jiaxingDeath'] },
  },
  {
    name: 'E9 嘉兴 伤残家庭: wife 52 healthy, husband 55 → 850 each',
    source: '001 L851',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1969-02-02') },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 }, totalFen: 170000 },
  },
  {
    name: 'E9 嘉兴 伤残家庭: wife 52 失能 → 1000; husband 55 → 850',
    source: '001 L853',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1969-02-02', { disabledOrDemented: true }) },
    expect: { outcome: 'eligible', perPerson: { w: 100000, h: 85000 }, totalFen: 185000 },
  },
  {
    name: 'E9 嘉兴 伤残家庭: husband 61 receiving 养老服务补贴 → 850',
    source: '001 L851',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1963-03-03', {}, { elderlyCareSubsidy: true }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 }, totalFen: 170000 },
  },
  {
    name: 'E9 嘉兴 伤残家庭: husband 61 not receiving 养老服务补贴 → 1000',
    source: '001 L853',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1963-03-03', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 100000 }, totalFen: 185000 },
  },
  {
    name: 'tefu.switchOrder: husband 62, 失能 and receiving 养老服务补贴 → 850 (the 失能 clause applies only under 60)',
    source: '001 L851–853; tefu.switchOrder',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1962-01-01', {}, { elderlyCareSubsidy: true, disabledOrDemented: true }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 }, policies: ['tefu.switchOrder'] },
  },
  {
    name: 'E9 嘉兴: wife 47 → not yet eligible',
    source: '001 L851 「女方年满49周岁」',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1977-06-01', '1970-01-01') },
    expect: { outcome: 'ineligible', reasons: ['TEFU_WIFE_UNDER_MIN_AGE'] },
  },
  {
    name: 'boundary: wife turns 49 on the evaluation date → eligible (年满 includes the day)',
    source: '001 L851; boundary.inclusive',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1975-09-10', '1974-01-01') },
    expect: { outcome: 'eligible', totalFen: 200000, policies: ['boundary.inclusive'] },
  },
  {
    name: 'boundary: the day before her 49th birthday the wife is 48 → not eligible',
    source: '001 L851',
    packId: JX,
    facts: { evaluationDate: '2024-09-09', category: 'death', persons: couple('1975-09-10', '1974-01-01') },
    expect: { outcome: 'ineligible', reasons: ['TEFU_WIFE_UNDER_MIN_AGE'] },
  },
  {
    name: 'tefu.wifeAge.household: wife 50, husband 45 → both qualify',
    source: '001 L851; tefu.wifeAge.household',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1974-01-01', '1979-01-01') },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 } },
  },
  {
    name: 'turning 60 mid-month: husband 60 on 2024-09-15, evaluated 2024-09-20 → 850 for September (tefu.age60.nextMonth)',
    source: '001 L851–853; tefu.age60.nextMonth',
    packId: JX,
    facts: { evaluationDate: '2024-09-20', category: 'disability', persons: couple('1972-01-10', '1964-09-15', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 }, policies: ['tefu.age60.nextMonth'] },
  },
  {
    name: 'turning 60 mid-month: the next month (2024-10-01) → 1000',
    source: '001 L853; tefu.age60.nextMonth',
    packId: JX,
    facts: { evaluationDate: '2024-10-01', category: 'disability', persons: couple('1972-01-10', '1964-09-15', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 100000 } },
  },
  {
    name: 'turning 60 mid-month under the switched reading tefu.age60.sameMonth → 1000 already in September',
    source: '001 L853; tefu.age60.sameMonth (alternative)',
    packId: JX,
    policyChoices: { 'tefu.age60': 'sameMonth' },
    facts: { evaluationDate: '2024-09-20', category: 'disability', persons: couple('1972-01-10', '1964-09-15', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 100000 }, policies: ['tefu.age60.sameMonth'] },
  },
  {
    name: 'age 59 on the evaluation date without 养老服务补贴 → under-60 amount 850',
    source: '001 L851',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1972-01-10', '1965-01-01', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 85000, h: 85000 } },
  },
  {
    name: 'E10 嘉兴 complication grade 2 → 590',
    source: '001 L853; tefu.grades',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'complication', persons: [{ personId: 'p', role: 'self', birthDate: '1970-01-01', complicationGrade: 2 }] },
    expect: { outcome: 'eligible', perPerson: { p: 59000 }, totalFen: 59000, period: 'monthly', policies: ['tefu.grades'] },
  },
  {
    name: '嘉兴 complication grades 1 and 3 → 820 and 360',
    source: '001 L853',
    packId: JX,
    facts: {
      evaluationDate: '2024-09-10',
      category: 'complication',
      persons: [
        { personId: 'a', role: 'self', birthDate: '1970-01-01', complicationGrade: 1 },
        { personId: 'b', role: 'self', birthDate: '1972-01-01', complicationGrade: 3 },
      ],
    },
    expect: { outcome: 'eligible', perPerson: { a: 82000, b: 36000 }, totalFen: 118000 },
  },
  {
    name: 'Zhejiang start month: confirmed 2024-08-15 → paid from 2024-09',
    source: 'tefu.paymentStart (Zhejiang silent)',
    packId: JX,
    facts: { evaluationDate: '2024-09-10', category: 'death', confirmedOn: '2024-08-15', persons: couple('1969-03-15', '1966-05-01') },
    expect: { outcome: 'eligible', paymentStart: '2024-09', policies: ['tefu.paymentStart'] },
  },
  // ---- 瓯海 000 L309 ----
  {
    name: 'E8 瓯海 死亡家庭: wife 55, husband 58 → 800 each',
    source: '000 L309; benefits.md §3.5 E8',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1969-03-15', '1966-05-01') },
    expect: { outcome: 'eligible', perPerson: { w: 80000, h: 80000 }, totalFen: 160000, policies: ['tefu.wifeAge.national'] },
  },
  {
    name: 'E8 瓯海 two years later: husband 60 without 养老服务补贴 → 1000, wife 800',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2026-09-10', category: 'death', persons: couple('1969-03-15', '1966-05-01', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 80000, h: 100000 }, totalFen: 180000 },
  },
  {
    name: 'E8 瓯海: husband later granted 养老服务补贴 → back to 800',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2026-09-10', category: 'death', persons: couple('1969-03-15', '1966-05-01', {}, { elderlyCareSubsidy: true }) },
    expect: { outcome: 'eligible', perPerson: { w: 80000, h: 80000 }, totalFen: 160000 },
  },
  {
    name: '瓯海 under 60 and 失能 → 1000',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1970-01-01', '1968-01-01', { disabledOrDemented: true }) },
    expect: { outcome: 'eligible', perPerson: { w: 100000, h: 80000 } },
  },
  {
    name: '瓯海: age 61 without subsidy → 1000; 60 today (turned in an earlier month) → 1000',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'disability', persons: couple('1963-08-01', '1964-08-31', { elderlyCareSubsidy: false }, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 100000, h: 100000 } },
  },
  {
    name: '瓯海: wife 48 → not eligible under the national 49 condition (text silent)',
    source: '000 L307–309 silent; tefu.wifeAge.national',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1976-01-01', '1970-01-01') },
    expect: { outcome: 'ineligible', reasons: ['TEFU_WIFE_UNDER_MIN_AGE'], policies: ['tefu.wifeAge.national'] },
  },
  {
    name: '瓯海 complication grade 3 → 360',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'complication', persons: [{ personId: 'p', role: 'self', birthDate: '1970-01-01', complicationGrade: 3 }] },
    expect: { outcome: 'eligible', perPerson: { p: 36000 } },
  },
  {
    name: '瓯海: aged 60+ and receipt of 养老服务补贴 not stated → not computable (the status is not guessed)',
    source: '000 L309',
    packId: OH,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1970-01-01', '1962-01-01') },
    expect: { outcome: 'notComputable', reasons: ['TEFU_ELDERLY_CARE_SUBSIDY_UNKNOWN'] },
  },
  // ---- 北京 003 L329–343 ----
  {
    name: 'E8 北京 死亡家庭: 900 each, paid yearly as 10,800 each from the year after eligibility',
    source: '003 L329–331; benefits.md §3.5 E8',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'death', conditionsMetOn: '2023-04-01', persons: couple('1969-03-15', '1966-05-01') },
    expect: { outcome: 'eligible', perPerson: { w: 1080000, h: 1080000 }, totalFen: 2160000, period: 'yearly', paymentStart: '2024', policies: ['tefu.paymentStart'] },
  },
  {
    name: '北京 伤残家庭: 740 → 8,880 a year each; the wife turned 49 in 2024 → paid from 2025',
    source: '003 L335–337',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'disability', conditionsMetOn: '2020-01-01', persons: couple('1975-06-01', '1972-01-01') },
    expect: { outcome: 'eligible', perPerson: { w: 888000, h: 888000 }, totalFen: 1776000, period: 'yearly', paymentStart: '2025' },
  },
  {
    name: '北京 单亲 father 50 → eligible (either parent ≥ 49)',
    source: '003 L329; tefu.singleParent',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'death', singleParent: true, persons: [{ personId: 'f', role: 'parent', birthDate: '1974-01-01' }] },
    expect: { outcome: 'eligible', perPerson: { f: 1080000 }, policies: ['tefu.singleParent'] },
  },
  {
    name: '北京: no 60 switch — husband 65 without subsidy still 900',
    source: '003 L331',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1969-03-15', '1959-01-01', {}, { elderlyCareSubsidy: false }) },
    expect: { outcome: 'eligible', perPerson: { w: 1080000, h: 1080000 } },
  },
  {
    name: '北京: husband born 1932-12-31 → only the wife (born on 1933-01-01) qualifies',
    source: '003 L329 「1933年1月1日以后出生」; boundary.inclusive',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'death', persons: couple('1933-01-01', '1932-12-31') },
    expect: { outcome: 'eligible', perPerson: { w: 1080000 }, totalFen: 1080000, reasons: ['TEFU_BORN_BEFORE_LIMIT'] },
  },
  {
    name: 'E10 北京 complication grade 2 (transfer-in) → 390/month, 4,680 a year, from the year after transfer and new application',
    source: '003 L341–343; benefits.md §3.5 E10',
    packId: BJ,
    facts: {
      evaluationDate: '2024-09-10',
      category: 'complication',
      persons: [{ personId: 'p', role: 'self', birthDate: '1968-01-01', complicationGrade: 2, transferIn: { appraisedInAnotherProvince: true, hukouTransferredOn: '2023-05-01', reappliedOn: '2023-07-01' } }],
    },
    expect: { outcome: 'eligible', perPerson: { p: 468000 }, totalFen: 468000, period: 'yearly', paymentStart: '2024', policies: ['tefu.beijing.transferIn'] },
  },
  {
    name: '北京 complication appraised locally (no transfer-in) → not covered by the item',
    source: '003 L341',
    packId: BJ,
    facts: { evaluationDate: '2024-09-10', category: 'complication', persons: [{ personId: 'p', role: 'self', birthDate: '1968-01-01', complicationGrade: 1 }] },
    expect: { outcome: 'ineligible', reasons: ['TEFU_BEIJING_TRANSFER_IN_REQUIRED'] },
  },
];
