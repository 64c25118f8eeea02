import { shippedPack } from '../packs/shipped';
import { sampleB } from '../sample-data';
import type { EngineResult } from '../trace/types';
import { evaluateLinshi } from './engine';
import { LINSHI_GOLDEN } from './linshi.golden';

const policiesIn = (result: EngineResult) => new Set(result.trace.flatMap((s) => s.policies).concat(result.reasons.flatMap((r) => (r.policy ? [r.policy] : []))));

describe('临时救助 golden table (hand-written from 003 L424; B is sample data)', () => {
  it.each(LINSHI_GOLDEN.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const pack = shippedPack(c.packId);
    const result = evaluateLinshi(pack, sampleB(c.sampleBYuan ?? '1000', pack.pack.jurisdiction.divisionCode), c.facts, c.policyChoices);
    const e = c.expect;
    expect({ outcome: result.outcome, eligible: result.eligible }).toEqual({ outcome: e.outcome, eligible: e.outcome === 'eligible' });
    if (e.totalFen !== undefined) expect(result.amount).toMatchObject({ total: { fen: e.totalFen }, period: 'oneOff' });
    if (e.nature) expect(result.amount?.nature).toBe(e.nature);
    if (e.outcome !== 'eligible') expect(result.amount).toBeNull();
    for (const code of e.reasons ?? []) expect(result.reasons.map((r) => r.code)).toContain(code);
    for (const id of e.steps ?? []) expect(result.trace.map((s) => s.id)).toContain(id);
    for (const id of e.policies ?? []) expect(policiesIn(result)).toContain(id);
  });
});

describe('临时救助 trace', () => {
  it('shows each band with its clause, the exact intermediate and the cap', () => {
    const result = evaluateLinshi(shippedPack('linshi-110000-2023-draft'), sampleB('1000', '110000'), LINSHI_GOLDEN[0].facts);
    const bands = result.trace.filter((s) => s.id === 'linshi.zhichu.band');
    expect(bands.map((s) => s.result)).toEqual([
      { portion: { fen: 3000000 }, rateBp: 4000, exactFen: { num: 12000000000, den: 10000 } },
      { portion: { fen: 1000000 }, rateBp: 5000, exactFen: { num: 5000000000, den: 10000 } },
    ]);
    expect(bands[0].clause).toMatchObject({ standardRef: { standardId: 'bps-110000', itemNo: '65' }, line: 424 });
    expect(result.trace.find((s) => s.id === 'linshi.cap')?.result).toEqual({ fen: 2400000 });
  });

  it('records the supplied table and its source document in the trace', () => {
    const c = LINSHI_GOLDEN.find((g) => g.facts.bandTable)!;
    const result = evaluateLinshi(shippedPack(c.packId), sampleB('1000', '330304'), c.facts);
    expect(result.trace.find((s) => s.id === 'linshi.zhichu.band')?.parameters[0].source).toEqual({
      tableId: 'sample-ouhai-zhichu',
      docNo: '示例数据（非官方）',
      title: null,
      sampleData: true,
    });
  });

  it('rejects a 支出型 request without the expenditure with a typed error', () => {
    expect(() =>
      evaluateLinshi(shippedPack('linshi-110000-2023-draft'), sampleB('1000', '110000'), { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 1, group: 'g1' }),
    ).toThrow(expect.objectContaining({ code: 'LINSHI_FACT_MISSING' }));
  });
});
