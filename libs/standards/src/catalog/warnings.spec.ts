import { isDomainError } from '@benefits/kernel';
import { readSeed } from '../parser/seeds';
import { parseStandardsDocument } from '../parser/parse-document';
import { decideActivation, decideImport, documentContentHash, foldStandard, type StandardState } from './catalog';
import { StandardEventTypes, standardIdFor, standardStreamId } from './events';
import { acknowledgeAllWarnings, ADMIN, importSeed, importText, InMemoryStreams, SEED_DIVISIONS, SEED_FILES } from './testing';
import { decideAcknowledgeWarning, openWarnings, versionWarnings, warningIdFor, WARNING_ID_PATTERN } from './warnings';

const OUHAI = standardIdFor(SEED_DIVISIONS.ouhai);
const JIAXING = standardIdFor(SEED_DIVISIONS.jiaxing);
const NOTE = '第86行为修订痕迹中的旧编号，已核对原件，无遗漏（测试）';
const AT = '2026-03-02T08:00:00.000Z';

/** The 嘉兴 seed without the heading of its first sub-item: the parser reads on, and warns. */
function jiaxingWithoutAHeading(): string {
  return readSeed(SEED_FILES.jiaxing).replace('(1) 免费孕前优生健康检查\n', '');
}

function activation(streams: InMemoryStreams, standardId: string, versionId: string, divisionCode: string) {
  return decideActivation(streams.standard(standardId), {
    versionId,
    divisionCode,
    effectiveFrom: '2025-01-01',
    reason: '本地区尚未发布正式标准，经批准试行（测试）',
    actor: ADMIN,
    correlationId: 'test',
  });
}

function acknowledge(streams: InMemoryStreams, standardId: string, versionId: string, warningId: string, note = NOTE) {
  return decideAcknowledgeWarning(streams.standard(standardId), { versionId, warningId, note, actor: ADMIN, at: AT, correlationId: 'test' });
}

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parse warnings of a version', () => {
  it('get ids derived from the published event: the version id and the position, the same on every fold', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'ouhai');
    const state = streams.standard(OUHAI)!;
    const warnings = versionWarnings(state, state.versions[0]);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.map((w) => w.warningId)).toEqual(state.versions[0].warnings.map((_, i) => `${versionId}-${i + 1}`));
    expect(warnings.every((w) => WARNING_ID_PATTERN.test(w.warningId) && w.acknowledged === null)).toBe(true);
    const recorded = state.versions[0].warnings[0] as { line: number; code: string; endLine?: number };
    expect(warnings[0]).toMatchObject({ line: recorded.line, code: recorded.code, endLine: recorded.endLine ?? null });
    expect(versionWarnings(streams.standard(OUHAI)!, streams.standard(OUHAI)!.versions[0])).toEqual(warnings);
  });

  it('are read from a folded standard stored before acknowledgements existed (no acknowledgements field)', () => {
    const streams = new InMemoryStreams();
    importSeed(streams, 'ouhai');
    const { acknowledgements: _none, ...old } = streams.standard(OUHAI)!;
    expect(openWarnings(old as StandardState, old.versions[0])).toHaveLength(old.versions[0].warnings.length);
  });
});

describe('activating a version with parse warnings', () => {
  it('is refused with 409 STANDARD_WARNINGS_UNACKNOWLEDGED listing the open warnings, until each is acknowledged', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'ouhai');
    const warnings = streams.standard(OUHAI)!.versions[0].warnings;

    const refused = refusal(() => activation(streams, OUHAI, versionId, '330304'));
    expect(refused).toMatchObject({ code: 'STANDARD_WARNINGS_UNACKNOWLEDGED', status: 409 });
    expect(refused.messageZh).toContain('解析提示');
    expect(refused.messageEn).toContain('acknowledge');
    expect(refused.details).toMatchObject({
      standardId: OUHAI,
      versionId,
      openWarnings: warnings.map((w, i) => ({ warningId: warningIdFor(versionId, i), line: w.line, code: w.code })),
    });

    // All but the last acknowledged: still refused, naming only the last one.
    for (let i = 0; i < warnings.length - 1; i += 1) streams.append(standardStreamId(OUHAI), acknowledge(streams, OUHAI, versionId, warningIdFor(versionId, i)));
    expect(refusal(() => activation(streams, OUHAI, versionId, '330304')).details).toMatchObject({
      openWarnings: [{ warningId: warningIdFor(versionId, warnings.length - 1) }],
    });
    expect((refusal(() => activation(streams, OUHAI, versionId, '330304')).details as { openWarnings: unknown[] }).openWarnings).toHaveLength(1);

    streams.append(standardStreamId(OUHAI), acknowledge(streams, OUHAI, versionId, warningIdFor(versionId, warnings.length - 1)));
    expect(activation(streams, OUHAI, versionId, '330304').data).toMatchObject({ versionId, label: 'activated-undated' });
  });

  it('a corrected document is a new version with its own (maybe no) warnings; the flawed version stays refused', () => {
    const streams = new InMemoryStreams();
    const flawed = importText(streams, jiaxingWithoutAHeading(), SEED_DIVISIONS.jiaxing);
    const flawedVersion = streams.standard(JIAXING)!.versions[0];
    expect(flawedVersion.warnings.length).toBeGreaterThan(0);
    expect(refusal(() => activation(streams, JIAXING, flawed.versionId, '330402')).code).toBe('STANDARD_WARNINGS_UNACKNOWLEDGED');

    const corrected = importSeed(streams, 'jiaxing');
    expect(corrected.kind).toBe('publish');
    expect(corrected.versionId).not.toBe(flawed.versionId);
    const state = streams.standard(JIAXING)!;
    const own = openWarnings(state, state.versions[1]);
    expect(own).toHaveLength(state.versions[1].warnings.length);
    expect(own.every((w) => w.warningId.startsWith(`${corrected.versionId}-`))).toBe(true);
    // Fewer warnings than the flawed text: the missing heading's warning is gone.
    expect(own.length).toBeLessThan(flawedVersion.warnings.length);
    acknowledgeAllWarnings(streams, JIAXING, corrected.versionId);
    expect(activation(streams, JIAXING, corrected.versionId, '330402').data).toMatchObject({ versionId: corrected.versionId });
    const after = streams.standard(JIAXING)!;
    expect(openWarnings(after, after.versions[0])).toHaveLength(flawedVersion.warnings.length);
  });

  it('of a version without warnings is not affected', () => {
    const streams = new InMemoryStreams();
    const standardId = standardIdFor('110000');
    const text = readSeed(SEED_FILES.beijing);
    const parsed = parseStandardsDocument(text, { sourceName: 'beijing.txt' });
    const decision = decideImport(null, { parsed: { ...parsed, warnings: [] }, contentHash: documentContentHash(text), divisionCode: '110000', sourceName: null, actor: ADMIN, correlationId: 'test' });
    if (decision.kind !== 'publish') throw new Error('expected a new version');
    streams.append(standardStreamId(standardId), decision.event);
    const state = streams.standard(standardId)!;
    expect(openWarnings(state, state.versions[0])).toEqual([]);
    expect(activation(streams, standardId, decision.versionId, '110000').type).toBe(StandardEventTypes.Activated);
  });
});

