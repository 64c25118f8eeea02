import { createHash } from 'crypto';
import type { FailureReason } from '../ledger/ledger.types';
import { BankFileErrors, FILE_LEVEL_ISSUES, RETURN_ISSUE_CODES, type ReturnIssueCode } from './bank-file.errors';
import { decodeStrict, encodeText, isRepresentable, type BankFileEncoding } from './bank-file.encoding';
import { formatDate, formatFen, isIsoDate, parseAmount, parseDate } from './bank-file.format';
import type { BankFileLayout, ReturnDetailField } from './layout';

/**
 * The bank's return file (回盘文件), read with the layout's `return` part. Pure: bytes in, lines out.
 *
 * Accounting: every non-blank line of the file is the header, the trailer, one entry of `lines` or one
 * entry of `refused` — a line never vanishes. Blank (empty or whitespace-only) lines are ignored.
 * Line numbers are 1-based physical lines of the file (blank lines count).
 *
 * - `strict`: any problem → one `RETURN_FILE_INVALID` (422) whose `details.issues` lists every problem
 *   with its line number; nothing is returned, so nothing can be applied.
 * - `partial`: line problems put the line in `refused` (the good lines are returned); problems of the
 *   file as a whole (encoding, header/trailer missing, envelope, totals) still throw `RETURN_FILE_INVALID`.
 */

export type ReturnStatus = 'settled' | 'failed' | 'reversed';

export interface ReturnLine {
  /** 1-based line number in the file. */
  line: number;
  paymentId: string;
  status: ReturnStatus;
  amountFen: number;
  /** The bank's reference of the transaction; null when the bank gave none (allowed for failed lines only). */
  bankRef: string | null;
  /** yyyy-mm-dd; null when the bank gave none (allowed for failed lines only). */
  valueDate: string | null;
  failure?: { reason: FailureReason; bankReason: string };
}

/** One problem of a return file. `line` is 0 for a problem of the whole file that no line holds (an empty file). */
export interface ReturnIssue {
  line: number;
  code: ReturnIssueCode;
  /** English, with the specifics. */
  message: string;
  messageZh: string;
  /** `file`: the file as a whole is unusable (throws in partial mode too); `line`: only that line is refused. */
  scope: 'file' | 'line';
  paymentId?: string;
}

/** A refused line (partial mode): its first problem's code, and every problem of the line in the message. */
export interface RefusedReturnLine {
  line: number;
  code: ReturnIssueCode;
  message: string;
  messageZh: string;
  paymentId?: string;
  /** Every problem code of the line (the first is `code`). */
  codes: ReturnIssueCode[];
}

export interface ReturnFileHeader {
  envelopeId: string;
  createdDate: string | null;
  /** As declared by the header (null when the layout's header has no such field). */
  lineCount: number | null;
  totalFen: number | null;
}

export interface ParsedReturnFile {
  sha256: string;
  encoding: BankFileEncoding;
  header: ReturnFileHeader;
  trailer: { lineCount: number | null; totalFen: number | null };
  lines: ReturnLine[];
  refused: RefusedReturnLine[];
  /** Count and fen of the accepted `lines`. */
  totals: { count: number; fen: number };
}

export interface ParseReturnOptions {
  /** The encoding the operator declares; defaults to the layout's. Invalid bytes are refused, never guessed. */
  declaredEncoding?: BankFileEncoding;
  mode: 'strict' | 'partial';
  /** When given, the header must name this envelope (`RETURN_ENVELOPE_MISMATCH`). */
  expectedEnvelopeId?: string;
  /** When given, a line whose payment id is not in the set is refused (`RETURN_PAYMENT_UNKNOWN`). */
  knownPaymentIds?: ReadonlySet<string>;
}

const BOM = [0xef, 0xbb, 0xbf];
const COUNT = /^(0|[1-9][0-9]{0,8})$/;

function issue(line: number, code: ReturnIssueCode, detail: string, scope: 'file' | 'line', paymentId?: string): ReturnIssue {
  const text = RETURN_ISSUE_CODES[code];
  return {
    line,
    code,
    message: detail ? `${text.en}: ${detail}` : text.en,
    messageZh: detail ? `${text.zh}（${detail}）` : text.zh,
    scope: FILE_LEVEL_ISSUES.has(code) ? 'file' : scope,
    ...(paymentId ? { paymentId } : {}),
  };
}

