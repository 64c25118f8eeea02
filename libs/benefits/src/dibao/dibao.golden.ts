import type { DibaoFacts } from './types';

/**
 * 低保 golden table, written by hand from the seeds before the engine. B is SAMPLE data
 * (示例数据，非官方: no seed states a 低保标准, benefits.md §3.6 item 1): 1,000.00 yuan unless a
 * case says otherwise. Amounts in fen.
 * Sources: income test 001 L1001, 000 L375, 003 L397, 004 L438; gap 004 L439 (dibao.gap);
 * 单人户 001 L1093–1095, 000 L418–419, 003 L452–453; 万州 分户 004 L698–699; 瓯海 100% 000 L377.
 */
export interface DibaoGoldenCase {
  name: string;
  source: string;
  packId: 'dibao-330400-2023' | 'dibao-330304-undated' | 'dibao-110000-2023-draft' | 'dibao-500101-2018';
  /** Sample B in yuan (default '1000'). */
  sampleBYuan?: string;
  facts: DibaoFacts;
  expect: {
    outcome: 'eligible' | 'ineligible';
    totalFen?: number;
    reasons?: string[];
    steps?: string[];
    policies?: string[];
    paymentStart?: string;
  };
}

const ASSESSED_OK = { kind: 'assessed' as const, ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true };
const income = (...yuan: number[]) => yuan.map((y, i) => ({ personId: `m${i + 1}`, monthlyIncome: { fen: y * 100 } }));
const fen = (...fens: number[]) => fens.map((f, i) => ({ personId: `m${i + 1}`, monthlyIncome: { fen: f } }));