describe('acknowledging a parse warning', () => {
  it('records who, when, the note, the code and the line; the fold shows it on the warning', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'ouhai');
    const first = streams.standard(OUHAI)!.versions[0].warnings[0];
    const event = acknowledge(streams, OUHAI, versionId, warningIdFor(versionId, 0), `  ${NOTE}  `);
    expect(event).toEqual({
      type: StandardEventTypes.WarningAcknowledged,
      data: { standardId: OUHAI, versionId, warningId: `${versionId}-1`, code: first.code, line: first.line, note: NOTE, acknowledgedBy: ADMIN, at: AT },
      metadata: { correlationId: 'test', actor: ADMIN },
    });
    streams.append(standardStreamId(OUHAI), event);

    const state = foldStandard(streams.read(standardStreamId(OUHAI)))!;
    expect(state.acknowledgements).toHaveLength(1);
    const [acknowledged, ...rest] = versionWarnings(state, state.versions[0]);
    expect(acknowledged.acknowledged).toMatchObject({ by: ADMIN, at: AT, note: NOTE, streamRevision: 1 });
    expect(rest.every((w) => w.acknowledged === null)).toBe(true);
  });

  it('refuses with typed, bilingual errors and stable codes', () => {
    const streams = new InMemoryStreams();
    const { versionId } = importSeed(streams, 'ouhai');
    const id = warningIdFor(versionId, 0);
    const codeOf = (run: () => unknown) => {
      const error = refusal(run);
      expect(error.messageZh.length).toBeGreaterThan(0);
      expect(error.messageEn.length).toBeGreaterThan(0);
      return [error.code, error.status];
    };
    expect(codeOf(() => acknowledge(streams, OUHAI, versionId, id, '   '))).toEqual(['ACKNOWLEDGEMENT_NOTE_REQUIRED', 400]);
    expect(codeOf(() => acknowledge(streams, OUHAI, versionId, id, '核'.repeat(1001)))).toEqual(['ACKNOWLEDGEMENT_NOTE_TOO_LONG', 400]);
    expect(codeOf(() => acknowledge(streams, 'bps-330305', versionId, id))).toEqual(['STANDARD_NOT_FOUND', 404]);
    expect(codeOf(() => acknowledge(streams, OUHAI, 'ffffffffffffffff', id))).toEqual(['VERSION_NOT_FOUND', 404]);
    expect(codeOf(() => acknowledge(streams, OUHAI, versionId, `${versionId}-999`))).toEqual(['WARNING_NOT_FOUND', 404]);
    expect(codeOf(() => acknowledge(streams, OUHAI, versionId, 'ffffffffffffffff-1'))).toEqual(['WARNING_NOT_FOUND', 404]);

    streams.append(standardStreamId(OUHAI), acknowledge(streams, OUHAI, versionId, id));
    const again = refusal(() => acknowledge(streams, OUHAI, versionId, id, '再次确认'));
    expect(again).toMatchObject({ code: 'WARNING_ALREADY_ACKNOWLEDGED', status: 409, details: { warningId: id, note: NOTE, acknowledgedBy: ADMIN } });
  });

  it('of one version does not acknowledge the same-looking warning of another version', () => {
    const streams = new InMemoryStreams();
    const a = importText(streams, jiaxingWithoutAHeading(), SEED_DIVISIONS.jiaxing);
    const b = importText(streams, jiaxingWithoutAHeading().replace('本文件自 2024 年 7 月 22 日起施行。', '本文件自 2025 年 7 月 1 日起施行。'), SEED_DIVISIONS.jiaxing);
    const state = streams.standard(JIAXING)!;
    for (const w of openWarnings(state, state.versions[0])) streams.append(standardStreamId(JIAXING), acknowledge(streams, JIAXING, a.versionId, w.warningId));
    const after = streams.standard(JIAXING)!;
    expect(openWarnings(after, after.versions[0])).toEqual([]);
    expect(openWarnings(after, after.versions[1]).length).toBe(after.versions[1].warnings.length);
    expect(refusal(() => activation(streams, JIAXING, b.versionId, '330400')).code).toBe('STANDARD_WARNINGS_UNACKNOWLEDGED');
  });
});
