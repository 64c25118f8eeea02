export { parseStandardsDocument, itemText, countItems } from './parser/parse-document';
export type { ParseOptions } from './parser/parse-document';
export { StandardsParseError } from './parser/errors';
export type { StandardsParseErrorCode } from './parser/errors';
export * from './parser/types';
export { normaliseForQuote, containsQuote, contentHash } from './normalise';
export { standardsCommand } from './cli/standards-command';
export type { CommandIo } from './cli/standards-command';
