import { ADMIN, InMemoryStreams } from '../catalog/testing';
import { checkBandTable, SAMPLE_BAND_TABLE_SOURCE, type BandTableValue } from './band-table';
import { PARAMETERS } from './definitions';
import { decidePublish, foldSeries, lookupParameter, parameterStreamId, type PublishCommand } from './series';

/** Every table here is SAMPLE DATA (示例数据（非官方）), made up for the tests. */
const NAME = 'linshi.band-table';
const fen = (yuan: number) => ({ fen: yuan * 100 });
const table = (): BandTableValue => ({
  tableId: 'sample-330402',
  version: null,
  zhichu: {
    g1: { floor: fen(1000), bands: [{ upTo: fen(20000), rateBp: 4000 }, { upTo: null, rateBp: 6000 }], cap: { monthsOfB: 20 } },
    g2: { floor: fen(3000), bands: [{ upTo: fen(10000), amount: fen(2000) }, { upTo: null, amount: fen(5000) }], cap: { amount: fen(6000) } },
  },
  jinan: { monthsOfBPerPerson: 2 },
});

const issuesOf = (value: unknown): { path: string; code: string }[] => {
  try {
    checkBandTable(value);
  } catch (error) {
    const e = error as { code: string; status: number; details: { issues: { path: string; code: string }[] } };
    expect(e).toMatchObject({ code: 'BAND_TABLE_INVALID', status: 400, messageZh: expect.stringContaining('临时救助标准表'), messageEn: expect.stringContaining('band table') });
    return e.details.issues.map(({ path, code }) => ({ path, code }));
  }
  throw new Error('expected BAND_TABLE_INVALID');
};

describe('linshi.band-table: the parameter and its validation', () => {
  it('is a catalogued parameter of kind band-table, any effective date', () => {
    expect(PARAMETERS[NAME]).toMatchObject({ kind: 'band-table', period: 'any', unit: null });
  });

  it('accepts a table with both groups, rate bands for one and amount bands for the other', () => {
    expect(checkBandTable(table())).toEqual(table());
  });

  it.each([
    ['a missing group', (t: any): unknown => delete t.zhichu.g2, [{ path: 'zhichu.g2', code: 'GROUP_MISSING' }]],
    ['bands not ascending', (t: any): unknown => (t.zhichu.g1.bands = [{ upTo: fen(20000), rateBp: 1 }, { upTo: fen(20000), rateBp: 1 }, { upTo: null, rateBp: 1 }]), [{ path: 'zhichu.g1.bands.1.upTo', code: 'BANDS_NOT_ASCENDING' }]],
    ['a closed last band', (t: any): unknown => (t.zhichu.g1.bands[1].upTo = fen(90000)), [{ path: 'zhichu.g1.bands.1.upTo', code: 'LAST_BAND_NOT_OPEN' }]],
    ['an open band before the last', (t: any): unknown => (t.zhichu.g1.bands[0].upTo = null), [{ path: 'zhichu.g1.bands.0.upTo', code: 'LAST_BAND_NOT_OPEN' }]],
    ['a rate over 100%', (t: any): unknown => (t.zhichu.g1.bands[1].rateBp = 10001), [{ path: 'zhichu.g1.bands.1.rateBp', code: 'RATE_OUT_OF_RANGE' }]],
    ['a fractional rate', (t: any): unknown => (t.zhichu.g1.bands[1].rateBp = 33.3), [{ path: 'zhichu.g1.bands.1.rateBp', code: 'RATE_OUT_OF_RANGE' }]],
    ['a band with both a rate and an amount', (t: any): unknown => (t.zhichu.g2.bands[0].rateBp = 100), [{ path: 'zhichu.g2.bands.0', code: 'BAND_NEEDS_RATE_OR_AMOUNT' }, { path: 'zhichu.g2.bands', code: 'BAND_KINDS_MIXED' }]],
    ['mixed rate and amount bands', (t: any): unknown => (t.zhichu.g2.bands[1] = { upTo: null, rateBp: 100 }), [{ path: 'zhichu.g2.bands', code: 'BAND_KINDS_MIXED' }]],
    ['money in yuan decimals', (t: any): unknown => (t.zhichu.g2.bands[0].amount = { fen: 12.5 }), [{ path: 'zhichu.g2.bands.0.amount', code: 'AMOUNT_INVALID' }]],
    ['a zero cap amount', (t: any): unknown => (t.zhichu.g2.cap = { amount: fen(0) }), [{ path: 'zhichu.g2.cap.amount', code: 'CAP_NOT_POSITIVE' }]],
    ['a cap of 0 months', (t: any): unknown => (t.zhichu.g1.cap = { monthsOfB: 0 }), [{ path: 'zhichu.g1.cap.monthsOfB', code: 'CAP_NOT_POSITIVE' }]],
    ['no bands', (t: any): unknown => (t.zhichu.g1.bands = []), [{ path: 'zhichu.g1.bands', code: 'NO_BANDS' }]],
    ['a first band ending at the floor', (t: any): unknown => (t.zhichu.g1.bands[0].upTo = fen(1000)), [{ path: 'zhichu.g1.bands.0.upTo', code: 'FIRST_BAND_NOT_ABOVE_FLOOR' }]],
    ['急难型 months not whole', (t: any): unknown => (t.jinan.monthsOfBPerPerson = 1.5), [{ path: 'jinan.monthsOfBPerPerson', code: 'JINAN_MONTHS_INVALID' }]],
    ['an empty tableId', (t: any): unknown => (t.tableId = ' '), [{ path: 'tableId', code: 'TABLE_ID_MISSING' }]],
    ['an unknown field', (t: any): unknown => (t.zhichu.g1.extra = 1), [{ path: 'zhichu.g1', code: 'SHAPE' }]],
  ] as const)('refuses %s with a stable issue code', (_name, mutate, expected) => {
    const t = table();
    mutate(t);
    expect(issuesOf(t)).toEqual(expected);
  });
});

