import fc from 'fast-check';
import { shippedPack } from '../packs/shipped';
import { POLICIES } from '../policies';
import { sampleB, sampleBandTable } from '../sample-data';
import { pinnedBandTable } from '../series-input';
import type { EngineResult } from '../trace/types';
import { evaluateLinshi } from './engine';
import type { LinshiFacts } from './types';

/**
 * A published band table (parameter linshi.band-table) where the standard delegates the amount.
 * Every table and B below is SAMPLE DATA (示例数据（非官方）), never an official figure.
 */
const JX = shippedPack('linshi-330400-2023');
const OH = shippedPack('linshi-330304-undated');
const B = sampleB('1000', '330400');
const TABLE = sampleBandTable('330402', '2025-01-01');
const yuan = (y: number) => ({ fen: Math.round(y * 100) });
const zhichu = (group: 'g1' | 'g2', e: number, extra: Partial<LinshiFacts> = {}): LinshiFacts => ({
  decisionDate: '2025-03-10',
  type: 'zhichu',
  householdMembers: 3,
  group,
  necessaryExpenditure: yuan(e),
  ...extra,
});
const step = (r: EngineResult, id: string) => r.trace.find((s) => s.id === id);
const policiesIn = (r: EngineResult) => new Set(r.trace.flatMap((s) => s.policies).concat(r.reasons.flatMap((x) => (x.policy ? [x.policy] : []))));

