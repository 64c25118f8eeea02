/** The bank-file layer (ADR 0011): layouts as data, the bank file / 花名册 writer, the return-file parser. */
export { BankFileErrors, RETURN_ISSUE_CODES, type ReturnIssueCode } from './bank-file.errors';
export { formatFen, parseAmount, type AmountFormat } from './bank-file.format';
export { BankFileLayoutSchema, layoutById, layoutsDir, loadLayouts, parseLayout, type BankFileLayout } from './layout';
export {
  checkBankFileInput,
  renderBankFile,
  type BankFileEnvelope,
  type BankFileFormat,
  type BankFileLine,
  type BankFileLineIssue,
  type RenderedBankFile,
} from './bank-file.writer';
export {
  parseReturnFile,
  renderReturnFile,
  returnFileText,
  type ParsedReturnFile,
  type ParseReturnOptions,
  type RefusedReturnLine,
  type ReturnFileHeader,
  type ReturnIssue,
  type ReturnLine,
  type ReturnStatus,
  type SimulatedReturnFile,
  type SimulatedReturnLine,
} from './return-file.parser';
