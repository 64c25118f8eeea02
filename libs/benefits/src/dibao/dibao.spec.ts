import { shippedPack } from '../packs/shipped';
import { sampleB } from '../sample-data';
import type { EngineResult } from '../trace/types';
import { DIBAO_GOLDEN } from './dibao.golden';
import { evaluateDibao } from './engine';

const policiesIn = (result: EngineResult) => new Set(result.trace.flatMap((s) => s.policies).concat(result.reasons.flatMap((r) => (r.policy ? [r.policy] : []))));

describe('低保 golden table (hand-written from the seeds; B is sample data)', () => {
  it.each(DIBAO_GOLDEN.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const pack = shippedPack(c.packId);
    const result = evaluateDibao(pack, sampleB(c.sampleBYuan ?? '1000', pack.pack.jurisdiction.divisionCode), c.facts);
    const e = c.expect;
    expect({ outcome: result.outcome, eligible: result.eligible }).toEqual({ outcome: e.outcome, eligible: e.outcome === 'eligible' });
    if (e.totalFen !== undefined) expect(result.amount).toMatchObject({ nature: 'entitlement', total: { fen: e.totalFen }, period: 'monthly' });
    if (e.outcome === 'ineligible') expect(result.amount).toBeNull();
    if (e.paymentStart) expect(result.amount?.paymentStart?.from).toBe(e.paymentStart);
    for (const code of e.reasons ?? []) expect(result.reasons.map((r) => r.code)).toContain(code);
    for (const id of e.steps ?? []) expect(result.trace.map((s) => s.id)).toContain(id);
    for (const id of e.policies ?? []) expect(policiesIn(result)).toContain(id);
  });
});

describe('低保 trace', () => {
  it('labels B as sample data with its source and cites the income clause', () => {
    const result = evaluateDibao(shippedPack('dibao-330400-2023'), sampleB('1000', '330400'), DIBAO_GOLDEN[1].facts);
    expect(result.trace.find((s) => s.id === 'dibao.standard')?.parameters[0]).toEqual({
      key: 'dibao.standard',
      value: { fen: 100000 },
      source: { divisionCode: '330400', effectiveFrom: '2024-01-01', docNo: '示例数据（非官方）', title: null, sampleData: true },
    });
    expect(result.trace.find((s) => s.id === 'dibao.incomeTest')).toMatchObject({
      clause: { standardRef: { standardId: 'bps-330400', itemNo: '63' }, field: '服务对象', line: 1001 },
      result: { sumIncome: { fen: 80000 }, bTimesN: { fen: 300000 }, perCapitaIncome: { num: 80000, den: 3 }, below: true },
    });
  });

  it('refuses a B that takes effect after the benefit month (a lookup mistake, not a household fact)', () => {
    expect(() =>
      evaluateDibao(shippedPack('dibao-330400-2023'), sampleB('1000', '330400', '2024-10-01'), DIBAO_GOLDEN[1].facts),
    ).toThrow(expect.objectContaining({ code: 'DIBAO_STANDARD_NOT_IN_EFFECT' }));
  });

  it('says when a standard defines no 单人户 rule', () => {
    const pack = shippedPack('dibao-330400-2023');
    const bare = { ...pack, parameters: pack.parameters.filter((p) => !p.key.startsWith('dibao.singlePerson')) };
    const result = evaluateDibao(bare, sampleB('1000', '330400'), DIBAO_GOLDEN[9].facts);
    expect(result.reasons.map((r) => r.code)).toEqual(['DIBAO_SINGLE_PERSON_NOT_DEFINED']);
  });
});
