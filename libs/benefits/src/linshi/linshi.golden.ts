import type { PolicyChoices } from '../policies';
import type { LinshiFacts } from './types';

/**
 * 临时救助 golden table, written by hand from 003 L424 (北京 65.) before the engine, with benefits.md
 * §3.5 E1–E4. B is SAMPLE data (示例数据，非官方): 1,000.00 yuan unless a case says otherwise, so the
 * 24 × B cap is 24,000. Amounts in fen.
 */
export interface LinshiGoldenCase {
  name: string;
  source: string;
  packId: 'linshi-110000-2023-draft' | 'linshi-330400-2023' | 'linshi-330304-undated';
  sampleBYuan?: string;
  facts: LinshiFacts;
  /** A switched reading, when the case shows the alternative. */
  policyChoices?: PolicyChoices;
  expect: {
    outcome: 'eligible' | 'ineligible' | 'notComputable';
    totalFen?: number;
    nature?: 'entitlement' | 'cap';
    reasons?: string[];
    steps?: string[];
    policies?: string[];
  };
}

const BJ = 'linshi-110000-2023-draft' as const;
const zhichu = (group: 'g1' | 'g2', yuan: number, extra: Partial<LinshiFacts> = {}): LinshiFacts => ({
  decisionDate: '2025-03-10',
  type: 'zhichu',
  householdMembers: 3,
  group,
  necessaryExpenditure: { fen: yuan * 100 },
  ...extra,
});
const zhichuFen = (group: 'g1' | 'g2', fen: number): LinshiFacts => ({ ...zhichu(group, 0), necessaryExpenditure: { fen } });

