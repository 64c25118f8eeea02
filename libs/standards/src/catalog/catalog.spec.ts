import { readSeed } from '../parser/seeds';
import { parseStandardsDocument } from '../parser/parse-document';
import { decideActivation, decideImport, documentContentHash, type StandardState } from './catalog';
import { diffItems } from './diff';
import { StandardEventTypes, standardIdFor } from './events';
import { resolveInForce } from './in-force';
import { acknowledgeAllWarnings, ADMIN, importSeed, importText, InMemoryStreams, SEED_DIVISIONS, SEED_FILES } from './testing';

const JIAXING = standardIdFor(SEED_DIVISIONS.jiaxing);

/**
 * A later 嘉兴 edition constructed for these tests only (NOT a published document): the 2023 text
 * with another effective date and one changed amount, so that supersession can be observed.
 */
function syntheticJiaxingEdition(): string {
  return readSeed(SEED_FILES.jiaxing)
    .replace('本文件自 2024 年 7 月 22 日起施行。', '本文件自 2025 年 7 月 1 日起施行。')
    .replace('特扶金标准为每人每月850元', '特扶金标准为每人每月870元');
}

const all = (streams: InMemoryStreams): StandardState[] => streams.allStandards();

/** Activates a version, its parse warnings acknowledged first (the warnings gate is tested in warnings.spec.ts). */
function activate(streams: InMemoryStreams, standardId: string, versionId: string, divisionCode: string, effectiveFrom: string) {
  acknowledgeAllWarnings(streams, standardId, versionId);
  const event = decideActivation(streams.standard(standardId), {
    versionId,
    divisionCode,
    effectiveFrom,
    reason: '本地区尚未发布正式标准，经批准试行',
    actor: ADMIN,
    correlationId: 'test',
  });
  streams.append(`standard-${standardId}`, event);
  return event;
}

describe('importing a document into the catalog', () => {
  it('publishes one immutable version with the document and item content hashes', () => {
    const streams = new InMemoryStreams();
    const decision = importSeed(streams, 'jiaxing');
    expect(decision.kind).toBe('publish');
    const [event] = streams.read(`standard-${JIAXING}`);
    expect(event.type).toBe(StandardEventTypes.VersionPublished);
    const data = event.data as { effectiveFrom: string; status: string; items: { contentHash: string }[]; contentHash: string; notInForceReason: null; document: { docNo: { value: string } } };
    expect(data).toMatchObject({ effectiveFrom: '2024-07-22', status: 'final', notInForceReason: null });
    expect(data.document.docNo.value).toBe('嘉发改〔2024〕64号');
    expect(data.items).toHaveLength(105);
    expect(data.items.every((i) => /^[0-9a-f]{64}$/.test(i.contentHash))).toBe(true);
    expect(data.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is a no-op when the same content is imported again, even re-wrapped', () => {
    const streams = new InMemoryStreams();
    const first = importSeed(streams, 'jiaxing');
    const rewrapped = readSeed(SEED_FILES.jiaxing).replace(/\n/g, '\n\n');
    const again = importText(streams, rewrapped, SEED_DIVISIONS.jiaxing);
    expect(again).toEqual({ kind: 'unchanged', standardId: JIAXING, versionId: first.versionId });
    expect(streams.read(`standard-${JIAXING}`)).toHaveLength(1);
  });

  it('records different content as a new version that names the version it supersedes', () => {
    const streams = new InMemoryStreams();
    const first = importSeed(streams, 'jiaxing');
    const second = importText(streams, syntheticJiaxingEdition(), SEED_DIVISIONS.jiaxing);
    expect(second.kind).toBe('publish');
    expect(second.versionId).not.toBe(first.versionId);
    const state = streams.standard(JIAXING)!;
    expect(state.versions.map((v) => [v.effectiveFrom, v.supersedes])).toEqual([
      ['2024-07-22', null],
      ['2025-07-01', first.versionId],
    ]);
  });

  it('imports drafts and undated documents, marking why they are not in force by themselves', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'beijing');
    importSeed(streams, 'ouhai');
    importSeed(streams, 'wanzhou');
    expect(streams.standard(standardIdFor('110000'))!.versions[0]).toMatchObject({ status: 'draft', notInForceReason: 'draft' });
    expect(streams.standard(standardIdFor('330304'))!.versions[0]).toMatchObject({ status: null, effectiveFrom: null, notInForceReason: 'undated' });
    expect(streams.standard(standardIdFor('500101'))!.versions[0]).toMatchObject({ status: 'final', effectiveFrom: null, notInForceReason: 'undated' });
  });

  it('refuses the same document for a second division of the same level', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'jiaxing');
    expect(() =>
      decideImport(null, {
        parsed: parseStandardsDocument(readSeed(SEED_FILES.jiaxing), { sourceName: 'x' }),
        contentHash: documentContentHash(readSeed(SEED_FILES.jiaxing)),
        divisionCode: '330100',
        sourceName: 'x',
        actor: ADMIN,
        correlationId: 'test',
        otherStandards: streams.allStandards(),
      }),
    ).toThrow(expect.objectContaining({ code: 'DOCUMENT_ALREADY_IMPORTED', status: 409 }));
  });

  it('refuses a division code whose level contradicts the document', () => {
    const streams = new InMemoryStreams();
    expect(() => importText(streams, readSeed(SEED_FILES.jiaxing), '330402')).toThrow(expect.objectContaining({ code: 'DIVISION_LEVEL_MISMATCH' }));
    expect(streams.read(`standard-${standardIdFor('330402')}`)).toHaveLength(0);
  });
});