describe('linshi.band-table: published per division, effective-dated, with its document', () => {
  let ids = 0;
  const publish = (streams: InMemoryStreams, command: Partial<PublishCommand>) => {
    const divisionCode = command.divisionCode ?? '330402';
    const stream = parameterStreamId(NAME, divisionCode);
    ids += 1;
    const decision = decidePublish(foldSeries(streams.read(stream)), {
      entryId: `20000000-0000-7000-8000-${String(ids).padStart(12, '0')}`,
      name: NAME,
      divisionCode,
      effectiveFrom: '2025-01-01',
      value: table(),
      source: { ...SAMPLE_BAND_TABLE_SOURCE },
      sampleData: true,
      actor: ADMIN,
      correlationId: 'test',
      ...command,
    });
    if (decision.kind === 'publish') streams.append(stream, decision.event);
    return decision;
  };

  it('records the table with its 文号, title and issuing body; lookup finds it for the division and, inherited, under a city', () => {
    const streams = new InMemoryStreams();
    const decision = publish(streams, {});
    expect(decision.kind).toBe('publish');
    const seriesOf = (code: string) => foldSeries(streams.read(parameterStreamId(NAME, code)));
    const found = lookupParameter(seriesOf, '330402', { date: '2025-03-10' });
    expect(found).toMatchObject({ resolvedAt: '330402', inherited: false, entry: { value: table(), sampleData: true, source: SAMPLE_BAND_TABLE_SOURCE } });
    expect(lookupParameter(seriesOf, '330402', { date: '2024-12-31' })).toBeNull();
    expect(lookupParameter(seriesOf, '330411', { date: '2025-03-10' })).toBeNull();
  });

  it('the same table again is unchanged; a different one on the same date needs a correction', () => {
    const streams = new InMemoryStreams();
    publish(streams, {});
    expect(publish(streams, {}).kind).toBe('unchanged');
    const other = table();
    other.jinan = { monthsOfBPerPerson: 3 };
    expect(() => publish(streams, { value: other })).toThrow(expect.objectContaining({ code: 'PARAMETER_ALREADY_PUBLISHED' }));
  });

  it('refuses a table without the issuing body or title (typed, bilingual), and an invalid table, writing nothing', () => {
    const streams = new InMemoryStreams();
    expect(() => publish(streams, { source: { docNo: '示例数据（非官方）', title: '示例' } })).toThrow(
      expect.objectContaining({ code: 'BAND_TABLE_SOURCE_INCOMPLETE', status: 400, details: { missing: ['issuer'] } }),
    );
    expect(() => publish(streams, { source: { docNo: '示例数据（非官方）', title: null, issuer: null } })).toThrow(
      expect.objectContaining({ code: 'BAND_TABLE_SOURCE_INCOMPLETE', details: { missing: ['title', 'issuer'] } }),
    );
    expect(() => publish(streams, { value: { ...table(), zhichu: {} } })).toThrow(expect.objectContaining({ code: 'BAND_TABLE_INVALID' }));
    expect(() => publish(streams, { value: { fen: 100 } })).toThrow(expect.objectContaining({ code: 'BAND_TABLE_INVALID' }));
    expect(streams.read(parameterStreamId(NAME, '330402'))).toHaveLength(0);
  });

  it('a money parameter still refuses a table', () => {
    const streams = new InMemoryStreams();
    expect(() => publish(streams, { name: 'dibao.standard', effectiveFrom: '2025-01-01' })).toThrow(expect.objectContaining({ code: 'PARAMETER_VALUE_INVALID' }));
  });
});
