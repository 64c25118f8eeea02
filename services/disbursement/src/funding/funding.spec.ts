import { fold, givenWhenThen, isDomainError } from '@benefits/kernel';
import {
  FUNDING_SHARES_PUBLISHED,
  fundingDecider,
  fundingLookupChain,
  fundingPeriodOf,
  fundingStreamId,
  parseFundingStreamId,
  resolveSharesInForce,
  sharesInForce,
  type FundingSharesPublished,
  type FundingSharesPublishedData,
  type FundingState,
  type PublishFundingShares,
} from './funding';

const now = new Date('2025-01-10T02:00:00Z');
const sampleSource = { document: '示例文件（样例数据，非正式文件）', clause: '第三条' };
const publication = (overrides: Partial<FundingSharesPublishedData> = {}): FundingSharesPublishedData => ({
  benefit: 'dibao',
  divisionCode: '330402',
  fromPeriod: '2025-01',
  shares: { central: 5000, provincial: 2000, city: 1500, county: 1500 },
  source: sampleSource,
  sample: true,
  ...overrides,
});
const publish = (data: FundingSharesPublishedData): PublishFundingShares => ({ type: 'PublishFundingShares', data, metadata: { now } });
const published = (data: FundingSharesPublishedData): FundingSharesPublished => ({ type: FUNDING_SHARES_PUBLISHED, data });
const spec = givenWhenThen(fundingDecider);
const stateOf = (...datas: FundingSharesPublishedData[]): FundingState => fold(fundingDecider, datas.map(published));

