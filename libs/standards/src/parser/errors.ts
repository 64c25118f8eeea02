export type StandardsParseErrorCode = 'EMPTY_DOCUMENT' | 'NOT_A_STANDARDS_DOCUMENT' | 'NO_ITEMS_FOUND';

/** A document the parser refuses as a whole: it never returns a partial catalog. */
export class StandardsParseError extends Error {
  readonly code: StandardsParseErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(code: StandardsParseErrorCode, messageZh: string, messageEn: string) {
    super(`${messageZh} / ${messageEn}`);
    this.name = 'StandardsParseError';
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
  }
}

export const parseErrors = {
  empty: () =>
    new StandardsParseError('EMPTY_DOCUMENT', '文件为空，没有可解析的内容。', 'The document is empty; there is nothing to parse.'),
  binary: () =>
    new StandardsParseError(
      'NOT_A_STANDARDS_DOCUMENT',
      '文件不是文本（含二进制或乱码字符），请先转换为 UTF-8 纯文本。',
      'The input is not text (binary or garbled characters); convert it to UTF-8 plain text first.',
    ),
  noLayout: () =>
    new StandardsParseError(
      'NOT_A_STANDARDS_DOCUMENT',
      '未识别为基本公共服务标准：既没有「服务对象：」等字段，也没有含「序号」「服务对象」的表格。',
      'Not recognised as a public-service standard: no labelled fields such as 「服务对象：」 and no table with 序号/服务对象 columns.',
    ),
  noItems: () =>
    new StandardsParseError(
      'NO_ITEMS_FOUND',
      '识别出标准的版式，但没有找到任何服务项目。',
      'The standard layout was recognised but no service items were found.',
    ),
};