describe('resolveInForce', () => {
  it('answers with the version in force and the benefit items, each with a standardRef', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'jiaxing');
    const result = resolveInForce(all(streams), { divisionCode: '330400', benefit: 'tefu', date: '2024-08-01' })!;
    expect(result).toMatchObject({ standardId: JIAXING, versionId, basis: 'document', effectiveFrom: '2024-07-22', inherited: false, activation: null });
    expect(result.items.map((i) => i.standardRef.itemNo)).toEqual(['52']);
    expect(result.items[0].standardRef.contentHash).toBe(result.items[0].item.contentHash);
  });

  it('finds nothing before the effective date', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'jiaxing');
    expect(resolveInForce(all(streams), { divisionCode: '330400', benefit: 'dibao', date: '2024-07-21' })).toBeNull();
  });

  it('uses a superseded version before the new effective date and the new one from that date', () => {
    const streams = new InMemoryStreams();
    const old = importSeed(streams, 'jiaxing');
    const next = importText(streams, syntheticJiaxingEdition(), SEED_DIVISIONS.jiaxing);
    const on = (date: string) => resolveInForce(all(streams), { divisionCode: '330400', benefit: 'tefu', date })?.versionId;
    expect(on('2025-06-30')).toBe(old.versionId);
    expect(on('2025-07-01')).toBe(next.versionId);
    expect(on('2030-01-01')).toBe(next.versionId);
  });

  it('does not let a version published later with an earlier date displace the one in force after it', () => {
    const streams = new InMemoryStreams();
    const newer = importText(streams, syntheticJiaxingEdition(), SEED_DIVISIONS.jiaxing);
    const older = importSeed(streams, 'jiaxing');
    const on = (date: string) => resolveInForce(all(streams), { divisionCode: '330400', benefit: 'tefu', date })?.versionId;
    expect(on('2024-12-31')).toBe(older.versionId);
    expect(on('2025-07-01')).toBe(newer.versionId);
  });

  it('never treats a draft as in force by itself', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'beijing');
    for (const benefit of ['dibao', 'linshi', 'tefu'] as const) {
      expect(resolveInForce(all(streams), { divisionCode: '110000', benefit, date: '2030-01-01' })).toBeNull();
    }
  });

  it('never treats an undated document as in force by itself', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'ouhai');
    importSeed(streams, 'wanzhou');
    expect(resolveInForce(all(streams), { divisionCode: '330304', benefit: 'tefu', date: '2030-01-01' })).toBeNull();
    expect(resolveInForce(all(streams), { divisionCode: '500101', benefit: 'dibao', date: '2030-01-01' })).toBeNull();
  });

  it('makes a draft usable through a labelled activation, from its effective date only', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'beijing');
    const event = activate(streams, standardIdFor('110000'), versionId, '110000', '2025-01-01');
    expect(event.data).toMatchObject({ label: 'activated-draft', labelZh: '征求意见稿，经授权启用', activatedBy: ADMIN });
    expect(resolveInForce(all(streams), { divisionCode: '110000', benefit: 'linshi', date: '2024-12-31' })).toBeNull();
    const result = resolveInForce(all(streams), { divisionCode: '110000', benefit: 'linshi', date: '2025-01-01' })!;
    expect(result).toMatchObject({ versionId, basis: 'activation', effectiveFrom: '2025-01-01', status: 'draft' });
    expect(result.activation).toMatchObject({ label: 'activated-draft', reason: '本地区尚未发布正式标准，经批准试行' });
  });

  it('resolves a county to its city standard when it has none, and to its own once it has one', () => {
    const streams = new InMemoryStreams();
    const city = importSeed(streams, 'jiaxing');
    const nanhu = '330402';
    const inherited = resolveInForce(all(streams), { divisionCode: nanhu, benefit: 'dibao', date: '2025-01-01' })!;
    expect(inherited).toMatchObject({ versionId: city.versionId, resolvedAt: '330400', inherited: true });

    // A county's own standard (here an activation of the city's text for the county) wins over its city's.
    activate(streams, JIAXING, city.versionId, nanhu, '2025-03-01');
    const own = resolveInForce(all(streams), { divisionCode: nanhu, benefit: 'dibao', date: '2025-03-01' })!;
    expect(own).toMatchObject({ resolvedAt: nanhu, inherited: false, basis: 'activation' });
    expect(resolveInForce(all(streams), { divisionCode: nanhu, benefit: 'dibao', date: '2025-02-28' })!.resolvedAt).toBe('330400');
  });

  it('falls back to the city when the county standard has no item for the benefit', () => {
    const streams = new InMemoryStreams();
    const city = importSeed(streams, 'jiaxing');
    // A county-level version without a 临时救助 item (constructed for the test from the city's items).
    const county = streams.standard(JIAXING)!.versions[0];
    streams.append('standard-bps-330402', {
      type: StandardEventTypes.VersionPublished,
      data: {
        ...county,
        standardId: 'bps-330402',
        divisionCode: '330402',
        versionId: 'aaaaaaaaaaaaaaaa',
        contentHash: 'a'.repeat(64),
        items: county.items.filter((i) => i.name !== '临时救助'),
      },
      metadata: { correlationId: 'test', actor: ADMIN },
    });
    const on = (benefit: 'linshi' | 'dibao') => resolveInForce(all(streams), { divisionCode: '330402', benefit, date: '2025-01-01' })!;
    expect(on('dibao')).toMatchObject({ versionId: 'aaaaaaaaaaaaaaaa', resolvedAt: '330402', inherited: false });
    expect(on('linshi')).toMatchObject({ versionId: city.versionId, resolvedAt: '330400', inherited: true });
  });

  it('makes the undated 瓯海 document usable for 瓯海 only through an activation', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'ouhai');
    expect(resolveInForce(all(streams), { divisionCode: '330304', benefit: 'tefu', date: '2025-01-01' })).toBeNull();
    const event = activate(streams, standardIdFor('330304'), versionId, '330304', '2024-10-01');
    expect(event.data).toMatchObject({ label: 'activated-undated', labelZh: '文件未注明施行日期，经授权启用' });
    expect(resolveInForce(all(streams), { divisionCode: '330304', benefit: 'tefu', date: '2025-01-01' })).toMatchObject({
      versionId,
      basis: 'activation',
      items: [expect.objectContaining({ standardRef: expect.objectContaining({ itemNo: '47' }) })],
    });
  });

  it('resolves a district of a province-level municipality to the province', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'beijing');
    activate(streams, standardIdFor('110000'), versionId, '110000', '2025-01-01');
    const result = resolveInForce(all(streams), { divisionCode: '110105', benefit: 'tefu', date: '2025-06-01' })!;
    expect(result).toMatchObject({ versionId, resolvedAt: '110000', inherited: true });
    expect(result.items.map((i) => i.item.number)).toEqual(['53(1)', '53(2)', '53(3)']);
  });

  it('refuses to activate a standard for a division outside it', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'jiaxing');
    expect(() => activate(streams, JIAXING, versionId, '330304', '2025-01-01')).toThrow(expect.objectContaining({ code: 'ACTIVATION_OUTSIDE_STANDARD' }));
    expect(() => activate(streams, JIAXING, 'ffffffffffffffff', '330400', '2025-01-01')).toThrow(expect.objectContaining({ code: 'VERSION_NOT_FOUND' }));
  });
});

describe('diffItems', () => {
  it('reports the changed field of a changed item and nothing else', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'jiaxing');
    importText(streams, syntheticJiaxingEdition(), SEED_DIVISIONS.jiaxing);
    const [a, b] = streams.standard(JIAXING)!.versions;
    const diff = diffItems(a.items, b.items);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.unchanged).toBe(104);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0].name).toBe('计划生育家庭特别扶助');
    expect(diff.changed[0].changes.map((c) => c.field)).toEqual(['服务标准']);
    expect(diff.changed[0].changes[0].to).toContain('870元');
  });

  it('reports added and removed items and renumbering', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'jiaxing');
    const items = streams.standard(JIAXING)!.versions[0].items;
    const without = items.filter((i) => i.name !== '临时救助').map((i) => (i.sequence > 66 ? { ...i, number: String(i.sequence - 1) } : i));
    const diff = diffItems(items, without);
    expect(diff.removed.map((i) => i.name)).toEqual(['临时救助']);
    expect(diffItems(without, items).added.map((i) => i.number)).toEqual(['66']);
    expect(diff.changed).toHaveLength(105 - 66);
    expect(diff.changed.every((c) => c.changes.length === 1 && c.changes[0].field === 'number')).toBe(true);
  });
});