function fail(issues: ReturnIssue[], sha256: string, mode: string): never {
  issues.sort((a, b) => a.line - b.line);
  throw BankFileErrors.RETURN_FILE_INVALID({ sha256, mode, issueCount: issues.length, issues });
}

/** The file as text lines, or the encoding issues (one per line whose bytes are invalid). */
function decodeLines(bytes: Buffer, encoding: BankFileEncoding): { lines: string[] } | { issues: ReturnIssue[] } {
  let body = bytes;
  if (encoding === 'UTF-8' && BOM.every((b, i) => bytes[i] === b)) body = bytes.subarray(3);
  const text = decodeStrict(body, encoding);
  if (text !== null) return { lines: text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) };
  // 0x0A is a line feed in UTF-8 and in GBK alike (never part of a multi-byte character), so the bad lines can be named
  const issues: ReturnIssue[] = [];
  let start = 0;
  let lineNo = 1;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    if (decodeStrict(body.subarray(start, end), encoding) === null) {
      issues.push(issue(lineNo, 'RETURN_ENCODING_MISMATCH', `not valid ${encoding}`, 'file'));
    }
    start = end + 1;
    lineNo++;
  }
  return { issues };
}

function statusOf(layout: BankFileLayout, code: string): ReturnStatus | undefined {
  return Object.prototype.hasOwnProperty.call(layout.return.statusCodes, code) ? layout.return.statusCodes[code] : undefined;
}

function failureOf(layout: BankFileLayout, code: string): FailureReason {
  return Object.prototype.hasOwnProperty.call(layout.return.failureCodes, code) ? layout.return.failureCodes[code] : 'OTHER';
}