export const LINSHI_GOLDEN: LinshiGoldenCase[] = [
  {
    name: 'E1 G1 E = 40,000 → 40% × 30,000 + 50% × 10,000 = 17,000 (cap 24,000 not binding)',
    source: '003 L424; benefits.md §3.5 E1',
    packId: BJ,
    facts: zhichu('g1', 40000),
    expect: { outcome: 'eligible', totalFen: 1700000, nature: 'entitlement', steps: ['linshi.zhichu.band', 'linshi.cap', 'linshi.amount'], policies: ['linshi.zhichu.marginal', 'linshi.cap.basis'] },
  },
  {
    name: 'E1 with B = 700 → cap 24 × 700 = 16,800 binds',
    source: '003 L424; benefits.md §3.5 E1 (binds when B < 708.33)',
    packId: BJ,
    sampleBYuan: '700',
    facts: zhichu('g1', 40000),
    expect: { outcome: 'eligible', totalFen: 1680000 },
  },
  {
    name: 'E1 with B = 708.34 → cap 17,000.16 does not bind',
    source: 'benefits.md §3.5 E1',
    packId: BJ,
    sampleBYuan: '708.34',
    facts: zhichu('g1', 40000),
    expect: { outcome: 'eligible', totalFen: 1700000 },
  },
  {
    name: 'E2 G1 E = 1,999 → below the 2,000 floor: no 支出型 amount',
    source: '003 L424 「2000元（含）」; benefits.md §3.5 E2',
    packId: BJ,
    facts: zhichu('g1', 1999),
    expect: { outcome: 'ineligible', reasons: ['LINSHI_BELOW_FLOOR'], policies: ['linshi.zhichu.floor'] },
  },
  {
    name: 'E2 G1 E = 2,000 → 800 (the rate applies to the whole E from the floor)',
    source: '003 L424; linshi.zhichu.floor',
    packId: BJ,
    facts: zhichu('g1', 2000),
    expect: { outcome: 'eligible', totalFen: 80000, policies: ['linshi.zhichu.floor'] },
  },
  {
    name: 'E2 G1 E = 30,000 → 12,000',
    source: '003 L424 「3万元（含）」',
    packId: BJ,
    facts: zhichu('g1', 30000),
    expect: { outcome: 'eligible', totalFen: 1200000 },
  },
  {
    name: 'E2 G1 E = 30,001 → 12,000.50 (marginal)',
    source: '003 L424 「3万元以上部分按照50%」; linshi.zhichu.marginal',
    packId: BJ,
    facts: zhichu('g1', 30001),
    expect: { outcome: 'eligible', totalFen: 1200050 },
  },
  {
    name: 'E2 G1 E = 100,000 → 47,000 raw, capped at 24 × B = 24,000',
    source: '003 L424 「救助金额不超过24个月当年本市低保标准」',
    packId: BJ,
    facts: zhichu('g1', 100000),
    expect: { outcome: 'eligible', totalFen: 2400000 },
  },
  {
    name: 'E2 G1 E = 100,000 with B = 1,958.34 → cap 47,000.16, raw 47,000 stands',
    source: 'benefits.md §3.5 E2',
    packId: BJ,
    sampleBYuan: '1958.34',
    facts: zhichu('g1', 100000),
    expect: { outcome: 'eligible', totalFen: 4700000 },
  },
  {
    name: 'E3 G2 E = 50,000, no uplift → 30% × 30,000 + 40% × 20,000 = 17,000',
    source: '003 L424; benefits.md §3.5 E3',
    packId: BJ,
    facts: zhichu('g2', 50000),
    expect: { outcome: 'eligible', totalFen: 1700000 },
  },
  {
    name: 'E3 G2 E = 50,000 with the severe-disability uplift → 40% × 30,000 + 50% × 20,000 = 22,000',
    source: '003 L424 「救助比例可增加10%」; linshi.zhichu.uplift',
    packId: BJ,
    facts: zhichu('g2', 50000, { severeDisabilityUplift: true }),
    expect: { outcome: 'eligible', totalFen: 2200000, policies: ['linshi.zhichu.uplift'] },
  },
  {
    name: 'E3 under the switched reading linshi.zhichu.uplift.relative (×1.10): 33% × 30,000 + 44% × 20,000 = 18,700',
    source: '003 L424; benefits.md §3.5 E3',
    packId: BJ,
    policyChoices: { 'linshi.zhichu.uplift': 'relative' },
    facts: zhichu('g2', 50000, { severeDisabilityUplift: true }),
    expect: { outcome: 'eligible', totalFen: 1870000, policies: ['linshi.zhichu.uplift.relative'] },
  },
  {
    name: 'E3 G2 E = 5,000 → 1,500; E = 4,999 → none',
    source: '003 L424 「5000元（含）」',
    packId: BJ,
    facts: zhichu('g2', 5000),
    expect: { outcome: 'eligible', totalFen: 150000 },
  },
  {
    name: 'E3 G2 E = 4,999 → below the 5,000 floor',
    source: '003 L424',
    packId: BJ,
    facts: zhichu('g2', 4999),
    expect: { outcome: 'ineligible', reasons: ['LINSHI_BELOW_FLOOR'] },
  },
  {
    name: 'uplift asked for a G1 household → not applied (the sentence belongs to 「其它救助对象」), 40,000 → 17,000',
    source: '003 L424; linshi.zhichu.uplift',
    packId: BJ,
    facts: zhichu('g1', 40000, { severeDisabilityUplift: true }),
    expect: { outcome: 'eligible', totalFen: 1700000, reasons: ['LINSHI_UPLIFT_NOT_APPLICABLE'], policies: ['linshi.zhichu.uplift'] },
  },
  {
    name: 'rounding once at the end: G2 E = 5,000.05 → 30% = 1,500.015 → 1,500.02 (half up to the fen)',
    source: 'rounding',
    packId: BJ,
    facts: zhichuFen('g2', 500005),
    expect: { outcome: 'eligible', totalFen: 150002, policies: ['rounding'] },
  },
  {
    name: 'rounding: G1 E = 2,000.01 → 800.004 → 800.00',
    source: 'rounding',
    packId: BJ,
    facts: zhichuFen('g1', 200001),
    expect: { outcome: 'eligible', totalFen: 80000 },
  },
  {
    name: 'E4 急难型, 3 members → cap 3 months × B × 3 = 9,000 (a cap the officer chooses within)',
    source: '003 L424 「每人不超过3个月」; linshi.jinan.perPerson; benefits.md §3.5 E4',
    packId: BJ,
    facts: { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 3 },
    expect: { outcome: 'eligible', totalFen: 900000, nature: 'cap', policies: ['linshi.jinan.perPerson'] },
  },
  {
    name: 'E4 under the switched reading linshi.jinan.perCase → cap 3 × B = 3,000 whatever the household size',
    source: '003 L424; benefits.md §3.5 E4',
    packId: BJ,
    policyChoices: { 'linshi.jinan': 'perCase' },
    facts: { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 3 },
    expect: { outcome: 'eligible', totalFen: 300000, nature: 'cap', policies: ['linshi.jinan.perCase'] },
  },
  {
    name: '嘉兴 delegates the amount: without a band table → not computable',
    source: '001 L1043; linshi.delegated.table',
    packId: 'linshi-330400-2023',
    facts: zhichu('g1', 40000),
    expect: { outcome: 'notComputable', reasons: ['LINSHI_AMOUNT_DELEGATED_NO_TABLE'], policies: ['linshi.delegated.table'] },
  },
  {
    name: '瓯海 with a supplied (sample) band table: floor 1,000, 20% to 10,000, 30% above, cap 10 × B → E 20,000 → 2,000 + 3,000 = 5,000',
    source: '000 L395; linshi.delegated.table (table is sample data)',
    packId: 'linshi-330304-undated',
    facts: {
      ...zhichu('g1', 20000),
      bandTable: {
        tableId: 'sample-ouhai-zhichu',
        source: { docNo: '示例数据（非官方）', title: null },
        sampleData: true,
        zhichu: { floor: { fen: 100000 }, bands: [{ upTo: { fen: 1000000 }, rateBp: 2000 }, { upTo: null, rateBp: 3000 }], cap: { monthsOfB: 10 } },
      },
    },
    expect: { outcome: 'eligible', totalFen: 500000, policies: ['linshi.delegated.table'] },
  },
  {
    name: '瓯海 急难型 without a table → not computable',
    source: '000 L395',
    packId: 'linshi-330304-undated',
    facts: { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 2 },
    expect: { outcome: 'notComputable', reasons: ['LINSHI_AMOUNT_DELEGATED_NO_TABLE'] },
  },
];
