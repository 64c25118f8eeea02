import { StandardsParseError } from './errors';
import { parseStandardsDocument } from './parse-document';

function codeOf(text: string): string {
  try {
    parseStandardsDocument(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StandardsParseError);
    const e = error as StandardsParseError;
    expect(e.messageZh).toMatch(/[\u4e00-\u9fa5]/);
    expect(e.messageEn).toMatch(/[a-z]/);
    return e.code;
  }
  throw new Error('parsed without error');
}

describe('parseStandardsDocument refuses input that is not a whole catalog', () => {
  it('rejects empty and blank input', () => {
    expect(codeOf('')).toBe('EMPTY_DOCUMENT');
    expect(codeOf(' \n\t\n\u3000\n')).toBe('EMPTY_DOCUMENT');
  });

  it('rejects binary input', () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    expect(codeOf(bytes.toString('latin1'))).toBe('NOT_A_STANDARDS_DOCUMENT');
    expect(codeOf('\uFFFD\uFFFD\uFFFD 服务对象：\uFFFD\uFFFD')).toBe('NOT_A_STANDARDS_DOCUMENT');
  });

  it('rejects text that is not a standards document', () => {
    expect(codeOf('关于做好年度统计工作的通知\n\n各单位：\n请于月底前报送数据。\n')).toBe('NOT_A_STANDARDS_DOCUMENT');
    expect(codeOf('lorem ipsum dolor sit amet\n'.repeat(50))).toBe('NOT_A_STANDARDS_DOCUMENT');
  });

  it('rejects a standards layout without any item', () => {
    expect(codeOf('一、幼有所育\n服务对象：辖区常住孕产妇。\n服务内容：免费健康管理。\n')).toBe('NO_ITEMS_FOUND');
    expect(codeOf('\t序号\n\t服务项目\n\t服务对象\n\t服务标准\n\t支出责任\n')).toBe('NO_ITEMS_FOUND');
  });
});
