import { parseStandardsDocument } from '../parser/parse-document';
import { readSeed } from '../parser/seeds';
import type { ParsedDocument } from '../parser/types';
import { detectFormat, DocumentFormatError, extractDocumentText, htmlLines } from './extract';
import { makeDocx, makePdf } from './testing/make-documents';

/**
 * Round trips: each seed text made into a .docx and a PDF by the test itself, read back and parsed,
 * gives the catalog the text gives. A PDF breaks lines where the page ends, so the PDF is compared
 * with whitespace removed (a hard wrap may be read as a paragraph break) and made without the Word
 * bookmark tags a text conversion leaves (a PDF has none).
 */
const SEEDS = ['000_0f5b4a98bdcb2c7b.txt', '001_40e26111df30cc0a.txt', '003_d2c032a64aa52382.txt', '004_252413ab3c819ab5.txt'];
const LABELLED = SEEDS.filter((f) => !f.startsWith('004'));
const withoutBookmarks = (text: string) => text.replace(/\[bookmark: [^\]]*\]/g, '');

function catalog(doc: ParsedDocument, squeeze = false) {
  const s = (t: string | null) => (t === null ? null : squeeze ? t.replace(/\s+/g, '') : t);
  return doc.items.map((i) => ({
    category: s(i.category),
    subcategory: s(i.subcategory),
    number: i.number,
    name: s(i.name),
    fields: Object.fromEntries(Object.entries(i.fields).map(([k, v]) => [k, s(v)])),
  }));
}

describe('standards documents as published', () => {
  it.each(SEEDS)('a .docx made from %s parses to the same catalog and metadata', async (file) => {
    const text = readSeed(file);
    const bytes = await makeDocx(text, file.startsWith('004') ? { tableColumns: 7 } : {});
    const extracted = await extractDocumentText(bytes, { fileName: 'standard.docx' });
    expect(extracted.format).toBe('docx');
    const expected = parseStandardsDocument(text);
    const parsed = parseStandardsDocument(extracted.text);
    expect(catalog(parsed)).toEqual(catalog(expected));
    expect(parsed.document.title?.value).toEqual(expected.document.title?.value);
    expect(parsed.warnings.map((w) => w.code)).toEqual(expected.warnings.map((w) => w.code));
  });

  it.each(LABELLED)('a PDF made from %s (lines broken at the page width) parses to the same catalog', async (file) => {
    const text = withoutBookmarks(readSeed(file));
    const extracted = await extractDocumentText(makePdf(text, { wrapAt: 45 }));
    expect(extracted.format).toBe('pdf');
    expect(extracted.pages).toBeGreaterThan(1);
    expect(catalog(parseStandardsDocument(extracted.text), true)).toEqual(catalog(parseStandardsDocument(text), true));
  });

  it('a PDF table with every cell on one line keeps its cells apart (gaps become tabs)', async () => {
    const table = ['万州区示例清单（样例数据）', '\t序号\t服务项目\t服务对象\t服务指导标准\t支出责任\t市级牵头责任单位', '\t1\t免费义务教育\t义务教育学生\t免除学杂费。\t财政分担。\t市教委', '\t2\t学前教育资助\t在园儿童\t免收保育教育费。\t区县政府负责。\t市教委'].join('\n');
    const extracted = await extractDocumentText(makePdf(table));
    expect(extracted.text.split('\n').slice(1)).toEqual(table.split('\n').slice(1));
    expect(parseStandardsDocument(extracted.text).items.map((i) => i.name)).toEqual(['免费义务教育', '学前教育资助']);
  });

  it('a scanned PDF (no text layer) is refused: no OCR', async () => {
    await expect(extractDocumentText(makePdf('x\ny', { scanned: true }))).rejects.toMatchObject({ code: 'PDF_NO_TEXT_LAYER' });
  });

  it('damaged files get typed errors', async () => {
    await expect(extractDocumentText(Buffer.from('%PDF-1.7\nnot really a pdf'))).rejects.toMatchObject({ code: 'PDF_UNREADABLE' });
    await expect(extractDocumentText(Buffer.from('PK\u0003\u0004broken zip', 'latin1'))).rejects.toMatchObject({ code: 'DOCX_UNREADABLE' });
    await expect(extractDocumentText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    await expect(extractDocumentText(Buffer.from([0xff, 0xfe, 0xfd, 0x80]))).rejects.toMatchObject({ code: 'NOT_UTF8' });
    const error = await extractDocumentText(Buffer.from('%PDF-broken')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect((error as DocumentFormatError).messageZh).toMatch(/PDF/);
  });

  it('detects the format from the bytes first, then the name or media type', () => {
    expect(detectFormat(Buffer.from('%PDF-1.4'), { fileName: 'x.txt' })).toBe('pdf');
    expect(detectFormat(Buffer.from('服务对象：'), { fileName: 'x.txt' })).toBe('text');
    expect(detectFormat(Buffer.from('服务对象：'), {})).toBe('text');
  });

  it("reads mammoth's HTML: paragraphs as lines, table cells introduced by tabs, entities decoded", () => {
    expect(htmlLines('<p>一、基本&amp;公共</p><table><tr><td><p>1</p></td><td><p>甲</p><p>乙</p></td></tr></table><p></p>')).toEqual([
      '一、基本&公共',
      '\t1\t甲\n乙',
      '',
    ]);
  });
});