export const DIBAO_GOLDEN: DibaoGoldenCase[] = [
  {
    name: 'E12 three members, incomes 500 + 300 + 0 → 3 × 1000 − 800 = 2,200 (万州 gap rule)',
    source: '004 L438–439; benefits.md §3.5 E12',
    packId: 'dibao-500101-2018',
    facts: { benefitMonth: '2024-09', members: income(500, 300, 0), assets: ASSESSED_OK },
    expect: { outcome: 'eligible', totalFen: 220000, steps: ['dibao.incomeTest', 'dibao.amount'], policies: ['dibao.gap', 'boundary.below'] },
  },
  {
    name: 'the same household under 嘉兴 → 2,200',
    source: '001 L1001; dibao.gap',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: income(500, 300, 0), assets: ASSESSED_OK, approvedOn: '2024-08-20' },
    expect: { outcome: 'eligible', totalFen: 220000, paymentStart: '2024-09' },
  },
  {
    name: 'per-capita income exactly B (3 × 1000) → not eligible (「低于」 is strict)',
    source: '001 L1001; boundary.below',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: income(1500, 1500, 0), assets: ASSESSED_OK },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_INCOME_NOT_BELOW_STANDARD'], policies: ['boundary.below'] },
  },
  {
    name: 'one fen below B × n → eligible for 0.01',
    source: '001 L1001',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: fen(149999, 150000, 0), assets: ASSESSED_OK },
    expect: { outcome: 'eligible', totalFen: 1 },
  },
  {
    name: 'exact in fen: 3 members with 1,000.00 together → 2,000.00 (not (1000 − 333.33) × 3 = 2,000.01)',
    source: 'dibao.gap; architecture §8',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: income(1000, 0, 0), assets: ASSESSED_OK },
    expect: { outcome: 'eligible', totalFen: 200000 },
  },
  {
    name: 'assets rule not met → not eligible',
    source: '001 L1001 「且符合当地最低生活保障家庭财产状况规定」',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: income(0, 0), assets: { ...ASSESSED_OK, meets: false } },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_ASSETS_TEST_FAILED'], policies: ['dibao.assets.configured'] },
  },
  {
    name: 'assets not assessed → not eligible, says what is missing',
    source: 'dibao.assets.configured',
    packId: 'dibao-330400-2023',
    facts: { benefitMonth: '2024-09', members: income(0, 0) },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_ASSETS_NOT_ASSESSED'] },
  },
  {
    name: 'assets per-capita limit: 2 members, limit 20,000 each (sample), assets exactly 40,000 → meets (boundary inclusive)',
    source: 'dibao.assets.configured; boundary.inclusive',
    packId: 'dibao-330400-2023',
    facts: {
      benefitMonth: '2024-09',
      members: income(200, 0),
      assets: { kind: 'perCapitaLimit', ruleId: 'assets.sample-limit', source: { docNo: '示例规则（非官方）', title: null }, sampleData: true, limitPerCapita: { fen: 2000000 }, totalAssets: { fen: 4000000 } },
    },
    expect: { outcome: 'eligible', totalFen: 180000 },
  },
  {
    name: 'assets per-capita limit exceeded by one fen → not eligible',
    source: 'dibao.assets.configured',
    packId: 'dibao-330400-2023',
    facts: {
      benefitMonth: '2024-09',
      members: income(200, 0),
      assets: { kind: 'perCapitaLimit', ruleId: 'assets.sample-limit', source: { docNo: '示例规则（非官方）', title: null }, sampleData: true, limitPerCapita: { fen: 2000000 }, totalAssets: { fen: 4000001 } },
    },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_ASSETS_TEST_FAILED'] },
  },
  {
    name: '嘉兴 单人户: severely disabled adult dependent on family, own income 200 → 1000 − 200 = 800 whatever the family earns',
    source: '001 L1093–1095',
    packId: 'dibao-330400-2023',
    facts: {
      benefitMonth: '2024-09',
      members: [
        { personId: 'd', monthlyIncome: { fen: 20000 }, extraNeed: 'severeDisability' },
        { personId: 'p', monthlyIncome: { fen: 800000 } },
      ],
      assets: ASSESSED_OK,
      singlePerson: { personId: 'd', adult: true, severeDisability: true, dependsOnFamily: true },
    },
    expect: { outcome: 'eligible', totalFen: 80000, steps: ['dibao.singlePerson'], policies: ['dibao.singlePerson.ownIncome'] },
  },
  {
    name: '嘉兴 单人户 for a minor → refused',
    source: '001 L1093 「成年」',
    packId: 'dibao-330400-2023',
    facts: {
      benefitMonth: '2024-09',
      members: income(0, 8000),
      assets: ASSESSED_OK,
      singlePerson: { personId: 'm1', adult: false, severeDisability: true, dependsOnFamily: true },
    },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_SINGLE_PERSON_CONDITIONS_NOT_MET'] },
  },
  {
    name: '北京 单人户: adult unemployed, supported by siblings → 1000 − 0',
    source: '003 L452–453',
    packId: 'dibao-110000-2023-draft',
    facts: {
      benefitMonth: '2024-09',
      members: income(0, 6000),
      assets: ASSESSED_OK,
      singlePerson: { personId: 'm1', adult: true, severeDisability: true, noEmployment: true, supportedBySiblingsOrElders60: true },
    },
    expect: { outcome: 'eligible', totalFen: 100000 },
  },
  {
    name: '万州 分户: household per-capita income exactly 3 × B (3,000) → allowed (「3倍以内」 inclusive); own income 0 → 1,000',
    source: '004 L698–699; boundary.inclusive',
    packId: 'dibao-500101-2018',
    facts: {
      benefitMonth: '2024-09',
      members: income(0, 4500, 4500),
      assets: ASSESSED_OK,
      singlePerson: { personId: 'm1', adult: true, severeDisability: true, noEmployment: true },
    },
    expect: { outcome: 'eligible', totalFen: 100000, policies: ['boundary.inclusive'] },
  },
  {
    name: '万州 分户: household per-capita income one fen over 3 × B → refused',
    source: '004 L698',
    packId: 'dibao-500101-2018',
    facts: {
      benefitMonth: '2024-09',
      members: fen(0, 450000, 450001),
      assets: ASSESSED_OK,
      singlePerson: { personId: 'm1', adult: true, severeDisability: true, noEmployment: true },
    },
    expect: { outcome: 'ineligible', reasons: ['DIBAO_SPLIT_HOUSEHOLD_INCOME_TOO_HIGH'] },
  },
  {
    name: '瓯海 applies 100% of the published (温州) B: 2 members, income 100 → 1,900',
    source: '000 L375, L377',
    packId: 'dibao-330304-undated',
    facts: { benefitMonth: '2024-09', members: income(100, 0), assets: ASSESSED_OK },
    expect: { outcome: 'eligible', totalFen: 190000, steps: ['dibao.localExecution'] },
  },
  {
    name: 'extra-support groups are recorded, no amount defined (「采取必要措施」)',
    source: '001 L1003–1005; dibao.extraSupport.none',
    packId: 'dibao-330400-2023',
    facts: {
      benefitMonth: '2024-09',
      members: [
        { personId: 'e', monthlyIncome: { fen: 0 }, extraNeed: 'elderly' },
        { personId: 'c', monthlyIncome: { fen: 0 }, extraNeed: 'minor' },
      ],
      assets: ASSESSED_OK,
    },
    expect: { outcome: 'eligible', totalFen: 200000, steps: ['dibao.extraSupport'], policies: ['dibao.extraSupport.none'] },
  },
  {
    name: 'sample B 1,250.50: 4 members, incomes 1,000.25 in total → 5,002.00 − 1,000.25 = 4,001.75',
    source: 'dibao.gap',
    packId: 'dibao-330400-2023',
    sampleBYuan: '1250.50',
    facts: { benefitMonth: '2024-09', members: fen(100025, 0, 0, 0), assets: ASSESSED_OK },
    expect: { outcome: 'eligible', totalFen: 400175 },
  },
];