describe('funding shares (decider)', () => {
  it('publishes valid shares with a citation', () => {
    spec.given([]).when(publish(publication())).then([published(publication())]);
  });

  it('normalises the citation (trimmed, empty note dropped) and the key order of the shares', () => {
    const untidy = publication({ shares: { county: 1500, city: 1500, provincial: 2000, central: 5000 }, source: { document: '  示例文件（样例数据，非正式文件） ', clause: '第三条 ', note: ' ' } });
    spec.given([]).when(publish(untidy)).then([published(publication())]);
  });

  it.each([
    ['shares not summing to 10000', publication({ shares: { central: 5000, provincial: 2000, city: 1500, county: 1499 } }), 'INVALID_FUNDING_SHARES'],
    ['a fractional share', publication({ shares: { central: 5000.5, provincial: 1999.5, city: 1500, county: 1500 } }), 'INVALID_FUNDING_SHARES'],
    ['a negative share', publication({ shares: { central: 11_000, provincial: -1000, city: 0, county: 0 } }), 'INVALID_FUNDING_SHARES'],
    ['no document', publication({ source: { document: ' ', clause: '第三条' } }), 'FUNDING_SOURCE_MISSING'],
    ['no clause', publication({ source: { document: '某文件', clause: '' } }), 'FUNDING_SOURCE_MISSING'],
    ['no source at all', publication({ source: undefined as never }), 'FUNDING_SOURCE_MISSING'],
    ['a month 13', publication({ fromPeriod: '2025-13' }), 'INVALID_FROM_PERIOD'],
    ['a date for a month', publication({ fromPeriod: '2025-01-01' }), 'INVALID_FROM_PERIOD'],
    ['a year for a month', publication({ fromPeriod: '2025' }), 'INVALID_FROM_PERIOD'],
  ])('refuses %s', (_what, data, code) => {
    spec.given([]).when(publish(data)).thenThrows(code);
  });

  it('refuses a publication for another benefit or division on an existing stream', () => {
    spec.given([published(publication())]).when(publish(publication({ divisionCode: '330411' }))).thenThrows('FUNDING_STREAM_MISMATCH');
  });

  it('records nothing when the publication in force for that fromPeriod is published again', () => {
    spec.given([published(publication())]).when(publish(publication())).thenNothingHappens();
  });

  it('records a correction for an existing fromPeriod, keeps the history, and the latest wins', () => {
    const corrected = publication({ shares: { central: 6000, provincial: 2000, city: 1000, county: 1000 } });
    spec.given([published(publication())]).when(publish(corrected)).then([published(corrected)]);
    const state = stateOf(publication(), corrected);
    expect(state.history.map((p) => [p.sequence, p.correction, p.supersededBy])).toEqual([
      [0, false, 1],
      [1, true, null],
    ]);
    expect(sharesInForce(state, '2025-03')?.shares).toEqual(corrected.shares);
    // Going back to the first content is itself a correction (it is not the one in force).
    spec.given([published(publication()), published(corrected)]).when(publish(publication())).then([published(publication())]);
    // A new citation for the same shares is recorded too.
    spec.given([published(publication())]).when(publish(publication({ source: { ...sampleSource, note: '更正文号' } }))).then([published(publication({ source: { ...sampleSource, note: '更正文号' } }))]);
  });

  it('finds the publication with the latest fromPeriod not after the period', () => {
    const state = stateOf(
      publication({ fromPeriod: '2025-07', shares: { central: 4000, provincial: 3000, city: 1500, county: 1500 } }),
      publication({ fromPeriod: '2025-01' }),
      publication({ fromPeriod: '2026-01', shares: { central: 10_000, provincial: 0, city: 0, county: 0 } }),
    );
    expect(sharesInForce(state, '2024-12')).toBeNull();
    expect(sharesInForce(state, '2025-01')?.fromPeriod).toBe('2025-01');
    expect(sharesInForce(state, '2025-06')?.fromPeriod).toBe('2025-01');
    expect(sharesInForce(state, '2025-07')?.fromPeriod).toBe('2025-07');
    expect(sharesInForce(state, '2025-12')?.fromPeriod).toBe('2025-07');
    expect(sharesInForce(state, '2026')?.fromPeriod).toBe('2026-01');
    expect(sharesInForce(state, '2025')?.fromPeriod).toBe('2025-01');
    expect(sharesInForce(fundingDecider.initialState(), '2025-01')).toBeNull();
  });

  it('reads a yearly run period as its January and refuses anything else', () => {
    expect(fundingPeriodOf('2025-03')).toBe('2025-03');
    expect(fundingPeriodOf('2025')).toBe('2025-01');
    expect(() => fundingPeriodOf('once:abc')).toThrow(expect.objectContaining({ code: 'INVALID_FROM_PERIOD' }));
  });

  it('names streams funding-<benefit>-<division>', () => {
    expect(fundingStreamId('tefu', '110105')).toBe('funding-tefu-110105');
    expect(parseFundingStreamId('funding-tefu-110105')).toEqual({ benefit: 'tefu', divisionCode: '110105' });
    expect(parseFundingStreamId('funding-other-110105')).toBeNull();
  });

  describe('lookup up the divisions', () => {
    it('walks county → city → province, without repeats', () => {
      expect(fundingLookupChain('330402').map((s) => `${s.level}:${s.divisionCode}`)).toEqual(['county:330402', 'city:330400', 'province:330000']);
      expect(fundingLookupChain('330400').map((s) => `${s.level}:${s.divisionCode}`)).toEqual(['city:330400', 'province:330000']);
      expect(fundingLookupChain('330000').map((s) => `${s.level}:${s.divisionCode}`)).toEqual(['province:330000']);
    });

    const city = publication({ divisionCode: '330400', fromPeriod: '2024-01', shares: { central: 5000, provincial: 2500, city: 2500, county: 0 } });
    const province = publication({ divisionCode: '330000', fromPeriod: '2020-01', shares: { central: 8000, provincial: 2000, city: 0, county: 0 } });
    const county = publication({ divisionCode: '330402', fromPeriod: '2025-07' });
    const states: Record<string, FundingState> = { '330402': stateOf(county), '330400': stateOf(city), '330000': stateOf(province) };
    const lookup = (code: string) => states[code] ?? fundingDecider.initialState();

    it("takes the county's own shares when in force, else the city's, else the province's", () => {
      expect(resolveSharesInForce('dibao', '330402', '2025-08', lookup)).toMatchObject({ divisionCode: '330402', level: 'county', streamId: 'funding-dibao-330402', publication: { fromPeriod: '2025-07' } });
      expect(resolveSharesInForce('dibao', '330402', '2025-06', lookup)).toMatchObject({ divisionCode: '330400', level: 'city', publication: { shares: city.shares } });
      expect(resolveSharesInForce('dibao', '330411', '2025-08', lookup)).toMatchObject({ divisionCode: '330400', level: 'city' });
      expect(resolveSharesInForce('dibao', '330402', '2023-06', lookup)).toMatchObject({ divisionCode: '330000', level: 'province' });
    });

    it('throws FUNDING_SHARES_MISSING (Chinese and English) naming the streams searched', () => {
      let error: unknown;
      try {
        resolveSharesInForce('dibao', '330402', '2019-12', lookup);
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error, 'FUNDING_SHARES_MISSING')).toBe(true);
      expect(error).toMatchObject({ status: 404, details: { searched: ['funding-dibao-330402', 'funding-dibao-330400', 'funding-dibao-330000'] } });
      expect((error as { messageZh: string }).messageZh).toMatch(/分担比例/);
    });
  });
});
