import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStandardsDocument } from './parse-document';

/**
 * A document none of the rules were written for (an invented city, PDF-converted: blank line after
 * every line, a dotted-leader table of contents, a title wrapped inside 《》, a page footer and a hard
 * wrap inside a field, the commencement clause after the last item). It uses a known layout, so it
 * must parse without any change to the parser.
 */
describe('a new document in a known layout', () => {
  const parsed = parseStandardsDocument(readFileSync(join(__dirname, '__fixtures__', 'unseen-city.txt'), 'utf8'));

  it('reads its metadata', () => {
    const d = parsed.document;
    expect(d.layout).toBe('labelled-blocks');
    expect(d.title?.value).toBe('示例市基本公共服务标准（2024年版）');
    expect(d.docNo?.value).toBe('示发改发〔2025〕7号');
    expect(d.issuers.map((i) => i.value)).toEqual(['示例市发展和改革委员会', '示例市民政局']);
    expect(d.division?.value).toEqual({ name: '示例市', level: 'city' });
    expect(d.version?.value).toBe('2024年版');
    expect(d.signedDate?.value).toBe('2025-03-10');
    expect(d.effectiveDate).toEqual({ value: '2025-04-01', inferred: false, line: 61 });
    expect(d.status).toMatchObject({ value: 'final', inferred: true });
  });

  it('reads its items, joining hard wraps and dropping the footer and the end matter', () => {
    expect(parsed.items.map((i) => [i.category, i.subcategory, i.number, i.name])).toEqual([
      ['一、弱有所扶', '1. 社会救助服务', '1', '最低生活保障'],
      ['一、弱有所扶', '1. 社会救助服务', '2', '临时救助'],
    ]);
    const [dibao, linshi] = parsed.items;
    expect(dibao.fields['服务对象']).toBe('共同生活的家庭成员人均收入低于当地最低生活保障标准的家庭。');
    expect(dibao.fields['服务标准']).toBe('按上年度城镇居民人均消费支出的 30% 确定，每人每月不低于 1000元。');
    expect(dibao.fieldLines['服务标准']).toEqual({ startLine: 39, endLine: 41, printedLabel: '服务标准' });
    expect(dibao.fields['支出责任']).toBe('市、县（市、区）人民政府分级负责。');
    expect(linshi.fields['牵头负责单位']).toBe('市民政局。');
    expect(parsed.repairs.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['table-of-contents', 'page-footer', 'hard-wrap']),
    );
  });
});