/** Reads and checks a return file. See the module comment for the modes and the accounting. */
export function parseReturnFile(layout: BankFileLayout, bytes: Buffer, options: ParseReturnOptions): ParsedReturnFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const encoding = options.declaredEncoding ?? layout.encoding;
  const ret = layout.return;
  const sep = layout.separator;
  if (bytes.length === 0) fail([issue(0, 'RETURN_EMPTY', '', 'file')], sha256, options.mode);

  const decoded = decodeLines(bytes, encoding);
  if ('issues' in decoded) fail(decoded.issues, sha256, options.mode);
  const text = decoded.lines;

  const nonBlank: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i].trim() !== '') nonBlank.push(i);
  if (nonBlank.length === 0) fail([issue(0, 'RETURN_EMPTY', 'only blank lines', 'file')], sha256, options.mode);

  const issues: ReturnIssue[] = [];
  const fieldsOf = (i: number) => text[i].split(sep).map((f) => f.trim());

  // header and trailer: the first and the last non-blank lines, recognised by their record type
  const first = nonBlank[0];
  const last = nonBlank[nonBlank.length - 1];
  const headerIndex = fieldsOf(first)[0] === ret.header.recordType ? first : -1;
  const trailerIndex = last !== headerIndex && fieldsOf(last)[0] === ret.trailer.recordType ? last : -1;
  if (headerIndex < 0) issues.push(issue(first + 1, 'RETURN_HEADER_MISSING', `the first line does not start with "${ret.header.recordType}"`, 'file'));
  if (trailerIndex < 0) issues.push(issue(last + 1, 'RETURN_TRAILER_MISSING', `the last line does not start with "${ret.trailer.recordType}"`, 'file'));

  const header: ReturnFileHeader = { envelopeId: '', createdDate: null, lineCount: null, totalFen: null };
  const trailer: { lineCount: number | null; totalFen: number | null } = { lineCount: null, totalFen: null };
  const readControl = (index: number, fields: readonly string[], into: { lineCount: number | null; totalFen: number | null }, what: string) => {
    const values = fieldsOf(index);
    if (values.length !== fields.length) {
      issues.push(issue(index + 1, 'RETURN_LINE_MALFORMED', `the ${what} has ${values.length} fields, the layout ${fields.length}`, 'file'));
      return null;
    }
    fields.forEach((field, f) => {
      const value = values[f];
      if (field === 'lineCount') {
        if (COUNT.test(value)) into.lineCount = Number(value);
        else issues.push(issue(index + 1, 'RETURN_LINE_MALFORMED', `the ${what} line count "${value}" is not a number`, 'file'));
      } else if (field === 'totalAmount') {
        const fen = parseAmount(value, layout.amountFormat);
        if (fen !== null) into.totalFen = fen;
        else issues.push(issue(index + 1, 'RETURN_AMOUNT_MALFORMED', `the ${what} total "${value}" is not ${layout.amountFormat}`, 'file'));
      }
    });
    return values;
  };
  if (headerIndex >= 0) {
    const values = readControl(headerIndex, ret.header.fields, header, 'header');
    if (values) {
      ret.header.fields.forEach((field, f) => {
        if (field === 'envelopeId') header.envelopeId = values[f];
        if (field === 'createdDate') {
          header.createdDate = parseDate(values[f], layout.dateFormat);
          if (header.createdDate === null) issues.push(issue(headerIndex + 1, 'RETURN_LINE_MALFORMED', `the header date "${values[f]}" is not ${layout.dateFormat}`, 'file'));
        }
      });
      if (header.envelopeId === '') issues.push(issue(headerIndex + 1, 'RETURN_LINE_MALFORMED', 'the header names no envelope', 'file'));
      else if (options.expectedEnvelopeId !== undefined && header.envelopeId !== options.expectedEnvelopeId) {
        issues.push(issue(headerIndex + 1, 'RETURN_ENVELOPE_MISMATCH', `the header names ${header.envelopeId}, not ${options.expectedEnvelopeId}`, 'file'));
      }
    }
  }
  if (trailerIndex >= 0) readControl(trailerIndex, ret.trailer.fields, trailer, 'trailer');

  // detail lines
  const fields = ret.detail.fields;
  const column = (name: ReturnDetailField) => fields.indexOf(name);
  const at = {
    recordType: column('recordType'),
    paymentId: column('paymentId'),
    amount: column('amount'),
    statusCode: column('statusCode'),
    failureCode: column('failureCode'),
    bankRef: column('bankRef'),
    valueDate: column('valueDate'),
    bankReason: column('bankReason'),
  };
  const accepted: ReturnLine[] = [];
  const refused: RefusedReturnLine[] = [];
  const seen = new Map<string, number>();
  let detailCount = 0;
  let detailFen = 0;
  let everyAmountRead = true;
  for (const index of nonBlank) {
    if (index === headerIndex || index === trailerIndex) continue;
    detailCount++;
    const lineNo = index + 1;
    const values = fieldsOf(index);
    const problems: ReturnIssue[] = [];
    const paymentId = values.length === fields.length ? values[at.paymentId] : undefined;
    const add = (code: ReturnIssueCode, detail: string) => problems.push(issue(lineNo, code, detail, 'line', paymentId || undefined));
    let line: ReturnLine | null = null;
    if (values.length !== fields.length) {
      add('RETURN_LINE_MALFORMED', `${values.length} fields, the layout has ${fields.length}`);
      everyAmountRead = false;
    } else {
      if (at.recordType >= 0 && values[at.recordType] !== ret.detail.recordType) add('RETURN_LINE_MALFORMED', `record type "${values[at.recordType]}", expected "${ret.detail.recordType}"`);
      const id = values[at.paymentId];
      if (id === '') add('RETURN_LINE_MALFORMED', 'no payment id');
      else if (options.knownPaymentIds && !options.knownPaymentIds.has(id)) add('RETURN_PAYMENT_UNKNOWN', id);
      const amountFen = parseAmount(values[at.amount], layout.amountFormat);
      if (amountFen === null) {
        add('RETURN_AMOUNT_MALFORMED', `"${values[at.amount]}" is not ${layout.amountFormat}`);
        everyAmountRead = false;
      } else {
        detailFen += amountFen;
      }
      const code = values[at.statusCode];
      const status = statusOf(layout, code);
      if (status === undefined) add('RETURN_STATUS_UNKNOWN', `"${code}"`);
      const rawDate = values[at.valueDate];
      const valueDate = rawDate === '' ? null : parseDate(rawDate, layout.dateFormat);
      if (rawDate !== '' && valueDate === null) add('RETURN_LINE_MALFORMED', `value date "${rawDate}" is not ${layout.dateFormat}`);
      const bankRef = values[at.bankRef] === '' ? null : values[at.bankRef];
      if (status !== undefined && status !== 'failed') {
        if (rawDate === '') add('RETURN_LINE_MALFORMED', `a ${status} line needs a value date`);
        if (bankRef === null) add('RETURN_LINE_MALFORMED', `a ${status} line needs a bank reference`);
      }
      if (id !== '' && status !== undefined) {
        const key = `${status}\u0000${id}`;
        const firstLine = seen.get(key);
        if (firstLine !== undefined) add('RETURN_DUPLICATE_LINE', `${id} is ${status} on line ${firstLine} already`);
        else seen.set(key, lineNo);
      }
      if (problems.length === 0 && status !== undefined && amountFen !== null) {
        line = { line: lineNo, paymentId: id, status, amountFen, bankRef, valueDate };
        if (status === 'failed') {
          const failureCode = at.failureCode >= 0 ? values[at.failureCode] : code;
          const bankReason = at.bankReason >= 0 ? values[at.bankReason] : '';
          line.failure = { reason: failureOf(layout, failureCode), bankReason: bankReason || failureCode };
        }
      }
    }
    if (line) accepted.push(line);
    else {
      issues.push(...problems);
      refused.push({
        line: lineNo,
        code: problems[0].code,
        message: problems.map((p) => p.message).join('; '),
        messageZh: problems.map((p) => p.messageZh).join('；'),
        ...(problems[0].paymentId ? { paymentId: problems[0].paymentId } : {}),
        codes: problems.map((p) => p.code),
      });
    }
  }

  // control totals: declared count against every detail line; declared fen only when every amount could be read
  const checkTotals = (index: number, declared: { lineCount: number | null; totalFen: number | null }, what: string) => {
    if (index < 0) return;
    if (declared.lineCount !== null && declared.lineCount !== detailCount) {
      issues.push(issue(index + 1, 'RETURN_TOTALS_MISMATCH', `the ${what} declares ${declared.lineCount} lines, the file has ${detailCount}`, 'file'));
    }
    if (declared.totalFen !== null && everyAmountRead && declared.totalFen !== detailFen) {
      issues.push(
        issue(
          index + 1,
          'RETURN_TOTALS_MISMATCH',
          `the ${what} declares ${formatFen(declared.totalFen, 'yuan-2dp')} yuan, the lines add up to ${formatFen(detailFen, 'yuan-2dp')}`,
          'file',
        ),
      );
    }
  };
  checkTotals(headerIndex, header, 'header');
  checkTotals(trailerIndex, trailer, 'trailer');

  if (issues.length > 0 && (options.mode === 'strict' || issues.some((i) => i.scope === 'file'))) fail(issues, sha256, options.mode);

  let fen = 0;
  for (const line of accepted) fen += line.amountFen;
  return { sha256, encoding, header, trailer, lines: accepted, refused, totals: { count: accepted.length, fen } };
}

