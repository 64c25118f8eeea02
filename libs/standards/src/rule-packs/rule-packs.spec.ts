import { isDomainError } from '@benefits/kernel';
import { decideActivation } from '../catalog/catalog';
import { resolveInForce } from '../catalog/in-force';
import { acknowledgeAllWarnings, ADMIN, importSeed, InMemoryStreams } from '../catalog/testing';
import { assertPackUsable, loadRulePack, QUOTE_MATCHING } from './load';
import { READINGS } from './readings';
import { dibaoWanzhou, linshiBeijing, RULE_PACKS, tefuBeijing, tefuJiaxing, tefuOuhai } from './packs';
import type { RulePack } from './types';

function catalogOfSeeds(): InMemoryStreams {
  const streams = new InMemoryStreams();
  for (const seed of ['ouhai', 'jiaxing', 'beijing', 'wanzhou'] as const) importSeed(streams, seed);
  return streams;
}

function loadError(pack: RulePack, streams: InMemoryStreams) {
  try {
    loadRulePack(pack, streams.standard(pack.standard.standardId));
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected the pack not to load');
}

const withQuote = (pack: RulePack, index: number, quote: string): RulePack => ({
  ...pack,
  parameters: pack.parameters.map((p, i) => (i === index ? { ...p, citation: { ...p.citation, quote } } : p)),
});

describe('shipped rule packs', () => {
  const streams = catalogOfSeeds();

  it.each(RULE_PACKS.map((pack) => [pack.id, pack] as const))('%s loads: every quote is in its cited item', (_id, pack) => {
    const loaded = loadRulePack(pack, streams.standard(pack.standard.standardId));
    expect(loaded.parameters).toHaveLength(pack.parameters.length);
    for (const parameter of loaded.parameters) {
      expect(parameter.standardRef).toMatchObject({ ...pack.standard, itemNo: parameter.citation.itemNo, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    for (const id of pack.readings) expect(READINGS[id].id).toBe(id);
  });

  it('hold the 特扶 amounts of benefits.md §3.1 in integer fen', () => {
    const amounts = (pack: RulePack) => Object.fromEntries(pack.parameters.filter((p) => p.value.kind === 'money').map((p) => [p.key, p.value.kind === 'money' && p.value.fen]));
    expect(amounts(tefuJiaxing)).toEqual({
      'tefu.death.amount': 100000,
      'tefu.disability.amount': 85000,
      'tefu.disability.raisedAmount': 100000,
      'tefu.complication.grade1': 82000,
      'tefu.complication.grade2': 59000,
      'tefu.complication.grade3': 36000,
    });
    expect(amounts(tefuOuhai)['tefu.amount']).toBe(80000);
    expect(amounts(tefuBeijing)['tefu.death.amount']).toBe(90000);
  });

  it('need an activation exactly when their standard is a draft or undated', () => {
    const requires = Object.fromEntries(RULE_PACKS.map((pack) => [pack.id, loadRulePack(pack, streams.standard(pack.standard.standardId)).requiresActivation]));
    expect(requires).toEqual({
      'tefu-330400-2023': false,
      'tefu-330304-undated': true,
      'tefu-110000-2023-draft': true,
      'dibao-330400-2023': false,
      'dibao-330304-undated': true,
      'dibao-110000-2023-draft': true,
      'dibao-500101-2018': true,
      'linshi-110000-2023-draft': true,
      'linshi-330400-2023': false,
      'linshi-330304-undated': true,
    });
  });
});

describe('loading a rule pack whose citation does not match', () => {
  const streams = catalogOfSeeds();

  it('fails with a typed error naming the parameter, item and quote, and saying how quotes are matched', () => {
    const error = loadError(withQuote(tefuJiaxing, 1, '特扶金标准为每人每月800元'), streams);
    expect(error.code).toBe('RULE_PACK_INVALID');
    expect(error.status).toBe(422);
    expect(error.details).toMatchObject({
      packId: 'tefu-330400-2023',
      matching: QUOTE_MATCHING,
      problems: [{ parameter: 'tefu.disability.amount', itemNo: '52', field: '服务标准', problem: 'quote-not-found' }],
    });
    expect(QUOTE_MATCHING).toMatch(/whitespace/);
    expect(QUOTE_MATCHING).toMatch(/full-width/);
  });

  it('accepts a quote that differs only in whitespace and full-width digits or punctuation', () => {
    // The catalogued text prints 「年满 60 周岁」 with spaces; the quote uses full-width digits.
    const pack = withQuote(tefuJiaxing, 2, '年满６０周岁且未享受政府养老服务补贴的伤残家庭男方或女方，特扶金标准为每人每月１０００元');
    expect(() => loadRulePack(pack, streams.standard(pack.standard.standardId))).not.toThrow();
  });

  it('reports a value that is not the number printed in its own quote', () => {
    const pack: RulePack = {
      ...tefuJiaxing,
      parameters: [{ ...tefuJiaxing.parameters[0], value: { kind: 'money', fen: 90000, per: 'person-month' } }],
    };
    expect(loadError(pack, streams).details).toMatchObject({ problems: [{ problem: 'value-not-in-quote', expected: '900' }] });
  });

  it('reports an item number or field the version does not have, and a version the catalog does not have', () => {
    const badItem: RulePack = { ...dibaoWanzhou, parameters: [{ ...dibaoWanzhou.parameters[0], citation: { ...dibaoWanzhou.parameters[0].citation, itemNo: '500' } }] };
    expect(loadError(badItem, streams).details).toMatchObject({ problems: [{ problem: 'item-not-found', itemNo: '500' }] });
    const badField: RulePack = { ...dibaoWanzhou, parameters: [{ ...dibaoWanzhou.parameters[0], citation: { ...dibaoWanzhou.parameters[0].citation, field: '服务内容' } }] };
    expect(loadError(badField, streams).details).toMatchObject({ problems: [{ problem: 'field-not-found' }] });
    const badVersion: RulePack = { ...tefuJiaxing, standard: { ...tefuJiaxing.standard, versionId: '0000000000000000' } };
    expect(loadError(badVersion, streams).details).toMatchObject({ problems: [{ problem: 'version-not-found' }] });
  });
});

describe('using a rule pack for a division and date', () => {
  it('is refused for a draft until an authorised user activates it, then carries the activation label', () => {
    const streams = catalogOfSeeds();
    const loaded = loadRulePack(linshiBeijing, streams.standard('bps-110000'));
    const query = { divisionCode: '110105', benefit: 'linshi', date: '2025-03-01' } as const;
    expect(() => assertPackUsable(loaded, resolveInForce(streams.allStandards(), query))).toThrow(expect.objectContaining({ code: 'RULE_PACK_NOT_USABLE' }));

    acknowledgeAllWarnings(streams, 'bps-110000', linshiBeijing.standard.versionId);
    streams.append(
      'standard-bps-110000',
      decideActivation(streams.standard('bps-110000'), {
        versionId: linshiBeijing.standard.versionId,
        divisionCode: '110000',
        effectiveFrom: '2025-01-01',
        reason: '试运行：正式标准发布前参照征求意见稿',
        actor: ADMIN,
        correlationId: 'test',
      }),
    );
    const usable = assertPackUsable(loaded, resolveInForce(streams.allStandards(), query));
    expect(usable).toMatchObject({ basis: 'activation', activationLabel: 'activated-draft' });
  });

  it('is usable without activation for a final, dated standard in force', () => {
    const streams = catalogOfSeeds();
    const loaded = loadRulePack(tefuJiaxing, streams.standard('bps-330400'));
    const inForce = resolveInForce(streams.allStandards(), { divisionCode: '330411', benefit: 'tefu', date: '2024-08-01' });
    expect(assertPackUsable(loaded, inForce)).toMatchObject({ basis: 'document', activationLabel: null });
    const before = resolveInForce(streams.allStandards(), { divisionCode: '330411', benefit: 'tefu', date: '2024-07-01' });
    expect(() => assertPackUsable(loaded, before)).toThrow(expect.objectContaining({ code: 'RULE_PACK_NOT_USABLE' }));
  });
});
