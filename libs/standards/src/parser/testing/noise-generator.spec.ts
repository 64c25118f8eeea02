import { parseStandardsDocument } from '../parse-document';
import { readSeed } from '../seeds';
import {
  comparableText,
  DESTRUCTIVE_KINDS,
  generateVariant,
  GENTLE_KINDS,
  isSafeContinuation,
  NoiseKind,
  prepareNoiseSource,
  swapWidths,
  unusualCell,
  unusualHeadingLine,
  wrapLine,
} from './noise-generator';
import { createRng } from './prng';

const labelled = (() => {
  const text = readSeed('003_d2c032a64aa52382.txt');
  return prepareNoiseSource(text, parseStandardsDocument(text));
})();
const table = (() => {
  const text = readSeed('004_252413ab3c819ab5.txt');
  return prepareNoiseSource(text, parseStandardsDocument(text));
})();
const alone = (kind: NoiseKind) => ({ kinds: [kind], all: true });
const linesOf = (text: string) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

describe('noise generator', () => {
  it('gives the same variant for the same seed, and another for another seed', () => {
    const a = generateVariant(labelled, 42);
    expect(generateVariant(labelled, 42)).toEqual(a);
    expect(generateVariant(labelled, 43).text).not.toBe(a.text);
  });

  it.each(['blank-lines', 'page-footer', 'running-header'] as const)('%s only inserts lines: without them the text is the original', (kind) => {
    for (let seed = 1; seed <= 20; seed++) {
      const v = generateVariant(labelled, seed, alone(kind));
      expect(v.applied.map((op) => op.kind)).toEqual([kind]);
      const kept = linesOf(v.text).filter((_, k) => v.origin[k] !== null);
      expect(kept).toEqual(labelled.lines);
    }
  });

  it('repeats the table header between rows, nothing else changes', () => {
    const v = generateVariant(table, 7, alone('table-header-repeat'));
    const noisy = linesOf(v.text);
    expect(noisy.filter((_, k) => v.origin[k] !== null)).toEqual(table.lines);
    expect(noisy.filter((l) => l === '\t序号').length).toBeGreaterThan(1);
  });

  it('places every item of the noisy text: the first line of its range comes from its heading', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const v = generateVariant(labelled, seed);
      for (const e of v.expectations) {
        expect(v.origin[e.noisy.start - 1]).toBe(labelled.items[e.index].startLine);
        expect(e.noisy.end).toBeGreaterThanOrEqual(e.noisy.start);
      }
    }
  });

  it('line endings and BOM change the bytes, not the lines', () => {
    const crlf = generateVariant(labelled, 5, alone('line-endings'));
    expect(crlf.text).toContain('\r\n');
    expect(linesOf(crlf.text)).toEqual(labelled.lines);
    const bom = generateVariant(labelled, 5, alone('bom'));
    expect(bom.text.startsWith('\uFEFF')).toBe(true);
    expect(linesOf(bom.text)).toEqual(labelled.lines);
  });

  it('destructive: one heading deleted, its item lost by design, a site around it', () => {
    const v = generateVariant(labelled, 11, alone('delete-heading'));
    const lost = v.expectations.filter((e) => e.lostByDesign);
    expect(lost).toHaveLength(1);
    expect(v.sites).toHaveLength(1);
    expect(v.origin).not.toContain(labelled.items[lost[0].index].startLine);
    expect(DESTRUCTIVE_KINDS).toContain('delete-heading');
    expect(GENTLE_KINDS).not.toContain('delete-heading');
  });
});

describe('noise kinds as functions', () => {
  it('hard wraps keep the label whole and cut only where a continuation is unambiguous', () => {
    const line = '服务内容：免费提供基本避孕药具和免费实施基本避孕手术。2.免费基本避孕手术和随访服务：按照规定执行，费用最高328元/人。';
    for (let width = 4; width <= 30; width++) {
      const pieces = wrapLine(line, 5, width);
      expect(pieces.join('')).toBe(line);
      expect(pieces[0].startsWith('服务内容：')).toBe(true);
      for (const piece of pieces.slice(1)) expect(isSafeContinuation(piece)).toBe(true);
    }
  });

  it('a continuation piece must not look like a page number, heading, label or closing matter', () => {
    for (const bad of ['12', ' 3 ', '（3）孕产妇', '2.免费', '三、住有所居', '服务标准：按照', '标准：按照', '抄送：市政府', '附件1', '关于印发']) {
      expect(isSafeContinuation(bad)).toBe(false);
    }
    for (const ok of ['任划分改革实施方案', '》规定执行，市级由', '人。服务内容在后', '328元/人']) expect(isSafeContinuation(ok)).toBe(true);
  });

  it('width swaps turn both ways and leave bookmark tags alone', () => {
    const rng = createRng(1);
    expect(swapWidths('[bookmark: _Toc1]（1）ab:', 1, rng)).toBe('[bookmark: _Toc1](１)ａｂ：');
    expect(comparableText('(１)ａｂ：')).toBe(comparableText('（1）ab:'));
  });

  it('unusual headings: the recorded name is what the line now says', () => {
    const rng = createRng(3);
    for (const variant of ['quotes', 'latin', 'digits', 'brackets', 'spaced'] as const) {
      const made = unusualHeadingLine('（12）儿童健康管理', variant, rng)!;
      expect(made.lines).toHaveLength(1);
      expect(comparableText(made.lines[0])).toContain(comparableText(made.name));
      const cell = unusualCell('\t儿童健康管理', variant, rng)!;
      expect(cell.lines[0].startsWith('\t')).toBe(true);
      expect(comparableText(cell.lines[0])).toBe(comparableText(cell.name));
    }
    const wrapped = unusualHeadingLine('5.“两癌”筛查服务项目。', 'wrap', createRng(9))!;
    expect(wrapped.lines).toHaveLength(2);
    expect(wrapped.lines.join('')).toBe('5.“两癌”筛查服务项目。');
    expect(wrapped.name).toBe('“两癌”筛查服务项目');
  });
});