describe('临时救助 with a published band table (sample data)', () => {
  it('without a published table 嘉兴 and 瓯海 stay not computable', () => {
    expect(evaluateLinshi(JX, B, zhichu('g1', 30000)).outcome).toBe('notComputable');
    expect(evaluateLinshi(OH, B, zhichu('g1', 30000)).outcome).toBe('notComputable');
  });

  it.each([
    ['g1 rates: 40% × 20,000 + 60% × 10,000 = 14,000', 'g1', 30000, 1400000, false],
    ['g1 rates above the cap of 20 × B → 20,000', 'g1', 50000, 2000000, true],
    ['g1 exactly at the floor: 40% × 1,000 = 400', 'g1', 1000, 40000, false],
    ['g2 amounts: E at the floor → band 1, 2,000', 'g2', 3000, 200000, false],
    ['g2 amounts: E on the upper limit of band 1 (inclusive) → 2,000', 'g2', 10000, 200000, false],
    ['g2 amounts: one fen above → band 2, 5,000', 'g2', 10000.01, 500000, false],
    ['g2 amounts: open band 8,000, capped at the amount cap 6,000', 'g2', 60000, 600000, true],
  ] as const)('%s', (_name, group, e, fen, capped) => {
    const result = evaluateLinshi(JX, B, zhichu(group, e), {}, TABLE);
    expect(result).toMatchObject({ outcome: 'eligible', eligible: true, amount: { nature: 'entitlement', total: { fen }, period: 'oneOff' } });
    expect(step(result, 'linshi.amount')?.result).toMatchObject({ capped, amount: { fen } });
  });

  it('below the group floor: ineligible, no amount', () => {
    const result = evaluateLinshi(JX, B, zhichu('g1', 999.99), {}, TABLE);
    expect(result.outcome).toBe('ineligible');
    expect(result.amount).toBeNull();
    expect(result.reasons.map((r) => r.code)).toEqual(['LINSHI_BELOW_FLOOR']);
  });

  it('names the table and its source document (文号, title, issuer, entry, revision, sample label) in the trace', () => {
    const result = evaluateLinshi(JX, B, zhichu('g1', 30000), {}, TABLE);
    const delegated = step(result, 'linshi.delegated')!;
    expect(delegated.result).toBe('sample-linshi-bands');
    expect(delegated.policies).toEqual(['linshi.delegated.table', 'linshi.delegated.published']);
    const source = {
      parameter: 'linshi.band-table',
      tableId: 'sample-linshi-bands',
      version: '示例',
      divisionCode: '330402',
      effectiveFrom: '2025-01-01',
      docNo: '示例数据（非官方）',
      title: '示例临时救助标准表（非官方）',
      issuer: '示例数据（非官方）',
      sampleData: true,
      entryId: 'sample-entry',
      revision: 0,
    };
    expect(delegated.parameters.at(-1)).toEqual({ key: 'linshi.band-table', value: TABLE.value, source });
    // The trace carries the whole table: a recomputation rebuilds the engine input from it.
    const pinned = pinnedBandTable(result.trace.flatMap((s) => s.parameters));
    expect(pinned).toEqual(TABLE);
    expect(evaluateLinshi(JX, B, zhichu('g1', 30000), {}, pinned)).toEqual(result);
    const bands = result.trace.filter((s) => s.id === 'linshi.zhichu.band');
    expect(bands).toHaveLength(2);
    for (const s of bands) expect(s.parameters[0]).toMatchObject({ key: 'linshi.band-table.g1.bands', source });
    expect(step(result, 'linshi.zhichu.floor')?.parameters[0]).toMatchObject({ key: 'linshi.band-table.g1.floor', value: { fen: 100000 }, source });
    expect(step(result, 'linshi.cap')).toMatchObject({ parameters: [{ key: 'linshi.band-table.g1.cap', value: { monthsOfB: 20 }, source }], result: { fen: 2000000 } });
    for (const id of policiesIn(result)) expect(POLICIES[id]).toBeDefined();
  });

  it('an amount band shows which band E fell in', () => {
    const result = evaluateLinshi(JX, B, zhichu('g2', 20000), {}, TABLE);
    const bands = result.trace.filter((s) => s.id === 'linshi.zhichu.band');
    expect(bands).toHaveLength(1);
    expect(bands[0].result).toEqual({ band: 2, amount: { fen: 500000 } });
    expect(result.amount?.total).toEqual({ fen: 500000 });
  });

  it('急难型: months of B per person from the table', () => {
    const result = evaluateLinshi(JX, B, { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 3 }, {}, TABLE);
    expect(result.amount).toEqual({ nature: 'cap', total: { fen: 600000 }, period: 'oneOff' });
    expect(step(result, 'linshi.jinan.cap')?.parameters[0]).toMatchObject({ key: 'linshi.band-table.jinan.monthsOfBPerPerson', value: 2 });
    expect(step(result, 'linshi.jinan.cap')?.policies).toContain('linshi.delegated.published');
  });

  it('急难型 with a table silent on it: not computable, with the reason', () => {
    const silent = { ...TABLE, value: { ...TABLE.value, jinan: undefined } };
    const result = evaluateLinshi(JX, B, { decisionDate: '2025-03-10', type: 'jinan', householdMembers: 3 }, {}, silent);
    expect(result.outcome).toBe('notComputable');
    expect(result.reasons.map((r) => r.code)).toEqual(['LINSHI_BAND_TABLE_NO_JINAN']);
  });

  it('a table given in the facts (what-if) wins over the published one, and the trace says so', () => {
    const whatIf = {
      tableId: 'what-if',
      source: { docNo: '示例数据（非官方）', title: null },
      sampleData: true,
      zhichu: { floor: yuan(0), bands: [{ upTo: null, rateBp: 1000 }] },
    };
    const result = evaluateLinshi(JX, B, zhichu('g1', 30000, { bandTable: whatIf }), {}, TABLE);
    expect(result.amount?.total).toEqual({ fen: 300000 });
    const delegated = step(result, 'linshi.delegated')!;
    expect(delegated.result).toBe('what-if');
    expect(delegated.policies).toContain('linshi.delegated.whatIfTable');
    expect(delegated.operation).toContain('instead of the published one (sample-linshi-bands)');
  });

  it('a standard that sets the amounts itself (北京) ignores a published table', () => {
    const bj = shippedPack('linshi-110000-2023-draft');
    const without = evaluateLinshi(bj, sampleB('1000', '110000'), zhichu('g1', 40000));
    const withTable = evaluateLinshi(bj, sampleB('1000', '110000'), zhichu('g1', 40000), {}, sampleBandTable('110101'));
    expect(withTable).toEqual(without);
  });

  it('needs the group and refuses a table not yet in effect on the decision date', () => {
    expect(() => evaluateLinshi(JX, B, { ...zhichu('g1', 30000), group: undefined }, {}, TABLE)).toThrow(expect.objectContaining({ code: 'LINSHI_FACT_MISSING' }));
    expect(() => evaluateLinshi(JX, B, zhichu('g1', 30000, { decisionDate: '2024-12-31' }), {}, TABLE)).toThrow(
      expect.objectContaining({ code: 'LINSHI_BAND_TABLE_NOT_IN_EFFECT', status: 422 }),
    );
  });

  it('a cap in months of B needs B', () => {
    expect(() => evaluateLinshi(JX, null, zhichu('g1', 30000), {}, TABLE)).toThrow(expect.objectContaining({ code: 'LINSHI_STANDARD_REQUIRED' }));
  });
});

describe('临时救助 with a published band table: properties (sample table, sample B)', () => {
  const amountOf = (group: 'g1' | 'g2', fen: number) => {
    const r = evaluateLinshi(JX, B, { ...zhichu(group, 0), necessaryExpenditure: { fen } }, {}, TABLE);
    return r.amount ? r.amount.total.fen : 0;
  };

  it('never above the group cap, never negative, and non-decreasing in E (rates and amounts)', () => {
    const caps = { g1: 20 * 100_000, g2: 600_000 };
    fc.assert(
      fc.property(fc.constantFrom('g1' as const, 'g2' as const), fc.integer({ min: 0, max: 20_000_000 }), fc.nat(5_000_000), (group, e, more) => {
        const low = amountOf(group, e);
        const high = amountOf(group, e + more);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(caps[group]);
        expect(high).toBeGreaterThanOrEqual(low);
      }),
      { numRuns: 200 },
    );
  });
});
