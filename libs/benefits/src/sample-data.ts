import { Money } from '@benefits/kernel';
import { SAMPLE_BAND_TABLE_SOURCE, type BandTableValue } from '@benefits/standards';
import type { BandTableSeriesValue, SeriesValue } from './series-input';

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

/**
 * 示例数据，非官方 — a made-up 临时救助 band table, for tests and the demo only: group g1 by rates
 * (floor 1,000; 40% up to 20,000, 60% above; cap 20 × B), group g2 by fixed amounts (floor 3,000;
 * 2,000 up to 10,000, 5,000 up to 50,000, 8,000 above; cap 6,000 yuan), 急难型 2 × B per person.
 * Published with docNo 「示例数据（非官方）」 and `sampleData: true`; never an official table.
 */
export function sampleBandTableValue(tableId = 'sample-linshi-bands'): BandTableValue {
  const fen = (yuan: string) => ({ fen: Money.yuan(yuan).fen });
  return {
    tableId,
    version: '示例',
    zhichu: {
      g1: { floor: fen('1000'), bands: [{ upTo: fen('20000'), rateBp: 4000 }, { upTo: null, rateBp: 6000 }], cap: { monthsOfB: 20 } },
      g2: {
        floor: fen('3000'),
        bands: [
          { upTo: fen('10000'), amount: fen('2000') },
          { upTo: fen('50000'), amount: fen('5000') },
          { upTo: null, amount: fen('8000') },
        ],
        cap: { amount: fen('6000') },
      },
    },
    jinan: { monthsOfBPerPerson: 2 },
  };
}

/** The sample table as the engine receives a published entry (see `bandTableValueFrom`). */
export function sampleBandTable(divisionCode: string, effectiveFrom = '2024-01-01', tableId?: string): BandTableSeriesValue {
  return {
    name: 'linshi.band-table',
    value: sampleBandTableValue(tableId),
    divisionCode,
    effectiveFrom,
    entryId: 'sample-entry',
    revision: 0,
    source: { ...SAMPLE_BAND_TABLE_SOURCE },
    sampleData: true,
  };
}
