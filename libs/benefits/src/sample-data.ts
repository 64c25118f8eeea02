import { Money } from '@benefits/kernel';
import type { SeriesValue } from './series-input';

/**
 * 示例数据，非官方 — sample values for tests and examples. No seed states a 低保标准 (benefits.md
 * §3.6 item 1); these figures are invented for arithmetic only and are labelled as such wherever
 * they reach a trace (`sampleData: true`, docNo 「示例数据（非官方）」).
 */
export const SAMPLE_B = Money.yuan('1000'); // 示例数据，非官方

export function sampleB(yuan: string, divisionCode: string, effectiveFrom = '2024-01-01'): SeriesValue {
  return {
    name: 'dibao.standard',
    value: { fen: Money.yuan(yuan).fen },
    divisionCode,
    effectiveFrom,
    source: { docNo: '示例数据（非官方）', title: null },
    sampleData: true,
  };
}