// ---------------------------------------------------------------------------------------------
// The bank simulator (tests and the demo): a return file in the layout, from chosen outcomes.

export interface SimulatedReturnLine {
  paymentId: string;
  amountFen: number;
  status: ReturnStatus;
  /** For a failed line: the reason the bank's code should map to (default OTHER). */
  reason?: FailureReason;
  bankRef?: string;
  /** yyyy-mm-dd; defaults to the file's date. */
  valueDate?: string;
  bankReason?: string;
  accountNumber?: string;
  holderName?: string;
}

export interface SimulatedReturnFile {
  envelopeId: string;
  /** yyyy-mm-dd, the bank's processing date. */
  createdOn: string;
  lines: readonly SimulatedReturnLine[];
}

const SIMULATED_REASON_TEXT: Record<FailureReason, string> = {
  ACCOUNT_CLOSED: '账户已销户',
  NAME_MISMATCH: '户名与账号不符',
  ACCOUNT_FROZEN: '账户已冻结',
  ACCOUNT_NOT_FOUND: '账号不存在',
  OTHER: '其他原因',
};

/** The bank's codes for an outcome: the first status code (in layout order) that maps to it, and the failure code. */
function codesFor(layout: BankFileLayout, status: ReturnStatus, reason: FailureReason): { statusCode: string; failureCode: string } {
  const ret = layout.return;
  const hasFailureColumn = ret.detail.fields.includes('failureCode');
  const statusCodes = Object.keys(ret.statusCodes).filter((c) => ret.statusCodes[c] === status);
  if (status !== 'failed') return { statusCode: statusCodes[0], failureCode: '' };
  const failureCode = Object.keys(ret.failureCodes).find((c) => ret.failureCodes[c] === reason && (hasFailureColumn || ret.statusCodes[c] === 'failed'));
  if (failureCode === undefined) {
    if (reason !== 'OTHER') throw new Error(`layout ${layout.id} has no bank code for ${reason}`);
    return { statusCode: statusCodes[0], failureCode: '' };
  }
  return hasFailureColumn ? { statusCode: statusCodes[0], failureCode } : { statusCode: failureCode, failureCode };
}

