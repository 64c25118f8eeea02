import { containsQuote, contentHash, normaliseForQuote } from './normalise';
import { parseStandardsDocument } from './parser/parse-document';
import { readSeed } from './parser/seeds';

describe('normaliseForQuote', () => {
  it('removes whitespace, maps full-width forms to half-width and composes to NFC', () => {
    expect(normaliseForQuote('年满 60 周岁')).toBe('年满60周岁');
    expect(normaliseForQuote('每人每月８５０元（ＡＢ）：')).toBe('每人每月850元(AB):');
    expect(normaliseForQuote('e\u0301')).toBe('\u00e9');
    expect(normaliseForQuote('第\u3000一\n条')).toBe('第一条');
  });

  it('keeps Chinese punctuation that has no half-width twin', () => {
    expect(normaliseForQuote('《办法》、“低保”。')).toBe('《办法》、“低保”。');
  });

  it('finds a quote in a field printed with spaced digits', () => {
    const parsed = parseStandardsDocument(readSeed('001_40e26111df30cc0a.txt'));
    const tefu = parsed.items.find((i) => i.name === '计划生育家庭特别扶助')!;
    expect(tefu.fields['服务标准']).toContain('年满 60 周岁');
    expect(containsQuote(tefu.fields['服务标准'], '年满60周岁且未享受政府养老服务补贴')).toBe(true);
    expect(containsQuote(tefu.fields['服务标准'], '每人每月1000元')).toBe(true);
    expect(containsQuote(tefu.fields['服务标准'], '每人每月1200元')).toBe(false);
    expect(containsQuote(tefu.fields['服务标准'], '  ')).toBe(false);
  });
});

describe('contentHash', () => {
  it('is the sha256 hex of the NFC, whitespace-free text', () => {
    expect(contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentHash('年满 60 周岁\n')).toBe(contentHash('年满60周岁'));
    expect(contentHash('e\u0301')).toBe(contentHash('\u00e9'));
    expect(contentHash('每月800元')).not.toBe(contentHash('每月850元'));
  });

  it('differs between items and is stable across parses', () => {
    const a = parseStandardsDocument(readSeed('003_d2c032a64aa52382.txt'));
    const b = parseStandardsDocument(readSeed('003_d2c032a64aa52382.txt'));
    expect(a.items.map((i) => i.contentHash)).toEqual(b.items.map((i) => i.contentHash));
    expect(new Set(a.items.map((i) => i.contentHash)).size).toBe(a.items.length);
  });
});
