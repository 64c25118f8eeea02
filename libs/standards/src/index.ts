export { parseStandardsDocument, itemText, countItems } from './parser/parse-document';
export type { ParseOptions } from './parser/parse-document';
export { StandardsParseError } from './parser/errors';
export type { StandardsParseErrorCode } from './parser/errors';
export * from './parser/types';
export { normaliseForQuote, containsQuote, contentHash } from './normalise';
export { standardsCommand } from './cli/standards-command';
export type { CommandIo } from './cli/standards-command';
export * from './errors';
export * from './benefits';
export * from './divisions';
export * from './catalog/events';
export * from './catalog/catalog';
export * from './catalog/in-force';
export * from './catalog/diff';
export * from './parameters/definitions';
export * from './parameters/series';
export * from './parameters/calendar';
export * from './rule-packs/types';
export * from './rule-packs/readings';
export * from './rule-packs/load';
export * from './rule-packs/packs';
export * from './rule-packs/publish';
export * from './not-lower/check';
export { SEEDS_DIR, readSeed } from './parser/seeds';
export {
  extractDocumentText,
  detectFormat,
  DocumentFormatError,
  formatErrors,
  MAX_DOCUMENT_BYTES,
  PDF_MEDIA_TYPE,
  DOCX_MEDIA_TYPE,
  type DocumentFormat,
  type ExtractedText,
  type FormatErrorCode,
} from './formats/extract';