/** The return file as text (before encoding); tests edit it to make broken files. */
export function returnFileText(layout: BankFileLayout, file: SimulatedReturnFile): string {
  const ret = layout.return;
  const eol = layout.lineEnding === 'CRLF' ? '\r\n' : '\n';
  if (!isIsoDate(file.createdOn)) throw new RangeError(`createdOn is not yyyy-mm-dd: ${file.createdOn}`);
  let totalFen = 0;
  for (const line of file.lines) totalFen += line.amountFen;
  const control = (record: { recordType: string; fields: readonly string[] }) =>
    record.fields
      .map((field) => {
        switch (field) {
          case 'recordType':
            return record.recordType;
          case 'envelopeId':
            return file.envelopeId;
          case 'lineCount':
            return String(file.lines.length);
          case 'totalAmount':
            return formatFen(totalFen, layout.amountFormat);
          case 'createdDate':
            return formatDate(file.createdOn, layout.dateFormat);
          default:
            return '';
        }
      })
      .join(layout.separator);
  const records = [control(ret.header)];
  file.lines.forEach((line, i) => {
    const { statusCode, failureCode } = codesFor(layout, line.status, line.reason ?? 'OTHER');
    const value = (field: ReturnDetailField): string => {
      switch (field) {
        case 'recordType':
          return ret.detail.recordType ?? '';
        case 'seq':
          return String(i + 1);
        case 'paymentId':
          return line.paymentId;
        case 'accountNumber':
          return line.accountNumber ?? '';
        case 'holderName':
          return line.holderName ?? '';
        case 'amount':
          return formatFen(line.amountFen, layout.amountFormat);
        case 'statusCode':
          return statusCode;
        case 'failureCode':
          return failureCode;
        case 'bankRef':
          return line.bankRef ?? (line.status === 'failed' ? '' : `SIM${String(i + 1).padStart(8, '0')}`);
        case 'valueDate':
          return formatDate(line.valueDate ?? file.createdOn, layout.dateFormat);
        case 'bankReason':
          return line.bankReason ?? (line.status === 'failed' ? SIMULATED_REASON_TEXT[line.reason ?? 'OTHER'] : '');
        case 'filler':
          return '';
      }
    };
    records.push(ret.detail.fields.map(value).join(layout.separator));
  });
  records.push(control(ret.trailer));
  return records.join(eol) + eol;
}

/** A bank simulator: the return file's bytes, in the layout's encoding, for the chosen outcomes. */
export function renderReturnFile(layout: BankFileLayout, file: SimulatedReturnFile): Buffer {
  const text = returnFileText(layout, file);
  if (!isRepresentable(text, layout.encoding)) throw new RangeError(`the return file holds characters ${layout.encoding} cannot represent`);
  return encodeText(text, layout.encoding);
}
