import { lookupParameter, type ParameterEntry } from '@benefits/standards';
import { evaluateDibao } from './dibao/engine';
import { shippedPack } from './packs/shipped';
import { seriesValueFrom } from './series-input';

describe('seriesValueFrom', () => {
  it('turns a looked-up 低保标准 (瓯海 inheriting 温州) into the engine input, and the trace shows where it came from', () => {
    const entry: ParameterEntry = {
      entryId: 'e-1',
      name: 'dibao.standard',
      divisionCode: '330300',
      effectiveFrom: '2024-07-01',
      effectiveTo: null,
      value: { fen: 123456 },
      source: { docNo: '示例数据（非官方）', title: null },
      sampleData: true,
      supersedes: null,
      correctionReason: null,
      publishedBy: { id: 'u', role: 'admin', divisionCode: '330300' },
      eventId: 'e-1',
      streamRevision: 0,
      recordedAt: '2026-01-01T00:00:00.000Z',
    };
    const lookup = lookupParameter((code) => (code === '330300' ? [entry] : []), '330304', { date: '2024-09-01' });
    const b = seriesValueFrom(lookup!);
    expect(b).toEqual({
      name: 'dibao.standard',
      value: { fen: 123456 },
      divisionCode: '330300',
      effectiveFrom: '2024-07-01',
      entryId: 'e-1',
      source: { docNo: '示例数据（非官方）', title: null },
      sampleData: true,
    });
    const result = evaluateDibao(shippedPack('dibao-330304-undated'), b, {
      benefitMonth: '2024-09',
      members: [{ personId: 'a', monthlyIncome: { fen: 0 } }],
      assets: { kind: 'assessed', ruleId: 'r', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
    });
    expect(result.amount?.total).toEqual({ fen: 123456 });
    expect(result.trace.find((s) => s.id === 'dibao.standard')?.parameters[0].source).toMatchObject({ divisionCode: '330300', entryId: 'e-1', sampleData: true });
  });
});
